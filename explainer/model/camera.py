"""Cameras on the scene: which part of the one picture a view shows, step by step.

A mechanism is never too big to teach, only too big for one picture at a readable size. So a
step's view is a camera on the scene (:mod:`explainer.model.scene`): a rectangle framing the step's
boxes and links, as large as the view allows, with the rest of the pathway around them as
faded context; the whole-pathway view frames everything. Every camera of a view has the
view's aspect ratio, so the diagram keeps one size and place and only what it shows moves
(a renderer sets it as the SVG's ``viewBox``, or as a matplotlib axes' limits).

A step whose boxes lie across the pathway (a feedback loop, boxes picked anywhere) may not fit
one camera with labels at a view's floor: it is too big for one picture, not to teach, and
:func:`step_shots` shows it in shots, as a passage goes on on a second page: the fewest cameras
at the floor, one zoom for all, that hold each of its boxes whole in one, in the step's reading
order (along its links). A renderer shows them one after the other (the deck: a slide each).

Pure data in scene units (points, y up, as the scene). A view is ``(width, height)`` in the
renderer's units (CSS px, points); :func:`label_size` says how large the labels come out.

>>> from explainer import load_pathway
>>> from explainer.model.scene import pathway_scene
>>> s = pathway_scene(load_pathway())
>>> view = (1856.0, 650.0)
>>> label_size(s, whole_camera(s, view), view) < label_size(s, step_camera(s, 0, view), view)
True
>>> step_shots(s, 0, view, floor=24.0) == [step_camera(s, 0, view)]  # one picture is enough
True
>>> shots = step_shots(s, 0, view, floor=80.0)  # labels this large need more than one
>>> len(shots) > 1, all(label_size(s, c, view) >= 80.0 for c in shots)
(True, True)
"""

import math
from dataclasses import dataclass

from explainer.model.graph import CURRENT

MARGIN_EM = 1.0  # room around what a camera frames, in label ems
MOST_PX = 32.0  # a step's camera zooms in no further than labels of this size


@dataclass(frozen=True)
class Camera:
    """A rectangle of the scene: lower-left corner (``x``, ``y``), ``width`` and ``height``."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def top(self) -> float:
        return self.y + self.height

    def holds(self, x0: float, x1: float, y0: float, y1: float, eps: float = 1e-6) -> bool:
        """Whether the rectangle ``x0..x1`` by ``y0..y1`` is inside the camera."""
        return self.x - eps <= x0 and x1 <= self.right + eps and self.y - eps <= y0 and y1 <= self.top + eps


def label_size(scene, camera: Camera, view: tuple[float, float]) -> float:
    """The labels' size in the view's units when ``camera`` fills ``view`` (width, height)."""
    return scene.font_size * min(view[0] / camera.width, view[1] / camera.height)


def whole_camera(scene, view: tuple[float, float]) -> Camera:
    """Everything, with a margin, grown to the view's aspect ratio around its centre."""
    return _fitted(_padded(scene.bounds, scene.font_size), view[0] / view[1])


def step_camera(
    scene, step: int, view: tuple[float, float], most: float = MOST_PX, margin: float = MARGIN_EM
) -> Camera:
    """Step ``step``'s boxes and links, framed as large as ``view`` allows (labels at most
    ``most``, ``margin`` label ems around them), centred on them and moved inside the drawing
    where it is larger than the camera (centred on it where smaller); the whole view when they
    need it."""
    whole = whole_camera(scene, view)
    extent = step_extent(scene, step)
    if extent is None:
        return whole
    aspect = view[0] / view[1]
    framed = _fitted(_padded(extent, scene.font_size, margin), aspect)
    least = scene.font_size * view[0] / most  # narrower would blow labels up past ``most``
    if framed.width < least:
        framed = _fitted(_centred(framed, least, least / aspect), aspect)
    if framed.width >= whole.width - 1e-6:
        return whole
    # inside what is drawn (with its margin) where the camera is smaller, centred on it where larger:
    # no empty band beside the pathway while some of it is out of view
    drawn = _padded(scene.bounds, scene.font_size)
    x = _inside(framed.x, framed.width, drawn.x, drawn.width)
    y = _inside(framed.y, framed.height, drawn.y, drawn.height)
    return Camera(x, y, framed.width, framed.height)


