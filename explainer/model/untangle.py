"""Links untangled once their ends are spread along their boxes (:mod:`explainer.model.routes`).

A link that runs across another link's head, crosses a link of its own feedback loop or curls
(its heading swings past :data:`~explainer.model.outline.CURL_DEG` one way, or it crosses
itself) is given, in turn: one end moved along its box (:data:`MOVES_EM`); its middle pushed
off the head it runs across (:data:`NUDGE_EM`); and, crossing its loop or curling, one end
swapped with a neighbouring end on its box (:data:`SWAP_REACH`), a way round the outside of
its boxes or its loop's (:data:`LANE_EM`: a return arc across a folded row goes over the
row), an end set facing the way the link comes (:data:`AIM_EM`: a back link's head on top
of a box it reaches from the side), or a way round the boxes (:mod:`explainer.model.wayround`:
under a row and up between two boxes where the way between the rows crosses the loop), the
box's ends spread again each time. The first change that leaves the links it touches with
fewer such faults and none deeper into another box is kept. Pure functions of points; units
are points, y upwards.
"""

import itertools
import math

import numpy as np

from explainer.model.outline import (
    CLEAR_OF_BOXES,
    CURL_DEG,
    crosses_itself,
    depth_in,
    nudged,
    outline_length,
    outline_place,
    segments_cross,
    winding,
)
from explainer.model.wayround import rounded, side_middle, way_round

MOVES_EM = (0.75, -0.75, 1.5, -1.5, 2.25, -2.25, 3.0, -3.0, 4.0, -4.0)  # an end moved along its box
NUDGE_EM = (0.75, 1.5)  # or its middle pushed this far off a head it runs across
SWAP_REACH = 1  # or, crossing its loop or curling, an end swapped with one this many places either side
LANE_EM = 1.5  # or, crossing its loop, taken round the loop's boxes this far out
AIM_EM = (2.0, 4.0)  # or, curling, an end set facing its link's point this far out from the box
SIDES = ((0, 1), (0, -1), (-1, 0), (1, 0))  # up, down, left, right
PASSES = 2  # times every link is looked at
REACH_EM = 4.0  # or, crossing its loop or curling, a way round the boxes this near its loop's


