"""Which part of the scene a slide's diagram shows, where on the slide, and at what scale.

Every step slide of a deck shows its diagram in one rectangle (:func:`step_frame`), so it never
jumps as the teacher steps; what the rectangle shows is the step's camera from
:mod:`explainer.model.camera`, the one the deck, the explorer and the handout use: the step's
boxes and links as large as the rectangle allows (labels of :data:`MOST` points at most), the
rest of the pathway around them as context. The rectangle has the whole pathway's shape, as
large as the slide allows, when the whole reaches :data:`FLOOR` points in it; otherwise it is
the shape at :data:`FLOOR` cut to the slide, and a step too big for one camera at the floor
is shown in shots (:func:`step_views`), a slide each. The summary's whole pathway is never
under :data:`WHOLE_FLOOR`: a pathway too large for that is shown in :func:`parts` at that size.

Pure data, in points (the slide's, y down; the scene's, y up); no python-pptx.

>>> d = Diagram(0, "", x=100, y=50, w=200, h=100, left=10, top=60, scale=2.0)
>>> d.to_slide((10, 60)), d.to_slide((20, 50))
((100.0, 50.0), (120.0, 70.0))
"""

from dataclasses import dataclass

from explainer.model.camera import Camera, part_cameras, step_camera, step_shots

FLOOR = 14.0  # step slides' label size, at least (points)
# The summary's labels, at least: 9 pt is the handout's print floor, and a 960-pt slide shown at
# 1366x768 still draws it at 12.8 px (at 1920x1080, 18 px), the whole view's 12-px floor.
WHOLE_FLOOR = 9.0
MOST = 24.0  # and at most: a small pathway is not blown up past the passages' size
MARGIN = 0.5  # label ems round a step's boxes and links in its camera (as the deck's)
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
    """A diagram's rectangle on the slide (``x``, ``y``, ``w``, ``h``); ``whole``: whether the whole
    pathway fits it at the floor asked, and ``label``, its labels' size there (points) if so, else
    the floor."""

    x: float
    y: float
    w: float
    h: float
    whole: bool
    label: float

    @property
    def size(self) -> tuple[float, float]:
        return (self.w, self.h)


def view(camera: Camera, frame: Frame, step, alt: str) -> Diagram:
    """The diagram that shows ``camera`` (of ``frame``'s aspect) in ``frame``."""
    return Diagram(
        step, alt, frame.x, frame.y, frame.w, frame.h, camera.x, camera.top, frame.w / camera.width
    )


def _whole(scene, size: tuple[float, float]) -> Camera:
    """The whole pathway with no margin (a frame is made to its shape), centred in a camera of
    ``size``'s aspect: PowerPoint's whole view, whose labels the frame's floor was asked of."""
    x0, x1, y0, y1 = scene.bounds
    scale = min(size[0] / (x1 - x0), size[1] / (y1 - y0))
    w, h = size[0] / scale, size[1] / scale
    return Camera((x0 + x1 - w) / 2, (y0 + y1 - h) / 2, w, h)


def step_frame(scene, x: float, y: float, width: float, height: float, floor: float = FLOOR) -> Frame:
    """The one rectangle for a view's diagram, in the area (``x``, ``y``, ``width``, ``height``).

    The whole pathway's shape at the largest size that fits, labels of :data:`MOST` at most,
    when its labels are then ``floor`` or more; otherwise that shape with labels at ``floor``,
    cut to the area (each step's camera shows its part). Centred across the area, at its top.
    """
    fs = scene.font_size
    sw, sh = scene.width, scene.height
    fit = min(width / sw, height / sh)
    whole = fit * fs >= floor
    scale = min(fit, MOST / fs) if whole else floor / fs
    w, h = min(width, sw * scale), min(height, sh * scale)
    return Frame(x + (width - w) / 2, y, w, h, whole, scale * fs if whole else floor)


def _shots(scene, k: int, frame: Frame) -> list[Camera]:
    """Step ``k``'s cameras in ``frame``: the whole where the frame holds it at the floor and the
    step needs as much room; else :func:`explainer.model.camera.step_shots`: one camera framed on
    the step's boxes and links, or, for a step too big for one at :data:`FLOOR`, the fewest that
    hold each of its boxes whole at the floor."""
    whole = _whole(scene, frame.size)
    if frame.whole and step_camera(scene, k, frame.size, MOST, MARGIN).width >= whole.width - 1e-6:
        return [whole]
    return step_shots(scene, k, frame.size, FLOOR, MOST, MARGIN)


def step_views(scene, frame: Frame, alts: dict) -> list[list[Diagram]]:
    """Every step's diagrams, in order: a camera on its boxes and links in ``frame``, or the
    step's shots where it is too big for one at the floor (each named part i of n in its alt)."""
    out = []
    for k in range(scene.steps):
        shots = _shots(scene, k, frame)
        alt, n = alts.get(k, ""), len(shots)
        out.append(
            [
                view(c, frame, k, alt if n == 1 else f"{alt} Part {i + 1} of {n} of the step.")
                for i, c in enumerate(shots)
            ]
        )
    return out


def whole_view(scene, frame: Frame, step, alt: str) -> Diagram:
    """The whole scene in ``frame``, centred (no margin: the frame is made to its shape)."""
    return view(_whole(scene, frame.size), frame, step, alt)


def parts(scene, frame: Frame, alt: str) -> list[Diagram]:
    """The whole scene as parts at ``frame``'s label size, each a view the size of ``frame``
    (:func:`explainer.model.camera.part_cameras`: every box whole in one of them)."""
    return [view(c, frame, None, alt) for c in part_cameras(scene, frame.size, frame.label)]


def overview(scene, step: int | None, x: float, y: float, bottom: float) -> Diagram:
    """The whole scene, small, in the corner from (``x``, ``y``) to the slide's margin and
    ``bottom``, right-aligned: where a camera's part sits in the whole."""
    width, height = OVERVIEW_WIDTH, bottom - y
    scale = min(width / scene.width, height / scene.height)
    w, h = scene.width * scale, scene.height * scale
    frame = Frame(x + width - w, y + (height - h) / 2, w, h, True, scale * scene.font_size)
    alt = "Where this step's part sits in the whole pathway: the frame marks the part drawn below."
    return whole_view(scene, frame, step, alt)
