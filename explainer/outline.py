"""A box's rounded outline as a line to place things along: link ends spread round it.

A place is how far along the outline a point lies, anticlockwise from the bottom side's left
end; :func:`outline_at` gives the point and its outward normal, :func:`outline_place` the place
nearest to any point, and :func:`spread` moves places round the outline as little as it takes
to keep them apart (least squares, in their order). Pure functions; boxes are anything with
``x``, ``y``, ``width``, ``height`` and ``rounding`` (a :class:`explainer.scene.Box`).

>>> spread([10.0, 10.5, 30.0], [2.0, 2.0, 2.0], 100.0)
[9.25, 11.25, 30.0]
"""

import math


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
