"""Cameras on the scene: each step framed large, the whole as context, one aspect per view."""

from pathlib import Path

import pytest

from explainer.loading.pathway import load_pathway
from explainer.model.camera import MOST_PX, label_size, step_camera, step_cameras, step_extent, whole_camera
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
