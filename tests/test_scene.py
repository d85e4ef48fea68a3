"""The scene: one description of what is drawn, for every step and branch, that renderers read.

Tested on the data: ids, states and branches agree with the graph; heads end on their target's
border (dot stops 5-20 px short of it) and stay out of every box; shafts reach their heads;
labels sit inside their boxes. On the shipped pathways, the SSRI file and generated ones.
"""

import dataclasses
import math

import pytest

from explainer import load_pathway
from explainer.loading.assets import RESEARCH_PATHWAY
from explainer.model.fit import fit_layout, frame_geometry
from explainer.model.graph import PAST, build_graph, step_state
from explainer.model.layout import text_size
from explainer.model.scene import (
    BAR_THICKNESS,
    HEAD_LENGTH,
    build_scene,
    head_polygon,
    outline_points,
    pathway_scene,
)
from explainer.rendering.paint import PAINT, StyleError, load_paint, parse_paint
from tests.conftest import SSRI
from tests.synthetic import synthetic_pathway

ON_BORDER = 0.5  # points: a head touches its target's outline within this (1 px is 0.6 pt at 1920 px)


@pytest.fixture(scope="module", params=["ketamine", "research", "ssri", "x0", "x3", "x5", "x8"])
def any_pathway(request, tmp_path_factory):
    if request.param == "ketamine":
        return load_pathway()
    if request.param == "ssri":
        return load_pathway(SSRI)
    if request.param == "research":
        return load_pathway(RESEARCH_PATHWAY)
    return synthetic_pathway(tmp_path_factory.mktemp("synthetic"), int(request.param[1:]))


def test_every_box_and_link_once_with_its_states_and_branches(any_pathway):
    g = build_graph(any_pathway)
    scene = pathway_scene(any_pathway)
    assert [b.id for b in scene.boxes] == [f"node:{n}" for n in g.nodes]
    assert [e.id for e in scene.links] == [f"edge:{u}->{v}" for u, v in g.edges]
    assert scene.steps == len(any_pathway.steps) and scene.branches == any_pathway.branches
    for k in range(scene.steps):
        nodes, edges = step_state(g, k)
        assert {b.node: b.state(k) for b in scene.boxes} == nodes
        assert {(e.source, e.target): e.state(k) for e in scene.links} == edges
    for b in scene.boxes:
        assert b.state(None) == PAST and b.branch == g.nodes[b.node]["branch"]
        assert b.kind == g.nodes[b.node]["kind"] and f"kind-{b.kind}" in b.classes
    for e in scene.links:
        ends = {g.nodes[e.source]["branch"], g.nodes[e.target]["branch"]} - {None}
        assert set(e.branches) == ends
        assert ("hedged" in e.classes) == g.edges[e.source, e.target]["hedged"] == e.hedged
        assert e.shown(None) and e.shown(tuple(ends)) and (not ends or not e.shown(()))


def test_heads_end_on_the_target_border_and_stay_out_of_every_box(any_pathway):
    scene = pathway_scene(any_pathway)
    for e in scene.links:
        target = scene.box(f"node:{e.target}")
        edge = outline_points(e.head.points, 64)
        assert min(target.border_distance(p) for p in edge) <= ON_BORDER, e.id  # touches the border
        for box in scene.boxes:
            assert min(box.border_distance(p) for p in edge) >= -0.15, (e.id, box.id)  # never inside


def test_the_shaft_reaches_its_head(any_pathway):
    scene = pathway_scene(any_pathway)
    for e in scene.links:
        assert (len(e.path) - 1) % 3 == 0, e.id  # cubic Bézier segments
        back = (BAR_THICKNESS if e.head.shape == "bar" else HEAD_LENGTH) * scene.font_size / 16
        base = (e.head.tip[0] - back * e.head.direction[0], e.head.tip[1] - back * e.head.direction[1])
        # the shaft ends at the head's base, or (a head longer than dot's room) under the head
        assert math.dist(e.path[-1], base) < 0.01 or math.dist(e.path[-1], e.head.tip) <= back + 0.01, e.id


def test_labels_sit_inside_their_boxes(any_pathway):
    scene = pathway_scene(any_pathway)
    for b in scene.boxes:
        assert [ln.text for ln in b.lines if ln.role == "label"] == scene_label(any_pathway, b.node)
        assert (b.lines[-1].role == "contested") == ("contested" in b.classes)
        for ln in b.lines:
            width, _ = text_size(ln.text, ln.size, "bold" if ln.bold else "normal")
            assert b.x < ln.x - width / 2 and ln.x + width / 2 < b.x + b.width, (b.id, ln.text)
            # capitals (0.73 em) above the baseline, descenders (0.24 em) below, inside the box
            assert b.y < ln.y - 0.24 * ln.size and ln.y + 0.73 * ln.size < b.y + b.height, (b.id, ln.text)
        ys = [ln.y for ln in b.lines]
        assert ys == sorted(ys, reverse=True)  # read top to bottom


