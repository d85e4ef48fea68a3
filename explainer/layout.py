"""A deterministic layout in points: the main chain left to right, side branches above/below.

Everything here is pure: node box sizes come from the font's glyph outlines (no figure,
no renderer), and positions from the sizes and the graph. One data unit is one point, so
the drawing can place boxes and labels without overlaps at the frame's real size.

>>> from explainer import load_pathway
>>> from explainer.graph import build_graph
>>> pos = layout(build_graph(load_pathway()))
>>> pos["ketamine"][0] < pos["nmda"][0] < pos["antidepressant"][0]
True
"""

from functools import lru_cache

from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

FONT_SIZE = 16.0
# Spacing in ems (multiples of the font size), so a smaller print layout keeps its proportions.
PAD_EM = 0.5  # between a label and its box edge
GAP_EM = 1.875  # between two boxes in the main chain (room for an arrow)
LANE_GAP_EM = 2.875  # between the main chain and a side lane
LINE_SPACING = 1.2
_TEXT = TextToPath()


@lru_cache(maxsize=512)
def text_size(text: str, fontsize: float = FONT_SIZE, weight: str = "bold") -> tuple[float, float]:
    """Width and height in points of ``text`` (lines split on newlines), from glyph outlines."""
    prop = FontProperties(family="DejaVu Sans", weight=weight, size=fontsize)
    lines = text.split("\n")
    # ismath=False: a "$" in a label is a dollar sign, never mathtext (which could fail to parse)
    widths = [_TEXT.get_text_width_height_descent(line or " ", prop, ismath=False)[0] for line in lines]
    return max(widths), fontsize * LINE_SPACING * len(lines)


def box_sizes(g, fontsize: float = FONT_SIZE) -> dict[str, tuple[float, float]]:
    """Box (width, height) in points for every node: its label plus padding."""
    out = {}
    for n, label in g.nodes(data="label"):
        w, h = text_size(label, fontsize)
        out[n] = (float(w) + 2 * PAD_EM * fontsize, float(h) + 2 * PAD_EM * fontsize)
    return out


def layout(g, fontsize: float = FONT_SIZE) -> dict[str, tuple[float, float]]:
    """Centre of each node's box, in points, main chain on y = 0 starting at x = 0."""
    sizes = box_sizes(g, fontsize)
    main = sorted(
        (n for n, lane in g.nodes(data="lane") if lane == "main"), key=lambda n: g.nodes[n]["order"]
    )
    pos: dict[str, tuple[float, float]] = {}
    x = 0.0
    for i, n in enumerate(main):
        if i:
            x += sizes[main[i - 1]][0] / 2 + GAP_EM * fontsize + sizes[n][0] / 2
        pos[n] = (x, 0.0)
    main_half = max(sizes[n][1] for n in main) / 2
    for lane, sign in (("above", 1), ("below", -1)):
        side = sorted((n for n, ln in g.nodes(data="lane") if ln == lane), key=lambda n: g.nodes[n]["order"])
        placed = []
        for n in side:
            xs = [
                pos[m][0]
                for m in (*g.predecessors(n), *g.successors(n))
                if m in pos and g.nodes[m]["lane"] == "main"
            ]
            cx = sum(xs) / len(xs) if xs else 0.0
            cy = sign * (main_half + LANE_GAP_EM * fontsize + sizes[n][1] / 2)
            placed.append([n, cx, cy])
        _spread(placed, sizes, GAP_EM * fontsize)
        pos.update({n: (cx, cy) for n, cx, cy in placed})
    return pos


def _spread(placed: list, sizes: dict, gap: float) -> None:
    """Push boxes in one lane apart, left to right, so that none overlaps the next."""
    placed.sort(key=lambda item: item[1])
    for a, b in zip(placed, placed[1:], strict=False):
        least = a[1] + sizes[a[0]][0] / 2 + gap + sizes[b[0]][0] / 2
        b[1] = max(b[1], least)


def extent(pos: dict, sizes: dict) -> tuple[float, float, float, float]:
    """(xmin, xmax, ymin, ymax) of all boxes."""
    xs0 = [pos[n][0] - sizes[n][0] / 2 for n in pos]
    xs1 = [pos[n][0] + sizes[n][0] / 2 for n in pos]
    ys0 = [pos[n][1] - sizes[n][1] / 2 for n in pos]
    ys1 = [pos[n][1] + sizes[n][1] / 2 for n in pos]
    return min(xs0), max(xs1), min(ys0), max(ys1)