def untangled(out, route, head, placed, ends, boxes, partners, gap, respread, em) -> dict:
    """The routes ``out`` (edge: (control points, tip, direction)) untangled, as the module says.

    ``route(edge, head place, start place)`` reroutes a link to new places on its boxes'
    outlines, ``head(edge, tip, direction)`` gives its head's polygon; ``placed`` holds each
    end's place ((edge, "head" or "start"): place), ``ends`` each box's ends ((half width,
    (edge, end)), ...), ``partners`` each edge's fellow links round its feedback loops,
    ``gap(end, half, other end, half)`` how far apart two ends on one box must be, and
    ``respread(node, [(place, half, end), ...])`` the places of a box's ends spread again.
    """
    from explainer.model.layout import bezier_points

    def span(points) -> tuple:
        return (points, _bounds(points))

    def shaft(controls) -> tuple:  # its points, their bounds, as an array, its pieces' bounds
        points = bezier_points(controls, 32)
        array = np.asarray(points, dtype=float)
        a, b = array[:-1], array[1:]
        return (points, _bounds(points), array, (np.minimum(a, b), np.maximum(a, b)))

    heads = {k: span(head(k, r[1], r[2])) for k, r in out.items()}
    shafts = {k: shaft(r[0]) for k, r in out.items()}

    def faults(key, heads, shafts) -> int:
        (points, near, _, pieces), (head, around) = shafts[key], heads[key]
        n = 0
        for k, (other, there) in heads.items():
            if k != key and _meet(near, there):
                n += _across(points, other, pieces, there) + _overlap(head, other)
            if k != key and _meet(shafts[k][1], around):
                n += _across(shafts[k][0], head, shafts[k][3], around)
        return n + twists(key, shafts)

    def twists(key, shafts) -> int:  # crossings with the link's own loops, and a curl
        this = points, near, array, _ = shafts[key]
        n = sum(_shafts_cross(this, shafts[k]) for k in partners.get(key, ()) if _meet(near, shafts[k][1]))
        return n + (winding(points) > CURL_DEG or crosses_itself(array[::4]))

    def node_of(item):
        (u, v), end = item
        return v if end == "head" else u

    def half_of(item):
        return next(h for h, i in ends[node_of(item)] if i == item)

    def fits(item, there, trial) -> bool:  # the end at ``there`` as far from its neighbours as asked
        box, half = boxes[node_of(item)], half_of(item)
        return not any(
            _round_gap(there, trial[other], box) < gap(item, half, other, h)
            for h, other in ends[node_of(item)]
            if other != item
        )

    def rerouted(keys, trial) -> dict:  # a link detoured keeps its way round ((edge, "via"))
        return {k: route(k, trial[(k, "head")], trial[(k, "start")], trial.get((k, "via"))) for k in keys}

    def moved(key):  # the link with one end moved along its box
        for end, move in ((end, m) for m in MOVES_EM for end in ("head", "start")):
            item = (key, end)
            there = (placed[item] + move * em) % outline_length(boxes[node_of(item)])
            if fits(item, there, placed):
                trial = {**placed, item: there}
                yield rerouted([key], trial), trial

    def pushed(key):  # the link's middle pushed off a head it runs across
        for k in heads:
            if k != key and _across(shafts[key][0], heads[k][0]):
                away = (-out[k][2][0], -out[k][2][1])
                for amount in NUDGE_EM:
                    path = nudged(out[key][0], out[k][1], away, amount * em, 4 * em)
                    yield {key: (path, out[key][1], out[key][2])}, placed

    def swapped(key):  # one end and a neighbour on its box trade places, the box's ends spread again
        for end in ("head", "start"):
            item, node = (key, end), node_of((key, end))
            row = sorted((i for _, i in ends[node]), key=lambda i: placed[i])
            at = row.index(item)
            near = {row[(at + k) % len(row)] for k in range(-SWAP_REACH, SWAP_REACH + 1)} - {item}
            for other in sorted(near, key=lambda i: (abs(placed[i] - placed[item]), str(i))):
                trial = {**placed, item: placed[other], other: placed[item]}
                trial.update(respread(node, [(trial[i], h, i) for h, i in ends[node]]))
                keys = {i[0] for _, i in ends[node] if abs(trial[i] - placed[i]) > 1e-6}
                yield rerouted(sorted(keys), trial), trial

    def detoured(key):  # round the outside of the boxes of the loop's links it crosses
        crossed = [k for k in partners.get(key, ()) if _shafts_cross(shafts[key], shafts[k])]
        if not crossed or key[0] == key[1]:
            return
        own, loop = [boxes[n] for n in key], [boxes[n] for k in (key, *crossed) for n in k]
        for side, lane in ((side, _lane(bs, side, LANE_EM * em)) for bs in (own, loop) for side in SIDES):
            s, t = side_middle(boxes[key[0]], side), side_middle(boxes[key[1]], side)
            a, b = ((s[0], lane), (t[0], lane)) if side[0] == 0 else ((lane, s[1]), (lane, t[1]))
            if not _clear_way((s, a, b, t), [box for n, box in boxes.items() if n not in key]):
                continue
            middle = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
            yield by_way(key, [s, a, a, middle, b, b, t])

    def went_round(key):  # round every box on a grid, across none of its loop's links
        loop = partners.get(key, set())
        if key[0] != key[1] and key not in went:
            went.add(key)
            around = [boxes[n] for k in (key, *loop) for n in k]
            avoid, others = [to_tip(k) for k in loop], [to_tip(k) for k in out if k != key and k not in loop]
            way = way_round(*(boxes[n] for n in key), around, boxes.values(), avoid, others, em, REACH_EM)
            if way is not None:
                yield by_way(key, rounded(way, em))

    def to_tip(key):  # the link's shaft on to its head's tip
        return np.vstack([shafts[key][2], out[key][1]])

    def by_way(key, via):  # the link along ``via`` (control points), its boxes' ends spread again
        trial = {**placed, (key, "via"): via}
        trial[(key, "start")] = outline_place(boxes[key[0]], via[0])
        trial[(key, "head")] = outline_place(boxes[key[1]], via[-1])
        keys = {key}
        for node in key:
            trial.update(respread(node, [(trial[i], h, i) for h, i in ends[node]]))
            keys |= {i[0] for _, i in ends[node] if abs(trial[i] - placed[i]) > 1e-6}
        return rerouted(sorted(keys), trial), trial

    def aimed(key):  # an end of a curling link set facing the way it comes, the box's ends spread again
        points = shafts[key][0]
        for (end, node), reach in itertools.product(((("head", key[1]), ("start", key[0]))), AIM_EM):
            box, item = boxes[node], (key, end)
            along = points[::-1] if end == "head" else points
            p = next((q for q in along if box.border_distance(q) >= reach * em), None)
            if p is not None:
                trial = {**placed, item: outline_place(box, p)}
                trial.update(respread(node, [(trial[i], h, i) for h, i in ends[node]]))
                keys = {i[0] for _, i in ends[node] if abs(trial[i] - placed[i]) > 1e-6}
                yield rerouted(sorted(keys), trial), trial

    now: dict = {}  # faults of links as they are now
    went: set = set()  # links a way round was looked for (once each: the boxes stay)
    for _ in range(PASSES):
        for key in out:
            if not now.setdefault(key, faults(key, heads, shafts)):
                continue
            more = (swapped(key), detoured(key), aimed(key), went_round(key)) if twists(key, shafts) else ()
            for change, trial in itertools.chain(moved(key), pushed(key), *more):
                new_heads = {k: span(head(k, *r[1:])) for k, r in change.items()}
                trial_heads = {**heads, **new_heads}
                trial_shafts = {**shafts, **{k: shaft(r[0]) for k, r in change.items()}}
                before = sum(
                    now[k] if k in now else now.setdefault(k, faults(k, heads, shafts)) for k in change
                )
                if sum(faults(k, trial_heads, trial_shafts) for k in change) < before and all(
                    _no_deeper(out[k][0], r[0], [b for n, b in boxes.items() if n not in k])
                    for k, r in change.items()
                ):
                    out.update(change)
                    now.clear()
                    heads, shafts, placed = trial_heads, trial_shafts, trial
                    break
    return out


