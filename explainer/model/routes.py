"""How a link meets its boxes: the geometry of routes and SBGN heads, for :mod:`explainer.model.scene`.

dot routes each edge as a spline aimed at the boxes' centres, stopping at a box's clearance,
so links crowd into one point of a box and a head meets a corner askew. Here the two links of
an opposite pair (a to b, b to a) are moved apart; then the links meeting each box are ordered
round it as they come and spread along its outline (:mod:`explainer.model.outline`), heads by
their widths (a feedback loop's way in and way out of a box an em and a quarter apart); a head
is set on its target's border square to it (a bar lies along the border) and dot's path is
bent to the new ends (:func:`spread_routes`); a link across another's head, across a link of
its own loop, or curling is then untangled (:mod:`explainer.model.untangle`), and an opposite
pair's middles pushed apart where that runs across no more heads. Pure functions of points;
units are points, y upwards.

>>> head_polygon("bar", (0, 0), (1, 0))
((0.0, 9.0), (0.0, -9.0), (-3.0, -9.0), (-3.0, 9.0), (0.0, 9.0))
"""

import itertools
import math

import networkx as nx

from explainer.model.outline import (
    outline_at,
    outline_length,
    outline_place,
    pairs_apart,
    reshaped,
    spread,
)
from explainer.model.untangle import heads_crossed, untangled

# At the layout's base font size (16 pt); every length scales with the label size.
HEAD_LENGTH, HEAD_HALF_WIDTH = 12.0, 7.5  # triangle and diamond
BAR_THICKNESS, BAR_HALF_WIDTH = 3.0, 9.0  # the inhibition bar
OUTSIDE = -0.05  # points a head may dip into its target's outline (rounding)
PAIR_GAP_EM = 1.0  # two links joining the same boxes, one each way, run at least this far apart
SHAPE_NAMES = ("bar", "diamond", "triangle")


def separated_routes(g, lay) -> dict:
    """Each edge's (control points, aim of its head), the two links of an opposite pair (a to b
    and b to a) moved apart, side by side, to :data:`PAIR_GAP_EM` at least: dot may route them
    a few points apart, where bar and triangle read as one line."""
    routes = {
        k: ([tuple(map(float, p)) for p in lay.edges[k]], tuple(map(float, lay.tips[k]))) for k in g.edges
    }
    gap = PAIR_GAP_EM * lay.fontsize
    for u, v in g.edges:
        if (v, u) not in routes or str(u) > str(v):
            continue
        (a, _), (b, _) = routes[(u, v)], routes[(v, u)]
        nx_, ny_ = _unit(a[0][1] - a[-1][1], a[-1][0] - a[0][0])  # across the link a to b
        (ax, ay), (bx, by) = _middle(a), _middle(b)
        apart = (ax - bx) * nx_ + (ay - by) * ny_
        if abs(apart) >= gap:
            continue
        shift = (gap - abs(apart)) / 2 * (1 if apart >= 0 else -1)
        for key, sign in (((u, v), 1), ((v, u), -1)):
            points, aim = routes[key]
            dx, dy = sign * shift * nx_, sign * shift * ny_
            routes[key] = ([(x + dx, y + dy) for x, y in points], (aim[0] + dx, aim[1] + dy))
    return routes


def _middle(controls) -> tuple:
    """The point half way along a cubic Bézier path's segments (by parameter, enough to compare)."""
    k = (len(controls) - 1) // 3
    i = 3 * (k // 2)
    p0, p1, p2, p3 = controls[i : i + 4]
    t = 0.5 if k % 2 else 0.0
    a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
    return (a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1])


def border_hit(box, start, aim) -> tuple[tuple, tuple]:
    """Where the ray from ``start`` towards ``aim`` meets ``box``'s outline, and its direction.

    When the ray misses the box (it grazes a corner), the nearest point of the outline to
    ``aim`` is used, and the direction turned to it.
    """
    ux, uy = _unit(aim[0] - start[0], aim[1] - start[1])
    t, limit = 0.0, 4 * math.dist(start, aim) + box.width + box.height
    while t < limit:  # sphere tracing: the signed distance is a safe step
        d = box.border_distance((start[0] + t * ux, start[1] + t * uy))
        if d < 1e-4:
            return (start[0] + t * ux, start[1] + t * uy), (ux, uy)
        t += d
    near = _nearest_on_border(box, aim)
    return near, _unit(near[0] - start[0], near[1] - start[1])


