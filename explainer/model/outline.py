"""A box's rounded outline as a line to place link ends along, and paths bent to meet it.

A place is how far along the outline a point lies, anticlockwise from the bottom side's left
end; :func:`outline_at` gives the point and its outward normal, :func:`outline_place` the place
nearest to any point, and :func:`spread` moves places round the outline as little as it takes
to keep them apart (least squares, in their order). Pure functions; boxes are anything with
``x``, ``y``, ``width``, ``height`` and ``rounding`` (a :class:`explainer.model.scene.Box`).
:func:`reshaped` bends a link's path (cubic Bézier control points) to new ends on outlines,
smoothly, clear of other boxes and without curling where it can be (:func:`winding`);
:func:`nudged` pushes a path's middle aside, :func:`pairs_apart` the two links of an opposite
pair apart, :func:`lines_cross` tells whether two paths cross.

>>> spread([10.0, 10.5, 30.0], [2.0, 2.0, 2.0], 100.0)
[9.25, 11.25, 30.0]
"""

import itertools
import math

import numpy as np

CLEAR_OF_BOXES = 0.2  # points a bent path may graze another box's rectangle
HANDLE_EM = 2.0  # a bent path's end handles at most this long: no loop out past the drawing
REDRAW_EM = (2.0, 1.0, 0.5)  # a path is redrawn from this far out from a box it meets (tried in turn)
CURL_DEG = 195.0  # a path whose heading swings further than this one way curls (a U is 180°)


def outline_length(box) -> float:
    """The length of ``box``'s rounded outline."""
    r = box.rounding
    return 2 * (box.width - 2 * r) + 2 * (box.height - 2 * r) + 2 * math.pi * r


def _pieces_of(box):
    """The outline as pieces, anticlockwise from the bottom side's left end: ("line", start,
    end, normal) and ("arc", centre, angle from, angle to)."""
    x, y, w, h, r = box.x, box.y, box.width, box.height, box.rounding
    q = math.pi / 2
    return (
        ("line", (x + r, y), (x + w - r, y), (0.0, -1.0)),
        ("arc", (x + w - r, y + r), -q, 0.0),
        ("line", (x + w, y + r), (x + w, y + h - r), (1.0, 0.0)),
        ("arc", (x + w - r, y + h - r), 0.0, q),
        ("line", (x + w - r, y + h), (x + r, y + h), (0.0, 1.0)),
        ("arc", (x + r, y + h - r), q, 2 * q),
        ("line", (x, y + h - r), (x, y + r), (-1.0, 0.0)),
        ("arc", (x + r, y + r), 2 * q, 3 * q),
    )


def _piece_length(piece, r) -> float:
    return math.dist(piece[1], piece[2]) if piece[0] == "line" else r * (piece[3] - piece[2])


def outline_at(box, s: float) -> tuple[tuple, tuple]:
    """The point at ``s`` along ``box``'s outline (see :func:`outline_place`) and the outward normal."""
    s %= outline_length(box)
    for piece in _pieces_of(box):
        length = _piece_length(piece, box.rounding)
        if s <= length or piece is _pieces_of(box)[-1]:
            break
        s -= length
    if piece[0] == "line":
        _, a, b, normal = piece
        t = s / length if length else 0.0
        return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t), normal
    _, c, start, _ = piece
    angle = start + (s / box.rounding if box.rounding else 0.0)
    normal = (math.cos(angle), math.sin(angle))
    return (c[0] + box.rounding * normal[0], c[1] + box.rounding * normal[1]), normal


