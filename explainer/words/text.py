"""The words shown beside the diagram, as small HTML fragments built from the pathway.

Every string from the content file is escaped here, so a label or passage containing
``<script>`` is shown as literal text wherever these fragments go (widgets, slides, the
static explorer). The article's words are always in a ``<blockquote>`` with the section
they come from and the attribution; the project's own words (titles, questions, educator
notes, research summaries) are never inside one, and notes carry their citations.

>>> from explainer import load_pathway
>>> "<blockquote" in passages_html(load_pathway(), 0)
True
"""

import json
import re
from html import escape

from explainer.loading.article import term_pattern
from explainer.loading.schema import Pathway
from explainer.words import wording as wd
from explainer.words.wording import DISCLAIMER, node_name, source_label, step_heading

# What JSON may hold that an HTML parser reads inside <script>: "</script", "<!--" (which turns
# the rest of the element into a comment), "]]>". Each becomes a JSON \u escape: still JSON.
_IN_SCRIPT = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
_IN_SCRIPT_RE = re.compile("[<>&]")


def json_in_html(data) -> str:
    """``data`` as compact JSON that can sit inside an HTML ``<script>`` element, unchanged.

    Every ``<``, ``>`` and ``&`` is written as its ``\\uXXXX`` escape, and so is every character
    outside ASCII (U+2028 and U+2029 end a line in older JavaScript; a lone surrogate is not
    UTF-8): no text can close the element or open a comment, and the result is still JSON
    (``<\\!--`` is not).

    >>> json_in_html({"title": "</script><!--"})
    '{"title":"\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=True)
    return _IN_SCRIPT_RE.sub(lambda m: _IN_SCRIPT[m.group(0)], text)


def contested_html(pathway: Pathway, k: int) -> str:
    """The badge beside a contested step's title (empty for any other step)."""
    return f' <span class="explainer-contested">{wd.CONTESTED}</span>' if pathway.steps[k].contested else ""


def title_html(pathway: Pathway, k: int) -> str:
    return f'<h2 class="explainer-title">{escape(step_heading(pathway, k))}{contested_html(pathway, k)}</h2>'


def references_html(pathway: Pathway, ids) -> str:
    """The cited references, each with its DOI (as text: the pages work offline)."""
    items = "".join(f"<li>{escape(pathway.reference(i).citation)}</li>" for i in ids)
    return f'<ol class="explainer-refs">{items}</ol>'


def summary_html(text: str, cites, pathway: Pathway, part: str = "whole") -> str:
    """The project's summary of published research, with its citations (never a quote); a
    ``part`` of one split over slides says so (see :func:`quote_html`)."""
    more, goes_on = part_words(part)
    on = f'<p class="explainer-goes-on">{escape(goes_on.strip())}</p>' if goes_on else ""
    return (
        '<div class="explainer-summary">'
        f'<p class="explainer-summary-label">{escape(more + wd.SUMMARY_LABEL, quote=False)}</p>'
        f"<p>{escape(' '.join(text.split()))}</p>{references_html(pathway, cites)}{on}</div>"
    )


def part_words(part: str) -> tuple[str, str]:
    """What a part of a passage split over slides says before its caption and after its source."""
    if part not in wd.PARTS:
        raise ValueError(f"part {part!r}: one of {', '.join(wd.PARTS)}")
    more = wd.CONTINUED if part in ("middle", "last") else ""
    return more, wd.GOES_ON if part in ("first", "middle") else ""


def note_html(pathway: Pathway, k: int) -> str:
    """The step's educator note: what the research says, in the project's words, with citations."""
    note = pathway.steps[k].note
    if note is None:
        return ""
    lead = wd.note_lead(pathway, k)
    return (
        '<aside class="explainer-note">'
        f'<p class="explainer-note-label">{escape(wd.NOTE_LABEL, quote=False)}</p>'
        f"<p>{f'<b>{lead.strip()}</b> ' if lead else ''}{escape(' '.join(note.text.split()))}</p>"
        f"{references_html(pathway, note.cites)}</aside>"
    )


