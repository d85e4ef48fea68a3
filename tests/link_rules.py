"""The rules links follow to read well, measured on a scene (pure data: no renderer).

Each function returns the breaches it finds, as readable tuples, so a test asserts an empty list
and a benchmark counts them over many generated pathways (``python -m benchmarks.links``).
Units are the scene's points; lengths in ems are multiples of the scene's label size.
"""

import itertools
import math

import networkx as nx
import numpy as np

from explainer.model.layout import bezier_points, lonely
from explainer.model.outline import winding

SPREAD_EM = 0.5  # two links meet one box at least this far apart (head tips, shaft starts)
THROUGH_TOL = 1.0  # points a shaft may graze another box's rectangle
HEAD_TOL = 0.5  # points: two heads, or a shaft and a head, may touch, not overlap more
CURL_DEG = 200.0  # a shaft turns at most this far one way (a U round a rank is 180°): no curl
CURL_SPAN_EM = 15.0  # within this much of its length (a wider U reads as an arch)
LOOP_GAP_EM = 1.0  # a loop's link in and link out of one of its boxes meet it this far apart
LOOP_LENGTH = 6  # the longest feedback loop checked (boxes round it)
TRACK_EM = 0.4  # two shafts closer than this run along one track
TRACK_LENGTH_EM = 1.5  # for longer than this (in ems of the first shaft): they share it


def ends(scene) -> dict:
    """Per box id, the points where links meet it: (link id, "head" or "start", point)."""
    out = {b.id: [] for b in scene.boxes}
    for e in scene.links:
        out[f"node:{e.target}"].append((e.id, "head", e.head.tip))
        out[f"node:{e.source}"].append((e.id, "start", e.path[0]))
    return out


def crowded_ends(scene, spread_em: float = SPREAD_EM) -> list:
    """Two links meeting a box less than ``spread_em`` apart: (box, link, link, distance in em)."""
    out = []
    for box, points in ends(scene).items():
        for (a, _, p), (b, _, q) in itertools.combinations(points, 2):
            d = math.dist(p, q) / scene.font_size
            if d < spread_em:
                out.append((box, a, b, round(d, 2)))
    return out


def shaft_points(link, per_segment: int = 24) -> list:
    return bezier_points(link.path, per_segment)


def through_boxes(scene, tol: float = THROUGH_TOL) -> list:
    """A shaft entering the rectangle of a box it does not join: (link, box, depth in points)."""
    out = []
    for e in scene.links:
        pts = shaft_points(e)
        for b in scene.boxes:
            if b.node in (e.source, e.target):
                continue
            depth = max(_depth_in_rect(p, b) for p in pts)
            if depth > tol:
                out.append((e.id, b.id, round(depth, 1)))
    return out


def _depth_in_rect(p, b) -> float:
    return min(p[0] - b.x, b.x + b.width - p[0], p[1] - b.y, b.y + b.height - p[1])


def overlapping_heads(scene, tol: float = HEAD_TOL) -> list:
    """Two heads (or bars) overlapping by more than ``tol`` points: (link, link)."""
    heads = [(e.id, e.head.points[:-1]) for e in scene.links]
    return [(a, b) for (a, pa), (b, pb) in itertools.combinations(heads, 2) if _convex_overlap(pa, pb) > tol]


def shafts_across_heads(scene, tol: float = HEAD_TOL) -> list:
    """A shaft running across another link's head: (shaft's link, head's link)."""
    out = []
    for h in scene.links:
        poly = h.head.points[:-1]
        xs, ys = [p[0] for p in poly], [p[1] for p in poly]
        for e in scene.links:
            if e.id == h.id:
                continue
            for p in shaft_points(e, 48):
                near = min(xs) - 1 < p[0] < max(xs) + 1 and min(ys) - 1 < p[1] < max(ys) + 1
                if near and _inside_depth(p, poly) > tol:
                    out.append((e.id, h.id))
                    break
    return out


def _edges(poly):
    return list(zip(poly, (*poly[1:], poly[0]), strict=True))


def _orientation(poly) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in _edges(poly))


def _inside_depth(p, poly) -> float:
    """How far ``p`` lies inside the convex polygon (negative: outside)."""
    sign = 1.0 if _orientation(poly) > 0 else -1.0
    depth = math.inf
    for a, b in _edges(poly):
        length = math.dist(a, b) or 1.0
        cross = ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])) / length
        depth = min(depth, sign * cross)
    return depth