def _lane(boxes, side, clear: float) -> float:
    """The line ``clear`` beyond all ``boxes`` on ``side`` (its y for up or down, else its x)."""
    if side[0] == 0:
        return max(b.y + b.height for b in boxes) + clear if side[1] > 0 else min(b.y for b in boxes) - clear
    return max(b.x + b.width for b in boxes) + clear if side[0] > 0 else min(b.x for b in boxes) - clear


def _clear_way(points, boxes) -> bool:
    """Whether the polyline ``points``, of upright and level pieces, keeps out of every box."""
    for a, b in itertools.pairwise(points):
        x0, x1, y0, y1 = min(a[0], b[0]), max(a[0], b[0]), min(a[1], b[1]), max(a[1], b[1])
        if any(x0 < q.x + q.width and q.x < x1 and y0 < q.y + q.height and q.y < y1 for q in boxes):
            return False
    return True


def heads_crossed(key, path, heads: dict) -> int:
    """How many of the other links' heads (edge: head polygon) the path (control points) of
    link ``key`` runs across."""
    from explainer.model.layout import bezier_points

    points = bezier_points(path, 32)
    near = _bounds(points)
    return sum(_across(points, head) for k, head in heads.items() if k != key and _meet(near, _bounds(head)))


def _no_deeper(old, new, others) -> bool:
    """Whether the path ``new`` runs no deeper into the ``others`` boxes than ``old`` (or a graze)."""
    return depth_in(new, others) <= max(depth_in(old, others), CLEAR_OF_BOXES)


