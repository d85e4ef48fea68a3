import itertools

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, PathPatch, Polygon

from explainer.model.fit import FLOOR
from explainer.rendering.draw import draw_step, legend_handles
from explainer.rendering.frames import make_frame
from explainer.rendering.paint import PAINT
from tests.geometry import check_frame


def _by_gid(container, prefix, kind=object):
    return {
        a.get_gid(): a for a in container if isinstance(a, kind) and (a.get_gid() or "").startswith(prefix)
    }


@pytest.fixture
def ax():
    fig = Figure(figsize=(16, 9), dpi=120)
    return fig.add_axes((0.01, 0.2, 0.98, 0.68))


def test_draw_returns_what_it_drew_by_gid(graph, ax):
    artists = draw_step(graph, 0, ax)
    assert set(artists) == {a.get_gid() for a in (*ax.patches, *ax.texts) if a.get_gid()}
    assert {g for g in artists if g.startswith("node:")} == {f"node:{n}" for n in graph.nodes}
    assert {g for g in artists if g.startswith("edge:")} == {f"edge:{u}->{v}" for u, v in graph.edges}
    assert artists["label:ketamine"].get_text() == "Ketamine"


def test_arrowheads_follow_the_influence(graph, ax):
    draw_step(graph, 0, ax)
    heads = _by_gid(ax.patches, "head:", Polygon)
    assert len(heads) == graph.number_of_edges()
    for u, v, influence in graph.edges(data="influence"):
        assert f"head:{u}->{v}:{influence}" in heads
    assert len(heads["head:ketamine->nmda:negative"].get_xy()) == 5  # a bar: 4 corners, closed
    assert len(heads["head:ampa->glutamate_release:positive"].get_xy()) == 4  # a triangle
    assert len(heads["head:nmda->glutamate_pfc:unknown"].get_xy()) == 5  # a diamond
    assert heads["head:ampa->glutamate_release:positive"].get_facecolor()[:3] == (1, 1, 1)  # open


def test_hedged_edges_are_dashed_and_others_solid(graph, ax):
    draw_step(graph, 0, ax)
    shafts = _by_gid(ax.patches, "edge:", PathPatch)
    for u, v, hedged in graph.edges(data="hedged"):
        dashes = shafts[f"edge:{u}->{v}"].get_linestyle()
        assert (dashes not in ("-", "solid")) == hedged, (u, v, dashes)


def test_current_step_nodes_are_emphasised(graph, ax):
    draw_step(graph, 2, ax)  # BDNF
    boxes = _by_gid(ax.patches, "node:", FancyBboxPatch)
    bdnf, ketamine, plasticity = boxes["node:bdnf"], boxes["node:ketamine"], boxes["node:plasticity"]
    assert bdnf.get_linewidth() > ketamine.get_linewidth() > plasticity.get_linewidth()
    from matplotlib.colors import to_rgba

    assert bdnf.get_edgecolor() == to_rgba(PAINT.nodes["current"]["stroke"])
    labels = _by_gid(ax.texts, "label:")
    assert labels["label:plasticity"].get_color() != labels["label:ketamine"].get_color()


def test_emphasis_moves_with_the_step(pathway, graph):
    for k, step in enumerate(pathway.steps):
        fig = Figure(figsize=(16, 9))
        artists = draw_step(graph, k, fig.add_axes((0, 0, 1, 1)))
        boxes = _by_gid(artists.values(), "node:", FancyBboxPatch)
        thick = {gid[5:] for gid, b in boxes.items() if b.get_linewidth() >= 4}
        assert thick == set(step.nodes), k


def test_hidden_branch_is_not_drawn(graph, ax):
    draw_step(graph, 0, ax, branches=("gaba",))
    boxes = _by_gid(ax.patches, "node:")
    assert "node:gaba" in boxes and "node:inflammation" not in boxes


def test_legend_explains_every_influence_and_hedging():
    labels = " ".join(h.get_label() for h in legend_handles())
    for word in ("stimulates", "inhibits", "modulates", "hedged", "this step"):
        assert word in labels


def test_make_frame_takes_no_graph_and_branches_by_name(pathway):
    """A frame is drawn from the pathway's scene: ``make_frame`` takes no graph (it took one it did
    not use), and an old call that passes one fails rather than have it read as the branches."""
    from explainer.model.graph import build_graph

    with pytest.raises(TypeError):
        make_frame(pathway, 0, build_graph(pathway))


