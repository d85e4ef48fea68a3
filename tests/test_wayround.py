"""A link's way round the boxes (explainer/model/wayround.py): level and upright pieces from
the middle of a side of its source to the middle of a side of its target, clear of every box,
across no link it must not cross; rounded into Bézier control points that keep to it."""

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pytest

from explainer.model.layout import bezier_points
from explainer.model.outline import lines_cross, winding
from explainer.model.wayround import ROUND_EM, rounded, way_round

EM = 10.0


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float


def _clear(way, boxes, c) -> bool:
    """Whether every piece of ``way`` but its first and last keeps ``c`` (less a rounding) from every box."""
    for a, b in itertools.pairwise(way[1:-1]):
        for q in boxes:
            x0, x1 = min(a[0], b[0]), max(a[0], b[0])
            y0, y1 = min(a[1], b[1]), max(a[1], b[1])
            across = x0 < q.x + q.width + c - 1e-6 and q.x - c + 1e-6 < x1
            if across and y0 < q.y + q.height + c - 1e-6 and q.y - c + 1e-6 < y1:
                return False
    return True


def _crosses(way, line) -> bool:
    return lines_cross(way, line)


# gen13s33's loop as it stood: source S (bottom right), target T (top left), a box B beside T,
# a link of the loop from B down to C (between the rows), so the short way, between the rows,
# crosses it; boxes E (over S) and F (over B) bar the way over the top; the way round goes
# under C and up between C and a box D, to T's bottom.
T, B = Rect(0, 100, 60, 30), Rect(100, 100, 80, 30)
C, S, D = Rect(120, 0, 60, 40), Rect(220, 0, 50, 40), Rect(-10, 0, 80, 40)
E, F = Rect(200, 70, 90, 200), Rect(80, 135, 130, 100)
BOXES = [T, B, C, S, D, E, F]
DOWN = np.array([(140.0, 100.0), (140.0, 40.0)])  # B -> C, tip on C's top


def test_the_way_round_keeps_clear_of_boxes_and_crosses_no_link_of_its_loop():
    way = way_round(S, T, [S, T, B, C], BOXES, [DOWN], [], EM, 4.0)
    assert all(a[0] == b[0] or a[1] == b[1] for a, b in itertools.pairwise(way))  # level or upright
    assert way[0] in [(S.x + S.width / 2, S.y), (S.x, S.y + S.height / 2)]  # S's bottom or left
    assert way[-1] in [(T.x + T.width / 2, T.y), (T.x + T.width, T.y + T.height / 2)]  # T's bottom or right
    assert not _crosses(way, DOWN)
    assert _clear(way, BOXES, ROUND_EM * EM)
    assert min(p[1] for p in way) < C.y  # under C: the way between the rows is barred
    assert C.x > way[3][0] > D.x + D.width  # and up between D and C


def test_without_the_loops_link_the_short_way_between_the_rows_is_taken():
    way = way_round(S, T, [S, T, B, C], BOXES, [], [], EM, 4.0)
    assert min(p[1] for p in way) >= C.y + C.height and max(p[1] for p in way) <= T.y  # between the rows
    assert _crosses(way, DOWN)


@pytest.mark.parametrize(("y0", "y1", "crossed"), [(45.0, 95.0, False), (-40.0, 95.0, True)])
def test_crossing_other_links_costs_but_is_allowed(y0, y1, crossed):
    """A link it need not avoid, across the way between the rows: it goes round it (between C
    and it) where it can, else across it (the link reaches under the bottom row)."""
    across = np.array([(200.0, y0), (200.0, y1)])
    way = way_round(S, T, [S, T, B, C], BOXES, [], [across], EM, 4.0)
    assert _crosses(way, across) == crossed


def test_no_way_when_the_loops_links_wall_it_in():
    ring = np.array([(200.0, -30.0), (300.0, -30.0), (300.0, 70.0), (200.0, 70.0), (200.0, -30.0)])
    assert way_round(S, T, [S, T, B, C], BOXES, [ring], [], EM, 4.0) is None


def test_only_boxes_near_the_loop_count_and_the_way_stays_within_reach():
    far = Rect(1000, 1000, 50, 50)
    way = way_round(S, T, [S, T], [*BOXES, far], [DOWN], [], EM, 2.0)
    if way is not None:
        xs, ys = [p[0] for p in way], [p[1] for p in way]
        assert min(xs) >= T.x - 2 * EM - 1e-6 and max(xs) <= S.x + S.width + 2 * EM + 1e-6
        assert min(ys) >= S.y - 2 * EM - 1e-6 and max(ys) <= T.y + T.height + 2 * EM + 1e-6


@pytest.mark.parametrize("r", [2.0, 10.0, 40.0])
def test_rounded_corners_keep_to_the_polyline_and_turn_no_further(r):
    corners = [(0.0, 0.0), (0.0, -20.0), (200.0, -20.0), (200.0, 50.0), (150.0, 50.0), (150.0, 60.0)]
    controls = rounded(corners, r)
    assert (len(controls) - 1) % 3 == 0 and controls[0] == corners[0] and controls[-1] == corners[-1]
    points = bezier_points(controls, 16)
    poly = np.array(corners)
    for p in points:  # within r / 4 of the polyline (a corner's cubic bulges in at most that)
        d = min(_to_segment(p, a, b) for a, b in itertools.pairwise(poly))
        assert d <= r / 4 + 1e-6, (p, d)
    assert winding(points) <= winding(corners) + 1e-6


def test_a_straight_run_through_a_collinear_corner_is_one_piece():
    controls = rounded([(0.0, 0.0), (0.0, 5.0), (0.0, 10.0), (10.0, 10.0)], 4.0)
    assert controls == [(0.0, 0.0), (0.0, 2.0), (0.0, 4.0), (0.0, 6.0), (0.0, 10.0), (0.0, 10.0)] + [
        (4.0, 10.0),
        (6.0, 10.0),
        (8.0, 10.0),
        (10.0, 10.0),
    ]


def test_corners_that_meet_leave_no_piece_of_no_length():
    """Two corners a piece's length apart round into each other: no straight piece between
    (a Bézier of one point, whose heading the curl check cannot tell)."""
    points = bezier_points(rounded([(0.0, 0.0), (0.0, 8.0), (8.0, 8.0), (8.0, 0.0)], 4.0), 8)
    assert all(math.dist(a, b) > 1e-9 for a, b in itertools.pairwise(points))


def _to_segment(p, a, b) -> float:
    ab, ap = b - a, np.asarray(p) - a
    t = np.clip(ap @ ab / (ab @ ab or 1.0), 0, 1)
    return float(np.linalg.norm(ap - t * ab))
