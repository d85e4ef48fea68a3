"""The passages on PowerPoint's slides: quoted with caption and source, sized, split between slides.

A slide's text boxes are as tall as their text (:mod:`explainer.outputs.textfit`). Passages are
stacked in the room a slide has for them; a passage taller than that room is split, at the last
sentence end that keeps at least half of what fits (else between words), and never so that a
slide holds a scrap: the part that goes on is at least two lines of text (the rule of both decks,
:func:`explainer.outputs.textfit.split_at`).

Pure data, in points; no python-pptx.

>>> from explainer import load_pathway
>>> p = load_pathway()
>>> [r.text[:12] for r in passage_runs(p, p.steps[0].passages[0], 20)][1:]
['“One of the ', '— “Ketamine:']
"""

import math
from dataclasses import dataclass, replace
from functools import partial

from explainer.loading.pathway import Pathway
from explainer.outputs.textfit import Run, height, split_at, wrap
from explainer.words import wording as wd

WIDTH, HEIGHT = 960.0, 540.0  # 16:9, 13.33 x 7.5 in
MARGIN = 36.0
INNER = WIDTH - 2 * MARGIN
PAD_X, PAD_Y = 6.0, 4.0  # text frame margins
GAP = 8.0
BODY_SIZES = (20.0, 18.0, 16.0, 14.0)  # passages: the largest that fits is used
QUOTE_FILL = "F2F2F2"


@dataclass(frozen=True)
class TextBox:
    """A text box: paragraphs and place (points). ``title`` boxes fill the slide's title."""

    name: str
    runs: tuple[Run, ...]
    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    title: bool = False


def box(name: str, runs, y: float, x: float = MARGIN, w: float = INNER, **kw) -> TextBox:
    """A box at ``y`` exactly as tall as its text."""
    runs = tuple(runs)
    return TextBox(name, runs, x, y, w, height(runs, w - 2 * PAD_X) + 2 * PAD_Y, **kw)


def passage_runs(pathway: Pathway, passage, size: float, text: str | None = None, part: str = "whole"):
    """A passage's paragraphs: caption, text, source. A split passage's ``part`` is
    ``first``, ``middle`` or ``last``; quote marks open on the first and close on the last."""
    small = max(size - 4, 12)
    text = " ".join((passage.text if text is None else text).split())
    more = wd.CONTINUED if part in ("middle", "last") else ""
    goes_on = wd.GOES_ON if part in ("first", "middle") else ""
    if pathway.quotes_article:
        opening = "“" if part in ("whole", "first") else ""
        closing = "”" if part in ("whole", "last") else ""
        return (
            Run(f"{more}{wd.quote_caption(passage.section)}", small, italic=True, space_after=2),
            Run(f"{opening}{text}{closing}", size, space_after=2),
            Run(f"— {pathway.attribution}{goes_on}", small),
        )
    refs = "; ".join(pathway.reference(r).citation for r in passage.cites) or pathway.attribution
    return (
        Run(f"{more}{wd.SUMMARY_LABEL}", small, italic=True, space_after=2),
        Run(text, size, space_after=2),
        Run(f"{refs}{goes_on}", small),
    )


def box_height(runs) -> float:
    """A full-width passage box's height for ``runs`` (points)."""
    return height(runs, INNER - 2 * PAD_X) + 2 * PAD_Y


def stacked(pathway: Pathway, passages, size: float) -> float:
    """The height of ``passages`` stacked whole at ``size``, with a gap between boxes."""
    return sum(box_height(passage_runs(pathway, p, size)) for p in passages) + GAP * (len(passages) - 1)


def text_slides(pathway: Pathway, passages, room: float) -> int:
    """How many slides ``passages`` take in ``room`` points a slide: 1 where they fit whole at one
    of :data:`BODY_SIZES`, else an estimate at the smallest (the plan splits them exactly)."""
    if any(stacked(pathway, passages, size) <= room for size in BODY_SIZES):
        return 1
    return max(2, math.ceil(stacked(pathway, passages, BODY_SIZES[-1]) / max(room, 1.0)))


def pieces(pathway: Pathway, passages, size: float, room: float) -> list[tuple[int, tuple[Run, ...]]]:
    """(passage index, paragraphs) per box; a passage taller than ``room`` is split (:func:`split_at`)."""
    out = []
    for i, p in enumerate(passages):
        runs = passage_runs(pathway, p, size)
        if box_height(runs) <= room:
            out.append((i, runs))
            continue
        words, first = p.text.split(), True
        while words:
            n = _most_words(pathway, p, size, words, room, first)
            if n < len(words):
                n = split_at(words, n, partial(_lines, pathway, p, size))
            out.append(
                (i, passage_runs(pathway, p, size, " ".join(words[:n]), _part(first, n == len(words))))
            )
            words, first = words[n:], False
    return out


def _part(first: bool, last: bool) -> str:
    return {(True, True): "whole", (True, False): "first", (False, True): "last"}.get((first, last), "middle")


def _most_words(pathway, p, size, words, room, first: bool) -> int:
    """How many of ``words`` fit in one box of ``room`` points (at least one)."""
    lo, hi = 1, len(words)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        runs = passage_runs(pathway, p, size, " ".join(words[:mid]), _part(first, mid == len(words)))
        if box_height(runs) <= room:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _lines(pathway, p, size, words) -> int:
    body = passage_runs(pathway, p, size, " ".join(words), "last")[1]
    return len(wrap(body.text, body.size, INNER - 2 * PAD_X))


def groups(items, room: float) -> list[list]:
    """``items`` (pieces) in order, as many per slide as fit in ``room`` points, a gap between two."""
    out, used = [[]], -GAP
    for item in items:
        need = box_height(item[1]) + GAP
        if out[-1] and used + need > room:
            out.append([])
            used = -GAP
        out[-1].append(item)
        used += need
    return out


def stack(items, y: float) -> tuple[list[TextBox], float]:
    """The pieces' boxes, one under another from ``y``; and the ``y`` under the last."""
    boxes = []
    for n, (i, runs) in enumerate(items):
        b = box(f"Passage {i + 1}" + (" (part)" if n and items[n - 1][0] == i else ""), runs, y)
        boxes.append(replace(b, fill=QUOTE_FILL))
        y += b.h + GAP
    return boxes, y