def test_frame_is_1920_by_1080_with_text_at_the_floor_or_more(pathway):
    fig = make_frame(pathway, 0)
    assert tuple(fig.get_size_inches() * fig.dpi) == (1920, 1080)
    texts = [
        t
        for t in fig.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
        if t.get_text().strip()
    ]
    assert texts and min(t.get_fontsize() for t in texts) >= FLOOR
    assert min(t.get_fontsize() for t in fig.texts) >= 16  # title and footer


def test_no_label_overlaps_another_label_or_a_node(pathway):
    for step in (0, len(pathway.steps) - 1, None):
        fig = make_frame(pathway, step)
        renderer = FigureCanvasAgg(fig).get_renderer()
        ax = fig.axes[0]
        labels = _by_gid(ax.texts, "label:")
        boxes = _by_gid(ax.patches, "node:", FancyBboxPatch)
        extents = {gid: t.get_window_extent(renderer) for gid, t in labels.items()}
        for a, b in itertools.combinations(extents, 2):
            assert not extents[a].overlaps(extents[b]), (a, b)
        for gid, ext in extents.items():
            own = "node:" + gid[6:].split(":")[0]  # a label's line K is label:ID:K
            box = boxes[own].get_window_extent(renderer)
            assert box.x0 <= ext.x0 and ext.x1 <= box.x1 and box.y0 <= ext.y0 and ext.y1 <= box.y1, gid
            for other, patch in boxes.items():
                if other != own:
                    assert not ext.overlaps(patch.get_window_extent(renderer)), (gid, other)
        # everything inside the frame
        frame = fig.bbox
        for ext in extents.values():
            assert frame.x0 <= ext.x0 and ext.x1 <= frame.x1


def test_frame_says_source_and_disclaimer(pathway):
    fig = make_frame(pathway, 3)
    text = " ".join(t.get_text() for t in fig.texts)
    assert "Indiana Center for Recovery" in text and "not medical advice" in text
    assert "Step 4 of 7" in text


@pytest.mark.slow
@pytest.mark.parametrize("name", ["ketamine.yaml", "ketamine-research.yaml"])
def test_every_text_of_every_frame_fits_the_frame(name):
    from explainer.loading.assets import PATHWAYS
    from explainer.loading.pathway import load_pathway

    p = load_pathway(PATHWAYS / name)
    for step in (*range(len(p.steps)), None):
        fig = make_frame(p, step)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()  # lay the legend out as it will be saved
        renderer = canvas.get_renderer()
        texts = [*fig.texts, *fig.axes[0].texts, *fig.legends[0].get_texts()]
        for t in texts:
            ext = t.get_window_extent(renderer)
            assert fig.bbox.x0 <= ext.x0 and ext.x1 <= fig.bbox.x1, (name, step, t.get_text())
            assert fig.bbox.y0 <= ext.y0 and ext.y1 <= fig.bbox.y1, (name, step, t.get_text())


def test_contested_steps_are_marked_in_words(pathway, graph, ax):
    gaba = pathway.step_index("gaba")
    assert pathway.steps[gaba].contested
    draw_step(graph, gaba, ax)
    marks = _by_gid(ax.texts, "contested:")
    assert set(marks) == {"contested:gaba"} and marks["contested:gaba"].get_text() == "contested"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["ketamine.yaml", "ketamine-research.yaml"])
def test_every_frame_passes_the_geometric_checks(name):
    """Texts in the frame and apart, curves (finely sampled) clear of boxes they do not join."""
    from explainer.loading.assets import PATHWAYS
    from explainer.loading.pathway import load_pathway

    p = load_pathway(PATHWAYS / name)
    for step in (None, *range(len(p.steps))):
        counts = check_frame(make_frame(p, step), () if step is None else p.steps[step].nodes)
        assert counts["boxes"] == len(p.nodes) and counts["edges"] == len(p.edges)


def test_the_geometric_check_catches_an_edge_through_a_box(pathway):
    """The check samples the curve, so an edge moved through a box fails it."""
    from matplotlib.path import Path as MPath

    fig = make_frame(pathway, None)
    ax = fig.axes[0]
    shaft = next(p for p in ax.patches if p.get_gid() == "edge:ketamine->nmda")
    box = next(p for p in ax.patches if p.get_gid() == "node:bdnf")
    bx, by = box.get_x() + box.get_width() / 2, box.get_y() + box.get_height() / 2
    (x0, y0), (x1, y1) = shaft.get_path().vertices[0], shaft.get_path().vertices[-1]
    # a curve whose control points all lie outside the box, but which passes through it
    shaft.set_path(
        MPath([(x0, y0), (bx, by + 3 * (by - y0)), (bx, by + 3 * (by - y1)), (x1, y1)], [1, 4, 4, 4])
    )
    with pytest.raises(AssertionError, match="edge through a box"):
        check_frame(fig)
