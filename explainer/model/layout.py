"""Where each box and each edge goes: Graphviz ``dot`` through networkx, sized in points.

Layout is a solved problem: ``dot`` ranks the nodes (Sugiyama-style), orders them to avoid
crossings, reverses back edges so feedback loops stay readable, and routes every edge as a
spline around the boxes it does not join. This module only says how big each box is (from
the font's glyph outlines, so no figure or renderer is needed), wraps long labels by width,
and reads dot's answer back. One unit is one point, y upwards, as in the drawing.

Everything here is pure and deterministic: the same graph and font size give the same
:class:`Layout`.

>>> from explainer import load_pathway
>>> from explainer.model.graph import build_graph
>>> lay = layout(build_graph(load_pathway()))
>>> lay.pos["ketamine"][0] < lay.pos["nmda"][0] < lay.pos["antidepressant"][0]
True
"""

from dataclasses import dataclass, field
from functools import lru_cache

import networkx as nx
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from explainer.model.fold import fold, in_rows
from explainer.model.graph import back_edges, edge_order, main_chain, rows_of

FONT_SIZE = 16.0
# Spacing in ems (multiples of the font size), so a smaller print layout keeps its proportions.
PAD_EM = 0.5  # between a label and its box edge
CLEAR_EM = 0.25  # room dot keeps around each box: arrow tips and routed edges stay clear of it
NODESEP_EM = 0.75  # between boxes in one rank (linked ones: FLAT_MINLEN times this)
FLAT_MINLEN = 2  # boxes linked within one rank are 2 x NODESEP_EM apart: a head and a visible shaft
RANKSEP_EM = 1.75  # between ranks (room for an arrow)
HEAD_EM = 0.75  # the arrowhead's length, reserved by dot at the end of each edge
LINE_SPACING = 1.2
CONTESTED = "contested"  # the word added under the label of a node in a contested step
_TEXT = TextToPath()
_BREAKS = ("-", "/")  # a long word may break after these


@dataclass(frozen=True)
class Layout:
    """Positions and sizes in points, ready to draw.

    ``pos``: box centre per node; ``sizes``: box (width, height); ``labels``: the label as
    wrapped; ``edges``: per (source, target), the shaft as cubic Bézier control points
    (``1 + 3k`` points) and ``tips``: where its arrowhead's point lies. ``bounds`` is
    (xmin, xmax, ymin, ymax) of everything drawn, ``fontsize`` the label size.
    """

    pos: dict
    sizes: dict
    labels: dict
    edges: dict
    tips: dict
    bounds: tuple
    fontsize: float
    rankdir: str = "LR"
    wrap_em: float | None = None
    meta: dict = field(default_factory=dict)

    @property
    def width(self) -> float:
        return self.bounds[1] - self.bounds[0]

    @property
    def height(self) -> float:
        return self.bounds[3] - self.bounds[2]

    def scaled(self, factor: float) -> "Layout":
        """The same layout, every length (font size included) times ``factor``."""

        def pt(p):
            return (p[0] * factor, p[1] * factor)

        return Layout(
            pos={n: pt(p) for n, p in self.pos.items()},
            sizes={n: pt(s) for n, s in self.sizes.items()},
            labels=self.labels,
            edges={k: [pt(p) for p in pts] for k, pts in self.edges.items()},
            tips={k: pt(p) for k, p in self.tips.items()},
            bounds=tuple(b * factor for b in self.bounds),
            fontsize=self.fontsize * factor,
            rankdir=self.rankdir,
            wrap_em=self.wrap_em,
            meta=self.meta,
        )


def text_size(text: str, fontsize: float = FONT_SIZE, weight: str = "bold") -> tuple[float, float]:
    """Width and height in points of ``text`` (lines split on newlines), from glyph outlines."""
    lines = text.split("\n")
    return max(line_width(line, fontsize, weight) for line in lines), fontsize * LINE_SPACING * len(lines)


