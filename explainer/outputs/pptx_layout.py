"""Where everything goes on the PowerPoint slides: a plan of boxes, pictures and diagrams, in points.

The plan is pure data (no python-pptx), made from the pathway and its diagram's scene, so it
can be checked on its own. Every step slide has its diagram in the same rectangle, showing the
step's camera (:mod:`explainer.outputs.pptx_view`), under the tallest step title; the passages go
below it. A step shown in several shots gets a slide a shot ("Step 3 of 8 · part 2 of 3").
The rectangle shares the slide with the passages (:func:`shared_frame`): it gives up height, its
labels down to their 14-pt floor, where that lets passages fit beside it. Text is sized with
:mod:`explainer.outputs.textfit`: each box is as tall as its text at the chosen size; a step's
passages are set at the largest size that fits under the diagram, and when even the smallest
size does not, the passages go on to a continuation slide (:mod:`explainer.outputs.pptx_text`:
a long one split at a sentence end, never leaving a scrap), the diagram the same on each.

>>> from explainer import load_pathway
>>> from explainer.model.scene import pathway_scene
>>> plans = deck_plan(load_pathway(), pathway_scene(load_pathway()))
>>> [p.kind for p in plans][:3], len({p.diagrams[0].y for p in plans if p.step is not None})
(['title', 'notation', 'step'], 1)
"""

from dataclasses import dataclass, replace

from explainer.loading.pathway import Pathway
from explainer.outputs.pptx_text import (
    BODY_SIZES,
    GAP,
    HEIGHT,
    INNER,
    MARGIN,
    PAD_Y,
    WIDTH,
    TextBox,
    box,
    groups,
    pieces,
    stack,
    stacked,
    text_slides,
)
from explainer.outputs.pptx_view import (
    OVERVIEW_WIDTH,
    WHOLE_FLOOR,
    Diagram,
    Frame,
    overview,
    parts,
    step_frame,
    step_views,
    whole_view,
)
from explainer.outputs.textfit import Run
from explainer.words import wording as wd
from explainer.words.wording import DISCLAIMER

TOP = 20.0
TITLE_SIZES = (28.0, 24.0, 20.0)
MIN_TEXT = 90.0  # the step slides' room for passages under the diagram, at least
FOOTER_SIZE = 11.0
LEGEND_ASPECT = 2.2 / 16
PART_SHOWN = (
    "The slide shows this step's part of the diagram; the whole pathway is drawn small beside the title."
)
SUMMARY_PART = (
    "The slide shows part {i} of {n} of the diagram; the whole pathway is drawn small beside the title."
)


@dataclass(frozen=True)
class Picture:
    """The notation's legend (``step`` ``"legend"``), drawn in shapes: its alt text and place."""

    step: int | str | None
    alt: str
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class SlidePlan:
    kind: str  # title | notation | step | summary
    boxes: tuple[TextBox, ...]
    pictures: tuple[Picture, ...] = ()
    notes: str = ""
    step: int | None = None
    passages: tuple[int, ...] = ()  # which of the step's passages it shows
    diagrams: tuple[Diagram, ...] = ()  # drawn as native shapes from the scene
    overview: tuple[Diagram, ...] = ()  # the whole pathway, small, with the diagram's view marked


def title_box(text: str, y: float, sizes=TITLE_SIZES, max_lines: int = 2, w: float = INNER) -> TextBox:
    """The slide title at the largest size that keeps it to ``max_lines`` lines."""
    for size in sizes:
        b = box("Title", [Run(text, size, bold=True)], y, w=w, title=True)
        if b.h - 2 * PAD_Y <= max_lines * size * 1.2 + 0.01:
            return b
    return b


def footer(pathway: Pathway) -> TextBox:
    b = box("Footer", [Run(wd.footer_text(pathway), FOOTER_SIZE)], 0)
    return replace(b, y=HEIGHT - 12 - b.h)


def header(kind_line: str, title: str, w: float = INNER) -> tuple[TextBox, TextBox]:
    """The kind line and the title, ``w`` wide (less than the slide's when an overview is beside them)."""
    kind = box("Kind", [Run(kind_line, 14, italic=True)], TOP, w=w)
    return kind, title_box(title, kind.y + kind.h, w=w)


def step_header(pathway: Pathway, k: int, aside: float = 0.0) -> tuple[TextBox, TextBox]:
    """Step ``k``'s kind and title boxes (``aside``: points kept free on their right, for the
    overview); the kind box as tall as its longest words (a part of many, continued)."""
    longest = step_kind_words(pathway, k, 98, 99, continued=True)
    return header(longest, pathway.steps[k].title, INNER - aside)


def step_kind_words(pathway: Pathway, k: int, shot: int = 0, shots: int = 1, continued: bool = False) -> str:
    """``Step 3 of 7``, ``Step 3 of 7 · part 2 of 3`` (its second shot), `` (continued)`` where
    its passages go on with the same shot, and the contested mark."""
    words = wd.step_kind(pathway, k) + (f" · part {shot + 1} of {shots}" if shots > 1 else "")
    words += " (continued)" if continued else ""
    return words + (f" · {wd.CONTESTED}" if pathway.steps[k].contested else "")


