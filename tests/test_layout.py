import itertools

from explainer.layout import FONT_SIZE, box_sizes, extent, layout


def _overlap(a, b):
    (ax, ay, aw, ah), (bx, by, bw, bh) = a, b
    return abs(ax - bx) < (aw + bw) / 2 and abs(ay - by) < (ah + bh) / 2


def test_layout_is_deterministic(graph):
    assert layout(graph) == layout(graph)


def test_main_chain_runs_left_to_right_on_one_line(pathway, graph):
    pos = layout(graph)
    main = [n.id for n in pathway.nodes if n.lane == "main"]
    xs = [pos[n][0] for n in main]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert {pos[n][1] for n in main} == {0.0}


def test_side_branches_above_and_below(graph):
    pos = layout(graph)
    assert pos["gaba"][1] > 0 > pos["inflammation"][1]


def test_no_two_boxes_overlap(graph):
    pos, sizes = layout(graph), box_sizes(graph)
    boxes = {n: (*pos[n], *sizes[n]) for n in pos}
    for a, b in itertools.combinations(boxes, 2):
        assert not _overlap(boxes[a], boxes[b]), (a, b)


def test_fits_a_16_by_9_frame_at_16_pt(graph):
    x0, x1, y0, y1 = extent(layout(graph), box_sizes(graph))
    assert FONT_SIZE >= 16
    assert x1 - x0 < 16 * 72 * 0.98  # the frame is 16 in wide; the axes 98 % of it
    assert y1 - y0 < 9 * 72 * 0.68
