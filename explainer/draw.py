"""Drawing a pathway step onto a matplotlib ``Axes`` in SBGN Activity Flow notation.

Arrowheads by influence: open triangle (positive), flat bar (negative), open diamond
(unknown); dashed shafts where the article hedges. Okabe–Ito colours, never colour alone:
the current step's boxes get a thick border and its edges a thick line; later steps are
greyed and thin. One data unit is one point (see :mod:`explainer.layout`).

Every artist carries a ``gid`` so tests (and people) can find it: ``node:ID``,
``label:ID``, ``edge:SRC->TGT`` and ``head:SRC->TGT:INFLUENCE``.
"""

import math

from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Polygon

from explainer.graph import CURRENT, FUTURE, PAST, step_state, visible_subgraph
from explainer.layout import FONT_SIZE, box_sizes, extent, layout

# Okabe–Ito
ORANGE, SKY, GREEN, YELLOW = "#E69F00", "#56B4E9", "#009E73", "#F0E442"
BLUE, VERMILLION, PURPLE, BLACK = "#0072B2", "#D55E00", "#CC79A7", "#000000"

KIND_FILL = {
    "drug": ORANGE,
    "receptor": SKY,
    "signal": YELLOW,
    "molecule": GREEN,
    "process": PURPLE,
    "outcome": "#FFFFFF",
    "system": "#E8E8E8",
}
NODE_STYLE = {  # edge colour, line width, text colour
    CURRENT: (VERMILLION, 4.5, BLACK),
    PAST: (BLACK, 1.5, BLACK),
    FUTURE: ("#B0B0B0", 1.2, "#6E6E6E"),
}
EDGE_STYLE = {  # colour, line width
    CURRENT: (VERMILLION, 4.0),
    PAST: ("#333333", 2.0),
    FUTURE: ("#C4C4C4", 1.5),
}
FUTURE_FILL = "#F4F4F4"
HEAD_LENGTH, HEAD_HALF_WIDTH = 16.0, 9.0
ARC = -0.28  # curvature of edges that skip over main-chain boxes (negative: above)
SIDE_BOW = 0.18  # curvature of long edges to and from a side lane
LEGEND_MARKERS = {  # a legend line's marker drawn like the arrowhead it explains
    "positive": {"marker": ">", "markersize": 14, "markerfacecolor": "white", "markeredgewidth": 2},
    "negative": {"marker": "|", "markersize": 18, "markeredgewidth": 4},
    "unknown": {"marker": "D", "markersize": 11, "markerfacecolor": "white", "markeredgewidth": 2},
}
INFLUENCE_MEANING = {
    "positive": "stimulates (positive)",
    "negative": "inhibits (negative)",
    "unknown": "modulates (unknown)",
}


def draw_step(g, step: int | None, ax, pos=None, branches=None, fontsize: float = FONT_SIZE):
    """Draw the pathway ``g`` with step ``step`` emphasised onto ``ax``; return ``ax``.

    ``step=None`` draws the whole pathway with nothing emphasised. ``branches`` limits the
    side branches drawn (``None``: all). ``pos`` defaults to :func:`layout`. ``fontsize`` sets
    the labels (16 pt for 1920x1080 frames; smaller for a printed page).
    """
    pos = layout(g, fontsize) if pos is None else pos
    sizes = box_sizes(g, fontsize)
    shown = visible_subgraph(g, branches)
    node_state, edge_state = step_state(g, step)
    for u, v in shown.edges:
        _draw_edge(ax, g, (u, v), pos, sizes, edge_state[(u, v)])
    for n in shown.nodes:
        _draw_node(ax, g, n, pos[n], sizes[n], node_state[n], fontsize)
    fit_axes(ax, {n: pos[n] for n in g.nodes}, sizes)
    ax.set_axis_off()
    return ax