@lru_cache(maxsize=8192)
def line_width(line: str, fontsize: float = FONT_SIZE, weight: str = "bold") -> float:
    """Width in points of one line of text. Kept per line: a wrapped label's lines were measured
    while wrapping it, and its box is then sized with no new measurement (each is ~1 ms)."""
    prop = FontProperties(family="DejaVu Sans", weight=weight, size=fontsize)
    # ismath=False: a "$" in a label is a dollar sign, never mathtext (which could fail to parse)
    return float(_TEXT.get_text_width_height_descent(line or " ", prop, ismath=False)[0])


def wrap_label(
    label: str, width: float | None, fontsize: float = FONT_SIZE, weight: str = "bold", glue: bool = False
) -> str:
    """``label`` with lines broken at spaces (or after a hyphen) to fit ``width`` points.

    Line breaks the author wrote are kept; ``width=None`` keeps the label as written. A single
    word wider than ``width`` stays whole on its own line. ``glue=True`` never leaves a line
    holding only a symbol ("&", "+", "/") or one short word (:func:`lonely`): such a word goes
    with its neighbour, even if that line runs past ``width``.

    >>> wrap_label("Serotonin transporter (SERT) blocked", 150)
    'Serotonin\\ntransporter\\n(SERT) blocked'
    >>> wrap_label("Inflammation & immune system", 120)
    'Inflammation\\n& immune\\nsystem'
    >>> wrap_label("Inflammation & immune system", 120, glue=True)
    'Inflammation &\\nimmune\\nsystem'
    """
    if width is None:
        return label
    out = []
    for line in label.split("\n"):
        # A line that fits stays whole: one measurement instead of one per word (a prefix of a
        # line is never wider than the line, so the word-by-word walk would keep it whole too).
        if text_size(line.rstrip(), fontsize, weight)[0] <= width:
            out.append(line.rstrip())
            continue
        words = _glued(_pieces(line)) if glue else _pieces(line)
        current = ""
        for word in words:
            trial = current + word
            if current and text_size(trial.rstrip(), fontsize, weight)[0] > width:
                out.append(current.rstrip())
                current = word.lstrip()
            else:
                current = trial
        out.append(current.rstrip())
    return "\n".join(out)


def _pieces(line: str) -> list[str]:
    """Split a line into words that keep their trailing space or break character."""
    pieces, current = [], ""
    for i, ch in enumerate(line):
        current += ch
        if ch == " " or (ch in _BREAKS and _breakable(line[:i], line[i + 1 :])):
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return pieces


def lonely(text: str) -> bool:
    """Whether ``text`` would read as a leftover alone on a line of a label: only symbols
    ("&", "+", "/"), or one word of three letters or digits at most ("5", "and", "(2–6")."""
    text = text.strip()
    if not any(c.isalnum() for c in text):
        return True
    return " " not in text and sum(c.isalnum() for c in text) <= 3


def _glued(pieces: list[str]) -> list[str]:
    """The pieces with every lonely one joined to a neighbour: a symbol to the word before it,
    a short word to the word after it (the last one to the word before)."""
    units: list[str] = []
    forward = False  # the last unit is a short word waiting for the next piece
    for i, piece in enumerate(pieces):
        last = i == len(pieces) - 1
        symbol = not any(c.isalnum() for c in piece)
        if units and (forward or (lonely(piece) and (symbol or last))):
            units[-1] += piece
        else:
            units.append(piece)
        forward = lonely(units[-1]) and not last
    if len(units) > 1 and lonely(units[-1]):
        units[-2:] = [units[-2] + units[-1]]
    return units


def _breakable(before: str, after: str) -> bool:
    """Break after a hyphen only between real words: "anti-depressant", never "5-HT"."""
    left = before.rsplit(" ", 1)[-1]
    right = after.split(" ", 1)[0]
    return sum(c.isalpha() for c in left) >= 3 and sum(c.isalpha() for c in right) >= 3


def node_text(g, n, wrap_em: float | None, fontsize: float = FONT_SIZE) -> str:
    """What the box of ``n`` shows: the label as written (``wrap_em=None``), or rewrapped.

    Rewrapping joins the author's lines first (a line ending in a hyphen joins without a
    space), so that a label written for one width reads well at another.
    """
    label = g.nodes[n]["label"]
    if wrap_em is None:
        return label
    joined = ""
    for line in label.split("\n"):
        line = line.strip()
        joined += line if not joined or joined.endswith("-") else " " + line
    return wrap_label(joined, wrap_em * fontsize, fontsize, glue=True)


