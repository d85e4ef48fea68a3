"""Cameras on the scene: which part of the one picture a view shows, step by step.

A mechanism is never too big to teach, only too big for one picture at a readable size. So a
step's view is a camera on the scene (:mod:`explainer.model.scene`): a rectangle framing the step's
boxes and links, as large as the view allows, with the rest of the pathway around them as
faded context; the whole-pathway view frames everything. Every camera of a view has the
view's aspect ratio, so the diagram keeps one size and place and only what it shows moves
(a renderer sets it as the SVG's ``viewBox``, or as a matplotlib axes' limits).

Pure data in scene units (points, y up, as the scene). A view is ``(width, height)`` in the
renderer's units (CSS px, points); :func:`label_size` says how large the labels come out.

>>> from explainer import load_pathway
>>> from explainer.model.scene import pathway_scene
>>> s = pathway_scene(load_pathway())
>>> view = (1856.0, 650.0)
>>> label_size(s, whole_camera(s, view), view) < label_size(s, step_camera(s, 0, view), view)
True
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
    "step_extent",
    "whole_camera",
]
