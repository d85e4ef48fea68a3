"""How a link meets its boxes: the geometry of routes and SBGN heads, for :mod:`explainer.scene`.

dot routes each edge as a spline aimed at the boxes' centres, stopping at a box's clearance,
so links crowd into one point of a box and a head meets a corner askew. Here the two links of
an opposite pair (a to b, b to a) are moved apart; then the links meeting each box are ordered
round it as they come and spread along its outline (:mod:`explainer.outline`), heads by their
widths; a head is set on its target's border square to it (a bar lies along the border) and
dot's path is bent to the new ends (:func:`spread_routes`). Pure functions of points; units
are points, y upwards.

>>> head_polygon("bar", (0, 0), (1, 0))
((0.0, 9.0), (0.0, -9.0), (-3.0, -9.0), (-3.0, 9.0), (0.0, 9.0))
"""

import math

from explainer.outline import outline_at, outline_length, outline_place, spread

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
REDRAW_EM = (2.0, 1.0, 0.5)  # a path is redrawn from this far out from a box it meets (tried in turn)


def spread_routes(g, lay, boxes: dict, shapes: dict, scale: float) -> dict:
    """Each edge's (control points, head tip, head direction), its two ends spread along their
    boxes' outlines: the links meeting a box are ordered round it as they come (so they do not
    cross there), then moved apart as little as it takes, heads by their widths and a margin,
    every end by :data:`END_GAP_EM` at least. A head then meets its box square to the outline
    (a bar lies along the border), and the shaft leaves its source square too, a clearance out.

    ``boxes``: the scene's box per node; ``shapes``: the head shape per edge.
    """
    from explainer.layout import CLEAR_EM, bezier_points  # layout's spacing; one layer

    em = lay.fontsize
    routes = separated_routes(g, lay)
    at: dict = {n: [] for n in boxes}  # node: [(place, half width, (edge, end))]
    for key, (controls, _) in routes.items():
        u, v = key
        pts = bezier_points(controls, 12)
        half = (BAR_HALF_WIDTH if shapes[key] == "bar" else HEAD_HALF_WIDTH) * scale
        at[v].append((_facing(boxes[v], pts[::-1], LOOK_EM * em), half, (key, "head")))
        at[u].append((_facing(boxes[u], pts, LOOK_EM * em), 0.5 * scale, (key, "start")))
    placed = {}
    for n, items in at.items():
        items.sort(key=lambda item: item[0])
        gaps = [
            max(END_GAP_EM * em, a[1] + b[1] + HEAD_MARGIN_EM * em)
            for a, b in zip(items, (*items[1:], items[0]), strict=True)
        ]
        places = spread([i[0] for i in items], gaps, outline_length(boxes[n]))
        placed.update((item[2], place) for item, place in zip(items, places, strict=True))
    out = {}
    clear = CLEAR_EM * em
    for key, (controls, _) in routes.items():
        u, v = key
        tip, normal = outline_at(boxes[v], placed[(key, "head")])
        back = (BAR_THICKNESS if shapes[key] == "bar" else HEAD_LENGTH) * scale
        base = (tip[0] + back * normal[0], tip[1] + back * normal[1])
        edge, out_normal = outline_at(boxes[u], placed[(key, "start")])
        start = (edge[0] + clear * out_normal[0], edge[1] + clear * out_normal[1])
        others = [b for n, b in boxes.items() if n not in key]
        path = _reshaped(list(controls), start, out_normal, base, normal, boxes[u], boxes[v], others, em)
        out[key] = (path, tip, (-normal[0], -normal[1]))
    return _pairs_apart(out, PAIR_GAP_EM * em)