def fit_axes(ax, pos, sizes, margin: float = 6.0) -> None:
    """Set limits so one data unit is one point, centred on the boxes."""
    x0, x1, y0, y1 = extent(pos, sizes)
    bbox = ax.get_position()
    fw, fh = ax.figure.get_size_inches()
    w_pt, h_pt = bbox.width * fw * 72, bbox.height * fh * 72
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2 + margin
    ax.set_xlim(cx - w_pt / 2, cx + w_pt / 2)
    ax.set_ylim(cy - h_pt / 2, cy + h_pt / 2)
    ax.set_aspect("equal", adjustable="box")


def _draw_node(ax, g, n, xy, size, state, fontsize=FONT_SIZE):
    edge_colour, lw, text_colour = NODE_STYLE[state]
    kind = g.nodes[n]["kind"]
    fill = FUTURE_FILL if state == FUTURE else KIND_FILL[kind]
    w, h = size
    box = FancyBboxPatch(
        (xy[0] - w / 2, xy[1] - h / 2),
        w,
        h,
        boxstyle="round,pad=0,rounding_size=10",
        facecolor=fill,
        edgecolor=edge_colour,
        linewidth=lw,
        zorder=3,
        gid=f"node:{n}",
    )
    ax.add_patch(box)
    if kind == "outcome":  # SBGN's phenotype gets a double border
        inner = FancyBboxPatch(
            (xy[0] - w / 2 + 4, xy[1] - h / 2 + 4),
            w - 8,
            h - 8,
            boxstyle="round,pad=0,rounding_size=7",
            facecolor="none",
            edgecolor=edge_colour,
            linewidth=1.2,
            zorder=3.1,
        )
        ax.add_patch(inner)
    ax.text(
        xy[0],
        xy[1],
        g.nodes[n]["label"],
        ha="center",
        va="center",
        fontsize=fontsize,
        fontweight="bold",
        color=text_colour,
        zorder=4,
        gid=f"label:{n}",
        linespacing=1.2,
        parse_math=False,  # content is text: a "$" is a dollar sign, never mathtext
    )
    if g.nodes[n].get("contested"):  # a word, not a colour: it survives black-and-white print
        ax.text(
            xy[0],
            xy[1] + h / 2 + 3,
            "contested",
            ha="center",
            va="bottom",
            fontsize=fontsize,
            fontstyle="italic",
            color=text_colour,
            zorder=4,
            gid=f"contested:{n}",
            parse_math=False,
        )


def _draw_edge(ax, g, key, pos, sizes, state):
    u, v = key
    colour, lw = EDGE_STYLE[state]
    data = g.edges[key]
    skips = _skips_main_boxes(g, u, v)
    if skips:  # from the top of one main box over the others to the top of the next
        p0 = (pos[u][0], pos[u][1] + sizes[u][1] / 2)
        p1 = (pos[v][0], pos[v][1] + sizes[v][1] / 2 + 2)
        control = _arc_control(p0, p1, ARC)
        direction = (p1[0] - control[0], p1[1] - control[1])
        style = f"arc3,rad={ARC}"
    else:
        rad = _side_bow(g, u, v, pos, sizes)
        aim = _arc_control(pos[u], pos[v], rad)  # where the curve leaves and enters the boxes
        p0 = _boundary(pos[u], sizes[u], aim if rad else pos[v], margin=2)
        p1 = _boundary(pos[v], sizes[v], aim if rad else pos[u], margin=3)
        control = _arc_control(p0, p1, rad)
        direction = (p1[0] - control[0], p1[1] - control[1])
        style = f"arc3,rad={rad}"
    shaft = FancyArrowPatch(
        p0,
        p1,
        arrowstyle="-",
        connectionstyle=style,
        color=colour,
        linewidth=lw,
        linestyle=(0, (5, 3)) if data["hedged"] else "-",
        zorder=2,
        gid=f"edge:{u}->{v}",
        shrinkA=0,
        shrinkB=0,
        capstyle="butt",
    )
    ax.add_patch(shaft)
    head = Polygon(
        arrowhead(data["influence"], p1, direction),
        closed=True,
        zorder=2.5,
        facecolor=colour if data["influence"] == "negative" else "white",
        edgecolor=colour,
        linewidth=max(lw * 0.75, 1.5),
        joinstyle="miter",
        gid=f"head:{u}->{v}:{data['influence']}",
    )
    ax.add_patch(head)


