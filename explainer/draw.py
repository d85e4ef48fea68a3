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
from matplotlib.patches import FancyBboxPatch, PathPatch, Polygon
from matplotlib.path import Path

from explainer.fit import fit_layout
from explainer.graph import CURRENT, FUTURE, PAST, step_state, visible_subgraph
from explainer.layout import CONTESTED, FONT_SIZE, LINE_SPACING, PAD_EM, Layout

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
    FUTURE: ("#B0B0B0", 1.2, "#505050"),  # text 7.3:1 on FUTURE_FILL (a projector washes out greys)
}
EDGE_STYLE = {  # colour, line width
    CURRENT: (VERMILLION, 4.0),
    PAST: ("#333333", 2.0),
    FUTURE: ("#C4C4C4", 1.5),
}
FUTURE_FILL = "#F4F4F4"
HEAD_LENGTH, HEAD_HALF_WIDTH = 12.0, 7.5
# A hedged link's dash and gap, in points whatever the line width: short enough that the
# shortest shaft (between neighbouring boxes, about half an em) still shows a gap and two dashes.
HEDGE_DASH = (4.0, 2.5)
BAR_AT = 0.35  # where an inhibition bar sits between the spline's end (0) and the arrow tip (1)
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


def draw_step(g, step: int | None, ax, lay: Layout | None = None, branches=None, fontsize: float = FONT_SIZE):
    """Draw the pathway ``g`` with step ``step`` emphasised onto ``ax``; return its artists.

    The artists come back by ``gid`` (``node:ID``, ``label:ID``, ``edge:U->V``, ...), as
    networkx's drawing functions return what they drew; the axes' limits are set so that one
    data unit is one point.

    ``step=None`` draws the whole pathway with nothing emphasised. ``branches`` limits the
    side branches drawn (``None``: all); hidden nodes leave their place empty, so the picture
    does not move when a branch is switched off. ``lay`` defaults to the layout that fits the
    axes with labels of at most ``fontsize`` points (:func:`explainer.fit.fit_layout`: smaller
    when the pathway needs it, never cropped).
    """
    if lay is None:
        lay = fit_layout(g, *axes_size(ax), fontsize=fontsize)
    shown = visible_subgraph(g, branches)
    node_state, edge_state = step_state(g, step)
    artists = []
    for u, v in shown.edges:
        artists += _draw_edge(ax, g, (u, v), lay, edge_state[(u, v)])
    for n in shown.nodes:
        artists += _draw_node(ax, g, n, lay, node_state[n])
    fit_axes(ax, lay)
    ax.set_axis_off()
    return {a.get_gid(): a for a in artists if a.get_gid()}


def axes_size(ax) -> tuple[float, float]:
    """Width and height of ``ax`` in points."""
    bbox = ax.get_position()
    fw, fh = ax.figure.get_size_inches()
    return bbox.width * fw * 72, bbox.height * fh * 72


def fit_axes(ax, lay: Layout) -> None:
    """Set limits so one data unit is one point, centred on the drawing."""
    x0, x1, y0, y1 = lay.bounds
    w_pt, h_pt = axes_size(ax)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    ax.set_xlim(cx - w_pt / 2, cx + w_pt / 2)
    ax.set_ylim(cy - h_pt / 2, cy + h_pt / 2)
    ax.set_aspect("equal", adjustable="box")


