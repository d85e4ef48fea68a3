"""A step change inside the kernel: redraw the frame on every click, or set the explorer's step.

A naive explorer draws the step and encodes the PNG each time the reader clicks; the
:class:`~explainer.widgets.explorer.Explorer` draws one SVG and a step change only moves its ``step``
trait (the panel shown, and the diagram's state). Both are timed in this process, with no
kernel messaging (no comm is open), so the numbers are the Python work alone.
"""

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from benchmarks.stats import summary, time_ms
from explainer.loading.pathway import Pathway
from explainer.model.fit import FRAME_SIZE, frame_geometry
from explainer.model.graph import build_graph
from explainer.rendering.draw import draw_step
from explainer.rendering.frames import figure_bytes, frame_layout, make_frame
from explainer.widgets.explorer import Explorer

RUNS = 50


def redraw(pathway: Pathway, step: int) -> bytes:
    """What a naive explorer does per click: draw the step and encode it as PNG."""
    return figure_bytes(make_frame(pathway, step))


def next_step(k: int, n: int) -> int:
    """The step after ``k``, wrapping round, so every assignment really changes the step."""
    return (k + 1) % n


def draw(g, step: int, lay, rect) -> None:
    """Draw one step onto a fresh 1920x1080 Axes and render it (Agg), without encoding a file."""
    fig = Figure(figsize=(16, 9), dpi=120)
    FigureCanvasAgg(fig)
    draw_step(g, step, fig.add_axes(rect), lay=lay)
    fig.canvas.draw()


def diagram_rect(pathway: Pathway) -> tuple:
    """The frame's diagram area as a figure fraction."""
    x, y, w, h = frame_geometry(pathway).diagram
    fw, fh = FRAME_SIZE
    return (x / fw, y / fh, w / fw, h / fh)


def draw_samples(pathway: Pathway, runs: int = RUNS) -> list[float]:
    g = build_graph(pathway)
    n = len(pathway.steps)
    lay, rect = frame_layout(pathway, g), diagram_rect(pathway)  # laid out once, as frames are
    return [time_ms(draw, g, next_step(i, n), lay, rect) for i in range(runs)]


def redraw_samples(pathway: Pathway, runs: int = RUNS) -> list[float]:
    n = len(pathway.steps)
    return [time_ms(redraw, pathway, next_step(i, n)) for i in range(runs)]


def cached_samples(pathway: Pathway, runs: int = RUNS) -> list[float]:
    """``ex.step = k`` on an explorer whose diagram is already drawn (at construction)."""
    ex = Explorer(pathway, view="presenter")
    n = len(pathway.steps)
    return [time_ms(setattr, ex, "step", next_step(i, n)) for i in range(runs)]


def models_per_explorer(pathway: Pathway) -> dict[str, int]:
    """Widget models one explorer makes, by view: each is a message at start-up and state on the
    static page."""
    from ipywidgets.widgets.widget import _instances

    made = {}
    for view in ("student", "presenter"):
        before = set(_instances)
        ex = Explorer(pathway, view=view)
        made[view] = len(set(_instances) - before)
        ex.close()
    return made


def run(pathway: Pathway, runs: int = RUNS) -> dict:
    draw_ms = summary(draw_samples(pathway, runs))
    redraw_ms = summary(redraw_samples(pathway, runs))
    cached_ms = summary(cached_samples(pathway, runs))
    return {
        "draw_ms": draw_ms,
        "redraw_ms": redraw_ms,
        "cached_ms": cached_ms,
        "ratio": redraw_ms["median"] / cached_ms["median"],
        "models": models_per_explorer(pathway),
    }