def quote_html(section: str | None, text: str, pathway: Pathway, part: str = "whole") -> str:
    """A verbatim passage, marked as the article's, with its section (when known) and attribution.

    A ``part`` (``first``, ``middle``, ``last``) of a passage split over slides is one quote: its
    quote marks open on the first part and close on the last (a blockquote of class ``continued``
    has no opening mark, of class ``goes-on`` no closing one), later parts are captioned
    "(continued)", earlier ones say in their source line that they go on.
    """
    more, goes_on = part_words(part)
    caption = wd.quote_caption(section) if section else ""
    caption = f"<figcaption>{escape(more + caption)}</figcaption>" if caption or more else ""
    marks = " ".join(c for c, on in (("continued", more), ("goes-on", goes_on)) if on)
    attrs = f' class="{marks}"' if marks else ""
    return (
        f'<figure class="explainer-quote">{caption}'
        f"<blockquote{attrs}>{escape(' '.join(text.split()))}</blockquote>"
        f"<cite>{escape(pathway.attribution + goes_on)}</cite>"
        "</figure>"
    )


def emphasis_html(pathway: Pathway, k: int) -> str:
    """Which boxes the diagram highlights in step ``k``, in words (the picture's text twin)."""
    names = ", ".join(node_name(pathway, n) for n in pathway.steps[k].nodes)
    return f'<p class="explainer-emphasis">Highlighted in the diagram: {escape(names)}</p>'


def passage_html(pathway: Pathway, passage) -> str:
    if pathway.quotes_article:
        return quote_html(passage.section, passage.text, pathway)
    return summary_html(passage.text, passage.cites, pathway)


def passages_html(pathway: Pathway, k: int) -> str:
    return "".join(passage_html(pathway, p) for p in pathway.steps[k].passages)


def glossary_in(pathway: Pathway, words: str) -> list:
    """Glossary entries whose term occurs in ``words`` (plurals and suffixes count)."""
    return [g for g in pathway.glossary if term_pattern(g.term).search(words)]


def glossary_terms(pathway: Pathway, k: int) -> list:
    """Glossary entries whose term occurs in step ``k``'s passages, title or node labels."""
    step = pathway.steps[k]
    words = [step.title, *(p.text for p in step.passages), *(pathway.node(n).label for n in step.nodes)]
    return glossary_in(pathway, " ".join(words))


def glossary_html(pathway: Pathway, k: int) -> str:
    entries = glossary_terms(pathway, k)
    if not entries:
        return ""
    items = "".join(f"<li><b>{escape(g.term)}</b>: {escape(g.expansion)}</li>" for g in entries)
    return f'<div class="explainer-glossary"><h3>Terms in this step</h3><ul>{items}</ul></div>'


def question_html(pathway: Pathway, k: int) -> str:
    """The project's own self-check question (not a quote)."""
    q = pathway.steps[k].question
    return f'<p class="explainer-question"><b>{wd.CHECK_YOURSELF}</b> {escape(q)}</p>'


def choices_html(pathway: Pathway, k: int, scope: str = "") -> str:
    """The step's choices (the project's words) as radio buttons, or "" for a step without them.

    A picked choice says whether it is the right one with no script (CSS shows its verdict); the
    page's SCORM reporting reads ``data-correct`` for the score. Radio buttons of one name are one
    group in the whole document: ``scope`` keeps two explorers of one pathway on a page (or in a
    notebook) from sharing their answers.
    """
    step = pathway.steps[k]
    choices, correct = step.choices, step.correct
    if not choices:
        return ""
    items = "".join(
        '<label class="explainer-choice-label">'
        f'<input type="radio" class="explainer-choice" name="exq-{pathway.id}-{scope}{k}" value="{i}" '
        f'data-step="{k}" data-correct="{"true" if c == correct else "false"}"> {escape(c)} '
        f'<span class="explainer-verdict">{"Right." if c == correct else "Not this one."}</span></label>'
        for i, c in enumerate(choices)
    )
    return f'<fieldset class="explainer-choices"><legend>Pick one answer</legend>{items}</fieldset>'


def answer_html(pathway: Pathway, k: int) -> str:
    """The answer: the article's own words, or in a research pathway the project's."""
    a = " ".join(pathway.steps[k].answer.split())
    if not pathway.quotes_article:
        return f'<p class="explainer-answer">Answer: {escape(a)}</p>'
    source = escape(pathway.attribution)
    return f'<p class="explainer-answer">{wd.ARTICLE_SAYS} <q>{escape(a)}</q> ({source})</p>'


def header_html(pathway: Pathway) -> str:
    return (
        f'<div class="explainer-header"><h1>{escape(pathway.title)}</h1>'
        f"<p>{source_label(pathway)}: {escape(pathway.attribution)}. "
        f"<b>{escape(DISCLAIMER)}</b></p></div>"
    )


def introduction_html(pathway: Pathway) -> str:
    return "".join(passage_html(pathway, p) for p in pathway.introduction)
