"""A link's way round the boxes, of level and upright pieces, for :mod:`explainer.model.untangle`.

A link that crosses a link of its own feedback loop, or curls, where moving its ends does not
help, is given the cheapest way from the middle of a side of its source to the middle of a
side of its target that keeps :data:`ROUND_EM` clear of every box and crosses no link of its
loop: Dijkstra on the grid of the boxes' clear lines, a piece costing its length, a bend
:data:`BEND_EM` and another link crossed :data:`CROSS_EM` (as orthogonal connectors are routed,
e.g. libavoid's), its corners then rounded (:func:`rounded`). Pure functions of points; units
are points, y upwards.

>>> rounded([(0, 0), (0, 10), (10, 10)], 2.0)[3:7]
[(0.0, 8.0), (0, 10), (0, 10), (2.0, 10.0)]
"""

import heapq
import itertools
import math

import numpy as np

ROUND_EM = 0.75  # a way round keeps this far clear of every box
BEND_EM = 2.0  # a bend costs as much as this much more length
CROSS_EM = 3.0  # and another link crossed this much
DOOR_EM = 1.25  # it leaves and enters a box at a side's middle no link of its loop meets this near
STEPS = ((1, 0), (0, 1), (-1, 0), (0, -1))  # right, up, left, down: a way round's headings


def way_round(source, target, around, boxes, avoid, others, em: float, reach: float) -> list | None:
    """The cheapest way from the middle of a side of box ``source`` to the middle of a side of
    ``target``, as the module says: its corners (first and last on the boxes' sides), or None.

    Only the boxes within ``reach`` ems of ``around`` (the boxes it may go round) are looked at;
    ``avoid``: polylines (arrays of points) it must not cross, ``others`` those it crosses as
    few of as it can.
    """
    c, reach = ROUND_EM * em, reach * em
    x0, x1 = min(b.x for b in around) - reach, max(b.x + b.width for b in around) + reach
    y0, y1 = min(b.y for b in around) - reach, max(b.y + b.height for b in around) + reach
    walls = np.array([(b.x - c, b.x + b.width + c, b.y - c, b.y + b.height + c) for b in boxes])
    walls = walls.reshape(-1, 4)  # each box's clear walls: x0, x1, y0, y1
    walls = walls[(walls[:, 0] < x1) & (walls[:, 1] > x0) & (walls[:, 2] < y1) & (walls[:, 3] > y0)]
    lines = [np.concatenate([p[:-1], p[1:]], axis=1) for p in (*avoid, *others) if len(p) > 1]
    segs = np.concatenate(lines) if lines else np.zeros((0, 4))
    hard = np.concatenate([np.full(len(g), i < len(avoid)) for i, g in enumerate(lines)] or [np.zeros(0)])
    hard = hard.astype(bool)  # a segment of a link it must not cross
    near = (np.maximum(segs[:, 0], segs[:, 2]) >= x0) & (np.minimum(segs[:, 0], segs[:, 2]) <= x1)
    near &= (np.maximum(segs[:, 1], segs[:, 3]) >= y0) & (np.minimum(segs[:, 1], segs[:, 3]) <= y1)
    segs, hard = segs[near], hard[near]

    def doors(box) -> list:  # (side's middle, the point clear of it, outward step)
        out = []
        for k, step in enumerate(STEPS):
            mid = side_middle(box, step)
            door = (mid[0] + c * step[0], mid[1] + c * step[1])
            x, y = door
            inside = (walls[:, 0] < x) & (x < walls[:, 1]) & (walls[:, 2] < y) & (y < walls[:, 3])
            taken = any(math.dist(mid, q) < DOOR_EM * em for p in avoid for q in (p[0], p[-1]))
            within = x0 <= x <= x1 and y0 <= y <= y1 and not inside.any() and not taken
            if within and not hard[_crossed(segs, mid, door)].any():
                out.append((mid, door, k))
        return out

    starts, ends = doors(source), doors(target)
    xs, ys = (  # the grid's lines: the window's sides, the boxes' clear walls, the doors
        np.unique(
            np.clip([lo, hi, *walls[:, 2 * a : 2 * a + 2].ravel(), *(d[1][a] for d in starts + ends)], lo, hi)
        )
        for a, lo, hi in ((0, x0, x1), (1, y0, y1))
    )
    level = _pieces(xs, ys, walls, segs, hard, CROSS_EM * em)  # [j][i]: xs[i] to xs[i + 1] along ys[j]
    upright = _pieces(ys, xs, walls[:, [2, 3, 0, 1]], segs[:, [1, 0, 3, 2]], hard, CROSS_EM * em)
    finish = {d[1]: (d[0], (d[2] + 2) % 4) for d in ends}  # door: (side's middle, step into the box)
    way = _search(level, upright, xs.tolist(), ys.tolist(), [d[1:] for d in starts], finish, c, BEND_EM * em)
    return way and [next(d[0] for d in starts if d[1] == way[0]), *way, finish[way[-1]][0]]


