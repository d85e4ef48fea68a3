"""The diagram in words: names of its boxes and links, their order, and a text alternative.

Everything the interactive diagram says to a screen reader, shows on hover or lists beside a
step comes from here, built from the pathway data, so the picture and its text twin cannot
disagree. A box or link is an *item*, identified like the drawing's gids: ``node:ID`` and
``edge:SRC->TGT``.

>>> from explainer import load_pathway
>>> p = load_pathway()
>>> link_sentence(p, ("ketamine", "nmda"))
'Ketamine inhibits NMDA receptor (blocked)'
>>> item_order(p)[:3]
['node:ketamine', 'edge:ketamine->nmda', 'node:nmda']
"""

from html import escape

from explainer.loading.pathway import Pathway
from explainer.words import text as tx
from explainer.words import wording as wd

VERBS = {  # influence: (third person, infinitive after "may")
    "positive": ("stimulates", "stimulate"),
    "negative": ("inhibits", "inhibit"),
    "unknown": ("modulates", "modulate"),
}
UNKNOWN_NOTE = "direction not given"


def node_item(node_id: str) -> str:
    return f"node:{node_id}"


def edge_item(key) -> str:
    return f"edge:{key[0]}->{key[1]}"


def parse_item(item: str) -> tuple[str, object]:
    """``("node", ID)`` or ``("edge", (SRC, TGT))`` for an item id.

    >>> parse_item("edge:a->b")
    ('edge', ('a', 'b'))
    """
    kind, _, rest = item.partition(":")
    if kind == "edge":
        source, _, target = rest.partition("->")
        return kind, (source, target)
    return kind, rest


def _edge(pathway: Pathway, key):
    return next(e for e in pathway.edges if e.key == tuple(key))


def link_sentence(pathway: Pathway, key) -> str:
    """A link in words: "A inhibits B", "A may stimulate B (the article hedges)"."""
    e = _edge(pathway, key)
    source, target = wd.node_name(pathway, e.source), wd.node_name(pathway, e.target)
    third, infinitive = VERBS[e.influence]
    notes = [UNKNOWN_NOTE] * (e.influence == "unknown") + [wd.hedged(pathway)] * e.hedged
    after = f" ({'; '.join(notes)})" if notes else ""
    return f"{source} {'may ' + infinitive if e.hedged else third} {target}{after}"


def item_name(pathway: Pathway, item: str) -> str:
    """The accessible name of an item: a box's label on one line, or a link's sentence."""
    kind, key = parse_item(item)
    if kind == "edge":
        return link_sentence(pathway, key)
    contested = any(s.contested and key in s.nodes for s in pathway.steps)  # the drawing says so too
    return f"{wd.node_name(pathway, key)}{', contested' if contested else ''}"


def item_hint(pathway: Pathway, item: str) -> str:
    """What hover or focus shows: the full name, then the glossary entries it uses."""
    name = item_name(pathway, item)
    terms = "; ".join(f"{g.term}: {g.expansion}" for g in tx.glossary_in(pathway, name))
    return f"{name}. {terms}" if terms else name


def panel_items(pathway: Pathway) -> list[str]:
    """Every box (in file order), then every link (in file order): the order of the item panels
    and of the picker, so a box's index is its index among the nodes."""
    return [node_item(n.id) for n in pathway.nodes] + [edge_item(e.key) for e in pathway.edges]


def item_order(pathway: Pathway, branches=None) -> list[str]:
    """Every shown box and link in the order of the walk: Tab follows the pathway.

    Step by step, each new box comes after the step's links into it from boxes already met;
    a step's other links follow its boxes; anything no step lists comes last, in file order.
    """
    shown_nodes = [n.id for n in pathway.nodes if branches is None or n.branch in (None, *branches)]
    shown = set(shown_nodes)
    edges = [e.key for e in pathway.edges if e.source in shown and e.target in shown]
    order, met = [], set()

    def add(item):
        if item not in met:
            met.add(item)
            order.append(item)

    for step in pathway.steps:
        step_edges = [tuple(e) for e in step.edges if tuple(e) in edges]
        for n in step.nodes:
            if n not in shown:
                continue
            for u, v in step_edges:
                if v == n and node_item(u) in met:
                    add(edge_item((u, v)))
            add(node_item(n))
        for key in step_edges:
            add(edge_item(key))
    for n in shown_nodes:
        add(node_item(n))
    for key in edges:
        add(edge_item(key))
    return order


def diagram_label(pathway: Pathway, branches=None, interactive: bool = True) -> str:
    """The diagram's accessible name: what it shows and (``interactive``) how to use it."""
    items = item_order(pathway, branches)
    boxes = sum(item.startswith("node:") for item in items)
    what = (
        f"Diagram of the pathway “{pathway.title}”: {boxes} boxes and {len(items) - boxes} links "
        "in SBGN Activity Flow notation."
    )
    source = "article" if pathway.quotes_article else "research"
    return (
        f"{what} Each box and link is a button that shows what the {source} says about it."
        if interactive
        else what
    )


