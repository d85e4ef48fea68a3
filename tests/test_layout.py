import itertools

import networkx as nx
import pytest

from explainer import load_pathway
from explainer.model.fit import ARRANGEMENTS, FLOOR, WRAPS_EM, fit_layout, frame_geometry, least_extent
from explainer.model.fold import side_gaps
from explainer.model.graph import back_edges, build_graph
from explainer.model.layout import (
    _LAYOUTS,
    FONT_SIZE,
    PAD_EM,
    bezier_points,
    layout,
    main_chain,
    rows_of,
    text_size,
    wrap_label,
)
from tests.conftest import SSRI
from tests.generate import FAMILY, generated


def _overlap(pa, sa, pb, sb):
    return abs(pa[0] - pb[0]) < (sa[0] + sb[0]) / 2 and abs(pa[1] - pb[1]) < (sa[1] + sb[1]) / 2


def test_layout_is_deterministic(graph, ssri_graph):
    """dot run twice on the same graph (its cache emptied, and a copy of the graph) agrees."""
    for g in (graph, ssri_graph):
        _LAYOUTS.clear()
        first = layout(g)
        _LAYOUTS.clear()
        again = layout(g.copy())
        assert again is not first and again == first


def test_the_cache_tells_graphs_apart(graph):
    renamed = graph.copy()
    renamed.nodes["bdnf"]["label"] = "A much longer label for BDNF than the pathway has"
    assert layout(renamed).labels["bdnf"] != layout(graph).labels["bdnf"]
    assert layout(renamed).sizes["bdnf"] != layout(graph).sizes["bdnf"]


def test_main_chain_runs_left_to_right_on_one_line(pathway, graph):
    lay = layout(graph, rankdir="LR")
    main = [n.id for n in pathway.nodes if n.lane == "main"]
    xs = [lay.pos[n][0] for n in main]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert len({lay.pos[n][1] for n in main}) == 1  # dot keeps the chain's group straight


@pytest.mark.parametrize("rankdir,rows", [("LR", 1), ("TB", 1), ("TB", 2), ("TB", 3)])
def test_boxes_never_overlap_and_fit_their_labels(ssri_graph, rankdir, rows):
    lay = layout(ssri_graph, rankdir=rankdir, wrap_em=9, rows=rows)
    for a, b in itertools.combinations(lay.pos, 2):
        assert not _overlap(lay.pos[a], lay.sizes[a], lay.pos[b], lay.sizes[b]), (a, b)
    for n, text in lay.labels.items():
        w, h = text_size(text, lay.fontsize)
        assert w + 2 * PAD_EM * lay.fontsize <= lay.sizes[n][0] + 1e-6
        assert h + 2 * PAD_EM * lay.fontsize <= lay.sizes[n][1] + 1e-6


def test_folded_chain_reads_as_a_staircase(ssri_graph):
    lay = layout(ssri_graph, rankdir="TB", wrap_em=9, rows=3)
    main = [n for n, lane in ssri_graph.nodes(data="lane") if lane == "main"]
    rows = [main[0:4], main[4:8], main[8:12]]
    ys = [{lay.pos[n][1] for n in row} for row in rows]
    assert all(len(y) == 1 for y in ys)  # one rank per row
    assert ys[0].pop() > ys[1].pop() > ys[2].pop()  # top to bottom
    for row in rows:  # each row left to right
        xs = [lay.pos[n][0] for n in row]
        assert xs == sorted(xs)


@pytest.mark.parametrize("rows", [2, 3])
@pytest.mark.parametrize(
    "name", ["metformin", "atorvastatin", "ssri", *(f"gen{n}s{seed}" for n, seed, _ in FAMILY)]
)
def test_a_folded_row_reads_left_to_right_round_a_loop(name, rows):
    """Every link between two boxes of one folded row, but a feedback link, points right:
    metformin's bottom row stood output, cAMP, gluconeogenesis, glucose (dot turned it round
    for the loop output -> glucose -> insulin -> output), and its chain ran back over the row.
    (Ketamine's 8 boxes in 3 rows are left out: dot draws glutamate release -> BDNF right to
    left there with no loop to blame, and no frame folds so short a chain in 3.)"""
    g, lay, main = _folded(name, rows)
    row_of, back = rows_of(main, rows), back_edges(g, main)
    flat = [(u, v) for u, v in g.edges if u in row_of and row_of[u] == row_of.get(v) and (u, v) not in back]
    assert [(u, v) for u, v in flat if lay.pos[u][0] >= lay.pos[v][0]] == []