def box_size(text: str, contested: bool, fontsize: float = FONT_SIZE) -> tuple[float, float]:
    """Box (width, height) for a label, with a line for the word "contested" if asked."""
    w, h = text_size(text, fontsize)
    if contested:
        cw, _ = text_size(CONTESTED, fontsize, weight="normal")
        w, h = max(w, cw), h + fontsize * LINE_SPACING
    pad = 2 * PAD_EM * fontsize
    return w + pad, h + pad


def layout(
    g, fontsize: float = FONT_SIZE, rankdir: str = "LR", wrap_em: float | None = None, rows: int = 1
) -> Layout:
    """Lay ``g`` out with ``dot``: the main chain along ``rankdir`` ("LR" or "TB").

    ``wrap_em`` wraps labels to that many ems (``None``: as written). Main-chain nodes
    (``lane == "main"``) share a dot ``group`` and their links weigh more, so the chain is
    drawn straight; side nodes go where dot puts them, next to what they connect to.
    ``rows > 1`` folds a long main chain into that many runs, each one dot rank, so that it
    reads as a staircase, left to right and top to bottom.
    """
    key = (_signature(g), float(fontsize), rankdir if rows == 1 else "TB", wrap_em, rows)
    if key not in _LAYOUTS:  # fit_layout asks for up to 16 arrangements per frame: dot runs once each
        if len(_LAYOUTS) > 256:
            _LAYOUTS.clear()
        _LAYOUTS[key] = _layout(key, g)
    return _LAYOUTS[key]


_LAYOUTS: dict = {}


def box_sizes(g, wrap_em: float | None, fontsize: float = FONT_SIZE) -> tuple[dict, dict]:
    """Each node's label (wrapped to ``wrap_em``) and box (width, height)."""
    labels, sizes = {}, {}
    for n in g.nodes:
        labels[n] = node_text(g, n, wrap_em, fontsize)
        sizes[n] = box_size(labels[n], bool(g.nodes[n].get("contested")), fontsize)
    return labels, sizes


def _layout(key, g) -> Layout:
    _, fontsize, rankdir, wrap_em, rows = key
    labels, sizes = box_sizes(g, wrap_em, fontsize)
    hold, pos = frozenset(), {}
    for _ in range(3):  # a side box dot put in a folded row is held between the rows: dot again
        agraph = _to_agraph(g, sizes, fontsize, rankdir, rows, (hold, pos) if hold else None)
        agraph.layout(prog="dot")
        pos = {n: _point(agraph.get_node(n).attr["pos"]) for n in g.nodes}
        inside = (
            in_rows(g, pos, main_chain(g), rows, back_edges(g, main_chain(g))) - hold if rows > 1 else set()
        )
        if not inside:
            break
        hold |= inside
    edges, tips = {}, {}
    for u, v in g.edges:
        turned = not agraph.has_edge(u, v)  # a feedback link given to dot backwards
        points, tip = _spline(agraph.get_edge(*((v, u) if turned else (u, v))).attr["pos"], turned)
        edges[(u, v)], tips[(u, v)] = points, tip
    return Layout(
        pos=pos,
        sizes=sizes,
        labels=labels,
        edges=edges,
        tips=tips,
        bounds=_bounds(pos, sizes, edges, tips),
        fontsize=fontsize,
        rankdir=rankdir,
        wrap_em=wrap_em,
        meta={"rows": rows},
    )


def _signature(g) -> tuple:
    nodes = tuple(
        (n, d["label"], d.get("lane", "main"), d.get("order", 0), bool(d.get("contested")))
        for n, d in g.nodes(data=True)
    )
    return nodes, tuple(g.edges)