def step_links_html(pathway: Pathway, k: int) -> str:
    """The links step ``k`` emphasises, in words (influence, and whether it is hedged)."""
    keys = [tuple(e) for e in pathway.steps[k].edges]
    if not keys:
        return '<p class="explainer-links">No link is highlighted in this step.</p>'
    items = "".join(f"<li>{escape(link_sentence(pathway, key))}</li>" for key in keys)
    return f'<div class="explainer-links"><p>Links highlighted in this step:</p><ul>{items}</ul></div>'


def diagram_text_html(pathway: Pathway) -> str:
    """The whole diagram as text, generated from the data: the chain, the branches, every link."""
    main = [n for n in pathway.nodes if n.lane == "main"]
    parts = [
        '<div class="explainer-diagram-text">',
        f"<p>{escape(diagram_label(pathway, interactive=False))}</p>",
        f"<p>The main chain, in order: {escape(' → '.join(wd.node_name(pathway, n.id) for n in main))}.</p>",
    ]
    for branch in pathway.branches:
        names = [wd.node_name(pathway, n.id) for n in pathway.nodes if n.branch == branch]
        if names:
            label = wd.branch_label(pathway, branch)
            parts.append(f"<p>Side branch “{escape(label)}”: {escape(', '.join(names))}.</p>")
    parts.append("<p>Every link, in the order of the steps:</p><ol>")
    for item in item_order(pathway):
        if item.startswith("edge:"):
            parts.append(f"<li>{escape(item_name(pathway, item))}</li>")
    parts.append("</ol></div>")
    return "".join(parts)


def link_html(pathway: Pathway, key) -> str:
    """What the article says about one link: its sentence, then the evidence, attributed."""
    heading = f'<h3 class="explainer-node">{escape(link_sentence(pathway, key))}</h3>'
    return heading + _evidence_html(pathway, _edge(pathway, key))


def _evidence_html(pathway: Pathway, e) -> str:
    """A link's evidence: the article's words with their section (when a passage holds them), or
    in a research pathway the project's summary with its citations."""
    if not pathway.quotes_article:
        return tx.summary_html(e.evidence, e.cites, pathway)
    return tx.quote_html(_section_of(pathway, e.evidence), e.evidence, pathway)


def _section_of(pathway: Pathway, evidence: str) -> str | None:
    """The section of the first passage that contains the link's evidence, if any does."""
    words = " ".join(evidence.split())
    for step in pathway.steps:
        for p in step.passages:
            if words in " ".join(p.text.split()):
                return p.section
    return None


def item_html(pathway: Pathway, item: str) -> str:
    """The panel for an item: a box's article text (as the node picker shows it) or a link's."""
    kind, key = parse_item(item)
    return node_html(pathway, key) if kind == "node" else link_html(pathway, key)


def node_html(pathway: Pathway, node_id: str) -> str:
    """What the article says about one node: the evidence on its edges and its steps' passages."""
    parts = [f'<h3 class="explainer-node">{escape(wd.node_name(pathway, node_id))}</h3>']
    seen = set()
    for s in pathway.steps:
        if node_id in s.nodes:
            for p in s.passages:
                if p.text not in seen:
                    seen.add(p.text)
                    parts.append(tx.passage_html(pathway, p))
    for e in pathway.edges:
        if node_id in e.key and e.evidence not in seen and not any(e.evidence in t for t in seen):
            seen.add(e.evidence)
            link = f"On the link {wd.node_name(pathway, e.source)} → {wd.node_name(pathway, e.target)}:"
            parts.append(f'<p class="explainer-link">{escape(link)}</p>')
            parts.append(_evidence_html(pathway, e))
    return "".join(parts)


def step_description(pathway: Pathway, k: int) -> str:
    """Alt text for a picture of step ``k``: its title, highlighted boxes, its links, what is greyed.

    >>> from explainer import load_pathway
    >>> step_description(load_pathway(), 0).split(". ")[0]
    'Diagram, step 1 of 7: Ketamine blocks the NMDA receptor'
    """
    step, n = pathway.steps[k], len(pathway.steps)
    parts = [f"Diagram, step {k + 1} of {n}: {step.title}"]
    parts.append(
        "Highlighted with a thick border: " + ", ".join(wd.node_name(pathway, b) for b in step.nodes)
    )
    if step.edges:
        parts.append("Links drawn thick: " + "; ".join(link_sentence(pathway, e) for e in step.edges))
    if step.contested:
        parts.append("This step is contested in the research")
    later = n - k - 1
    greyed = {0: "", 1: ", those of the later step in light grey"}.get(
        later, f", those of the {later} later steps in light grey"
    )
    parts.append(f"Boxes and links of earlier steps are drawn in black{greyed}")
    return ". ".join(parts) + "."


def pathway_description(pathway: Pathway) -> str:
    """Alt text for a picture of the whole pathway: the chain, then every link in the walk's order."""
    main = " → ".join(wd.node_name(pathway, n.id) for n in pathway.nodes if n.lane == "main")
    links = "; ".join(item_name(pathway, i) for i in item_order(pathway) if i.startswith("edge:"))
    return f"Diagram of the whole pathway, {pathway.title}. The main chain: {main}. Every link: {links}."
