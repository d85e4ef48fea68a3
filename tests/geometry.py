"""Geometric checks on a drawn frame, from its matplotlib artists (found by ``gid``).

Edges are checked along their curves, sampled finely from the Bézier segments matplotlib
draws (not their control points, which can lie far from the curve).
"""

import itertools

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import FancyBboxPatch, PathPatch, Polygon
from matplotlib.transforms import Bbox

from explainer.rendering.paint import PAINT

HEDGE_DASH = PAINT.hedge_dash

TOLERANCE = 1.0  # pixels: a curve may graze a box's edge, not enter it
MIN_SHAFT_EM = 0.5  # every link shows a line before its head, half an em at least


def by_gid(container, prefix, kind=object):
    return {
        a.get_gid(): a for a in container if isinstance(a, kind) and (a.get_gid() or "").startswith(prefix)
    }


def curve_points(patch, per_segment: int = 64) -> np.ndarray:
    """Points along the drawn curve of ``patch`` in display coordinates."""
    path = patch.get_path().transformed(patch.get_transform())
    points = []
    for segment, _code in path.iter_bezier():
        t = np.linspace(0, 1, per_segment)
        points.append(segment(t))
    return np.vstack(points)


def inside(points: np.ndarray, box, margin: float = TOLERANCE) -> np.ndarray:
    x, y = points[:, 0], points[:, 1]
    return (box.x0 + margin < x) & (x < box.x1 - margin) & (box.y0 + margin < y) & (y < box.y1 - margin)


def inside_rounded(points: np.ndarray, box, radius: float, margin: float) -> np.ndarray:
    """Points more than ``margin`` inside the rounded box (corner ``radius``, display units)."""
    cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    qx = np.abs(points[:, 0] - cx) - (box.width / 2 - radius)
    qy = np.abs(points[:, 1] - cy) - (box.height / 2 - radius)
    outside = np.hypot(np.maximum(qx, 0), np.maximum(qy, 0))
    distance = outside + np.minimum(np.maximum(qx, qy), 0) - radius
    return distance < -margin


def seen(artist, extent, renderer):
    """What of ``extent`` shows: all of it, or for an artist clipped to its axes (a camera on the
    scene, :func:`explainer.rendering.draw.draw_scene`), the part inside them (None: nothing)."""
    if not artist.get_clip_on() or artist.axes is None:
        return extent
    return Bbox.intersection(extent, artist.axes.get_window_extent(renderer))