def diagram_area(pathway: Pathway, aside: float = 0.0) -> tuple[float, float, float, float]:
    """Where the step slides' diagrams may go (x, y, width, height): under the tallest step
    title, above the footer, leaving :data:`MIN_TEXT` for the passages."""
    headers = (step_header(pathway, k, aside) for k in range(len(pathway.steps)))
    top = max(t.y + t.h for _, t in headers) + 4
    return MARGIN, top, INNER, _text_bottom(pathway) - GAP - top - MIN_TEXT


def _text_bottom(pathway: Pathway) -> float:
    return footer(pathway).y - GAP


def shared_frame(pathway: Pathway, scene) -> Frame:
    """The step slides' one diagram rectangle: the area's (:func:`diagram_area`), made shorter where
    that gives the deck fewer step slides, so that passages fit under the diagram instead of
    going on to a slide of their own. The diagram gives up height down to its labels' floor
    (:data:`~explainer.outputs.pptx_view.FLOOR`): the whole pathway's, then a frame cut at the
    floor (each step's camera shows its part, the whole small beside the title), which keeps half
    the area's height at least, for the steps' context. Of the frames with the fewest slides: a
    whole one before a cut one, then the tallest."""
    bottom = _text_bottom(pathway)
    best = None
    for aside in (0.0, OVERVIEW_WIDTH + GAP):
        x, y, w, h = diagram_area(pathway, aside)
        fits = {bottom - GAP - y - stacked(pathway, s.passages, z) for s in pathway.steps for z in BODY_SIZES}
        for height in sorted({h} | {t for t in fits if h / 2 <= t < h}, reverse=True):
            frame = step_frame(scene, x, y, w, height)
            if frame.whole != (aside == 0.0):
                continue
            room = bottom - (frame.y + frame.h + GAP)
            texts = (text_slides(pathway, s.passages, room) for s in pathway.steps)
            count = sum(max(len(v), t) for v, t in zip(step_views(scene, frame, {}), texts, strict=True))
            if best is None or count < best[0]:
                best = (count, frame)
    return best[1]


def step_plans(
    pathway: Pathway, k: int, diagrams: list[Diagram], notes: str, overview=None
) -> list[SlidePlan]:
    """Step ``k``'s slides: a slide a shot of its diagram (one, mostly) and a slide a group of its
    passages, whichever are more, as the deck's (a further shot keeps the last passages, further
    passages the last shot). ``overview``: the whole pathway, small, beside the title (when the
    diagram shows a part)."""
    step = pathway.steps[k]
    foot = footer(pathway)
    aside = 0.0 if overview is None else WIDTH - MARGIN - overview.x + GAP
    kind, title = step_header(pathway, k, aside)
    top = diagrams[0].y + diagrams[0].h + GAP
    room = foot.y - GAP - top
    size = next((s for s in BODY_SIZES if stacked(pathway, step.passages, s) <= room), BODY_SIZES[-1])
    slides = groups(pieces(pathway, step.passages, size, room), room)
    n = len(diagrams)
    plans = []
    for j in range(max(n, len(slides))):
        group = slides[min(j, len(slides) - 1)]
        passages, _ = stack(group, top)
        words = step_kind_words(pathway, k, min(j, n - 1), n, continued=j >= n)
        plans.append(
            SlidePlan(
                "step",
                (replace(kind, runs=(replace(kind.runs[0], text=words),)), title, *passages, foot),
                notes=notes,
                step=k,
                passages=tuple(dict.fromkeys(i for i, _ in group)),
                diagrams=(diagrams[min(j, n - 1)],),
                overview=() if overview is None else (overview,),
            )
        )
    return plans


def title_plans(pathway: Pathway) -> list[SlidePlan]:
    """The title slide: title, what this is and whose words, the introduction, the disclaimer."""
    foot = footer(pathway)
    title = title_box(pathway.title, 60, sizes=(40.0, 34.0, 28.0))
    about_box = box("About", [Run(wd.about(pathway), 20)], title.y + title.h + GAP)
    warn = box("Disclaimer", [Run(DISCLAIMER, 26, bold=True)], 0)
    warn = replace(warn, y=foot.y - GAP - warn.h)
    y = about_box.y + about_box.h + GAP
    slides = groups(pieces(pathway, pathway.introduction, 18, warn.y - GAP - y), warn.y - GAP - y)
    intro, _ = stack(slides[0], y)
    plans = [SlidePlan("title", (title, about_box, *intro, warn, foot))]
    for group in slides[1:]:  # an introduction longer than the title slide has room for
        head = title_box(f"{pathway.title}: introduction (continued)", TOP)
        more, _ = stack(group, head.y + head.h + GAP)
        plans.append(SlidePlan("title", (head, *more, foot)))
    return plans