def step_shots(
    scene,
    step: int,
    view: tuple[float, float],
    floor: float,
    most: float = MOST_PX,
    margin: float = MARGIN_EM,
) -> list[Camera]:
    """Step ``step`` in as few shots as keep its labels at ``floor`` or more (view units).

    ``[step_camera(...)]`` when that camera's labels reach ``floor``. Otherwise the step is too
    big for one picture: the fewest cameras of the view's aspect, one size for all (labels of
    ``floor`` or more, at most ``most`` unless ``floor`` is larger), such that every current box
    of the step is whole, with ``margin`` ems round it, in one of them, and each current link is
    in a shot with at least one of its ends (its target box when neither end is current). A shot
    frames the links between its boxes too where they fit. The shots come in the step's reading
    order (:func:`step_boxes`), each starting at the first box no earlier shot holds. A box
    larger than a camera at ``floor`` gets a shot of its own, as large as the box needs (its
    labels then come out under ``floor``).
    """
    one = step_camera(scene, step, view, most, margin)
    if label_size(scene, one, view) >= floor - 1e-9:
        return [one]
    items = step_boxes(scene, step)
    if not items:  # nothing current: the whole, as step_camera gives
        return [one]
    fs, aspect = scene.font_size, view[0] / view[1]
    width, height = fs * view[0] / floor, fs * view[1] / floor
    rects = [_padded(_box_bounds(b), fs, margin) for b in items]
    big = [r.width > width + 1e-9 or r.height > height + 1e-9 for r in rects]
    index = [i for i, b in enumerate(big) if not b]
    groups = [
        (index[first], [index[i] for i in held])
        for first, held in _fewest_groups([rects[i] for i in index], width, height)
    ]
    groups = sorted(groups + [(i, [i]) for i, b in enumerate(big) if b])
    framed = [_group_frame(scene, step, items, held, width, height, margin) for _, held in groups]
    sizes = [_fitted(f, aspect).width for f in framed]
    common = max(
        [
            min(fs * view[0] / most, width),
            *(w for w, (first, _) in zip(sizes, groups, strict=True) if not big[first]),
        ]
    )
    drawn = _padded(scene.bounds, fs)
    shots = []
    for f, w, (first, _) in zip(framed, sizes, groups, strict=True):
        c = _centred(f, w if big[first] else common, (w if big[first] else common) / aspect)
        x = _inside(c.x, c.width, drawn.x, drawn.width)
        y = _inside(c.y, c.height, drawn.y, drawn.height)
        shots.append(Camera(x, y, c.width, c.height))
    return shots


def step_boxes(scene, step: int) -> list:
    """The boxes a step's shots hold, in reading order: its current boxes, and the target of a
    current link with neither end current, ordered along the step's current links (each box
    after the boxes that link to it; a loop entered at its first box in the pathway's order),
    then those no current link touches."""
    links = [e for e in scene.links if e.state(step) == CURRENT]
    items = {b.node for b in scene.boxes if b.state(step) == CURRENT}
    items |= {e.target for e in links if e.source not in items and e.target not in items}
    linked = {n for e in links for n in (e.source, e.target)}
    # the pathway's order, the boxes no link of the step touches last: the step's story first
    order = sorted((b for b in scene.boxes if b.node in items), key=lambda b: b.node not in linked)
    into = {
        (e.source, e.target)
        for e in links
        if e.source in items and e.target in items and e.source != e.target
    }
    done: list = []
    while len(done) < len(order):
        seen = {b.node for b in done}
        left = [b for b in order if b.node not in seen]
        free = [b for b in left if not any(t == b.node and s not in seen for s, t in into)]
        done.append((free or left)[0])
    return done


EXACT_UP_TO = 14  # boxes: the fewest shots by a search over subsets up to this many, greedy beyond


def _fewest_groups(rects: list, width: float, height: float) -> list[tuple[int, list[int]]]:
    """The fewest groups of ``rects`` (in reading order), each inside a ``width`` by ``height``
    rectangle, every rect in one, as ``(first, held)``: the rect the group starts at and every
    rect it holds; among as few, those that keep the reading order together."""
    n = len(rects)
    holds = set()
    for a in rects:  # a group's frame can always be moved to start at one's left and one's bottom
        for b in rects:
            box = Camera(a.x, b.y, width, height)
            holds.add(sum(1 << i for i, r in enumerate(rects) if box.holds(r.x, r.right, r.y, r.top, 1e-6)))
    holds = [h for h in holds if h and not any(h != o and h & o == h for o in holds)]  # the largest
    full, memo = (1 << n) - 1, {}

    def best(mask: int) -> tuple:
        """(shots, spread, groups) for the rects outside ``mask``: each group starts at the first."""
        if mask == full:
            return (0, 0, ())
        if mask not in memo:
            first = next(i for i in range(n) if not mask >> i & 1)
            options = [h for h in holds if h >> first & 1]
            if n > EXACT_UP_TO:  # greedy: the group that takes most of what is left
                options = [max(options, key=lambda h: ((h & ~mask).bit_count(), -h))]
            tried = []
            for h in options:
                shots, spread, groups = best(mask | h)
                last = max(i for i in range(n) if (h & ~mask) >> i & 1)
                tried.append((shots + 1, spread + last - first, ((first, h), *groups)))
            memo[mask] = min(tried, key=lambda t: t[:2])
        return memo[mask]

    return [(first, [i for i in range(n) if h >> i & 1]) for first, h in best(0)[2]]


