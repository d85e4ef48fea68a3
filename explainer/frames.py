"""Whole frames (16:9, 1920x1080): a step's diagram with title, legend and attribution.

Frames are rendered once per step and cached as PNG bytes, so stepping through them costs a
lookup, not a redraw. Figures are made with ``matplotlib.figure.Figure`` (no pyplot), so
nothing is left open and no global state changes.
"""

import io
from functools import lru_cache

import matplotlib.style as mstyle
from matplotlib.figure import Figure

from explainer import frame_cache
from explainer.assets import STYLE
from explainer.draw import draw_step, legend_handles
from explainer.graph import build_graph
from explainer.layout import box_sizes, extent, layout
from explainer.pathway import Pathway
from explainer.text import footer_text

AX_RECT = (0.01, 0.2, 0.98, 0.68)
DIAGRAM_MARGIN = 40.0  # points above and below the boxes (room for arcs over the chain)


def frame_title(pathway: Pathway, step: int | None) -> str:
    if step is None:
        return f"The whole pathway: {pathway.title}"
    return f"Step {step + 1} of {len(pathway.steps)}: {pathway.steps[step].title}"


def make_frame(pathway: Pathway, step: int | None, g=None, branches=None) -> Figure:
    """A new figure with the step drawn, its title, the legend and the footer."""
    g = build_graph(pathway) if g is None else g
    with mstyle.context(STYLE):
        fig = Figure()
        fig.text(
            0.5,
            0.95,
            frame_title(pathway, step),
            ha="center",
            va="top",
            fontsize=24,
            fontweight="bold",
            gid="title",
            parse_math=False,
        )
        ax = fig.add_axes(AX_RECT)
        draw_step(g, step, ax, branches=branches)
        fig.legend(
            handles=legend_handles(),
            loc="lower center",
            ncol=4,
            bbox_to_anchor=(0.5, 0.055),
            fontsize=16,
            columnspacing=1.6,
        )
        fig.text(
            0.5,
            0.015,
            footer_text(pathway),
            ha="center",
            va="bottom",
            fontsize=16,
            color="#333333",
            gid="footer",
            parse_math=False,
        )
    return fig


def make_diagram(pathway: Pathway, step: int | None, g=None, branches=None) -> Figure:
    """Just the diagram, 16 in wide and as tall as it needs (for slides, beside HTML text)."""
    g = build_graph(pathway) if g is None else g
    x0, x1, y0, y1 = extent(layout(g), box_sizes(g))
    height = (y1 - y0 + 2 * DIAGRAM_MARGIN) / 72
    with mstyle.context(STYLE):
        fig = Figure(figsize=(16, height))
        draw_step(g, step, fig.add_axes((0, 0, 1, 1)), branches=branches)
    return fig


def make_legend() -> Figure:
    """The notation on its own: what each arrowhead, line style and emphasis means."""
    with mstyle.context(STYLE):
        fig = Figure(figsize=(16, 2.2))
        fig.legend(handles=legend_handles(), loc="center", ncol=2, fontsize=20, columnspacing=3)
    return fig


def figure_bytes(fig: Figure, fmt: str = "png", dpi: float | None = None) -> bytes:
    """The figure as PNG, SVG or PDF; ``dpi`` overrides the style's (for sharper pictures)."""
    with mstyle.context(STYLE):
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, metadata=_metadata(fmt), dpi=dpi)
    return buf.getvalue()


def _metadata(fmt):
    if fmt == "svg":
        return {"Date": None}
    if fmt == "png":
        return {"Software": None}
    return None


@lru_cache(maxsize=32)
def _frames(pathway: Pathway, branches: tuple | None, fmt: str) -> tuple[bytes, ...]:
    cached = frame_cache.load(pathway, branches, fmt)
    if cached is not None and len(cached) == len(pathway.steps):
        return cached
    g = build_graph(pathway)
    out = tuple(figure_bytes(make_frame(pathway, k, g, branches), fmt) for k in range(len(pathway.steps)))
    frame_cache.store(pathway, branches, fmt, out)
    return out


def render_frames(pathway: Pathway, branches=None, fmt: str = "png") -> tuple[bytes, ...]:
    """One image per step, rendered once: kept in memory, and on disk across sessions."""
    key = None if branches is None else tuple(sorted(branches))
    return _frames(pathway, key, fmt)
