"""Cameras on the scene: each step framed large, the whole as context, one aspect per view."""

import doctest
import itertools
from pathlib import Path

import networkx as nx
import pytest

from explainer.loading.pathway import load_pathway
from explainer.model import camera as camera_module
from explainer.model.camera import (
    MOST_PX,
    label_size,
    step_boxes,
    step_camera,
    step_cameras,
    step_extent,
    step_shots,
    whole_camera,
)
from explainer.model.fit import frame_geometry
from explainer.model.scene import build_scene, pathway_scene
from tests.conftest import SSRI
from tests.generate import TOO_BIG, generated

HERE = Path(__file__).resolve().parent
PROJECTOR = (1920.0 - 64, 1080.0 * 0.55)  # the deck's and presenter's diagram, in CSS px
PHONE = (358.0, 320.0)


def _pathways():
    yield "ketamine", load_pathway()
    yield "ssri", load_pathway(SSRI)
    yield "metformin", load_pathway(HERE / "pathways" / "metformin.yaml")
    n, seed, labels = TOO_BIG[0]
    yield "generated-60", generated(n, seed, n_steps=12, long_labels=labels)


@pytest.fixture(scope="module", params=[name for name, _ in _pathways()])
def case(request):
    pathway = dict(_pathways())[request.param]
    return request.param, pathway, pathway_scene(pathway)


@pytest.mark.parametrize("view", [PROJECTOR, PHONE], ids=["projector", "phone"])
def test_each_step_is_framed_whole_at_the_views_aspect_inside_the_whole(case, view):
    _, pathway, scene = case
    whole = whole_camera(scene, view)
    x0, x1, y0, y1 = scene.bounds
    assert whole.holds(x0, x1, y0, y1)
    for k, cam in enumerate(step_cameras(scene, view)):
        assert cam.width / cam.height == pytest.approx(view[0] / view[1])
        assert whole.holds(cam.x, cam.right, cam.y, cam.top, eps=1e-3), k
        assert cam.holds(*step_extent(scene, k), eps=1e-3), k  # every box and link of the step
        for node in pathway.steps[k].nodes:  # its boxes, one by one
            b = scene.box(f"node:{node}")
            assert cam.holds(b.x, b.x + b.width, b.y, b.y + b.height, eps=1e-3), (k, node)


@pytest.mark.parametrize("view", [PROJECTOR, PHONE], ids=["projector", "phone"])
def test_a_step_is_shown_as_large_as_it_can_be(case, view):
    """Labels as large as the step's extent allows, up to MOST_PX; never smaller than the whole."""
    _, _, scene = case
    whole = label_size(scene, whole_camera(scene, view), view)
    for k in range(scene.steps):
        cam = step_camera(scene, k, view)
        got = label_size(scene, cam, view)
        x0, x1, y0, y1 = step_extent(scene, k)
        pad = 2 * scene.font_size  # the camera's margin, an em each side
        allowed = scene.font_size * min(view[0] / (x1 - x0 + pad), view[1] / (y1 - y0 + pad))
        assert got >= whole - 1e-6, k
        assert got == pytest.approx(max(whole, min(allowed, MOST_PX)), rel=1e-6), k


def test_metformin_steps_reach_the_projector_floor():
    """A 28-node pathway whose whole view is small: every step's own view has 24 px labels or more."""
    p = load_pathway(HERE / "pathways" / "metformin.yaml")
    scene = pathway_scene(p)
    assert label_size(scene, whole_camera(scene, PROJECTOR), PROJECTOR) < 24
    sizes = [label_size(scene, cam, PROJECTOR) for cam in step_cameras(scene, PROJECTOR)]
    assert min(sizes) >= 24, sizes


def test_the_same_scene_gives_the_same_cameras():
    p = load_pathway()
    a = step_cameras(pathway_scene(p), PROJECTOR)
    from explainer.model.fit import fit_layout
    from explainer.model.graph import build_graph

    g = build_graph(p)
    b = step_cameras(build_scene(g, fit_layout(g, *frame_geometry(p).area), p.branches), PROJECTOR)
    assert a == b


# -- a step too big for one picture, in shots (issue 22) --------------------------------------
DECK_VIEW, DECK_FLOOR = (1280.0, 390.0), 17.4  # a deck's step diagram: 24 px at 1920x1080, 18 at 1366x768
# generated pathways whose steps pick up to four boxes anywhere (walk=False): spread across it
SPREAD = [(20, 9), (25, 4), (30, 5), (40, 7), (50, 8), (60, 9), (60, 27)]


def _shot_cases():
    yield "ketamine", load_pathway()
    yield "research", load_pathway(HERE.parent / "assets" / "pathways" / "ketamine-research.yaml")
    yield "ssri", load_pathway(SSRI)
    yield "sertraline", load_pathway(HERE / "second_mechanism" / "sertraline.yaml")
    yield "metformin", load_pathway(HERE / "pathways" / "metformin.yaml")
    for n, seed in SPREAD:
        yield f"spread-{n}-{seed}", generated(n, seed, walk=False)


SHOT_CASES = dict(_shot_cases())


def _held(scene, cams, box) -> bool:
    return any(c.holds(box.x, box.x + box.width, box.y, box.y + box.height, eps=1e-3) for c in cams)