NOTATION = (
    "The arrowhead says how one thing influences the next; a dashed line marks a link that is "
    "hedged or hypothesised. The current step is drawn thick, later steps grey: shape and line, "
    "not colour alone, carry the meaning."
)
NOTATION_ITEMS = (
    "Open triangle: stimulates (positive influence).",
    "Flat bar: inhibits (negative influence).",
    "Open diamond: modulates (the direction is not given).",
    "Dashed line: a link the source hedges (“may”, “appears to”).",
    "Thick coloured border and line: this step. Black: earlier steps. Grey: later steps.",
)
# The legend under them, drawn with the diagram's own shapes: (head, state, hedged, words) per
# entry, in two columns of four (head None: a line alone).
LEGEND = (
    ("triangle", "past", False, "stimulates (positive)"),
    ("bar", "past", False, "inhibits (negative)"),
    ("diamond", "past", False, "modulates (unknown)"),
    (None, "past", True, "hedged or hypothesised (“may”)"),
    (None, "current", False, "this step"),
    (None, "past", False, "earlier steps"),
    (None, "future", False, "later steps"),
)


def notation_plan(pathway: Pathway) -> SlidePlan:
    kind, title = header("How to read the diagram", "Notation (SBGN Activity Flow)")
    intro = box("Notation", [Run(NOTATION, 20)], title.y + title.h + GAP)
    items = box(
        "Notation items", [Run(t, 18, space_after=4) for t in NOTATION_ITEMS], intro.y + intro.h + GAP
    )
    foot = footer(pathway)
    y = items.y + items.h + GAP
    h = min(INNER * LEGEND_ASPECT, foot.y - GAP - y)
    legend = Picture(
        "legend", wd.legend_words(pathway), (WIDTH - h / LEGEND_ASPECT) / 2, y, h / LEGEND_ASPECT, h
    )
    return SlidePlan("notation", (kind, title, intro, items, foot), (legend,))


def summary_plans(pathway: Pathway, scene, alt: str, notes: str) -> list[SlidePlan]:
    """The whole pathway as large as the slide allows (its labels may be under the step floor,
    never under :data:`~explainer.outputs.pptx_view.WHOLE_FLOOR`). A pathway too large for that gets
    its summary in parts at that floor, each slide with the whole small beside its title and
    the part framed in it."""
    kind, title = header("Summary", f"The whole pathway: {pathway.title}")
    foot = footer(pathway)
    top = title.y + title.h + GAP
    frame = step_frame(scene, MARGIN, top, INNER, foot.y - GAP - top, WHOLE_FLOOR)
    if frame.whole:
        return [
            SlidePlan(
                "summary", (kind, title, foot), notes=notes, diagrams=(whole_view(scene, frame, None, alt),)
            )
        ]
    return _summary_parts(pathway, scene, alt, notes)


def _summary_parts(pathway: Pathway, scene, alt: str, notes: str) -> list[SlidePlan]:
    foot = footer(pathway)
    aside = OVERVIEW_WIDTH + GAP
    kind, _ = header("Summary", "", INNER - aside)  # a one-line title: the parts get the room
    title = title_box(f"The whole pathway: {pathway.title}", kind.y + kind.h, (24.0, 20.0), 1, INNER - aside)
    top = title.y + title.h + GAP
    frame = step_frame(scene, MARGIN, top, INNER, foot.y - GAP - top, WHOLE_FLOOR)
    views = parts(scene, frame, "")
    plans = []
    for i, view in enumerate(views):
        words = f"Summary · part {i + 1} of {len(views)}"
        view = replace(view, alt=f"{alt} {SUMMARY_PART.format(i=i + 1, n=len(views))}")
        small = overview(scene, None, WIDTH - MARGIN - OVERVIEW_WIDTH, TOP, top - 4)
        plans.append(
            SlidePlan(
                "summary",
                (replace(kind, runs=(replace(kind.runs[0], text=words),)), title, foot),
                notes=notes,
                diagrams=(view,),
                overview=(small,),
            )
        )
    return plans


def deck_plan(pathway: Pathway, scene, alts=None, notes=None) -> list[SlidePlan]:
    """Every slide: title, notation, the steps (with any continuations), summary.

    ``scene`` is the pathway's :class:`~explainer.model.scene.Scene`; ``alts`` and ``notes`` map a step
    index (``None``: the whole pathway) to the diagram's alt text and the speaker notes; missing
    ones are empty. Every step slide's diagram is in the same rectangle
    (:func:`explainer.outputs.pptx_view.step_frame`), showing its step's camera or shot.
    """
    alts, notes = alts or {}, notes or {}
    plans = [*title_plans(pathway), notation_plan(pathway)]
    frame = shared_frame(pathway, scene)  # not whole: the whole pathway, small, beside the title
    views = step_views(scene, frame, alts)
    if not frame.whole:
        views = [[replace(v, alt=f"{v.alt} {PART_SHOWN}") for v in shots] for shots in views]
    for k in range(len(pathway.steps)):
        small = None if frame.whole else overview(scene, k, WIDTH - MARGIN - OVERVIEW_WIDTH, TOP, frame.y - 4)
        plans += step_plans(pathway, k, views[k], notes.get(k, ""), small)
    plans += summary_plans(pathway, scene, alts.get(None, ""), notes.get(None, ""))
    return plans