def _search(level, upright, xs, ys, starts, finish, c: float, bend: float) -> list | None:
    """Dijkstra over (grid point, heading) from the ``starts`` ((point, heading)) to a door of
    ``finish`` (point: (side's middle, heading into the box)): the way's corners, its door
    last, or None. (Most calls find no way: a heuristic would not pay.)"""
    tick = itertools.count()
    heap = [(0.0, next(tick), (xs.index(p[0]), ys.index(p[1]), k), None) for p, k in starts]
    came: dict = {}
    while heap:
        spent, _, state, before = heapq.heappop(heap)
        if state in came:
            continue
        came[state] = before
        if state[0] == "end":
            return _corners(came, before, xs, ys)
        i, j, k = state
        at = (xs[i], ys[j])
        if at in finish and k != (finish[at][1] + 2) % 4:
            total = spent + c + bend * (k != finish[at][1])
            heapq.heappush(heap, (total, next(tick), ("end",), state))
        pieces = (
            level[j][i] if i + 1 < len(xs) else math.inf,
            upright[i][j] if j + 1 < len(ys) else math.inf,
            level[j][i - 1] if i else math.inf,
            upright[i][j - 1] if j else math.inf,
        )
        for turn, piece in enumerate(pieces):
            ni, nj = i + STEPS[turn][0], j + STEPS[turn][1]
            if piece < math.inf and (turn + 2) % 4 != k and (ni, nj, turn) not in came:
                more = spent + piece + bend * (turn != k)
                heapq.heappush(heap, (more, next(tick), (ni, nj, turn), state))
    return None


def _pieces(along, across, walls, segs, hard, cross: float) -> list:
    """The cost of each piece of the grid's lines at ``across`` between neighbouring ``along``
    values ([line][piece]): inf through a box's clear walls (rows along, along, across, across)
    or across an ``avoid`` segment (``hard``), else its length and ``cross`` per segment crossed.
    Segments are rows (along, across, along', across'), every line at once."""
    middle, n = (along[:-1] + along[1:]) / 2, len(along) - 1
    within = (walls[:, 0] < middle[:, None]) & (middle[:, None] < walls[:, 1])  # pieces x walls
    level = (walls[:, 2] < across[:, None]) & (across[:, None] < walls[:, 3])  # lines x walls
    blocked = (level.astype(np.int32) @ within.T.astype(np.int32)) > 0  # lines x pieces
    low, high = np.minimum(segs[:, 1], segs[:, 3]), np.maximum(segs[:, 1], segs[:, 3])
    first = np.searchsorted(across, low, side="left")  # each segment meets the lines first to last
    reps = np.where(low < high, np.searchsorted(across, high, side="right") - first, 0)
    seg = np.repeat(np.arange(len(segs)), reps)
    line = first[seg] + np.arange(len(seg)) - np.repeat(np.cumsum(reps) - reps, reps)
    u, v = segs[seg, 1] - across[line], segs[seg, 3] - across[line]
    at = segs[seg, 0] + (segs[seg, 2] - segs[seg, 0]) * u / (u - v)
    slot = np.searchsorted(along, at, side="right") - 1
    ok = (slot >= 0) & (slot < n)
    cell = line[ok] * n + slot[ok]
    count = np.bincount(cell, minlength=len(across) * n).reshape(-1, n)
    hard = np.bincount(cell, weights=hard[seg[ok]].astype(float), minlength=len(across) * n)
    blocked |= hard.reshape(-1, n) > 0
    return np.where(blocked, math.inf, np.diff(along)[None, :] + cross * count).tolist()


def _corners(came, state, xs, ys) -> list:
    """The grid points where the way to ``state`` starts and turns, and its last, from the start."""
    points = [(xs[state[0]], ys[state[1]])]
    while came[state] is not None:
        before = came[state]
        if before[2] != state[2] or came[before] is None:
            points.append((xs[before[0]], ys[before[1]]))
        state = before
    return points[::-1]


def _crossed(segs, a, b):
    """Which of the segments (rows x, y, x', y') cross the level or upright piece ``a`` to ``b``."""
    if a[0] == b[0]:  # upright: the segments' ends either side of its x, and their y there within it
        u, v, lo, hi = segs[:, 0] - a[0], segs[:, 2] - a[0], min(a[1], b[1]), max(a[1], b[1])
        other = segs[:, 1] + (segs[:, 3] - segs[:, 1]) * u / np.where(u == v, 1.0, u - v)
    else:
        u, v, lo, hi = segs[:, 1] - a[1], segs[:, 3] - a[1], min(a[0], b[0]), max(a[0], b[0])
        other = segs[:, 0] + (segs[:, 2] - segs[:, 0]) * u / np.where(u == v, 1.0, u - v)
    return np.flatnonzero((u * v <= 0) & (u != v) & (other >= lo) & (other <= hi))


def rounded(corners, r: float) -> list:
    """A polyline's corners as cubic Bézier control points: straight between its turns, each
    turn rounded ``r`` either side (at most half of each piece)."""
    turns = [corners[0]]
    for a, b, c in zip(corners, corners[1:], corners[2:], strict=False):
        if (b[0] - a[0]) * (c[1] - b[1]) != (b[1] - a[1]) * (c[0] - b[0]):
            turns.append(b)
    turns.append(corners[-1])
    out = [turns[0]]
    for a, b, c in zip(turns, turns[1:], turns[2:], strict=False):
        p, q = _towards(b, a, min(r, math.dist(a, b) / 2)), _towards(b, c, min(r, math.dist(b, c) / 2))
        out += [*_straight(out[-1], p), b, b, q] if math.dist(out[-1], p) > 1e-9 else [b, b, q]
    return [*out, *_straight(out[-1], turns[-1])]


def side_middle(box, side) -> tuple:
    """The middle of ``box``'s side facing ``side`` (a unit step: (0, 1) is up)."""
    return (box.x + box.width * (1 + side[0]) / 2, box.y + box.height * (1 + side[1]) / 2)


def _towards(a, b, d: float) -> tuple:
    t = d / (math.dist(a, b) or 1.0)
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _straight(a, b) -> list:
    return [(a[0] + (b[0] - a[0]) * k / 3, a[1] + (b[1] - a[1]) * k / 3) for k in (1, 2, 3)]
