"""Whole frames (16:9, 1920x1080): a step's diagram with title, legend and attribution.

Frames are rendered once per step and cached as PNG bytes, so stepping through them costs a
lookup, not a redraw. Figures are made with ``matplotlib.figure.Figure`` (no pyplot), so
nothing is left open and no global state changes.
"""

import io
from functools import lru_cache

import matplotlib.style as mstyle
from matplotlib.figure import Figure

from explainer.loading.assets import STYLE
from explainer.loading.pathway import Pathway
from explainer.model.camera import label_size, step_camera
from explainer.model.fit import (
    FOOTER_SIZE,
    FRAME_SIZE,
    GAP,
    LEGEND_HEIGHT,
    LEGEND_SIZE,
    MARGIN,
    PX_PER_PT,
    TITLE_SIZE,
    fit_layout,
    frame_geometry,
    frame_titles,
    wrap_text,
)
from explainer.model.graph import build_graph
from explainer.model.layout import LINE_SPACING
from explainer.model.scene import pathway_scene
from explainer.rendering import frame_cache
from explainer.rendering.draw import axes_size, draw_scene, legend_handles
from explainer.words.wording import footer_text

DIAGRAM_MARGIN = 12.0  # points around the drawing in a diagram-only figure
# A step's frame shows the step's camera (explainer.model.camera) where the whole pathway's labels
# are under STEP_FLOOR_PX at 1920 px (a projector's floor), labels of at most STEP_MOST_PX, the
# rest of the pathway around the step as context: the deck's and the presenter's rule.
STEP_FLOOR_PX, STEP_MOST_PX = 24.0, 32.0


def frame_title(pathway: Pathway, step: int | None) -> str:
    return frame_titles(pathway)[0 if step is None else step + 1]


def frame_layout(pathway: Pathway, g=None):
    """The diagram's layout in a frame: the same for every step and branch set."""
    g = build_graph(pathway) if g is None else g
    return fit_layout(g, *frame_geometry(pathway).area)


def make_frame(pathway: Pathway, step: int | None, *, branches=None) -> Figure:
    """A new figure with the step drawn, its title, the legend and the footer.

    Every block is placed from :func:`explainer.model.fit.frame_geometry`: titles and the footer wrap
    instead of running off the frame, and the diagram fills the room left between them. The
    diagram is the scene every output shares (:func:`~explainer.model.scene.pathway_scene`, built
    once a pathway: routing a large pathway's links takes seconds); ``branches``: the side
    branches shown.
    """
    geo = frame_geometry(pathway)
    fw, fh = FRAME_SIZE
    x, y, w, h = geo.diagram
    with mstyle.context(STYLE):
        fig = Figure(figsize=(fw / 72, fh / 72))
        fig.text(
            0.5,
            1 - MARGIN / fh,
            wrap_text(frame_title(pathway, step), TITLE_SIZE, "bold"),
            ha="center",
            va="top",
            fontsize=TITLE_SIZE,
            fontweight="bold",
            gid="title",
            linespacing=LINE_SPACING,
            parse_math=False,
        )
        ax = fig.add_axes((x / fw, y / fh, w / fw, h / fh))
        draw_frame_diagram(pathway, step, ax, branches)
        footer_top = MARGIN + geo.footer_lines * FOOTER_SIZE * LINE_SPACING
        fig.legend(
            handles=legend_handles(),
            loc="center",
            ncol=4,
            bbox_to_anchor=(0.5, (footer_top + GAP + LEGEND_HEIGHT / 2) / fh),
            fontsize=LEGEND_SIZE,
            columnspacing=1.6,
            borderaxespad=0,
            borderpad=0,
        )
        fig.text(
            0.5,
            MARGIN / fh,
            wrap_text(footer_text(pathway), FOOTER_SIZE),
            ha="center",
            va="bottom",
            fontsize=FOOTER_SIZE,
            color="#333333",
            gid="footer",
            linespacing=LINE_SPACING,
            parse_math=False,
        )
    return fig


def draw_frame_diagram(pathway: Pathway, step: int | None, ax, branches=None) -> dict:
    """Step ``step`` of the shared scene (built once a pathway) on a frame's diagram axes: the whole
    pathway, or, where its labels are under STEP_FLOOR_PX, the step's camera on it, zoomed as an
    SVG viewBox is (nothing routed again), the rest of the pathway around the step clipped at the
    axes. A step too big for one camera at the floor is framed whole, as large as it fits."""
    scene = pathway_scene(pathway)
    floor, most = STEP_FLOOR_PX / PX_PER_PT, STEP_MOST_PX / PX_PER_PT  # in the frame's points
    view = axes_size(ax)
    cam = step_camera(scene, step, view, most=most) if step is not None and scene.font_size < floor else None
    if cam is None or label_size(scene, cam, view) <= scene.font_size + 1e-9:
        return draw_scene(scene, step, ax, branches)
    return draw_scene(scene, step, ax, branches, camera=cam)


def make_diagram(pathway: Pathway, step: int | None, g=None, branches=None) -> Figure:
    """Just the diagram, as laid out in a frame: the frame's width, as tall as the drawing."""
    g = build_graph(pathway) if g is None else g
    lay = frame_layout(pathway, g)
    w, h = frame_geometry(pathway).area[0] + 2 * DIAGRAM_MARGIN, lay.height + 2 * DIAGRAM_MARGIN
    with mstyle.context(STYLE):
        fig = Figure(figsize=(w / 72, h / 72))
        draw_scene(pathway_scene(pathway), step, fig.add_axes((0, 0, 1, 1)), branches)
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
    out = tuple(
        figure_bytes(make_frame(pathway, k, branches=branches), fmt) for k in range(len(pathway.steps))
    )
    frame_cache.store(pathway, branches, fmt, out)
    return out


def render_frames_as(pathway: Pathway, formats) -> dict[str, tuple[bytes, ...]]:
    """``{format: one image per step}`` for each of ``formats`` (all side branches shown), each
    step's frame drawn once and saved in every format (drawing it again per format was a quarter
    of the figures export of the largest accepted pathway); the disk cache as :func:`render_frames`."""
    out = {fmt: frame_cache.load(pathway, None, fmt) for fmt in formats}
    todo = [fmt for fmt, got in out.items() if got is None or len(got) != len(pathway.steps)]
    made = {fmt: [] for fmt in todo}
    for k in range(len(pathway.steps) if todo else 0):
        fig = make_frame(pathway, k)
        for fmt in todo:
            made[fmt].append(figure_bytes(fig, fmt))
    for fmt in todo:
        out[fmt] = tuple(made[fmt])
        frame_cache.store(pathway, None, fmt, out[fmt])
    return out


def render_frames(pathway: Pathway, branches=None, fmt: str = "png") -> tuple[bytes, ...]:
    """One image per step, rendered once: kept in memory, and on disk across sessions."""
    key = None if branches is None else tuple(sorted(branches))
    return _frames(pathway, key, fmt)
