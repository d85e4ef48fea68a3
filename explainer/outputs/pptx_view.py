"""Which part of the scene a slide's diagram shows, where on the slide, and at what scale.

Every step slide of a deck shows its diagram in the same rectangle at the same scale, so it
never jumps as the teacher steps, and its labels are at least :data:`FLOOR` points. When the
whole pathway fits that rectangle at that size, every step slide shows all of it, each box in
the same place; when it does not (a large pathway), each step's view is a camera on the one
picture: the same scale, framed on the step's boxes and links, the rest of the pathway around
them as context, and kept from the previous step when the new step's boxes are already in view.
The summary's whole pathway is never under :data:`WHOLE_FLOOR`: a pathway too large for that is
shown in :func:`parts` at that size.

Pure data, in points (the slide's, y down; the scene's, y up); no python-pptx.

>>> d = Diagram(0, "", x=100, y=50, w=200, h=100, left=10, top=60, scale=2.0)
>>> d.to_slide((10, 60)), d.to_slide((20, 50))
((100.0, 50.0), (120.0, 70.0))
"""

from dataclasses import dataclass, replace

from explainer.model.camera import part_cameras

FLOOR = 14.0  # step slides' label size, at least (points)
# The summary's labels, at least: 9 pt is the handout's print floor, and a 960-pt slide shown at
# 1366x768 still draws it at 12.8 px (at 1920x1080, 18 px), the whole view's 12-px floor.
WHOLE_FLOOR = 9.0
MOST = 24.0  # and at most: a small pathway is not blown up past the passages' size
EPS = 0.5  # points a shape may stand past the view's edge (rounding)
OVERVIEW_WIDTH = 170.0  # the whole pathway beside a camera's title, at most this wide (points)


@dataclass(frozen=True)
class Diagram:
    """A diagram on a slide: ``step`` (``None``: the whole pathway), its alt text, the slide's
    rectangle (``x``, ``y``, ``w``, ``h``) and the view: the scene point (``left``, ``top``) at
    the rectangle's top-left corner, and ``scale`` (slide points per scene unit)."""

    step: int | None
    alt: str
    x: float
    y: float
    w: float
    h: float
    left: float
    top: float
    scale: float

    def to_slide(self, p) -> tuple[float, float]:
        return (self.x + (p[0] - self.left) * self.scale + 0.0, self.y + (self.top - p[1]) * self.scale + 0.0)

    def holds(self, points) -> bool:
        """Whether every slide point of ``points`` is in the rectangle."""
        return all(
            self.x - EPS <= px <= self.x + self.w + EPS and self.y - EPS <= py <= self.y + self.h + EPS
            for px, py in points
        )

    def shows_box(self, box) -> bool:
        return self.holds(
            [self.to_slide((box.x, box.y)), self.to_slide((box.x + box.width, box.y + box.height))]
        )

    def shows_link(self, link) -> bool:
        """Some of its path is in view (its path's control points bound it)."""
        return bool(self.clip([self.to_slide(q) for q in link.path]))

    def clip(self, points) -> list[list]:
        """The polyline ``points`` (slide) cut to the rectangle: the pieces inside, in order."""
        box = (self.x - EPS, self.y - EPS, self.x + self.w + EPS, self.y + self.h + EPS)
        pieces: list[list] = []
        for a, b in zip(points, points[1:], strict=False):
            seg = _clip_segment(a, b, box)
            if seg is None:
                continue
            if pieces and pieces[-1][-1] == seg[0]:
                pieces[-1].append(seg[1])
            else:
                pieces.append(list(seg))
        return [p for p in pieces if len(p) > 1]


def _clip_segment(a, b, box):
    """Liang–Barsky: the part of segment ``a``–``b`` inside ``box`` (x0, y0, x1, y1), or None."""
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - box[0]), (dx, box[2] - a[0]), (-dy, a[1] - box[1]), (dy, box[3] - a[1])):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    end = lambda t: a if t == 0.0 else b if t == 1.0 else (a[0] + t * dx, a[1] + t * dy)  # noqa: E731
    return end(t0), end(t1)


@dataclass(frozen=True)
class Frame:
    """Where every step slide puts its diagram: the rectangle, the scale, and whether the
    whole pathway is in view (``whole``) or each step gets its own camera."""

    x: float
    y: float
    w: float
    h: float
    scale: float
    whole: bool