def arrowhead(influence: str, tip, direction, length: float = HEAD_LENGTH, half: float = HEAD_HALF_WIDTH):
    """Vertices of the head for ``influence`` with its tip at ``tip``, pointing along ``direction``.

    >>> arrowhead("positive", (0, 0), (1, 0), 10, 5)
    [(0.0, 0.0), (-10.0, 5.0), (-10.0, -5.0)]
    """
    dx, dy = direction
    norm = math.hypot(dx, dy) or 1.0
    ux, uy = dx / norm, dy / norm
    nx_, ny_ = -uy, ux
    tx, ty = float(tip[0]), float(tip[1])

    def at(back, side):
        return (tx - back * ux + side * nx_ + 0.0, ty - back * uy + side * ny_ + 0.0)

    if influence == "positive":
        return [at(0, 0), at(length, half), at(length, -half)]
    if influence == "negative":
        bar = 3.0
        return [at(0, half * 1.2), at(0, -half * 1.2), at(bar, -half * 1.2), at(bar, half * 1.2)]
    if influence == "unknown":
        return [at(0, 0), at(length / 2, half), at(length, 0), at(length / 2, -half)]
    raise ValueError(f"unknown influence {influence!r}")


def _side_bow(g, u, v, pos, sizes) -> float:
    """Curvature for a long edge to or from a side lane: bowed away from the main chain.

    A straight line from the chain to a far side node would cut the corners of the boxes in
    between; bowing it outward (down for the lane below, up for the lane above) clears them.
    """
    lanes = {g.nodes[u]["lane"], g.nodes[v]["lane"]} - {"main"}
    dx = pos[v][0] - pos[u][0]
    widest = max(w for w, _ in sizes.values())
    if len(lanes) != 1 or abs(dx) < 1.5 * widest:
        return 0.0
    away = -1.0 if lanes == {"below"} else 1.0  # the y direction away from the chain
    return -SIDE_BOW * away * math.copysign(1.0, dx)


def _skips_main_boxes(g, u, v) -> bool:
    if g.nodes[u]["lane"] != "main" or g.nodes[v]["lane"] != "main":
        return False
    main = sorted(
        (n for n, lane in g.nodes(data="lane") if lane == "main"), key=lambda n: g.nodes[n]["order"]
    )
    return abs(main.index(u) - main.index(v)) > 1


def _arc_control(p0, p1, rad):
    """The control point matplotlib's ``arc3`` uses for a curve from p0 to p1."""
    mx, my = (p0[0] + p1[0]) / 2, (p0[1] + p1[1]) / 2
    dx, dy = p1[0] - p0[0], p1[1] - p0[1]
    return (mx + rad * dy, my - rad * dx)


def _boundary(centre, size, toward, margin=0.0):
    """Where the ray from ``centre`` to ``toward`` leaves the box of ``size`` (plus margin)."""
    cx, cy = centre
    dx, dy = toward[0] - cx, toward[1] - cy
    hw, hh = size[0] / 2 + margin, size[1] / 2 + margin
    scale = min(hw / abs(dx) if dx else math.inf, hh / abs(dy) if dy else math.inf)
    return (cx + dx * scale, cy + dy * scale)


def legend_handles():
    """Legend entries for the notation: influences, hedging and emphasis."""
    handles = [
        Line2D([], [], color=BLACK, lw=2, label=INFLUENCE_MEANING[influence], **marker)
        for influence, marker in LEGEND_MARKERS.items()
    ] + [
        Line2D([], [], color=BLACK, lw=2, linestyle=(0, (5, 3)), label='hedged or hypothesised ("may")'),
    ]
    for state, label in ((CURRENT, "this step"), (PAST, "earlier steps"), (FUTURE, "later steps")):
        colour, lw = EDGE_STYLE[state]
        handles.append(Line2D([], [], color=colour, lw=lw, label=label))
    return handles


__all__ = ["CURRENT", "FUTURE", "PAST", "arrowhead", "draw_step", "fit_axes", "legend_handles"]