def _nearest_on_border(box, p) -> tuple:
    d, eps = box.border_distance(p), 1e-4
    gx = (box.border_distance((p[0] + eps, p[1])) - box.border_distance((p[0] - eps, p[1]))) / (2 * eps)
    gy = (box.border_distance((p[0], p[1] + eps)) - box.border_distance((p[0], p[1] - eps))) / (2 * eps)
    gx, gy = _unit(gx, gy)
    return (p[0] - d * gx, p[1] - d * gy)


def clear_of(box, shape: str, tip, direction, scale: float) -> tuple:
    """The tip moved back along the link as little as needed for the head to stay out of ``box``."""

    def clear(back: float) -> bool:
        at = (tip[0] - back * direction[0], tip[1] - back * direction[1])
        points = outline_points(head_polygon(shape, at, direction, scale))
        return min(box.border_distance(p) for p in points) >= OUTSIDE

    if clear(0.0):
        return tip
    lo, hi = 0.0, HEAD_LENGTH * scale
    while not clear(hi):
        hi *= 2
    for _ in range(30):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if clear(mid) else (mid, hi)
    return (tip[0] - hi * direction[0], tip[1] - hi * direction[1])


def outline_points(points, per_side: int = 8) -> list:
    """Points along a closed polygon's sides, ``per_side`` on each (to test it against a box)."""
    out = []
    for a, b in zip(points, points[1:], strict=False):
        out += [
            (a[0] + (b[0] - a[0]) * i / per_side, a[1] + (b[1] - a[1]) * i / per_side)
            for i in range(per_side)
        ]
    return out


def head_polygon(shape: str, tip, direction, scale: float = 1.0) -> tuple:
    """The head's closed polygon (first point repeated last) with its tip at ``tip``.

    >>> head_polygon("triangle", (0, 0), (1, 0))
    ((0.0, 0.0), (-12.0, 7.5), (-12.0, -7.5), (0.0, 0.0))
    """
    ux, uy = direction
    nx_, ny_ = -uy, ux

    def at(back, side):
        return (tip[0] - back * ux + side * nx_ + 0.0, tip[1] - back * uy + side * ny_ + 0.0)

    length, half = HEAD_LENGTH * scale, HEAD_HALF_WIDTH * scale
    if shape == "triangle":
        points = [at(0, 0), at(length, half), at(length, -half)]
    elif shape == "bar":
        bar, side = BAR_THICKNESS * scale, BAR_HALF_WIDTH * scale
        points = [at(0, side), at(0, -side), at(bar, -side), at(bar, side)]
    elif shape == "diamond":
        points = [at(0, 0), at(length / 2, half), at(length, 0), at(length / 2, -half)]
    else:
        raise ValueError(f"unknown head shape {shape!r}; one of {list(SHAPE_NAMES)}")
    return tuple((round(x, 6) + 0.0, round(y, 6) + 0.0) for x, y in (*points, points[0]))


def straight(a, b) -> list:
    """A straight segment from ``a`` to ``b`` as a cubic Bézier's three further control points."""
    return [(a[0] + (b[0] - a[0]) * k / 3, a[1] + (b[1] - a[1]) * k / 3) for k in (1, 2, 3)]


def _unit(dx: float, dy: float) -> tuple[float, float]:
    norm = math.hypot(dx, dy) or 1.0
    return (dx / norm, dy / norm)


# ---------------------------------------------------------------------------------------------
# Ends spread along a box's outline: no two links leave or enter one point of a box.

END_GAP_EM = 0.6  # two ends of links on one box at least this far apart along its outline
HEAD_MARGIN_EM = 0.25  # and two heads side by side this far apart beyond their half widths
LOOK_EM = 1.0  # an end's place on the outline faces the link this far out from the box
LOOP_GAP_EM = 1.25  # a feedback loop's link in and link out of one box this far apart along it
LOOP_LENGTH = 6  # the longest feedback loop (boxes round it) kept untangled


