"""The diagram as a scene: every box, label line, link and head, where it is, and when it shows.

Built once from the :class:`~explainer.model.layout.Layout`, the scene is the one source of geometry:
the SVG writer (:mod:`explainer.rendering.svg_diagram`), matplotlib's artists
(:mod:`explainer.rendering.draw`) and PowerPoint's shapes read it, and paint it from the one style table
(:mod:`explainer.rendering.paint`). No renderer computes a position of its own.

Units are points, y upwards, as in the layout. Each item carries its id (``node:ID``,
``edge:SRC->TGT``, as the drawing's gids and :mod:`explainer.words.describe` name them), its state
in every step (``current``, ``past`` or ``future``) and the side branch(es) it belongs to, so
a step and a set of shown branches are states of one picture, not new pictures.

Heads end on the target box's border: dot stops an edge at the box's clearance, so the scene
carries the link on to the border (the outline of the rounded box) and sets the head there,
backed off only as far as needed to keep a corner of the head out of the box; the two links of
an opposite pair run apart (:mod:`explainer.model.routes`).

>>> from explainer import load_pathway
>>> s = pathway_scene(load_pathway())
>>> s.box("node:ketamine").lines[0].text
'Ketamine'
>>> s.link("edge:ketamine->nmda").head.shape
'bar'
"""

import math
from dataclasses import dataclass
from functools import lru_cache

from explainer.model.graph import PAST, build_graph, step_state
from explainer.model.layout import CONTESTED, FONT_SIZE, LINE_SPACING, Layout
from explainer.model.routes import (
    BAR_THICKNESS,
    HEAD_LENGTH,
    clear_of,
    head_polygon,
    outline_points,
    spread_routes,
    straight,
)

# Geometry at the layout's base font size (16 pt); every length scales with the label size.
ROUNDING = 10.0  # a box's corner radius
OUTCOME_INSET = 4.0  # an outcome's inner border (SBGN phenotype), inside the box
CAP_HEIGHT = 0.729  # DejaVu Sans's capitals, in ems: a label line's capitals centre on its line
SHAPES = {"positive": "triangle", "negative": "bar", "unknown": "diamond"}


@dataclass(frozen=True)
class Line:
    """One line of text: ``text`` centred on ``x`` with its baseline at ``y``.

    ``role`` is ``"label"`` (the box's name, bold) or ``"contested"`` (the word under it, italic).
    """

    text: str
    x: float
    y: float
    size: float
    bold: bool
    italic: bool
    role: str


@dataclass(frozen=True)
class Box:
    """A node's box: the rectangle (lower-left ``x``, ``y``, ``width``, ``height``) with rounded
    corners, an ``inner`` border for an outcome (x, y, width, height, rounding) and its lines.

    ``states[k]`` is its state in step ``k``; ``branch`` is its side branch (``None``: main).
    """

    id: str
    node: str
    kind: str
    classes: tuple
    x: float
    y: float
    width: float
    height: float
    rounding: float
    inner: tuple | None
    lines: tuple
    states: tuple
    branch: str | None

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x + self.width / 2, self.y + self.height / 2)

    def state(self, step: int | None) -> str:
        """Its state when step ``step`` is shown (``None``: the whole pathway, all ``past``)."""
        return PAST if step is None else self.states[step]

    def shown(self, branches=None) -> bool:
        """Whether it is drawn when only the side branches ``branches`` show (``None``: all)."""
        return branches is None or self.branch is None or self.branch in branches

    def border_distance(self, p) -> float:
        """Signed distance from ``p`` to the rounded outline: negative inside, 0 on the border."""
        cx, cy = self.centre
        r = self.rounding
        qx = abs(p[0] - cx) - (self.width / 2 - r)
        qy = abs(p[1] - cy) - (self.height / 2 - r)
        return math.hypot(max(qx, 0.0), max(qy, 0.0)) + min(max(qx, qy), 0.0) - r


@dataclass(frozen=True)
class Head:
    """A link's SBGN head: ``shape`` (triangle, bar, diamond) as a closed polygon ``points``,
    its ``tip`` (on the target's border) and the unit ``direction`` it points along."""

    shape: str
    points: tuple
    tip: tuple
    direction: tuple


@dataclass(frozen=True)
class Link:
    """An edge: its shaft ``path`` (cubic Bézier control points, ``1 + 3k``), its ``head``, and
    the side ``branches`` it needs shown (those of its two ends)."""

    id: str
    source: str
    target: str
    influence: str
    hedged: bool
    classes: tuple
    path: tuple
    head: Head
    states: tuple
    branches: tuple

    def state(self, step: int | None) -> str:
        return PAST if step is None else self.states[step]

    def shown(self, branches=None) -> bool:
        return branches is None or all(b in branches for b in self.branches)


@dataclass(frozen=True)
class Scene:
    """Everything drawn, for every step and branch: ``boxes`` and ``links`` in file order,
    ``bounds`` (xmin, xmax, ymin, ymax) of it all, the label ``font_size``, the number of
    ``steps`` and the side ``branches`` in the pathway's order."""

    boxes: tuple
    links: tuple
    bounds: tuple
    font_size: float
    steps: int
    branches: tuple

    @property
    def width(self) -> float:
        return self.bounds[1] - self.bounds[0]

    @property
    def height(self) -> float:
        return self.bounds[3] - self.bounds[2]

    def box(self, item: str) -> Box:
        return next(b for b in self.boxes if b.id == item)

    def link(self, item: str) -> Link:
        return next(e for e in self.links if e.id == item)

    def items(self) -> dict:
        """Every box and link by id."""
        return {x.id: x for x in (*self.boxes, *self.links)}