def _draw_node(ax, g, n, lay: Layout, state):
    edge_colour, lw, text_colour = NODE_STYLE[state]
    kind = g.nodes[n]["kind"]
    fill = FUTURE_FILL if state == FUTURE else KIND_FILL[kind]
    (x, y), (w, h), fontsize = lay.pos[n], lay.sizes[n], lay.fontsize
    rounding = 10 * fontsize / FONT_SIZE
    box = FancyBboxPatch(
        (x - w / 2, y - h / 2),
        w,
        h,
        boxstyle=f"round,pad=0,rounding_size={rounding:.3f}",
        facecolor=fill,
        edgecolor=edge_colour,
        linewidth=lw,
        zorder=3,
        gid=f"node:{n}",
    )
    ax.add_patch(box)
    artists = [box]
    if kind == "outcome":  # SBGN's phenotype gets a double border
        inset = 4 * fontsize / FONT_SIZE
        inner = FancyBboxPatch(
            (x - w / 2 + inset, y - h / 2 + inset),
            w - 2 * inset,
            h - 2 * inset,
            boxstyle=f"round,pad=0,rounding_size={rounding * 0.7:.3f}",
            facecolor="none",
            edgecolor=edge_colour,
            linewidth=1.2,
            zorder=3.1,
        )
        ax.add_patch(inner)
        artists.append(inner)
    contested = bool(g.nodes[n].get("contested"))
    line = fontsize * LINE_SPACING
    label_y = y + line / 2 if contested else y
    label = ax.text(
        x,
        label_y,
        lay.labels[n],
        ha="center",
        va="center",
        fontsize=fontsize,
        fontweight="bold",
        color=text_colour,
        zorder=4,
        gid=f"label:{n}",
        linespacing=LINE_SPACING,
        parse_math=False,  # content is text: a "$" is a dollar sign, never mathtext
    )
    artists.append(label)
    if contested:  # a word, not a colour: it survives black-and-white print
        mark = ax.text(
            x,
            y - h / 2 + PAD_EM * fontsize,
            CONTESTED,
            ha="center",
            va="bottom",
            fontsize=fontsize,
            fontstyle="italic",
            color=text_colour,
            zorder=4,
            gid=f"contested:{n}",
            parse_math=False,
        )
        artists.append(mark)
    return artists


def _draw_edge(ax, g, key, lay: Layout, state):
    """The shaft along dot's spline, and the SBGN head in the room dot left before the box."""
    u, v = key
    colour, lw = EDGE_STYLE[state]
    data = g.edges[key]
    controls, tip = lay.edges[key], lay.tips[key]
    end = controls[-1]
    verts = list(controls)
    codes = [Path.MOVETO] + [Path.CURVE4] * (len(controls) - 1)
    if data["influence"] == "negative":
        # a bar is wide: set it back from the box (half of the room dot left), so that its
        # corners stay clear of the box when the edge arrives at an angle; the shaft meets it
        tip = (end[0] + (tip[0] - end[0]) * BAR_AT, end[1] + (tip[1] - end[1]) * BAR_AT)
        verts.append(tip)
        codes.append(Path.LINETO)
    shaft = PathPatch(
        Path(verts, codes),
        facecolor="none",
        edgecolor=colour,
        linewidth=lw,
        linestyle=hedge_linestyle(lw) if data["hedged"] else "-",
        zorder=2,
        gid=f"edge:{u}->{v}",
        capstyle="butt",
    )
    ax.add_patch(shaft)
    direction = (tip[0] - end[0], tip[1] - end[1])
    scale = lay.fontsize / FONT_SIZE
    head = Polygon(
        arrowhead(
            data["influence"],
            tip,
            direction,
            length=max(math.hypot(*direction), 1.0),
            half=HEAD_HALF_WIDTH * scale,
        ),
        closed=True,
        zorder=2.5,
        facecolor=colour if data["influence"] == "negative" else "white",
        edgecolor=colour,
        linewidth=max(lw * 0.75, 1.5),
        joinstyle="miter",
        gid=f"head:{u}->{v}:{data['influence']}",
    )
    ax.add_patch(head)
    return [shaft, head]


def hedge_linestyle(lw: float) -> tuple:
    """matplotlib's dash pattern for a hedged link of width ``lw`` (it scales dashes by the width)."""
    return (0, (HEDGE_DASH[0] / lw, HEDGE_DASH[1] / lw))


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


def legend_handles():
    """Legend entries for the notation: influences, hedging and emphasis."""
    handles = [
        Line2D([], [], color=BLACK, lw=2, label=INFLUENCE_MEANING[influence], **marker)
        for influence, marker in LEGEND_MARKERS.items()
    ] + [
        Line2D(
            [], [], color=BLACK, lw=2, linestyle=hedge_linestyle(2), label='hedged or hypothesised ("may")'
        ),
    ]
    for state, label in ((CURRENT, "this step"), (PAST, "earlier steps"), (FUTURE, "later steps")):
        colour, lw = EDGE_STYLE[state]
        handles.append(Line2D([], [], color=colour, lw=lw, label=label))
    return handles


__all__ = ["CURRENT", "FUTURE", "PAST", "arrowhead", "axes_size", "draw_step", "fit_axes", "legend_handles"]