def step_frame(scene, x: float, y: float, width: float, height: float) -> Frame:
    """The step slides' frame, in the area (``x``, ``y``, ``width``, ``height``) the slides leave.

    The whole scene at the largest scale that fits, when its labels are then :data:`FLOOR`
    points or more (capped at :data:`MOST`); otherwise labels at the floor and a camera.
    """
    whole = min(width / scene.width, height / scene.height)
    fits = whole * scene.font_size >= FLOOR
    scale = min(whole, MOST / scene.font_size) if fits else FLOOR / scene.font_size
    w, h = min(width, scene.width * scale), min(height, scene.height * scale)
    return Frame(x + (width - w) / 2, y, w, h, scale, fits)


def whole_view(scene, frame: Frame, step, alt: str) -> Diagram:
    """The whole scene in ``frame``, centred (``frame`` may be smaller than the scene: cut)."""
    xmin, xmax, ymin, ymax = scene.bounds
    vw, vh = frame.w / frame.scale, frame.h / frame.scale
    left = (xmin + xmax) / 2 - vw / 2
    top = (ymin + ymax) / 2 + vh / 2
    return Diagram(step, alt, frame.x, frame.y, frame.w, frame.h, left, top, frame.scale)


def step_views(scene, frame: Frame, alts: dict) -> list[Diagram]:
    """Step ``k``'s diagram for every step: the whole, or a camera on the step's boxes."""
    if frame.whole:
        return [whole_view(scene, frame, k, alts.get(k, "")) for k in range(scene.steps)]
    views, last = [], None
    for k in range(scene.steps):
        boxes = [b for b in scene.boxes if b.state(k) == "current"]
        if last is None or _held(last, boxes) < len(boxes) or not boxes:
            last = _camera(scene, frame, boxes)
        views.append(replace(last, step=k, alt=alts.get(k, "")))
    return views


def _held(view: Diagram, boxes) -> int:
    return sum(view.shows_box(b) for b in boxes)


def _camera(scene, frame: Frame, boxes) -> Diagram:
    """A view on as many of ``boxes`` as it can hold: centred on them all, or else on the one
    box whose neighbourhood holds most of them; kept within the scene's bounds."""
    xmin, xmax, ymin, ymax = scene.bounds
    centres = [((xmin + xmax) / 2, (ymin + ymax) / 2)]
    if boxes:
        x0, x1 = min(b.x for b in boxes), max(b.x + b.width for b in boxes)
        y0, y1 = min(b.y for b in boxes), max(b.y + b.height for b in boxes)
        centres = [((x0 + x1) / 2, (y0 + y1) / 2), *(b.centre for b in boxes)]
    vw, vh = frame.w / frame.scale, frame.h / frame.scale
    views = [
        Diagram(
            None,
            "",
            frame.x,
            frame.y,
            frame.w,
            frame.h,
            _clamp(cx - vw / 2, xmin, xmax - vw),
            _clamp(cy + vh / 2, ymin + vh, ymax),
            frame.scale,
        )
        for cx, cy in centres
    ]
    return max(views, key=lambda v: _held(v, boxes))  # the first of the best: all of them if it can


def _clamp(v: float, lo: float, hi: float) -> float:
    """``v`` within [lo, hi]; the middle when the range is empty (the view is wider than the scene)."""
    return (lo + hi) / 2 if hi < lo else min(max(v, lo), hi)


def parts(scene, frame: Frame, alt: str) -> list[Diagram]:
    """The whole scene as parts at ``frame``'s scale, each a view the size of ``frame``
    (:func:`explainer.model.camera.part_cameras`: every box whole in one of them)."""
    label = frame.scale * scene.font_size
    return [
        Diagram(None, alt, frame.x, frame.y, frame.w, frame.h, c.x, c.top, frame.scale)
        for c in part_cameras(scene, (frame.w, frame.h), label)
    ]


def overview(scene, step: int, x: float, y: float, bottom: float) -> Diagram:
    """The whole scene, small, in the corner from (``x``, ``y``) to the slide's margin and
    ``bottom``, right-aligned: where a camera's part sits in the whole."""
    width, height = OVERVIEW_WIDTH, bottom - y
    scale = min(width / scene.width, height / scene.height)
    w, h = scene.width * scale, scene.height * scale
    frame = Frame(x + width - w, y + (height - h) / 2, w, h, scale, True)
    alt = "Where this step's part sits in the whole pathway: the frame marks the part drawn below."
    return whole_view(scene, frame, step, alt)