def _convex_overlap(pa, pb) -> float:
    """The smallest penetration of two convex polygons along their edges' normals (0: apart)."""
    best = math.inf
    for poly in (pa, pb):
        for a, b in _edges(poly):
            nx_, ny_ = a[1] - b[1], b[0] - a[0]
            norm = math.hypot(nx_, ny_) or 1.0
            nx_, ny_ = nx_ / norm, ny_ / norm
            sa = [p[0] * nx_ + p[1] * ny_ for p in pa]
            sb = [p[0] * nx_ + p[1] * ny_ for p in pb]
            best = min(best, min(max(sa), max(sb)) - max(min(sa), min(sb)))
            if best <= 0:
                return 0.0
    return best


def heads_off_border(scene, within: float = 0.6) -> list:
    """A head whose outline does not touch its target's border within ``within`` points."""
    from explainer.model.routes import outline_points

    out = []
    for e in scene.links:
        target = scene.box(f"node:{e.target}")
        d = min(target.border_distance(p) for p in outline_points(e.head.points, 32))
        if abs(d) > within:
            out.append((e.id, round(d, 2)))
    return out


def lonely_lines(scene, authored: dict | None = None) -> list:
    """A wrapped label line holding only a symbol ("&", "+", "/") or one short word (<= 3
    letters or digits): (box, line). Lines as the author wrote them (``authored``: node to
    label) are the author's choice, not the wrapping's."""
    out = []
    for b in scene.boxes:
        lines = [ln.text for ln in b.lines if ln.role == "label"]
        if len(lines) < 2 or (authored and lines == authored[b.node].split("\n")):
            continue
        out += [(b.id, t) for t in lines if lonely(t)]
    return out


def curls(scene, limit: float = CURL_DEG, span_em: float = CURL_SPAN_EM) -> list:
    """A shaft that loops back on itself: its direction turns more than ``limit`` degrees one
    way (from its least to its greatest heading) within ``span_em`` of its length, or it
    crosses itself: (link, degrees). A wide U round a rank whose arms lean in a few degrees
    (gen57s16's n4 -> n1: 202° over 34 em, its arms 26 em apart) reads as an arch, not a loop;
    a hook round a box's corner turns as far within a few ems."""
    out = []
    for e in scene.links:
        pts = shaft_points(e, 48)
        turn = winding(pts)  # the routing's own measure: what it keeps under CURL_DEG
        if turn > limit:
            turn = _swing_within(pts, span_em * scene.font_size)
        if turn > limit or _crosses_itself(pts):
            out.append((e.id, round(turn)))
    return out


def _swing_within(pts, span: float) -> float:
    """The furthest a polyline's heading swings one way within any stretch ``span`` long."""
    p = np.asarray(pts, dtype=float)
    step = np.diff(p, axis=0)
    keep = np.hypot(step[:, 0], step[:, 1]) > 1e-6
    step = step[keep]
    heading = np.unwrap(np.arctan2(step[:, 1], step[:, 0]))
    along = np.concatenate([[0.0], np.cumsum(np.hypot(step[:, 0], step[:, 1]))[:-1]])
    near = np.abs(along[:, None] - along[None, :]) <= span
    return float(np.degrees((np.abs(heading[:, None] - heading[None, :]) * near).max()))


def _crosses_itself(pts) -> bool:
    segments = list(itertools.pairwise(pts))
    return any(
        _segments_cross(*segments[i], *segments[j])
        for i in range(len(segments))
        for j in range(i + 2, len(segments))
    )


def _segments_cross(a, b, c, d) -> bool:
    def side(o, p, q):
        return (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0])

    return (side(c, d, a) > 0) != (side(c, d, b) > 0) and (side(a, b, c) > 0) != (side(a, b, d) > 0)


def feedback_loops(scene, length: int = LOOP_LENGTH) -> list:
    """Every feedback loop of up to ``length`` boxes (a pair of links both ways included), as
    its links' ids in the loop's order, from the first in sort order."""
    g = nx.DiGraph([(e.source, e.target) for e in scene.links])
    out = []
    for c in nx.simple_cycles(g, length_bound=length):
        ids = [f"edge:{a}->{b}" for a, b in zip(c, (*c[1:], c[0]), strict=True)]
        first = ids.index(min(ids))
        out.append(tuple(ids[first:] + ids[:first]))
    return sorted(out)