def _group_frame(scene, step: int, items: list, held: list, width: float, height: float, margin: float):
    """The rectangle a shot frames: its boxes, with the step's links between them if that fits."""
    fs = scene.font_size
    boxes = [_box_bounds(items[i]) for i in held]
    nodes = {items[i].node for i in held}
    points = [
        p
        for e in scene.links
        if e.state(step) == CURRENT and e.source in nodes and e.target in nodes
        for p in (*e.path, *e.head.points)
    ]
    frame = _padded(_union(boxes), fs, margin)
    if points:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        linked = _padded(_union([*boxes, (min(xs), max(xs), min(ys), max(ys))]), fs, margin)
        if linked.width <= width + 1e-9 and linked.height <= height + 1e-9:
            frame = linked
    return frame


def _box_bounds(box) -> tuple:
    return (box.x, box.x + box.width, box.y, box.y + box.height)


def _union(bounds: list) -> tuple:
    return (
        min(b[0] for b in bounds),
        max(b[1] for b in bounds),
        min(b[2] for b in bounds),
        max(b[3] for b in bounds),
    )


def _inside(start: float, length: float, lo: float, room: float) -> float:
    """Where a span of ``length`` at ``start`` goes to lie inside ``lo..lo + room`` (or centred on it)."""
    if length >= room:
        return lo + (room - length) / 2
    return min(max(start, lo), lo + room - length)


def step_cameras(
    scene, view: tuple[float, float], most: float = MOST_PX, margin: float = MARGIN_EM
) -> list[Camera]:
    """Every step's camera, in order."""
    return [step_camera(scene, k, view, most, margin) for k in range(scene.steps)]


def part_cameras(scene, view: tuple[float, float], label: float) -> list[Camera]:
    """The whole scene in parts, each a camera of ``view`` with labels of ``label`` (view units):
    a grid, left to right then top to bottom, evenly spread over the drawing and overlapping by
    its largest box at least, so every box is whole in one of them; a part holding no whole box
    is left out. For a whole view whose labels would fall under a floor."""
    width, height = scene.font_size * view[0] / label, scene.font_size * view[1] / label
    x0, x1, y0, y1 = scene.bounds
    largest = (max(b.width for b in scene.boxes), max(b.height for b in scene.boxes))
    xs = _spread(x0, x1 - x0, width, largest[0])
    ys = _spread(y0, y1 - y0, height, largest[1])[::-1]  # the top row first
    cams = [Camera(x, y, width, height) for y in ys for x in xs]
    return [c for c in cams if any(c.holds(b.x, b.x + b.width, b.y, b.y + b.height) for b in scene.boxes)]


def _spread(start: float, extent: float, length: float, largest: float) -> list[float]:
    """Where spans of ``length`` start to cover ``extent`` from ``start``, each step at most
    ``length - largest`` (a thing of length ``largest`` is whole in one span)."""
    if extent <= length:
        return [start + (extent - length) / 2]
    n = math.ceil((extent - length) / max(length - largest, length / 4)) + 1
    return [start + i * (extent - length) / (n - 1) for i in range(n)]


def step_extent(scene, step: int) -> tuple | None:
    """(xmin, xmax, ymin, ymax) of the step's current boxes and links (heads included)."""
    xs, ys = [], []
    for box in scene.boxes:
        if box.state(step) == CURRENT:
            xs += [box.x, box.x + box.width]
            ys += [box.y, box.y + box.height]
    for link in scene.links:
        if link.state(step) == CURRENT:
            for px, py in (*link.path, *link.head.points):
                xs.append(px)
                ys.append(py)
    if not xs:
        return None
    return (min(xs), max(xs), min(ys), max(ys))


def _padded(bounds: tuple, font_size: float, margin: float = MARGIN_EM) -> Camera:
    x0, x1, y0, y1 = bounds
    pad = margin * font_size
    return Camera(x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad)


def _fitted(c: Camera, aspect: float) -> Camera:
    """``c`` grown in one direction to ``aspect`` (width / height), around its centre."""
    if c.width / c.height < aspect:
        return _centred(c, c.height * aspect, c.height)
    return _centred(c, c.width, c.width / aspect)


def _centred(c: Camera, width: float, height: float) -> Camera:
    cx, cy = c.x + c.width / 2, c.y + c.height / 2
    return Camera(cx - width / 2, cy - height / 2, width, height)


__all__ = [
    "Camera",
    "label_size",
    "part_cameras",
    "step_camera",
    "step_cameras",
    "step_boxes",
    "step_extent",
    "step_shots",
    "whole_camera",
]