def _pairs_apart(out: dict, gap: float) -> dict:
    """The two links of an opposite pair, bent to their new ends, pushed apart again in their
    middles (their ends stay) when they came closer than ``gap``."""
    from explainer.layout import bezier_points

    for (u, v), (a, tip, d) in list(out.items()):
        if (v, u) not in out or str(u) > str(v):
            continue
        b = out[(v, u)][0]
        for _ in range(4):
            pa, pb = bezier_points(a), bezier_points(b)
            middle = pa[len(pa) // 4 : 3 * len(pa) // 4]
            near = min(min(math.dist(p, q) for q in pb) for p in middle)
            if near >= gap:
                break
            nx_, ny_ = _unit(a[0][1] - a[-1][1], a[-1][0] - a[0][0])
            (ax, ay), (bx, by) = pa[len(pa) // 2], pb[len(pb) // 2]
            sign = 1.0 if (ax - bx) * nx_ + (ay - by) * ny_ >= 0 else -1.0
            push = (gap - near) / 2 / 0.75 + 0.5  # a cubic's middle moves 3/4 of its handles' move
            a = [a[0], *((x + sign * push * nx_, y + sign * push * ny_) for x, y in a[1:-1]), a[-1]]
            b = [b[0], *((x - sign * push * nx_, y - sign * push * ny_) for x, y in b[1:-1]), b[-1]]
        out[(u, v)] = (a, tip, d)
        out[(v, u)] = (b, *out[(v, u)][1:])
    return out


def _reshaped(c: list, start, start_normal, end, end_normal, source, target, others, em) -> list:
    """dot's path ``c`` moved to ``start`` (leaving ``source`` along ``start_normal``) and
    ``end`` (arriving at ``target`` against ``end_normal``). Near each box the path is cut where
    it is :data:`REDRAW_EM` out and redrawn from there as one Bézier segment with the cut's
    tangent: smooth, no kink. A nearer cut is tried when the redrawn ends would cross one of
    the ``others`` boxes."""
    segments = [tuple(c[i : i + 4]) for i in range(0, len(c) - 3, 3)]
    path = _displaced(c, start, start_normal, end, end_normal)
    tried = [(_depth_in(path, others), path)]
    if tried[0][0] <= 0.5:
        return path
    for reach in REDRAW_EM:
        path = _redrawn(segments, start, start_normal, end, end_normal, source, target, reach * em)
        depth = _depth_in(path, others)
        if depth <= 0.5:
            return path
        tried.append((depth, path))
    return min(tried, key=lambda t: t[0])[1]


def _displaced(c: list, start, start_normal, end, end_normal) -> list:
    """dot's path bent, not cut: each control point moved by the two ends' moves, weighted by
    how far along the path it lies; the end handles then turned square to the boxes."""
    along = [0.0]
    for p, q in zip(c, c[1:], strict=False):
        along.append(along[-1] + math.dist(p, q))
    total = along[-1] or 1.0
    ds = (start[0] - c[0][0], start[1] - c[0][1])
    de = (end[0] - c[-1][0], end[1] - c[-1][1])
    out = []
    for p, a in zip(c, along, strict=True):
        w = a / total
        out.append((p[0] + (1 - w) * ds[0] + w * de[0], p[1] + (1 - w) * ds[1] + w * de[1]))
    first = max(math.dist(out[0], out[1]), math.dist(out[0], out[3]) / 3)
    last = max(math.dist(out[-1], out[-2]), math.dist(out[-1], out[-4]) / 3)
    out[0], out[1] = start, _off(start, start_normal, first)
    out[-1], out[-2] = end, _off(end, end_normal, last)
    return out


def _redrawn(segments, start, start_normal, end, end_normal, source, target, reach) -> list:
    back = _cut(segments[::-1], target, reach, reverse=True)
    if back is None:
        return _segment(start, start_normal, end, end_normal)
    kept, q_end, t_end = back
    front = _cut(kept, source, reach, reverse=False)
    if front is None:
        return _segment(start, start_normal, end, end_normal)
    middle, q_start, t_start = front
    if _length(middle) < reach:  # little of dot's path is left between the cuts
        return _segment(start, start_normal, end, end_normal)
    first = _segment(start, start_normal, q_start, (-t_start[0], -t_start[1]))
    last = _segment(q_end, t_end, end, end_normal)
    return [*first, *(p for seg in middle for p in seg[1:]), *last[1:]]


def _cut(segments, box, reach, reverse: bool):
    """Walk the path's ``segments`` from ``box``'s end (the last, when ``reverse``; the
    segments then come last first) to the first point ``reach`` out from the box, and split
    there: (the segments beyond it in path order, the point, the path's direction there).
    ``None`` when the path never gets that far."""
    for i, seg in enumerate(segments):
        for j in range(1, 25):
            t = 1 - j / 24 if reverse else j / 24
            p = _bezier_at(seg, t)
            if box.border_distance(p) >= reach:
                left, right = _split(seg, t)
                if reverse:  # keep what comes before the cut, in path order
                    kept = [*segments[i + 1 :][::-1], left]
                    return kept, p, _unit(p[0] - left[2][0], p[1] - left[2][1])
                kept = [right, *segments[i + 1 :]]
                return kept, p, _unit(right[1][0] - p[0], right[1][1] - p[1])
    return None


def _length(segments) -> float:
    return sum(math.dist(seg[k], seg[k + 1]) for seg in segments for k in range(3))


def _segment(a, a_normal, b, b_normal) -> list:
    """A cubic from ``a`` leaving along ``a_normal`` to ``b`` arriving against ``b_normal``,
    its handles a third of the chord."""
    third = math.dist(a, b) / 3
    return [a, _off(a, a_normal, third), _off(b, b_normal, third), b]


def _bezier_at(seg, t: float) -> tuple:
    a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
    return tuple(a * seg[0][k] + b * seg[1][k] + c * seg[2][k] + d * seg[3][k] for k in (0, 1))


def _split(seg, t: float):
    """de Casteljau: the segment's two halves at ``t``."""

    def mix(p, q):
        return (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)

    p0, p1, p2, p3 = seg
    a, b, c = mix(p0, p1), mix(p1, p2), mix(p2, p3)
    d, e = mix(a, b), mix(b, c)
    f = mix(d, e)
    return (p0, a, d, f), (f, e, c, p3)


def _depth_in(controls, boxes) -> float:
    """How deep the path runs into the deepest of ``boxes`` (their rectangles), in points."""
    from explainer.layout import bezier_points

    deepest = 0.0
    for p in bezier_points(controls, 16):
        for b in boxes:
            d = min(p[0] - b.x, b.x + b.width - p[0], p[1] - b.y, b.y + b.height - p[1])
            deepest = max(deepest, d)
    return deepest


def _off(p, direction, length: float) -> tuple:
    return (p[0] + length * direction[0], p[1] + length * direction[1])


def _facing(box, points, distance: float) -> float:
    """Where on ``box``'s outline a link faces it: from the first of ``points`` (the link's,
    from the box outwards) at least ``distance`` from the box, straight on along the link."""
    for i, p in enumerate(points):
        if i and box.border_distance(p) >= distance:
            prev = points[i - 1]
            hit, _ = border_hit(box, p, (2 * prev[0] - p[0], 2 * prev[1] - p[1]))
            return outline_place(box, hit)
    return outline_place(box, points[-1])