@pytest.mark.parametrize("rows", [2, 3])
@pytest.mark.parametrize(
    "name", ["metformin", "atorvastatin", "ssri", *(f"gen{n}s{seed}" for n, seed, _ in FAMILY)]
)
def test_side_boxes_sit_between_the_folded_rows_never_in_one(name, rows):
    """No side box shares a rank with a folded row: atorvastatin's Ezetimibe stood between
    Mevalonate and Cholesterol synthesis, and the link between them arced over it alongside the
    feedback arc (a shared track). Each side box is in the gap its links say
    (:func:`explainer.model.fold.side_gaps`): below the row that feeds it, above the one it feeds;
    a pair linked only to each other has none (beside the rows, it stands between no boxes)."""
    g, lay, main = _folded(name, rows)
    row_of = rows_of(main, rows)
    row_y = {r: lay.pos[next(n for n in main if row_of[n] == r)][1] for r in set(row_of.values())}
    gaps = side_gaps(g, main, row_of, back_edges(g, main))
    assert set(gaps) == {
        n for n in nx.node_connected_component(g.to_undirected(), main[0]) if n not in row_of
    }
    inside = [n for n in gaps if any(abs(lay.pos[n][1] - y) < 1 for y in row_y.values())]
    assert inside == []
    for n, k in gaps.items():
        y = lay.pos[n][1]  # y upwards: row 0 is on top
        assert (k == 0 or y < row_y[k - 1]) and (k == len(row_y) or y > row_y[k]), (n, k)


def test_a_link_over_boxes_linked_from_above_arcs_under_its_row():
    """dot arcs a link that skips boxes of its row over the row, where the links coming into
    those boxes from above run along it: atorvastatin's Blood LDL -> Fewer heart attacks ran
    with Immune cells -> Atherosclerotic plaque growth (a shared track). With nothing to meet
    under the last row, it arcs under; the feedback arc of the first row (SREBP-2 ->
    HMG-CoA reductase, whose boxes have links below) stays over it."""
    g = build_graph(load_pathway(SSRI.parent / "atorvastatin.yaml"))
    lay = layout(g, rankdir="TB", wrap_em=9, rows=2)
    row_y = lay.pos["blood_ldl"][1]  # y upwards
    assert max(y for _, y in lay.edges[("blood_ldl", "events")]) < row_y
    assert min(y for _, y in lay.edges[("srebp2", "hmgcr")]) > lay.pos["srebp2"][1]


def test_every_edge_has_a_spline_and_a_tip_outside_its_target(ssri_graph):
    lay = layout(ssri_graph)
    for (u, v), controls in lay.edges.items():
        assert len(controls) >= 4 and (len(controls) - 1) % 3 == 0, (u, v)
        (x, y), (w, h) = lay.pos[v], lay.sizes[v]
        tx, ty = lay.tips[(u, v)]
        assert abs(tx - x) >= w / 2 or abs(ty - y) >= h / 2, (u, v)  # not inside the box


def test_scaled_layout_scales_every_length(graph):
    lay = layout(graph)
    half = lay.scaled(0.5)
    assert half.fontsize == lay.fontsize / 2
    assert half.width == pytest.approx(lay.width / 2)
    n = next(iter(lay.pos))
    assert half.sizes[n] == pytest.approx((lay.sizes[n][0] / 2, lay.sizes[n][1] / 2))


def test_wrap_label_breaks_at_spaces_and_between_words_only():
    assert wrap_label("Serotonin transporter (SERT) blocked", 150) == "Serotonin\ntransporter\n(SERT) blocked"
    assert "5-\n" not in wrap_label("Synaptic serotonin (5-HT) rises", 9 * FONT_SIZE)
    assert wrap_label("antidepressant-like effect", 60).startswith("antidepressant-\n")
    assert wrap_label("Keep\nmy breaks", None) == "Keep\nmy breaks"
    for width in (60, 100, 200):
        for line in wrap_label("A rather long label about the hippocampus and plasticity", width).split("\n"):
            assert " " not in line or text_size(line)[0] <= width