def _to_agraph(g, sizes, fontsize, rankdir, rows=1, held=None):
    """The dot input: fixed-size boxes (with clearance) and empty labels; we draw the text."""
    clear = 2 * CLEAR_EM * fontsize
    a = nx.nx_agraph.to_agraph(nx.DiGraph())
    a.graph_attr.update(
        rankdir=rankdir,
        nodesep=f"{NODESEP_EM * fontsize / 72:.4f}",
        ranksep=f"{RANKSEP_EM * fontsize / 72:.4f}",
        splines="spline",
        ordering="out",
    )
    main = main_chain(g)
    consecutive = set(zip(main, main[1:], strict=False))
    for n in sorted(g.nodes, key=_order(g)):
        w, h = sizes[n]
        attrs = {"group": "main"} if n in main else {}
        a.add_node(
            n,
            shape="box",
            fixedsize="true",
            label="",
            width=f"{(w + clear) / 72:.4f}",
            height=f"{(h + clear) / 72:.4f}",
            **attrs,
        )
    row_of = rows_of(main, rows) if rows > 1 else {}
    # A loop must not turn the chain round: a feedback link is given to dot backwards (so dot
    # need not guess which link of a loop goes back), and left out of ranking a folded row.
    back = back_edges(g, main)
    turned = {(u, v) for u, v in back if rows == 1 and not g.has_edge(v, u)}
    for u, v in sorted(g.edges, key=edge_order(g, main, turned)):
        # A link between two boxes of one folded row is a "flat" edge: dot keeps its ends
        # minlen x nodesep apart, so the link has a shaft before its head, not just a head.
        flat = u in row_of and row_of.get(u) == row_of.get(v)
        attrs = {"weight": 8 if (u, v) in consecutive else 1, "minlen": FLAT_MINLEN if flat else 1}
        if (u, v) in back and rows > 1:
            attrs["constraint"] = "false"
        if (u, v) in turned:
            a.add_edge(
                v, u, dir="back", arrowtail="normal", arrowsize=f"{HEAD_EM * fontsize / 10:.4f}", **attrs
            )
        else:
            a.add_edge(u, v, arrowhead="normal", arrowsize=f"{HEAD_EM * fontsize / 10:.4f}", **attrs)
    if rows > 1:
        fold(a, g, main, rows, back, *(held or ()))
    return a


def _order(g):
    return lambda n: g.nodes[n].get("order", 0)


def _point(text: str) -> tuple[float, float]:
    x, y = text.split(",")[:2]
    return (float(x), float(y))


def _spline(text: str, backwards: bool = False) -> tuple[list, tuple]:
    """dot's edge ``pos``: optional ``s,x,y`` and ``e,x,y``, then Bézier control points.

    Returns the control points and the arrow tip (the ``e`` point, or the last point).
    """
    start = end = None
    points = []
    for part in text.split():
        if part.startswith("e,"):
            end = _point(part[2:])
        elif part.startswith("s,"):
            start = _point(part[2:])
        else:
            points.append(_point(part))
    if backwards:  # drawn from the head end: the tip is at the start
        return points[::-1], start if start is not None else points[0]
    if start is not None:
        points[0] = start
    return points, end if end is not None else points[-1]


def _bounds(pos, sizes, edges, tips) -> tuple:
    xs, ys = [], []
    for n, (x, y) in pos.items():
        xs += [x - sizes[n][0] / 2, x + sizes[n][0] / 2]
        ys += [y - sizes[n][1] / 2, y + sizes[n][1] / 2]
    for pts in (*edges.values(), *([t] for t in tips.values())):
        xs, ys = xs + [p[0] for p in pts], ys + [p[1] for p in pts]
    return (min(xs), max(xs), min(ys), max(ys))


def bezier_points(controls, per_segment: int = 24) -> list[tuple[float, float]]:
    """Points along a piecewise cubic Bézier curve (``1 + 3k`` control points), ends included.

    >>> [(round(x, 9), y) for x, y in bezier_points([(0, 0), (1, 0), (2, 0), (3, 0)], per_segment=3)]
    [(0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (3.0, 0.0)]
    """
    out = [(float(controls[0][0]), float(controls[0][1]))]
    for i in range(0, len(controls) - 3, 3):
        p0, p1, p2, p3 = controls[i : i + 4]
        for j in range(1, per_segment + 1):
            t = j / per_segment
            a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
            out.append(
                (
                    a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                    a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1],
                )
            )
    return out
