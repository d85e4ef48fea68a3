"""Figures (the frames `figures` writes and notebooks step through): a step's figure frames the
step's part large where the whole pathway's labels are under a projector's floor (24 px at
1920x1080), with the rest of the pathway around it; the whole pathway stays whole. Every frame of
ketamine, the research view, atorvastatin and a generated 60-node pathway passes
tests/geometry.check_frame (no text off the frame or over another text or a box, labels in their
boxes, no link through a box nor a head under one, the step's boxes whole)."""

import pytest

from explainer import load_pathway
from explainer.loading.assets import RESEARCH_PATHWAY
from explainer.model.camera import step_shots
from explainer.model.fit import PX_PER_PT
from explainer.model.graph import CURRENT
from explainer.model.scene import pathway_scene
from explainer.rendering.draw import axes_size
from explainer.rendering.frames import STEP_FLOOR_PX, make_frame
from tests.conftest import SSRI
from tests.generate import generated
from tests.geometry import check_frame

FLOOR = STEP_FLOOR_PX / PX_PER_PT  # in the frame's points

PATHWAYS = {
    "metformin": lambda: load_pathway(SSRI.parent / "metformin.yaml"),
    "atorvastatin": lambda: load_pathway(SSRI.parent / "atorvastatin.yaml"),
    "ssri": lambda: load_pathway(SSRI),
    "generated-60": lambda: generated(60, 27, n_steps=12, long_labels=None, walk=True),
    "generated-30-anywhere": lambda: generated(30, 5, n_steps=6, walk=False),
}

# each frame's whole geometry checked (seconds a pathway): a 25+ node file and a generated 60-node one
CHECKED = {"atorvastatin", "generated-60"}


def _labels(fig):
    return [t for t in fig.axes[0].texts if (t.get_gid() or "").startswith("label:")]


@pytest.mark.parametrize(
    "pathway", [load_pathway(), load_pathway(RESEARCH_PATHWAY)], ids=["ketamine", "research"]
)
def test_a_pathway_readable_whole_is_drawn_whole_on_every_step(pathway):
    scene = pathway_scene(pathway)
    assert scene.font_size >= FLOOR
    for k in range(len(pathway.steps)):
        fig = make_frame(pathway, k)
        assert [t.get_fontsize() for t in _labels(fig)] == pytest.approx(
            [scene.font_size] * len(_labels(fig))
        )
        assert not any(t.get_clip_on() for t in _labels(fig))  # nothing is left out
        assert check_frame(fig, pathway.steps[k].nodes)["boxes"] == len(pathway.nodes)


@pytest.mark.parametrize("name", PATHWAYS)
def test_a_step_figure_frames_the_step_at_the_floor_with_every_box_whole(name):
    pathway = PATHWAYS[name]()
    scene = pathway_scene(pathway)
    assert scene.font_size < FLOOR, "the whole is under the floor: the figures need a camera"
    for k in range(len(pathway.steps)):
        fig = make_frame(pathway, k)
        ax = fig.axes[0]
        size = {t.get_fontsize() for t in _labels(fig)}
        assert len(size) == 1, size  # one scene, one label size
        size = size.pop()
        view = axes_size(ax)
        reachable = len(step_shots(scene, k, view, FLOOR)) == 1  # else the camera holds all, smaller
        assert size >= FLOOR - 1e-6 or not reachable, (name, k, size)
        assert size >= scene.font_size - 1e-6, (name, k, size)  # never smaller than the whole
        if size > scene.font_size + 1e-6:  # a camera on the one scene, zoomed: nothing moved
            zoom = size / scene.font_size
            (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
            assert (x1 - x0) * zoom == pytest.approx(view[0]) and (y1 - y0) * zoom == pytest.approx(view[1])
            assert all(t.get_clip_on() for t in _labels(fig))  # the context is cut at the axes
        shafts = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("edge:")}
        for link in scene.links:  # the links as the scene routed them, once, for every output
            assert shafts[link.id].get_path().vertices.ravel().tolist() == pytest.approx(
                [c for point in link.path for c in point]
            )
        if name in CHECKED:
            current = [b.node for b in scene.boxes if b.state(k) == CURRENT]
            assert check_frame(fig, current)["boxes"] == len(pathway.nodes), (name, k)
        fig.canvas.draw()
        area = ax.get_window_extent()
        patches = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("node:")}
        for box in scene.boxes:
            if box.state(k) == CURRENT:  # every box of the step whole in the frame's diagram area
                ext = patches[box.id].get_window_extent()
                assert area.x0 - 1 <= ext.x0 and ext.x1 <= area.x1 + 1, (name, k, box.id)
                assert area.y0 - 1 <= ext.y0 and ext.y1 <= area.y1 + 1, (name, k, box.id)