@pytest.mark.parametrize("width", [40, 90, 150, 240, 1000])
def test_wrap_label_is_greedy_a_line_that_fits_stays_whole(width):
    """Each line takes as many words as fit: the next line's first word would not fit on it
    (a line that fits whole is one measurement, not one per word, and the same answer)."""
    for label in ("A rather long label about the hippocampus and plasticity", "BDNF", "Ca²⁺ influx rises"):
        lines = wrap_label(label, width).split("\n")
        assert " ".join(lines).replace("- ", "-") == label.replace("- ", "-")
        if text_size(label)[0] <= width:
            assert lines == [label]
        assert all(" " not in line or text_size(line)[0] <= width for line in lines)
        for line, after in zip(lines, lines[1:], strict=False):
            assert text_size(f"{line} {after.split(' ')[0]}")[0] > width


def test_bezier_points_lie_on_the_curve_not_the_control_polygon():
    pts = bezier_points([(0, 0), (0, 100), (100, 100), (100, 0)], per_segment=10)
    assert pts[0] == (0.0, 0.0) and pts[-1] == (100.0, 0.0)
    assert max(y for _, y in pts) == pytest.approx(75.0)  # the curve's top, not the control points'


def test_ketamine_fits_its_frame_at_the_floor_or_more(pathway, graph):
    lay = fit_layout(graph, *frame_geometry(pathway).area)
    w, h = frame_geometry(pathway).area
    assert lay.fontsize >= FLOOR and lay.width <= w + 1e-6 and lay.height <= h + 1e-6


def test_ssri_needs_the_folded_chain(ssri):
    lay = fit_layout(build_graph(ssri), *frame_geometry(ssri).area)
    assert lay.fontsize >= FLOOR
    assert lay.meta["rows"] > 1  # one row would need labels below the floor


# pathways of every shape: shipped, the SSRI one, generated ones with feedback links (cycles)
GENERATED = ((8, 1), (18, 3), (30, 5), (40, 7))
SHAPES = [("ketamine", None), ("ssri", None), *(("generated", n) for n in GENERATED)]


def _shape_graph(name, n, pathway, ssri):
    return build_graph({"ketamine": pathway, "ssri": ssri}.get(name) or generated(*n))


@pytest.mark.parametrize("name,n", SHAPES)
def test_least_extent_never_exceeds_what_dot_draws(name, n, pathway, ssri):
    """The bound fit_layout uses to skip dot runs is a true lower bound, for every arrangement
    (within the 1 % fit allows for dot's rounding)."""
    g = _shape_graph(name, n, pathway, ssri)
    for (rankdir, rows), wrap in itertools.product(ARRANGEMENTS, WRAPS_EM):
        least_w, least_h = least_extent(g, FONT_SIZE, rankdir, wrap, rows)
        lay = layout(g, FONT_SIZE, rankdir, wrap, rows)
        assert 0.99 * least_w <= lay.width and 0.99 * least_h <= lay.height, (rankdir, rows, wrap)


@pytest.mark.parametrize("name,n", SHAPES)
def test_fit_layout_picks_what_trying_every_arrangement_picks(name, n, pathway, ssri):
    """Skipping the arrangements that cannot win changes nothing: the same layout as trying all."""
    g = _shape_graph(name, n, pathway, ssri)
    for area in ((1116.0, 470.0), (700.0, 700.0), (300.0, 200.0)):
        best_scale, best = -1.0, None
        for rankdir, rows in ARRANGEMENTS:
            for wrap in WRAPS_EM:
                lay = layout(g, FONT_SIZE, rankdir, wrap, rows)
                scale = min(1.0, area[0] / lay.width, area[1] / lay.height)
                if scale > best_scale + 1e-6:
                    best_scale, best = scale, lay
                if best_scale >= 1.0:
                    break
            if best_scale >= 1.0:
                break
        expected = best if best_scale >= 1.0 else best.scaled(best_scale)
        assert fit_layout(g, *area) == expected, area


def _folded(name: str, rows: int):
    """(graph, layout in ``rows`` folded rows, main chain) of a test pathway or a generated one."""
    if name.startswith("gen"):
        n, seed, labels = next(f for f in FAMILY if f"gen{f[0]}s{f[1]}" == name)
        g = build_graph(generated(n, seed, long_labels=labels))
    else:
        g = build_graph(load_pathway(SSRI.parent / f"{name}.yaml"))
    return g, layout(g, rankdir="TB", wrap_em=9, rows=rows), main_chain(g)