def scene_label(pathway, node) -> list[str]:
    g = build_graph(pathway)
    return fit_layout(g, *frame_geometry(pathway).area).labels[node].split("\n")


def test_the_scene_is_a_pure_function_of_graph_and_layout(pathway):
    g = build_graph(pathway)
    lay = fit_layout(g, *frame_geometry(pathway).area)
    assert build_scene(g, lay) == build_scene(build_graph(pathway), lay)
    small = build_scene(g, lay.scaled(0.5))
    assert small.font_size == lay.fontsize / 2
    big = build_scene(g, lay)
    assert small.box("node:bdnf").centre == pytest.approx(tuple(c / 2 for c in big.box("node:bdnf").centre))


def test_bounds_hold_everything_drawn(any_pathway):
    scene = pathway_scene(any_pathway)
    x0, x1, y0, y1 = scene.bounds
    for b in scene.boxes:
        assert x0 <= b.x and b.x + b.width <= x1 and y0 <= b.y and b.y + b.height <= y1
    for e in scene.links:
        for x, y in (*e.path, *e.head.points):
            assert x0 <= x <= x1 and y0 <= y <= y1


def test_head_shapes():
    tri = head_polygon("triangle", (10, 0), (1, 0))
    assert tri[0] == tri[-1] == (10.0, 0.0) and len(tri) == 4
    bar = head_polygon("bar", (0, 0), (0, 1))
    assert {round(y, 6) for _, y in bar} == {0.0, -3.0}  # across the line, at the tip
    assert len(head_polygon("diamond", (0, 0), (1, 0))) == 5
    with pytest.raises(ValueError, match="unknown head shape 'sideways'"):
        head_polygon("sideways", (0, 0), (1, 0))


def test_the_style_table_is_data_and_checked_at_the_edge():
    assert load_paint() is PAINT
    assert PAINT.node("drug", "past").fill == PAINT.kind_fill["drug"]
    assert PAINT.node("drug", "future").fill == PAINT.nodes["future"]["fill"]  # later steps greyed
    assert PAINT.head_fill("negative", "current") == PAINT.edge("current").stroke
    import tomllib

    from explainer.loading.assets import DIAGRAM_STYLE

    table = tomllib.loads(DIAGRAM_STYLE.read_text(encoding="utf-8"))
    assert parse_paint(table) == PAINT
    table["node"]["current"]["stroke"] = "vermillion"
    with pytest.raises(StyleError, match=r"diagram.toml: node.current.stroke: 'vermillion' is not a colour"):
        parse_paint(table)
    del table["edge"]["past"]["width"]
    table["node"]["current"]["stroke"] = "#000000"
    with pytest.raises(StyleError, match=r"edge.past.width: missing"):
        parse_paint(table)


def test_scene_values_are_plain_frozen_data(pathway):
    scene = pathway_scene(pathway)
    assert dataclasses.is_dataclass(scene) and all(dataclasses.is_dataclass(b) for b in scene.boxes)
    with pytest.raises(dataclasses.FrozenInstanceError):
        scene.boxes[0].x = 0


@pytest.mark.parametrize("which", ["ssri", "generated"])
def test_opposite_links_run_apart(which):
    """a->b and b->a (SSRI's autoreceptor loop; a generated 60-node pathway) run about an em apart."""
    from explainer.model.layout import bezier_points
    from tests.generate import generated

    p = load_pathway(SSRI) if which == "ssri" else generated(60, 102, long_labels=True)
    scene = pathway_scene(p)
    links = {(e.source, e.target): e for e in scene.links}
    pairs = [(u, v) for u, v in links if (v, u) in links and u < v]
    assert pairs
    for u, v in pairs:
        a, b = bezier_points(links[(u, v)].path), bezier_points(links[(v, u)].path)
        middle = a[len(a) // 4 : 3 * len(a) // 4]  # away from the boxes, where the two run side by side
        gap = min(min(math.dist(p, q) for q in b) for p in middle)
        assert gap >= 0.9 * scene.font_size, (u, v, gap)  # dot left 0.5 em here
        for key in ((u, v), (v, u)):  # and each still ends on its own target
            e = links[key]
            edge = outline_points(e.head.points, 64)
            assert min(scene.box(f"node:{e.target}").border_distance(q) for q in edge) <= ON_BORDER
