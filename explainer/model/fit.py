"""Can the pathway be drawn, legibly, in a 16:9 frame? Where does each part of the frame go?

A frame is 16 x 9 in (1920 x 1080 px): the title on top (wrapped, as many lines as the
longest title of the pathway needs, so the diagram never jumps between steps), the diagram,
the legend, and the footer (source and disclaimer, wrapped). :func:`fit_layout` tries the
main chain left to right and top to bottom, with labels wrapped at a few widths, and keeps
the arrangement that shows the labels largest, scaled down to fit the diagram's area. No
pathway is refused for its size: when the whole view's labels fall under :data:`WHOLE_FLOOR_PX`
(12 px in a 1920 x 1080 frame), :func:`fit_findings` warns and names what costs most room.

>>> from explainer import load_pathway
>>> from explainer.model.graph import build_graph
>>> p = load_pathway()
>>> lay = fit_layout(build_graph(p), *frame_geometry(p).area)
>>> lay.fontsize >= FLOOR
True
"""

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import networkx as nx
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font
from pydantic import BaseModel

from explainer.loading.schema import Pathway
from explainer.model.graph import build_graph
from explainer.model.layout import (
    CLEAR_EM,
    FONT_SIZE,
    LINE_SPACING,
    NODESEP_EM,
    RANKSEP_EM,
    Layout,
    box_sizes,
    layout,
    main_chain,
    rows_of,
    text_size,
    wrap_label,
)
from explainer.words.wording import footer_text, step_heading

FRAME_SIZE = (16 * 72.0, 9 * 72.0)  # points
PX_PER_PT = 1920 / FRAME_SIZE[0]  # a frame is drawn 1920 px wide
WHOLE_FLOOR_PX = 12.0  # the whole-pathway view's labels in a 1920x1080 frame: under it, a warning
FLOOR = WHOLE_FLOOR_PX / PX_PER_PT  # the same, in the frame's points
MARGIN = 18.0  # around the frame's contents
TITLE_SIZE, FOOTER_SIZE, LEGEND_SIZE = 24.0, 16.0, 16.0
LEGEND_HEIGHT = 64.0  # the notation legend: two rows of four entries at 16 pt
GAP = 10.0  # between the frame's blocks
WRAPS_EM = (None, 12.0, 9.0, 6.0)  # label widths tried, in ems (None: as the author wrote it)
# the main chain in one row, in one column, or folded into a staircase of rows
ARRANGEMENTS = (("LR", 1), ("TB", 1), ("TB", 2), ("TB", 3))


@dataclass(frozen=True)
class FrameGeometry:
    """Where the parts of a frame go, in points from the bottom left of a 16 x 9 in figure."""

    title_lines: int
    footer_lines: int
    diagram: tuple  # (x, y, width, height)

    @property
    def area(self) -> tuple[float, float]:
        return self.diagram[2], self.diagram[3]


def frame_titles(pathway: Pathway) -> list[str]:
    """Every title a frame of this pathway shows: the whole pathway, then one per step."""
    return [f"The whole pathway: {pathway.title}"] + [
        step_heading(pathway, k) for k in range(len(pathway.steps))
    ]


def wrap_text(text: str, fontsize: float, weight: str = "normal", width: float | None = None) -> str:
    """Plain text wrapped to the frame's width (less its margins) at ``fontsize``."""
    width = FRAME_SIZE[0] - 2 * MARGIN if width is None else width
    return wrap_label(text, width, fontsize, weight=weight)


def frame_geometry(pathway: Pathway) -> FrameGeometry:
    """The frame's blocks for this pathway: title and footer wrapped, the diagram in between."""
    title_lines = max(wrap_text(t, TITLE_SIZE, "bold").count("\n") + 1 for t in frame_titles(pathway))
    footer_lines = wrap_text(footer_text(pathway), FOOTER_SIZE).count("\n") + 1
    top = FRAME_SIZE[1] - MARGIN - title_lines * TITLE_SIZE * LINE_SPACING - GAP
    bottom = MARGIN + footer_lines * FOOTER_SIZE * LINE_SPACING + GAP + LEGEND_HEIGHT + GAP
    width = FRAME_SIZE[0] - 2 * MARGIN
    return FrameGeometry(title_lines, footer_lines, (MARGIN, bottom, width, top - bottom))


def fit_layout(g, width: float, height: float, fontsize: float = FONT_SIZE) -> Layout:
    """The layout of ``g`` that fits ``width`` x ``height`` points with the largest labels.

    Labels are at most ``fontsize``, and as small as it takes: a pathway is never refused for
    its size (:func:`fit_findings` says when the whole view's labels get small, and why).
    """
    scale, best = _best(g, width, height, fontsize)
    return best if scale >= 1.0 else best.scaled(scale)


