"""The diagram's paint, read once from ``assets/styles/diagram.toml``: the one style table.

Every renderer (the SVG's stylesheet, matplotlib's artists, PowerPoint's shapes) asks this
table how a box or a link is painted in a state (``current``, ``past``, ``future``); none
keeps colours or widths of its own.

>>> PAINT.node("drug", "current").stroke
'#D55E00'
>>> PAINT.edge("future").width
1.5
"""

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from explainer.loading.assets import DIAGRAM_STYLE

STATES = ("current", "past", "future")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


class StyleError(ValueError):
    """The style table is malformed: the message names the file, the item and the fix."""


@dataclass(frozen=True)
class NodePaint:
    """A box in one state: its ``fill``, border ``stroke`` and ``width``, and label colour ``text``."""

    fill: str
    stroke: str
    width: float
    text: str


@dataclass(frozen=True)
class EdgePaint:
    """A link in one state: line ``stroke`` and ``width``, the head's outline ``head_width``."""

    stroke: str
    width: float
    head_width: float


@dataclass(frozen=True)
class Paint:
    """The table as values. ``kind_fill``: box fill per node kind; ``nodes``/``edges``: per state."""

    kind_fill: dict
    nodes: dict
    edges: dict
    inner_width: float
    open_fill: str
    hedge_dash: tuple
    ring: str
    ring_widths: tuple  # (box, link)
    background: str

    def node(self, kind: str, state: str) -> NodePaint:
        """How a box of ``kind`` is painted in ``state`` (a later step's box is greyed, any kind)."""
        s = self.nodes[state]
        return NodePaint(s.get("fill", self.kind_fill[kind]), s["stroke"], s["width"], s["text"])

    def edge(self, state: str) -> EdgePaint:
        s = self.edges[state]
        return EdgePaint(s["stroke"], s["width"], s["head_width"])

    def head_fill(self, influence: str, state: str) -> str:
        """A bar (inhibition) is solid in its line colour; triangle and diamond are open."""
        return self.edges[state]["stroke"] if influence == "negative" else self.open_fill


def _need(table: dict, path: str, kind):
    value = table
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            raise StyleError(f"{DIAGRAM_STYLE.name}: {path}: missing; add it (see the file's comments)")
        value = value[part]
    if kind is str and not (isinstance(value, str) and _COLOUR.match(value)):
        raise StyleError(f"{DIAGRAM_STYLE.name}: {path}: {value!r} is not a colour; write it as #RRGGBB")
    if kind is float and not (isinstance(value, int | float) and value > 0):
        raise StyleError(f"{DIAGRAM_STYLE.name}: {path}: {value!r} is not a positive number of points")
    return float(value) if kind is float else value


def parse_paint(table: dict) -> Paint:
    """The table checked: every colour ``#RRGGBB``, every width a positive number."""
    kinds = _need(table, "kind_fill", dict)
    nodes, edges = {}, {}
    for state in STATES:
        nodes[state] = {
            "stroke": _need(table, f"node.{state}.stroke", str),
            "width": _need(table, f"node.{state}.width", float),
            "text": _need(table, f"node.{state}.text", str),
        }
        if "fill" in table["node"][state]:
            nodes[state]["fill"] = _need(table, f"node.{state}.fill", str)
        edges[state] = {
            "stroke": _need(table, f"edge.{state}.stroke", str),
            "width": _need(table, f"edge.{state}.width", float),
            "head_width": _need(table, f"edge.{state}.head_width", float),
        }
    dash = _need(table, "hedge.dash", list)
    if len(dash) != 2:
        raise StyleError(f"{DIAGRAM_STYLE.name}: hedge.dash: {dash!r}; write [dash, gap] in points")
    return Paint(
        kind_fill={k: _need(table, f"kind_fill.{k}", str) for k in kinds},
        nodes=nodes,
        edges=edges,
        inner_width=_need(table, "outcome.inner_width", float),
        open_fill=_need(table, "head.open_fill", str),
        hedge_dash=(float(dash[0]), float(dash[1])),
        ring=_need(table, "focus.ring", str),
        ring_widths=(_need(table, "focus.box_width", float), _need(table, "focus.link_width", float)),
        background=_need(table, "page.background", str),
    )


@lru_cache(maxsize=1)
def load_paint() -> Paint:
    """The shipped table (read once)."""
    with DIAGRAM_STYLE.open("rb") as f:
        return parse_paint(tomllib.load(f))


PAINT = load_paint()
