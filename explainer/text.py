"""The words shown beside the diagram, as small HTML fragments built from the pathway.

Every string from the content file is escaped here, so a label or passage containing
``<script>`` is shown as literal text wherever these fragments go (widgets, slides, the
static explorer). The article's words are always in a ``<blockquote>`` with the section
they come from and the attribution; the project's own words (titles, questions, notes)
are never inside one.

>>> from explainer import load_pathway
>>> "<blockquote" in passages_html(load_pathway(), 0)
True
"""

import re
from html import escape

from explainer import DISCLAIMER
from explainer.pathway import Pathway


def step_heading(pathway: Pathway, k: int) -> str:
    """Plain text: ``Step 1 of 7: Ketamine blocks the NMDA receptor``."""
    return f"Step {k + 1} of {len(pathway.steps)}: {pathway.steps[k].title}"


def title_html(pathway: Pathway, k: int) -> str:
    return f'<h2 class="explainer-title">{escape(step_heading(pathway, k))}</h2>'


def quote_html(section: str, text: str, pathway: Pathway) -> str:
    """A verbatim passage, marked as the article's, with its section and attribution."""
    return (
        '<figure class="explainer-quote">'
        f"<figcaption>From the article, section “{escape(section)}”:</figcaption>"
        f"<blockquote>{escape(' '.join(text.split()))}</blockquote>"
        f"<cite>{escape(pathway.attribution)}</cite>"
        "</figure>"
    )


def emphasis_html(pathway: Pathway, k: int) -> str:
    """Which boxes the diagram highlights in step ``k``, in words (the picture's text twin)."""
    names = ", ".join(_name(pathway, n) for n in pathway.steps[k].nodes)
    return f'<p class="explainer-emphasis">Highlighted in the diagram: {escape(names)}</p>'


def passages_html(pathway: Pathway, k: int) -> str:
    return "".join(quote_html(p.section, p.text, pathway) for p in pathway.steps[k].passages)


def glossary_terms(pathway: Pathway, k: int) -> list:
    """Glossary entries whose term occurs in step ``k``'s passages, title or node labels."""
    step = pathway.steps[k]
    words = " ".join(
        [step.title, *(p.text for p in step.passages), *(pathway.node(n).label for n in step.nodes)]
    )
    return [g for g in pathway.glossary if re.search(rf"\b{re.escape(g.term)}\b", words)]


def glossary_html(pathway: Pathway, k: int) -> str:
    entries = glossary_terms(pathway, k)
    if not entries:
        return ""
    items = "".join(f"<li><b>{escape(g.term)}</b>: {escape(g.expansion)}</li>" for g in entries)
    return f'<div class="explainer-glossary"><h4>Terms in this step</h4><ul>{items}</ul></div>'


def question_html(pathway: Pathway, k: int) -> str:
    """The project's own self-check question (not a quote)."""
    q = pathway.steps[k].question
    return f'<p class="explainer-question"><b>Check yourself:</b> {escape(q)}</p>'


def answer_html(pathway: Pathway, k: int) -> str:
    """The answer, in the article's own words."""
    a = pathway.steps[k].answer
    return (
        '<p class="explainer-answer">The article says: '
        f"<q>{escape(' '.join(a.split()))}</q> ({escape(pathway.attribution)})</p>"
    )


def node_html(pathway: Pathway, node_id: str) -> str:
    """What the article says about one node: the evidence on its edges and its steps' passages."""
    node = pathway.node(node_id)
    name = " ".join(node.label.split())
    parts = [f'<h3 class="explainer-node">{escape(name)}</h3>']
    seen = set()
    for s in pathway.steps:
        if node_id in s.nodes:
            for p in s.passages:
                if p.text not in seen:
                    seen.add(p.text)
                    parts.append(quote_html(p.section, p.text, pathway))
    for e in pathway.edges:
        if node_id in e.key and e.evidence not in seen and not any(e.evidence in t for t in seen):
            seen.add(e.evidence)
            parts.append(
                f'<figure class="explainer-quote"><figcaption>On the link '
                f"{escape(_name(pathway, e.source))} → {escape(_name(pathway, e.target))}:</figcaption>"
                f"<blockquote>{escape(' '.join(e.evidence.split()))}</blockquote>"
                f"<cite>{escape(pathway.attribution)}</cite></figure>"
            )
    return "".join(parts)


def _name(pathway: Pathway, node_id: str) -> str:
    return " ".join(pathway.node(node_id).label.split())


def node_names(pathway: Pathway) -> list[tuple[str, str]]:
    """(display name, id) for every node, in file order."""
    return [(_name(pathway, n.id), n.id) for n in pathway.nodes]


def header_html(pathway: Pathway) -> str:
    return (
        f'<div class="explainer-header"><h1>{escape(pathway.title)}</h1>'
        f"<p>Quoted source: {escape(pathway.attribution)}. "
        f"<b>{escape(DISCLAIMER)}</b></p></div>"
    )


def introduction_html(pathway: Pathway) -> str:
    return "".join(quote_html(p.section, p.text, pathway) for p in pathway.introduction)
