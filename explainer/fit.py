"""Can the pathway be drawn, legibly, in a 16:9 frame? Where does each part of the frame go?

A frame is 16 x 9 in (1920 x 1080 px): the title on top (wrapped, as many lines as the
longest title of the pathway needs, so the diagram never jumps between steps), the diagram,
the legend, and the footer (source and disclaimer, wrapped). :func:`fit_layout` tries the
main chain left to right and top to bottom, with labels wrapped at a few widths, and keeps
the arrangement that shows the labels largest, scaled down to fit the diagram's area but
never below :data:`FLOOR` (12 pt). A pathway that cannot fit above the floor is refused by
the loader (:func:`drawing_problems`), so no command ever draws a cropped figure.

>>> from explainer import load_pathway
>>> from explainer.graph import build_graph
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

from explainer.graph import build_graph
from explainer.layout import FONT_SIZE, LINE_SPACING, Layout, layout, wrap_label
from explainer.schema import Pathway
from explainer.wording import footer_text, step_heading

FRAME_SIZE = (16 * 72.0, 9 * 72.0)  # points
FLOOR = 12.0  # smallest label size in a 1920x1080 frame
MARGIN = 18.0  # around the frame's contents
TITLE_SIZE, FOOTER_SIZE, LEGEND_SIZE = 24.0, 16.0, 16.0
LEGEND_HEIGHT = 64.0  # the notation legend: two rows of four entries at 16 pt
GAP = 10.0  # between the frame's blocks
WRAPS_EM = (None, 12.0, 9.0, 6.0)  # label widths tried, in ems (None: as the author wrote it)
# the main chain in one row, in one column, or folded into a staircase of rows
ARRANGEMENTS = (("LR", 1), ("TB", 1), ("TB", 2), ("TB", 3))


class DoesNotFit(ValueError):
    """The pathway cannot be drawn in the area with labels at or above the floor."""

    def __init__(self, best: float, floor: float, chain: list, g):
        self.best, self.floor, self.chain = best, floor, chain
        names = " → ".join(g.nodes[n]["label"].replace("\n", " ") for n in chain)
        super().__init__(
            f"the diagram does not fit a 16:9 frame with labels of {floor:g} pt or more "
            f"(at best {best:.1f} pt): its longest chain has {len(chain)} boxes ({names}) and it "
            f"has {g.number_of_nodes()} nodes in all; split the pathway into two files, or "
            "shorten the labels"
        )


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


def fit_layout(g, width: float, height: float, fontsize: float = FONT_SIZE, floor: float = FLOOR) -> Layout:
    """The layout of ``g`` that fits ``width`` x ``height`` points with the largest labels.

    Labels are at most ``fontsize``; raises :class:`DoesNotFit` when the best arrangement
    would need labels below ``floor``.
    """
    best_scale, best = -1.0, None
    for rankdir, rows in ARRANGEMENTS:
        for wrap in WRAPS_EM:
            lay = layout(g, fontsize, rankdir, wrap, rows)
            scale = min(1.0, width / lay.width, height / lay.height)
            if scale > best_scale + 1e-6:
                best_scale, best = scale, lay
            if best_scale >= 1.0:  # full size: nothing can do better
                return best
    if fontsize * best_scale < floor - 1e-6:
        raise DoesNotFit(fontsize * best_scale, floor, longest_chain(g), g)
    return best if best_scale >= 1.0 else best.scaled(best_scale)


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
    """(location, message) for what cannot be drawn: a missing glyph, or a diagram too big."""
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
    if problems:
        return problems
    try:
        fit_layout(build_graph(pathway), *frame_geometry(pathway).area)
    except DoesNotFit as exc:
        problems.append((("nodes",), str(exc)))
    return problems


def _char_name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}"


__all__ = [
    "FLOOR",
    "DoesNotFit",
    "FrameGeometry",
    "drawing_problems",
    "fit_layout",
    "frame_geometry",
    "longest_chain",
    "missing_glyphs",
    "wrap_text",
]