def _round_gap(a: float, b: float, box) -> float:
    """How far apart two places are round ``box``'s outline, the short way."""
    d = abs(a - b) % outline_length(box)
    return min(d, outline_length(box) - d)


def _shafts_cross(a, b) -> bool:
    """Whether two shafts (points, bounds, array, pieces' corners) cross: their pieces within
    each other's bounds asked :func:`segments_cross`."""
    i, j = _pieces_within(a, b[1]), _pieces_within(b, a[1])
    return bool(len(i) and len(j)) and segments_cross(a[2][i], a[2][i + 1], b[2][j], b[2][j + 1])


def _pieces_within(shaft, bounds):
    (lx, ly), (hx, hy) = shaft[3][0].T, shaft[3][1].T
    return np.flatnonzero((hx >= bounds[0]) & (lx <= bounds[1]) & (hy >= bounds[2]) & (ly <= bounds[3]))


def _across(points, head, pieces=None, bounds=None, depth: float = 0.5) -> bool:
    """Whether the polyline ``points`` runs ``depth`` points or more into the convex polygon
    ``head`` (closed: first point repeated last): whether a piece of it, clipped to the
    polygon's sides moved ``depth`` inwards, keeps any length (Cyrus-Beck). ``pieces``: the
    pieces' lower and upper corners as two arrays, ``bounds``: the head's, when known."""
    x0, x1, y0, y1 = bounds or _bounds(head)
    if pieces is None:
        near = range(len(points) - 1)
    else:
        (lx, ly), (hx, hy) = pieces[0].T, pieces[1].T
        near = np.flatnonzero((hx > x0) & (lx < x1) & (hy > y0) & (ly < y1)).tolist()
    sides = _inward(head[:-1]) if near else ()
    for i in near:
        a, b = points[i], points[i + 1]
        if max(a[0], b[0]) > x0 and min(a[0], b[0]) < x1 and max(a[1], b[1]) > y0 and min(a[1], b[1]) < y1:
            lo, hi = 0.0, 1.0
            for nx_, ny_, c in sides:
                da, db = nx_ * a[0] + ny_ * a[1] - c - depth, nx_ * b[0] + ny_ * b[1] - c - depth
                if da <= 0 and db <= 0:
                    break
                if da < 0:
                    lo = max(lo, da / (da - db))
                elif db < 0:
                    hi = min(hi, da / (da - db))
            else:
                if lo < hi:
                    return True
    return False


def _inward(poly) -> list:
    """Each side of the convex polygon ``poly`` as (inward unit normal, offset): a point ``p``
    lies ``n . p - offset`` inside that side."""
    area = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(poly, (*poly[1:], poly[0]), strict=True))
    sign, out = (1.0 if area > 0 else -1.0), []
    for a, b in zip(poly, (*poly[1:], poly[0]), strict=True):
        length = math.dist(a, b) or 1.0
        nx_, ny_ = -sign * (b[1] - a[1]) / length, sign * (b[0] - a[0]) / length
        out.append((nx_, ny_, nx_ * a[0] + ny_ * a[1]))
    return out


def _bounds(points) -> tuple:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs), max(xs), min(ys), max(ys))


def _meet(a, b) -> bool:
    """Whether two bounds (xmin, xmax, ymin, ymax) meet."""
    return a[0] <= b[1] and b[0] <= a[1] and a[2] <= b[3] and b[2] <= a[3]


def _overlap(a, b, depth: float = 0.5) -> bool:
    """Whether two heads (convex, closed) overlap more than ``depth`` points: by how little
    they overlap along any of their sides' normals (separating axes)."""
    for nx_, ny_, _ in (*_inward(a[:-1]), *_inward(b[:-1])):
        sa, sb = [nx_ * p[0] + ny_ * p[1] for p in a], [nx_ * p[0] + ny_ * p[1] for p in b]
        if min(max(sa), max(sb)) - max(min(sa), min(sb)) <= depth:
            return False
    return True