def outline_place(box, p) -> float:
    """How far along ``box``'s outline (anticlockwise from the bottom side's left end) the
    outline point nearest to ``p`` lies."""
    best, best_s, s = math.inf, 0.0, 0.0
    for piece in _pieces_of(box):
        length = _piece_length(piece, box.rounding)
        if piece[0] == "line":
            _, a, b, _ = piece
            dx, dy = b[0] - a[0], b[1] - a[1]
            t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (length * length) if length else 0.0
            t = min(1.0, max(0.0, t))
            d = math.dist(p, (a[0] + dx * t, a[1] + dy * t))
            along = t * length
        else:
            _, c, start, stop = piece
            angle = math.atan2(p[1] - c[1], p[0] - c[0])
            while angle < start - math.pi:
                angle += 2 * math.pi
            while angle > start + math.pi:
                angle -= 2 * math.pi
            angle = min(stop, max(start, angle))
            q = (c[0] + box.rounding * math.cos(angle), c[1] + box.rounding * math.sin(angle))
            d, along = math.dist(p, q), (angle - start) * box.rounding
        if d < best - 1e-9:
            best, best_s = d, s + along
        s += length
    return best_s


def spread(places: list, gaps: list, length: float) -> list:
    """Places on a closed outline of ``length``, moved as little as they can be (least squares)
    so that each is at least ``gaps[i]`` before the next one (in the order of ``places``, taken
    round the outline); gaps that do not fit are shrunk alike.

    >>> spread([10.0, 10.5, 30.0], [2.0, 2.0, 2.0], 100.0)
    [9.25, 11.25, 30.0]
    >>> spread([99.0, 0.5], [3.0, 3.0], 100.0)  # round the outline's start
    [98.25, 1.25]
    """
    n = len(places)
    if n < 2:
        return list(places)
    total = sum(gaps)
    if total > length:
        gaps = [g * length / total for g in gaps]
    order = sorted(range(n), key=lambda i: places[i] % length)
    s = [places[i] % length for i in order]
    g = [gaps[i] for i in order]
    # cut the circle where there is most room to spare, and unroll it from there
    slack = [(s[(k + 1) % n] - s[k]) % length - g[k] for k in range(n)]
    cut = max(range(n), key=lambda k: slack[k])
    idx = [(cut + 1 + j) % n for j in range(n)]
    unrolled, acc, offsets = [], 0.0, []
    for j, k in enumerate(idx):
        value = s[k] if j == 0 or s[k] >= s[idx[0]] else s[k] + length
        unrolled.append(value)
        offsets.append(acc)
        acc += g[k]
    pooled = _non_decreasing([u - o for u, o in zip(unrolled, offsets, strict=True)])
    xs = [p + o for p, o in zip(pooled, offsets, strict=True)]
    if xs[0] + length - xs[-1] < g[idx[-1]] - 1e-9:  # the ends meet round the outline: even out
        base = sum(u - o for u, o in zip(unrolled, offsets, strict=True)) / n
        xs = [base + o for o in offsets]
    out = [0.0] * n
    for j, k in enumerate(idx):
        out[order[k]] = round(xs[j] % length, 9)
    return out