def build_scene(g, lay: Layout, branches: tuple = ()) -> Scene:
    """The scene of graph ``g`` (:func:`explainer.model.graph.build_graph`) laid out as ``lay``.

    Pure: the same graph and layout give the same scene. ``branches`` orders the side branches
    (default: as they first appear in the nodes).
    """
    steps = len(g.graph["steps"])
    states = [step_state(g, k) for k in range(steps)]
    scale = lay.fontsize / FONT_SIZE
    boxes = tuple(_box(g, n, lay, tuple(s[0][n] for s in states)) for n in g.nodes)
    by_node = {b.node: b for b in boxes}
    shapes = {k: SHAPES[g.edges[k]["influence"]] for k in g.edges}
    routes = spread_routes(g, lay, by_node, shapes, scale)
    links = tuple(
        _link(g, (u, v), routes[(u, v)], by_node[v], tuple(s[1][(u, v)] for s in states), scale)
        for u, v in g.edges
    )
    names = tuple(dict.fromkeys((*branches, *(b.branch for b in boxes if b.branch))))
    return Scene(boxes, links, _bounds(boxes, links), lay.fontsize, steps, names)


@lru_cache(maxsize=16)
def pathway_scene(pathway) -> Scene:
    """The scene of ``pathway`` as laid out in a 16:9 frame (the layout every output shares)."""
    from explainer.model.fit import fit_layout, frame_geometry

    g = build_graph(pathway)
    return build_scene(g, fit_layout(g, *frame_geometry(pathway).area), pathway.branches)


def _box(g, n, lay: Layout, states: tuple) -> Box:
    data = g.nodes[n]
    (cx, cy), (w, h), size = lay.pos[n], lay.sizes[n], lay.fontsize
    scale = size / FONT_SIZE
    rounding = min(ROUNDING * scale, w / 2, h / 2)
    inner = None
    if data["kind"] == "outcome":
        inset = OUTCOME_INSET * scale
        inner = (cx - w / 2 + inset, cy - h / 2 + inset, w - 2 * inset, h - 2 * inset, rounding * 0.7)
    return Box(
        id=f"node:{n}",
        node=n,
        kind=data["kind"],
        classes=(f"kind-{data['kind']}", *(["contested"] if data.get("contested") else [])),
        x=cx - w / 2,
        y=cy - h / 2,
        width=w,
        height=h,
        rounding=rounding,
        inner=inner,
        lines=label_lines(lay.labels[n], bool(data.get("contested")), (cx, cy), size),
        states=states,
        branch=data.get("branch"),
    )


def label_lines(label: str, contested: bool, centre, size: float) -> tuple:
    """A box's lines, stacked ``LINE_SPACING`` apart and centred on ``centre``, the word
    "contested" (italic, not bold) last when the node is in a contested step."""
    texts = [(t, True, False, "label") for t in label.split("\n")]
    if contested:
        texts.append((CONTESTED, False, True, "contested"))
    pitch = size * LINE_SPACING
    first = centre[1] + (len(texts) - 1) / 2 * pitch
    return tuple(
        Line(text, centre[0], first - i * pitch - CAP_HEIGHT / 2 * size, size, bold, italic, role)
        for i, (text, bold, italic, role) in enumerate(texts)
    )


def _link(g, key, route, target: Box, states: tuple, scale: float) -> Link:
    u, v = key
    data = g.edges[key]
    controls, tip, direction = list(route[0]), route[1], route[2]
    end = controls[-1]
    shape = SHAPES[data["influence"]]
    tip = clear_of(target, shape, tip, direction, scale)
    back = (BAR_THICKNESS if shape == "bar" else HEAD_LENGTH) * scale
    base = (tip[0] - back * direction[0], tip[1] - back * direction[1])
    if (base[0] - end[0]) * direction[0] + (base[1] - end[1]) * direction[1] > 1e-3:
        controls += straight(end, base)  # carry the shaft on to the head
    branches = tuple(dict.fromkeys(b for b in (g.nodes[u].get("branch"), g.nodes[v].get("branch")) if b))
    return Link(
        id=f"edge:{u}->{v}",
        source=u,
        target=v,
        influence=data["influence"],
        hedged=bool(data["hedged"]),
        classes=(f"influence-{data['influence']}", *(["hedged"] if data["hedged"] else [])),
        path=tuple(controls),
        head=Head(shape, head_polygon(shape, tip, direction, scale), tip, direction),
        states=states,
        branches=branches,
    )


def _bounds(boxes, links) -> tuple:
    xs, ys = [], []
    for b in boxes:
        xs += [b.x, b.x + b.width]
        ys += [b.y, b.y + b.height]
    for e in links:
        for x, y in (*e.path, *e.head.points):
            xs.append(x)
            ys.append(y)
    return (min(xs), max(xs), min(ys), max(ys))


__all__ = [
    "BAR_THICKNESS",
    "HEAD_LENGTH",
    "Box",
    "Head",
    "Line",
    "Link",
    "Scene",
    "build_scene",
    "head_polygon",
    "label_lines",
    "outline_points",
    "pathway_scene",
]