def spread_routes(g, lay, boxes: dict, shapes: dict, scale: float) -> dict:
    """Each edge's (control points, head tip, head direction), its two ends spread along their
    boxes' outlines: the links meeting a box are ordered round it as they come (so they do not
    cross there), then moved apart as little as it takes, heads by their widths and a margin,
    every end by :data:`END_GAP_EM` at least. A head then meets its box square to the outline
    (a bar lies along the border), and the shaft leaves its source square too, a clearance out.

    ``boxes``: the scene's box per node; ``shapes``: the head shape per edge.
    """
    from explainer.model.layout import CLEAR_EM, bezier_points  # layout's spacing; one layer

    em = lay.fontsize
    routes = separated_routes(g, lay)
    at: dict = {n: [] for n in boxes}  # node: [(place, half width, (edge, end))]
    for key, (controls, _) in routes.items():
        u, v = key
        pts = bezier_points(controls, 12)
        half = (BAR_HALF_WIDTH if shapes[key] == "bar" else HEAD_HALF_WIDTH) * scale
        at[v].append((_facing(boxes[v], pts[::-1], LOOK_EM * em), half, (key, "head")))
        at[u].append((_facing(boxes[u], pts, LOOK_EM * em), 0.5 * scale, (key, "start")))
    partners, turns = _loops(g)

    def gap(a, a_half, b, b_half):
        return _gap(a, a_half, b, b_half, turns, em)

    placed = {}
    for n, items in at.items():
        placed.update(spread_ends(boxes[n], items, gap))
    clear = CLEAR_EM * em

    def route(key, head_place, start_place, controls=None):  # dot's path, or the one given, bent
        u, v = key
        tip, normal = outline_at(boxes[v], head_place)
        back = (BAR_THICKNESS if shapes[key] == "bar" else HEAD_LENGTH) * scale
        base = (tip[0] + back * normal[0], tip[1] + back * normal[1])
        edge, out_normal = outline_at(boxes[u], start_place)
        start = (edge[0] + clear * out_normal[0], edge[1] + clear * out_normal[1])
        others = [b for n, b in boxes.items() if n not in key]
        c = list(controls or routes[key][0])
        path = reshaped(c, start, out_normal, base, normal, boxes[u], boxes[v], others, em)
        return path, tip, (-normal[0], -normal[1])

    out = {key: route(key, placed[(key, "head")], placed[(key, "start")]) for key in routes}
    ends = {n: [(item[1], item[2]) for item in items] for n, items in at.items()}

    def head(key, tip, direction):
        return head_polygon(shapes[key], tip, direction, scale)

    def respread(node, items):
        return spread_ends(boxes[node], items, gap)

    out = untangled(out, route, head, placed, ends, boxes, partners, gap, respread, em)
    heads = {k: head(k, r[1], r[2]) for k, r in out.items()}
    return pairs_apart(out, PAIR_GAP_EM * em, boxes, lambda key, path: heads_crossed(key, path, heads))


def spread_ends(box, items, gap) -> dict:
    """Each end's place along ``box``'s outline ((end: place)), from the places it would take,
    kept in their order round the box and moved apart as ``gap(end, half, next end, half)`` asks
    (:func:`~explainer.model.outline.spread`). ``items``: (place, half width, end) per end."""
    items = sorted(items, key=lambda item: item[0] % outline_length(box))
    gaps = [gap(a[2], a[1], b[2], b[1]) for a, b in zip(items, (*items[1:], items[0]), strict=True)]
    places = spread([i[0] for i in items], gaps, outline_length(box))
    return {item[2]: place for item, place in zip(items, places, strict=True)}


def _gap(a, a_half: float, b, b_half: float, turns: set, em: float) -> float:
    """How far apart along a box two ends ``a`` and ``b`` ((edge, "head" or "start")) must be:
    by their half widths and a margin, :data:`END_GAP_EM` at least, and :data:`LOOP_GAP_EM`
    when one is a feedback loop's way in to the box and the other its way on."""
    gap = max(END_GAP_EM * em, a_half + b_half + HEAD_MARGIN_EM * em)
    if (a[0], b[0]) in turns or (b[0], a[0]) in turns:
        gap = max(gap, LOOP_GAP_EM * em)
    return gap


def _loops(g) -> tuple[dict, set]:
    """The feedback loops of ``g`` (up to :data:`LOOP_LENGTH` boxes round): per edge, the other
    edges of its loops; and each (edge in, edge on) that turn round a box of a loop of 3 or more."""
    partners: dict = {}
    turns = set()
    for cycle in nx.simple_cycles(g, length_bound=LOOP_LENGTH):
        keys = list(zip(cycle, (*cycle[1:], cycle[0]), strict=True))
        for a, b in itertools.permutations(keys, 2):
            partners.setdefault(a, set()).add(b)
        if len(keys) > 2:
            turns.update(zip(keys, (*keys[1:], keys[0]), strict=True))
    return partners, turns


def _facing(box, points, distance: float) -> float:
    """Where on ``box``'s outline a link faces it: from the first of ``points`` (the link's,
    from the box outwards) at least ``distance`` from the box, straight on along the link."""
    for i, p in enumerate(points):
        if i and box.border_distance(p) >= distance:
            prev = points[i - 1]
            hit, _ = border_hit(box, p, (2 * prev[0] - p[0], 2 * prev[1] - p[1]))
            return outline_place(box, hit)
    return outline_place(box, points[-1])