def _best(g, width: float, height: float, fontsize: float = FONT_SIZE, full_stop: bool = True):
    """(scale, layout) of the arrangement that shows the labels largest in the area."""
    best_scale, best = -1.0, None
    for rankdir, rows in ARRANGEMENTS:
        for wrap in WRAPS_EM:
            most = 2.0 if best is None else _most(g, width, height, fontsize, rankdir, wrap, rows)
            if most <= best_scale + 1e-6:
                continue  # even its least extent cannot beat the best so far: no dot run
            lay = layout(g, fontsize, rankdir, wrap, rows)
            scale = min(1.0, width / lay.width, height / lay.height)
            if scale > best_scale + 1e-6:
                best_scale, best = scale, lay
            if full_stop and best_scale >= 1.0:  # full size: nothing can do better
                return best_scale, best
    return best_scale, best


def _most(g, width: float, height: float, fontsize: float, rankdir: str, wrap, rows: int) -> float:
    """The largest scale an arrangement could reach, from :func:`least_extent` (less 1 %: dot's
    sizes are rounded to 1/10000 in)."""
    least_w, least_h = least_extent(g, fontsize, rankdir, wrap, rows)
    return min(1.0, width / (0.99 * least_w), height / (0.99 * least_h))


def least_extent(
    g, fontsize: float = FONT_SIZE, rankdir: str = "LR", wrap_em: float | None = None, rows: int = 1
) -> tuple[float, float]:
    """A lower bound on (width, height) of :func:`layout` with these arguments, without dot.

    dot puts each rank's boxes side by side at least ``nodesep`` apart, and ranks at least
    ``ranksep`` apart. Along the main direction, a chain of links that no cycle runs through
    (dot never reverses those) takes one rank per box; a folded row is one rank.
    """
    _, sizes = box_sizes(g, wrap_em, fontsize)
    clear = 2 * CLEAR_EM * fontsize
    width, height = (max(s[i] for s in sizes.values()) for i in (0, 1))
    if rows > 1:
        row_of = rows_of(main_chain(g), rows)
        for r in set(row_of.values()):
            members = [sizes[n][0] for n in row_of if row_of[n] == r]
            width = max(width, sum(members) + (len(members) - 1) * (NODESEP_EM * fontsize + clear))
        return width, height
    along = 0 if rankdir == "LR" else 1
    component = {n: i for i, c in enumerate(nx.strongly_connected_components(g)) for n in c}
    dag = nx.DiGraph((u, v) for u, v in g.edges if component[u] != component[v])
    dag.add_nodes_from(g)
    gap, reach = RANKSEP_EM * fontsize + clear, {}
    for n in nx.topological_sort(dag):
        reach[n] = sizes[n][along] + max((reach[u] + gap for u in dag.predecessors(n)), default=0.0)
    span = max(reach.values())
    return (max(width, span), height) if along == 0 else (width, max(height, span))


def longest_chain(g) -> list:
    """The longest run of links with feedback links set aside: what makes a diagram long."""
    dag = nx.DiGraph(g)
    while not nx.is_directed_acyclic_graph(dag):
        cycle = nx.find_cycle(dag)
        dag.remove_edge(*cycle[-1][:2])
    return nx.dag_longest_path(dag)


@lru_cache(maxsize=4)
def _charmaps() -> tuple[frozenset, ...]:
    maps = []
    for weight in ("normal", "bold"):
        path = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans", weight=weight))
        maps.append(frozenset(FT2Font(path).get_charmap()))
    return tuple(maps)


def missing_glyphs(text: str) -> list[str]:
    """Characters of ``text`` the figure font (DejaVu Sans, regular and bold) cannot draw."""
    regular, bold = _charmaps()
    out = []
    for ch in dict.fromkeys(text):
        if ch in "\n\t" or ch.isspace() and ord(ch) < 128:
            continue
        if ord(ch) not in regular or ord(ch) not in bold:
            out.append(ch)
    return out


