"""Every renderer draws the one scene: the SVG and matplotlib put boxes, heads and label lines in
the same places (read back from each output, mapped into the scene's points)."""

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from explainer import load_pathway
from explainer.model.scene import pathway_scene
from explainer.rendering.frames import make_diagram
from explainer.rendering.svg_diagram import PAD, diagram_svg
from tests.conftest import SSRI
from tests.synthetic import synthetic_pathway

NS = {"s": "http://www.w3.org/2000/svg"}


@pytest.fixture(scope="module", params=["ketamine", "ssri", "x4"])
def any_pathway(request, tmp_path_factory):
    if request.param == "ketamine":
        return load_pathway()
    if request.param == "ssri":
        return load_pathway(SSRI)
    return synthetic_pathway(tmp_path_factory.mktemp("synthetic"), int(request.param[1:]))


def _numbers(d: str) -> np.ndarray:
    return np.array([float(v) for v in re.findall(r"-?[\d.]+(?:e-?\d+)?", d)])


def svg_geometry(pathway) -> dict:
    """From the SVG: each box's centre, each head's tip region centre, each line's anchor, in scene points."""
    scene = pathway_scene(pathway)
    x0, _, _, y1 = scene.bounds
    root = ET.fromstring(diagram_svg(pathway))

    def to_scene(x, y):
        return (x + x0 - PAD, y1 + PAD - y)

    out = {}
    for g in root.iterfind(".//s:g[@data-id]", NS):
        item = g.get("data-id")
        for path in g.iterfind("s:path", NS):
            cls = path.get("class")
            if cls in ("exd-box", "exd-head exd-head-" + cls.rsplit("-", 1)[-1]):
                pts = _numbers(path.get("d"))
                pts = pts[: len(pts) // 2 * 2].reshape(-1, 2) if cls != "exd-box" else None
                if cls == "exd-box":  # M x y L ... A rx ry rot large sweep x y: take the endpoints
                    coords = re.findall(
                        r"(?:[ML]|A [\d.]+ [\d.]+ 0 0 1) (-?[\d.]+) (-?[\d.]+)", path.get("d")
                    )
                    pts = np.array([[float(x), float(y)] for x, y in coords])
                lo, hi = pts.min(axis=0), pts.max(axis=0)
                out[(item, "box" if cls == "exd-box" else "head")] = to_scene(*((lo + hi) / 2))
        for k, text in enumerate(g.iterfind("s:text", NS)):
            out[(item, f"line{k}")] = to_scene(float(text.get("x")), float(text.get("y")))
    return out


def matplotlib_geometry(pathway) -> dict:
    """From matplotlib's artists, as drawn (window extents, mapped back through the axes)."""
    fig = make_diagram(pathway, None)
    renderer = FigureCanvasAgg(fig).get_renderer()
    ax = fig.axes[0]
    to_data = ax.transData.inverted()
    out = {}
    for patch in ax.patches:
        gid = patch.get_gid() or ""
        if gid.startswith(("node:", "head:")):
            ext = patch.get_window_extent(renderer)
            centre = to_data.transform(((ext.x0 + ext.x1) / 2, (ext.y0 + ext.y1) / 2))
            item = gid if gid.startswith("node:") else "edge:" + gid[5:].rsplit(":", 1)[0]
            out[(item, "box" if gid.startswith("node:") else "head")] = tuple(centre)
    lines: dict = {}
    for text in ax.texts:
        node = text.get_gid().split(":")[1]
        lines.setdefault(f"node:{node}", []).append(text.get_position())  # the baseline's anchor
    for item, positions in lines.items():
        for k, p in enumerate(positions):
            out[(item, f"line{k}")] = tuple(p)
    return out


def test_svg_and_matplotlib_draw_the_same_geometry(any_pathway):
    svg, mpl = svg_geometry(any_pathway), matplotlib_geometry(any_pathway)
    assert set(svg) == set(mpl)
    assert sum(kind == "box" for _, kind in svg) == len(any_pathway.nodes)
    assert sum(kind == "head" for _, kind in svg) == len(any_pathway.edges)
    for key in svg:
        assert svg[key] == pytest.approx(mpl[key], abs=0.5), (
            key
        )  # half a point: rounding of the SVG's numbers