def check_frame(fig, emphasised=()) -> dict:
    """Assert the frame's geometry; return the counts checked (for the caller to assert on).

    A frame drawn through a camera clips what lies outside its diagram's axes: the checks on the
    page (text on the frame, texts over texts and boxes, boxes on the frame) look at what shows;
    the scene's own geometry (labels in boxes, links clear of boxes) is checked whole; the
    ``emphasised`` boxes must show whole."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    frame = fig.bbox
    ax = fig.axes[0]
    patches = by_gid(ax.patches, "node:", FancyBboxPatch)
    whole = {g[5:]: b.get_window_extent(renderer) for g, b in patches.items()}
    boxes = {n: seen(patches["node:" + n], e, renderer) for n, e in whole.items()}
    boxes = {n: e for n, e in boxes.items() if e is not None}
    unit = ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0]  # display px a data unit
    radius = {g[5:]: b.get_boxstyle().rounding_size * unit for g, b in patches.items()}
    # the scene's tolerances are a pixel of the frame drawn whole: a camera's zoom magnifies them
    # with everything else (a link grazing a border by half a point grazes it by more pixels)
    zoom = max(1.0, unit / (fig.dpi / 72))
    labels = by_gid(ax.texts, "label:")
    marks = by_gid(ax.texts, "contested:")
    texts = [*fig.texts, *ax.texts, *(t for leg in fig.legends for t in leg.get_texts())]
    extents = {
        id(t): (t, seen(t, t.get_window_extent(renderer), renderer)) for t in texts if t.get_text().strip()
    }
    extents = {k: (t, e) for k, (t, e) in extents.items() if e is not None}
    # every text inside the frame
    for t, ext in extents.values():
        assert frame.x0 <= ext.x0 and ext.x1 <= frame.x1, ("text off the frame", t.get_text()[:40])
        assert frame.y0 <= ext.y0 and ext.y1 <= frame.y1, ("text off the frame", t.get_text()[:40])
    # no text over another text
    for (a, ea), (b, eb) in itertools.combinations(extents.values(), 2):
        assert not ea.overlaps(eb), ("texts overlap", a.get_text()[:30], b.get_text()[:30])
    # each label inside its own box and clear of every other box
    owned = {g[6:]: t for g, t in labels.items()}  # a label's lines: label:ID, label:ID:K
    for n, t in owned.items():
        ext = t.get_window_extent(renderer)
        box = whole[n.split(":")[0]]
        assert box.x0 <= ext.x0 and ext.x1 <= box.x1 and box.y0 <= ext.y0 and ext.y1 <= box.y1, n
    for t, ext in extents.values():
        gid = t.get_gid() or ""
        own = gid.split(":")[1] if gid.startswith(("label:", "contested:")) else None
        for n, box in boxes.items():
            if n != own:
                assert not ext.overlaps(box), ("text over a box", t.get_text()[:30], n)
    # every box inside the frame; boxes never overlap
    for n, box in boxes.items():
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1, n
    for (a, ba), (b, bb) in itertools.combinations(whole.items(), 2):
        assert not ba.overlaps(bb), ("boxes overlap", a, b)
    for n in emphasised:
        assert n in boxes, ("emphasised node not drawn", n)
        assert np.allclose(boxes[n].get_points(), whole[n].get_points()), ("emphasised node cut off", n)
    # edges: the curve, finely sampled, enters no box it does not join; heads clear of all boxes
    shafts = by_gid(ax.patches, "edge:", PathPatch)
    heads = by_gid(ax.patches, "head:", Polygon)
    curves = {}
    for gid, shaft in shafts.items():
        u, v = gid[5:].split("->")
        pts = curve_points(shaft)
        curves[(u, v)] = pts
        for n, box in whole.items():
            if n not in (u, v):
                assert not inside(pts, box, TOLERANCE * zoom).any(), ("edge through a box", gid, n)
    for gid, head in heads.items():
        corners = head.get_transform().transform(head.get_xy())
        pts = np.vstack(
            [
                a + (b - a) * t
                for a, b in zip(corners, corners[1:], strict=False)
                for t in np.linspace(0, 1, 16)
            ]
        )
        for n, box in whole.items():
            assert not inside_rounded(pts, box, radius[n], margin=0.5 * zoom).any(), (
                "arrowhead under a box",
                gid,
                n,
            )
    # every shaft is long enough to see, and a hedged one long enough to show a dash and a gap
    em = max((t.get_fontsize() for t in labels.values()), default=12.0)
    short = 0
    for gid, shaft in shafts.items():
        pts = curves[tuple(gid[5:].split("->"))]
        length = np.hypot(*np.diff(pts, axis=0).T).sum() * 72 / fig.dpi  # in points
        assert length >= MIN_SHAFT_EM * em, ("link with no visible shaft", gid, round(length, 1))
        if shaft.get_linestyle() != "-":
            assert length >= sum(HEDGE_DASH), ("hedged link too short for its dashes", gid, round(length, 1))
        short += length < 1.5 * em
    # pairs in both directions are two distinct curves
    pairs = 0
    for (u, v), pts in curves.items():
        if (v, u) in curves and u < v:
            other = curves[(v, u)]
            gaps = np.min(np.hypot(*(pts[:, None, :] - other[None, :, :]).transpose(2, 0, 1)), axis=1)
            assert gaps.max() > 6, ("pair drawn on one line", u, v)
            pairs += 1
    return {
        "boxes": len(whole),
        "edges": len(shafts),
        "texts": len(extents),
        "pairs": pairs,
        "marks": len(marks),
        "short_shafts": short,
    }