def _texts(value, loc=()):
    """Every string field in a model, with its location (ids and file names are not drawn)."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, tuple | list):
        for i, item in enumerate(value):
            yield from _texts(item, (*loc, i))
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name in (
                "id",
                "file",
                "article",
                "source",
                "target",
                "cites",
                "branch",
                "kind",
                "lane",
                "never_show",
            ):
                continue
            yield from _texts(getattr(value, name), (*loc, name))


def drawing_problems(pathway: Pathway) -> list[tuple[tuple, str]]:
    """(location, message) for what cannot be drawn: a character the figure font has no glyph for.

    Size is never a problem: a big pathway is drawn smaller (see :func:`fit_findings`).
    """
    problems = []
    for loc, text in (*_texts(pathway), *_texts(pathway.source, ("source",))):
        for ch in missing_glyphs(text):
            name = _char_name(ch)
            problems.append(
                (
                    loc,
                    f"the character {ch!r} ({name}) cannot be drawn: the figure font has no glyph "
                    "for it; remove it or write it out in words",
                )
            )
    return problems


@dataclass(frozen=True)
class Finding:
    """A warning about how the pathway draws: the whole view's labels are small, and why.

    ``loc`` is where in the file to point (as in :class:`explainer.loading.pathway.PathwayError`),
    ``label_px`` the whole view's label size in a 1920 x 1080 frame, ``costs`` what takes the
    most room, most costly first, each ``(location, what)``.
    """

    loc: tuple
    message: str
    label_px: float
    costs: tuple


def fit_findings(pathway: Pathway) -> list[Finding]:
    """Warnings, not errors: the whole-pathway view's labels under :data:`WHOLE_FLOOR_PX`.

    Names what costs most: a title that wraps (it takes height from the diagram), the longest
    labels, the longest chain. The pathway is drawn all the same; each step's view frames its
    own part larger.
    """
    g = build_graph(pathway)
    geo = frame_geometry(pathway)
    scale, best = _best(g, *geo.area)
    px = min(1.0, scale) * FONT_SIZE * PX_PER_PT
    if px >= WHOLE_FLOOR_PX - 1e-6:
        return []
    costs = [*_title_cost(pathway, g, geo), *_label_costs(pathway), _chain_cost(pathway, g)]
    message = (
        f"the whole-pathway view's labels are {px:.1f} px in a 1920x1080 frame, under "
        f"{WHOLE_FLOOR_PX:g} px: it is still drawn, every box and link. "
        "What costs most: " + "; ".join(text for _, text in costs) + ". To draw it larger, shorten "
        "those, or split the mechanism into an overview and a close-up"
    )
    return [Finding(("nodes",), message, round(px, 2), tuple(costs))]


def _title_cost(pathway: Pathway, g, geo: FrameGeometry) -> list[tuple[tuple, str]]:
    """The longest frame title, when it wraps: the label size it would give on one line."""
    if geo.title_lines <= 1:
        return []
    titles = frame_titles(pathway)
    lines = [wrap_text(t, TITLE_SIZE, "bold").count("\n") + 1 for t in titles]
    k = lines.index(max(lines))
    loc = ("title",) if k == 0 else ("steps", k - 1, "title")
    one_line = geo.diagram[3] + (geo.title_lines - 1) * TITLE_SIZE * LINE_SPACING
    scale, _ = _best(g, geo.area[0], one_line, full_stop=False)
    px = min(1.0, scale) * FONT_SIZE * PX_PER_PT
    name = "the title" if k == 0 else f"steps[{k - 1}].title"
    return [(loc, f"{name} wraps to {geo.title_lines} lines in the frame (on one line: {px:.1f} px)")]


def widest_labels(pathway: Pathway, count: int = 3) -> list[int]:
    """The indices of the widest box labels, as written (one line each), widest first."""
    width = {i: text_size(n.label.replace("\n", " "), FONT_SIZE)[0] for i, n in enumerate(pathway.nodes)}
    return sorted(width, key=lambda i: -width[i])[:count]


def _label_costs(pathway: Pathway, count: int = 3) -> list[tuple[tuple, str]]:
    """The widest box labels, as written (one line each), widest first."""
    widest = widest_labels(pathway, count)
    nodes = pathway.nodes
    names = ", ".join(f"nodes[{i}] ('{nodes[i].id}') '{_short(nodes[i].label)}'" for i in widest)
    return [(("nodes", widest[0], "label"), f"the longest labels: {names}")]


def _chain_cost(pathway: Pathway, g) -> tuple[tuple, str]:
    chain = longest_chain(g)
    names = [_short(g.nodes[n]["label"], 24) for n in chain]
    if len(names) > 6:
        names = [*names[:3], "…", *names[-2:]]
    names = " → ".join(names)
    return ("nodes",), f"the longest chain: {len(chain)} boxes ({names})"


def _short(label: str, limit: int = 40) -> str:
    text = " ".join(label.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _char_name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}"


__all__ = [
    "FLOOR",
    "WHOLE_FLOOR_PX",
    "Finding",
    "FrameGeometry",
    "drawing_problems",
    "fit_findings",
    "fit_layout",
    "least_extent",
    "frame_geometry",
    "longest_chain",
    "missing_glyphs",
    "widest_labels",
    "wrap_text",
]
