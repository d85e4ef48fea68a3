"""How a link meets its boxes: the geometry of routes and SBGN heads, for :mod:`explainer.scene`.

dot routes each edge as a spline that stops at a box's clearance, a few points short of the
box. Here the two links of an opposite pair (a to b, b to a) are moved apart, a head is set on
its target's border (the rounded outline, given as a signed distance by ``box.border_distance``)
and backed off only as far as needed to keep its corners out of the box, and the shaft is
carried on to the head. Pure functions of points; units are points, y upwards.

>>> head_polygon("bar", (0, 0), (1, 0))
((0.0, 9.0), (0.0, -9.0), (-3.0, -9.0), (-3.0, 9.0), (0.0, 9.0))
"""

import math

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