def _non_decreasing(values: list) -> list:
    """The least-squares non-decreasing fit to ``values`` (pool adjacent violators)."""
    blocks: list = []  # [mean, count]
    for v in values:
        blocks.append([v, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, c2 = blocks.pop()
            m1, c1 = blocks.pop()
            blocks.append([(m1 * c1 + m2 * c2) / (c1 + c2), c1 + c2])
    return [m for m, c in blocks for _ in range(c)]


def reshaped(c: list, start, start_normal, end, end_normal, source, target, others, em) -> list:
    """dot's path ``c`` moved to ``start`` (leaving ``source`` along ``start_normal``) and
    ``end`` (arriving at ``target`` against ``end_normal``): bent as a whole (:func:`_displaced`);
    where that crosses one of the ``others`` boxes or curls (its heading swings past
    :data:`CURL_DEG`), cut :data:`REDRAW_EM` out from each box and redrawn from there with the
    cut's tangent; failing that, dot's path kept whole and joined to the new ends. The first
    clear of every other box that does not curl, else the one least into them, curling least."""
    from explainer.model.layout import bezier_points

    segments = [tuple(c[i : i + 4]) for i in range(0, len(c) - 3, 3)]
    tried = []
    for reach in (None, *REDRAW_EM, 0.0):
        if reach is None:
            path = _displaced(c, start, start_normal, end, end_normal, em)
        elif reach:
            path = _redrawn(segments, start, start_normal, end, end_normal, source, target, reach * em)
        else:
            path = _joined(c, start, start_normal, end, end_normal)
        depth, curl = depth_in(path, others), winding(bezier_points(path, 24))
        if depth <= CLEAR_OF_BOXES and curl <= CURL_DEG:
            return path
        tried.append((max(depth, CLEAR_OF_BOXES), max(curl, CURL_DEG), path))
    return min(tried, key=lambda t: t[:2])[2]


def winding(points) -> float:
    """How far a polyline's heading swings one way, in degrees (its running turn's range)."""
    total, low, high, last = 0.0, 0.0, 0.0, None
    for a, b in itertools.pairwise(points):
        if math.dist(a, b) < 1e-6:
            continue
        heading = math.atan2(b[1] - a[1], b[0] - a[0])
        if last is not None:
            total += (heading - last + math.pi) % (2 * math.pi) - math.pi
            low, high = min(low, total), max(high, total)
        last = heading
    return math.degrees(high - low)


def _joined(c: list, start, start_normal, end, end_normal) -> list:
    """dot's path as it is, with a short Bézier from ``start`` to its start and from its end to ``end``."""
    first = _unit(c[1][0] - c[0][0], c[1][1] - c[0][1]) if math.dist(c[0], c[1]) > 1e-6 else start_normal
    last = _unit(c[-1][0] - c[-2][0], c[-1][1] - c[-2][1]) if math.dist(c[-1], c[-2]) > 1e-6 else end_normal
    head = _segment(start, start_normal, c[0], (-first[0], -first[1]))
    tail = _segment(c[-1], last, end, end_normal)
    return [*head[:-1], *c, *tail[1:]]


def _displaced(c: list, start, start_normal, end, end_normal, em: float) -> list:
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
    # handles as dot drew them, a third of the end segment's chord at least, HANDLE_EM at most
    chord = math.dist(start, out[3]), math.dist(end, out[-4])
    first = min(max(math.dist(out[0], out[1]), chord[0] / 3), chord[0] / 2, HANDLE_EM * em)
    last = min(max(math.dist(out[-1], out[-2]), chord[1] / 3), chord[1] / 2, HANDLE_EM * em)
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


def nudged(path, at, away, amount: float, reach: float) -> list:
    """``path`` with its inner control points (each segment halved first, end handles kept)
    pushed ``amount`` along ``away``, fully at ``at`` and less with distance, none ``reach`` off."""
    halves = []
    for i in range(0, len(path) - 3, 3):
        left, right = _split(path[i : i + 4], 0.5)
        halves += [*left[:3], *right[:3]]
    points = [*halves, path[-1]]
    for i in range(2, len(points) - 2):
        w = max(0.0, 1.0 - math.dist(points[i], at) / reach)
        points[i] = (points[i][0] + w * amount * away[0], points[i][1] + w * amount * away[1])
    return points


def crosses_itself(points) -> bool:
    """Whether a polyline crosses itself (a loop in it): a segment meets one two on or further."""
    return lines_cross(points, points, after=2)


def lines_cross(p, q, after: int | None = None) -> bool:
    """Whether two polylines cross: a segment of one meets a segment of the other (their
    bounding boxes overlap and each one's ends lie on opposite sides of the other's line). Every
    pair of segments at once with numpy: the untangling asks it for every pair of a loop's
    links, thousands of times in a large pathway. ``after``: segment i of ``p`` against the
    segments of ``q`` from i + ``after`` on only.

    >>> lines_cross([(0, 0), (2, 2)], [(0, 2), (2, 0)]), lines_cross([(0, 0), (2, 0)], [(0, 1), (2, 1)])
    (True, False)
    """
    p, q = np.asarray(p, dtype=float).reshape(-1, 2), np.asarray(q, dtype=float).reshape(-1, 2)
    return len(p) > 1 and len(q) > 1 and segments_cross(p[:-1], p[1:], q[:-1], q[1:], after)


def segments_cross(a, b, c, d, after: int | None = None) -> bool:
    """Whether a segment from ``a`` to ``b`` meets one from ``c`` to ``d`` (rows of arrays)."""
    ax, ay, bx, by = a[:, 0, None], a[:, 1, None], b[:, 0, None], b[:, 1, None]  # the first down
    cx, cy, dx, dy = c[:, 0], c[:, 1], d[:, 0], d[:, 1]  # the second across
    meet = (np.maximum(ax, bx) >= np.minimum(cx, dx)) & (np.maximum(cx, dx) >= np.minimum(ax, bx))
    meet &= (np.maximum(ay, by) >= np.minimum(cy, dy)) & (np.maximum(cy, dy) >= np.minimum(ay, by))
    if after is not None:
        meet = np.triu(meet, k=after)
    if not meet.any():
        return False
    ux, uy, vx, vy = dx - cx, dy - cy, bx - ax, by - ay  # a side: which way round a cross product turns
    apart = (ux * (ay - cy) - uy * (ax - cx) > 0) != (ux * (by - cy) - uy * (bx - cx) > 0)
    apart &= (vx * (cy - ay) - vy * (cx - ax) > 0) != (vx * (dy - ay) - vy * (dx - ax) > 0)
    return bool(np.any(meet & apart))


def pairs_apart(out: dict, gap: float, boxes: dict, crossed=None) -> dict:
    """The two links of an opposite pair, bent to their new ends, pushed apart again in their
    middles (their ends stay) when they came closer than ``gap``, never into another box nor,
    given ``crossed`` (edge, path: how many other links' heads it runs across), across more heads."""
    from explainer.model.layout import bezier_points

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
            a2 = [a[0], *((x + sign * push * nx_, y + sign * push * ny_) for x, y in a[1:-1]), a[-1]]
            b2 = [b[0], *((x - sign * push * nx_, y - sign * push * ny_) for x, y in b[1:-1]), b[-1]]
            others = [box for n, box in boxes.items() if n not in (u, v)]
            deeper = max(depth_in(a2, others), depth_in(b2, others)) > max(
                depth_in(a, others), depth_in(b, others), 0.5
            )
            more = crossed and crossed((u, v), a2) + crossed((v, u), b2) > (
                crossed((u, v), a) + crossed((v, u), b)
            )
            if deeper or more:
                break
            a, b = a2, b2
        out[(u, v)] = (a, tip, d)
        out[(v, u)] = (b, *out[(v, u)][1:])
    return out


def depth_in(controls, boxes) -> float:
    """How deep the path runs into the deepest of ``boxes`` (their rectangles), in points."""
    from explainer.model.layout import bezier_points

    xs, ys = [p[0] for p in controls], [p[1] for p in controls]  # the path lies within its controls' hull
    near = [
        b
        for b in boxes
        if b.x < max(xs) and min(xs) < b.x + b.width and b.y < max(ys) and min(ys) < b.y + b.height
    ]
    if not near:
        return 0.0
    px, py = np.asarray(bezier_points(controls, 48), dtype=float).T[:, :, None]  # points down, boxes across
    x0, y0 = np.array([b.x for b in near]), np.array([b.y for b in near])
    x1, y1 = x0 + np.array([b.width for b in near]), y0 + np.array([b.height for b in near])
    return max(0.0, float(np.minimum(np.minimum(px - x0, x1 - px), np.minimum(py - y0, y1 - py)).max()))


def _off(p, direction, length: float) -> tuple:
    return (p[0] + length * direction[0], p[1] + length * direction[1])


def _unit(dx: float, dy: float) -> tuple[float, float]:
    norm = math.hypot(dx, dy) or 1.0
    return (dx / norm, dy / norm)
