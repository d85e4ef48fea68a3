"""Layout and drawing time by pathway size: Graphviz dot and the frame fit, then one frame.

Pathways of 10, 30 and 60 nodes come from the tests' generator (seeded, so every run times
the same graphs). "layout" is :func:`explainer.model.fit.fit_layout` from cold (every arrangement
dot is asked for, no cached layout); "draw" is one step drawn and rendered with Agg.
"""

from matplotlib.backends.backend_agg import FigureCanvasAgg

from benchmarks.stats import summary, time_ms
from explainer.model import layout as layout_module
from explainer.model.fit import fit_layout, frame_geometry
from explainer.model.graph import build_graph
from explainer.rendering.frames import make_frame
from tests.generate import generated

SIZES = ((10, 2, True), (30, 5, False), (60, 27, None))  # (nodes, seed, labels): all fit a frame
RUNS = 7


def _fit(g, area) -> None:
    layout_module._LAYOUTS.clear()  # from cold: dot runs for every arrangement tried
    fit_layout(g, *area)


def _draw(pathway) -> None:
    FigureCanvasAgg(make_frame(pathway, 0)).draw()


def run(runs: int = RUNS) -> dict:
    out = {"sizes": {}}
    for n, seed, labels in SIZES:
        p = generated(n, seed, long_labels=labels)
        g, area = build_graph(p), frame_geometry(p).area
        out["sizes"][str(n)] = {
            "layout_ms": summary([time_ms(_fit, g, area) for _ in range(runs)]),
            "draw_ms": summary([time_ms(_draw, p) for _ in range(runs)]),
        }
    return out