def tangled_loops(scene, gap_em: float = LOOP_GAP_EM) -> list:
    """A feedback loop students cannot follow round: two of its links crossing each other
    (link, link, "cross"), or its link in and link out of one box meeting it closer than
    ``gap_em`` (link in, link out, distance in em)."""
    links = {e.id: e for e in scene.links}
    pts = {k: shaft_points(e, 24) for k, e in links.items()}
    out = set()
    for loop in feedback_loops(scene):
        for a, b in itertools.combinations(loop, 2):
            if _polylines_cross(pts[a], pts[b]):
                out.add((*sorted((a, b)), "cross"))
        for into, onward in zip(loop, (*loop[1:], loop[0]), strict=True):
            d = math.dist(links[into].head.tip, links[onward].path[0]) / scene.font_size
            if len(loop) > 2 and d < gap_em:
                out.add((into, onward, round(d, 2)))
    return sorted(out, key=str)


def _polylines_cross(p, q) -> bool:
    """Whether two polylines cross (segments tested by their bounding boxes first)."""

    def bounds(a, b):
        return min(a[0], b[0]), max(a[0], b[0]), min(a[1], b[1]), max(a[1], b[1])

    others = [(c, d, bounds(c, d)) for c, d in itertools.pairwise(q)]
    for a, b in itertools.pairwise(p):
        x0, x1, y0, y1 = bounds(a, b)
        for c, d, (u0, u1, v0, v1) in others:
            if x0 <= u1 and u0 <= x1 and y0 <= v1 and v0 <= y1 and _segments_cross(a, b, c, d):
                return True
    return False


def shared_tracks(scene, near_em: float = TRACK_EM, length_em: float = TRACK_LENGTH_EM) -> list:
    """Two links of different sources and different targets whose shafts run within
    ``near_em`` of each other for more than ``length_em``: students cannot tell which way
    either runs, nor where one ends and the other starts (``srebp2 -> pcsk9`` alongside
    ``pcsk9 -> ldlr`` reads "LDL receptors -> PCSK9"). Links that leave one box and split
    later, or come together into one box, are a bundle and allowed. (link, link, length in
    em), the length of the first shaft within ``near_em`` of the second.

    A head in at the very spot another link leaves is :func:`crowded_ends` (half an em)."""
    em = scene.font_size
    near = near_em * em
    pts = {e.id: np.array(shaft_points(e, 40)) for e in scene.links}
    bounds = {k: (p.min(0) - near, p.max(0) + near) for k, p in pts.items()}
    out = []
    for a, b in itertools.combinations(scene.links, 2):
        if a.source == b.source or a.target == b.target:
            continue
        (alo, ahi), (blo, bhi) = bounds[a.id], bounds[b.id]
        if (alo > bhi).any() or (blo > ahi).any():
            continue
        for first, second in ((a, b), (b, a)):
            run = _run_near(pts[first.id], pts[second.id], near) / em
            if run > length_em:
                out.append((first.id, second.id, round(run, 1)))
                break
    return out


def _run_near(p, q, near: float) -> float:
    """The length of polyline ``p`` (its segments with both ends) within ``near`` of ``q``'s points."""
    d = np.sqrt(((p[:, None, :] - q[None, :, :]) ** 2).sum(-1)).min(1)
    close = d < near
    seg = np.sqrt(((p[1:] - p[:-1]) ** 2).sum(-1))
    return float((seg * (close[1:] & close[:-1])).sum())


def every_breach(scene, authored: dict | None = None) -> dict:
    """Each rule's breaches, by rule name."""
    return {
        "spread": crowded_ends(scene),
        "through": through_boxes(scene),
        "heads_overlap": overlapping_heads(scene),
        "across_head": shafts_across_heads(scene),
        "off_border": heads_off_border(scene),
        "lonely_line": lonely_lines(scene, authored),
        "loop_tangled": tangled_loops(scene),
        "curl": curls(scene),
        "shared_track": shared_tracks(scene),
    }