@pytest.mark.parametrize(
    "view, floor",
    [(DECK_VIEW, DECK_FLOOR), (PROJECTOR, 24.0), (PHONE, 12.0)],
    ids=["deck", "projector", "phone"],
)
@pytest.mark.parametrize("name", SHOT_CASES)
def test_every_step_is_shown_in_shots_at_the_floor(name, view, floor):
    """Each shot at the view's aspect with labels at the floor or more, inside the whole; every
    box of the step whole in one shot, every link of it in a shot with one of its ends; one shot
    (the step's camera) where that reaches the floor; the shots in the step's reading order."""
    scene = pathway_scene(SHOT_CASES[name])
    whole = whole_camera(scene, view)
    for k in range(scene.steps):
        shots = step_shots(scene, k, view, floor, margin=0.5)
        one = step_camera(scene, k, view, margin=0.5)
        if label_size(scene, one, view) >= floor:
            assert shots == [one], k
            continue
        # (one shot may do: the step's boxes fit at the floor, the links between them not all)
        assert len({(round(c.width, 6), round(c.height, 6)) for c in shots}) == 1, k  # one zoom
        for cam in shots:
            assert cam.width / cam.height == pytest.approx(view[0] / view[1]), k
            assert label_size(scene, cam, view) >= floor - 1e-6, (k, label_size(scene, cam, view))
            assert whole.holds(cam.x, cam.right, cam.y, cam.top, eps=1e-3), k
        boxes = step_boxes(scene, k)
        assert {b.node for b in boxes} >= {b.node for b in scene.boxes if b.state(k) == "current"}
        for box in boxes:
            assert _held(scene, shots, box), (k, box.node)
        for link in (e for e in scene.links if e.state(k) == "current"):
            ends = [scene.box(f"node:{n}") for n in (link.source, link.target)]
            assert any(_held(scene, shots, b) for b in ends), (k, link.id)
        # reading order: each shot holds the first box no earlier shot holds
        for i, cam in enumerate(shots):
            first = next(b for b in boxes if not _held(scene, shots[:i], b))
            assert _held(scene, [cam], first), (k, i, first.node)


def _fits(scene, group, width, height, margin=0.5) -> bool:
    pad = margin * scene.font_size
    x0, x1 = min(b.x for b in group) - pad, max(b.x + b.width for b in group) + pad
    y0, y1 = min(b.y for b in group) - pad, max(b.y + b.height for b in group) + pad
    return x1 - x0 <= width + 1e-6 and y1 - y0 <= height + 1e-6


@pytest.mark.parametrize("name", [n for n in SHOT_CASES if n.startswith("spread")])
def test_no_fewer_shots_would_do(name):
    """No split of a step's boxes into fewer groups fits cameras at the floor (tried them all)."""
    scene = pathway_scene(SHOT_CASES[name])
    width, height = (scene.font_size * v / DECK_FLOOR for v in DECK_VIEW)
    several = 0
    for k in range(scene.steps):
        shots = step_shots(scene, k, DECK_VIEW, DECK_FLOOR, margin=0.5)
        boxes = step_boxes(scene, k)
        if len(shots) == 1:
            continue
        several += 1
        fewer = len(shots) - 1
        for split in itertools.product(range(fewer), repeat=len(boxes)):
            groups = [[b for b, g in zip(boxes, split, strict=True) if g == i] for i in range(fewer)]
            assert not all(_fits(scene, g, width, height) for g in groups if g), (k, split)
    assert several, "a case with no step in shots tests nothing"


def test_a_box_larger_than_a_floor_camera_gets_a_shot_as_large_as_it_needs():
    scene = pathway_scene(load_pathway(HERE / "pathways" / "metformin.yaml"))
    widest = max(scene.boxes, key=lambda b: b.width)
    k = next(k for k in range(scene.steps) if widest.state(k) == "current")
    floor = scene.font_size * DECK_VIEW[0] / (widest.width * 0.8)  # the box is wider than a camera there
    shots = step_shots(scene, k, DECK_VIEW, floor, margin=0.5)
    mine = [c for c in shots if _held(scene, [c], widest)]
    assert len(mine) == 1 and label_size(scene, mine[0], DECK_VIEW) < floor
    assert all(_held(scene, shots, b) for b in step_boxes(scene, k))


def test_the_cameras_doctests_pass():
    assert doctest.testmod(camera_module).failed == 0


@pytest.mark.parametrize("name", SHOT_CASES)
def test_a_steps_boxes_read_along_its_links(name):
    """step_boxes: a box after every box linking to it in the step, except along a loop; boxes no
    link of the step touches last; ties in the pathway's order."""
    scene = pathway_scene(SHOT_CASES[name])
    order = [b.node for b in scene.boxes]
    for k in range(scene.steps):
        boxes = [b.node for b in step_boxes(scene, k)]
        g = nx.DiGraph()
        g.add_nodes_from(boxes)
        g.add_edges_from(
            (e.source, e.target)
            for e in scene.links
            if e.state(k) == "current" and e.source in boxes and e.target in boxes and e.source != e.target
        )
        touched = {n for e in scene.links if e.state(k) == "current" for n in (e.source, e.target)}
        alone = [i for i, n in enumerate(boxes) if n not in touched]  # in the step, no link of it
        assert alone == list(range(len(boxes) - len(alone), len(boxes))), (k, boxes)  # come last
        for u, v in g.edges:
            if not nx.has_path(g, v, u):  # not closing a loop
                assert boxes.index(u) < boxes.index(v), (k, u, v, boxes)
        if nx.is_directed_acyclic_graph(g):
            want = list(
                nx.lexicographical_topological_sort(g, key=lambda n: (n not in touched, order.index(n)))
            )
            assert boxes == want, (k, boxes, want)
