"""Plain wording used by every output (frames, HTML, slides, handout, PowerPoint, site).

One place for each phrase, so that the outputs say the same thing: the disclaimer, a step's
heading, the footer, a node's name on one line, a branch in words. No markup here: HTML
fragments built from these are in :mod:`explainer.words.text`.

>>> from explainer import load_pathway
>>> step_heading(load_pathway(), 0)
'Step 1 of 7: Ketamine blocks the NMDA receptor'
"""

import re

from explainer.loading.article import is_opening
from explainer.loading.schema import Pathway

DISCLAIMER = "For education only, not medical advice."
CONTESTED = "contested in the research"  # beside a contested step's title, in every output
SUMMARY_LABEL = "Summary of published research (the project's words):"
NOTE_LABEL = "What the research says: an educator note in the project's words, not from the article"
CHECK_YOURSELF = "Check yourself:"
ARTICLE_SAYS = "The article says:"
# A passage split over slides (both decks): its later parts open with CONTINUED, its earlier ones end
# their source line with GOES_ON; quote marks open on the first part and close on the last.
CONTINUED = "(continued) "
GOES_ON = " (continues on the next slide)"
PARTS = ("whole", "first", "middle", "last")


def quote_caption(section: str | None) -> str:
    """Where a quote comes from: ``From the article, section “GABA System”:``, or, for a passage
    before the first heading (``section: opening``), ``From the article's opening:``."""
    if section is None:
        return ""
    if is_opening(section):
        return "From the article's opening:"
    return f"From the article, section “{section}”:"


def step_kind(pathway: Pathway, k: int) -> str:
    """``Step 1 of 7``."""
    return f"Step {k + 1} of {len(pathway.steps)}"


def step_heading(pathway: Pathway, k: int) -> str:
    """Plain text: ``Step 1 of 7: Ketamine blocks the NMDA receptor``."""
    return f"{step_kind(pathway, k)}: {pathway.steps[k].title}"


def about(pathway: Pathway) -> str:
    """Whose words are whose, said once at the start of the deck, handout and PowerPoint."""
    if pathway.quotes_article:
        return (
            f"An explainer of the mechanism described in the article {pathway.attribution}. "
            "Quotes are the article's words, verbatim; titles, questions and notes are the project's."
        )
    return f"{pathway.attribution}: every text is the project's summary, each with its citations."


def hedged(pathway: Pathway) -> str:
    """What a dashed link means: the source's hedge ("may"), said as the article's or the research's."""
    return "the article hedges" if pathway.quotes_article else "hedged in the research"


def what_source_says(pathway: Pathway) -> str:
    """``What the article says`` (or, in a research pathway, ``What the research says``)."""
    return "What the article says" if pathway.quotes_article else "What the research says"


def legend_words(pathway: Pathway) -> str:
    """The notation in one sentence (alternative text of the legend picture)."""
    return (
        "Legend: open triangle stimulates, flat bar inhibits, open diamond modulates, dashed line "
        f"{hedged(pathway)}; thick lines this step, grey later steps"
    )


def note_lead(pathway: Pathway, k: int) -> str:
    """``Contested. `` before the educator note of a contested step, unless the note says so."""
    step = pathway.steps[k]
    return "Contested. " if step.contested and step.note and "Contested" not in step.note.text else ""


def source_label(pathway: Pathway) -> str:
    return "Quoted source" if pathway.quotes_article else "Sources"


def footer_text(pathway: Pathway) -> str:
    """Plain text for the foot of every output: the source and the disclaimer."""
    return f"{source_label(pathway)}: {pathway.attribution}. {DISCLAIMER}"


def node_name(pathway: Pathway, node_id: str) -> str:
    """A node's label on one line: "anti-\\ndepressant" becomes "anti-depressant"."""
    return " ".join(pathway.node(node_id).label.replace("-\n", "-").split())


def branch_label(pathway: Pathway, branch: str) -> str:
    """A side branch in words, the name of the branch rather than of one of its steps: its name in
    the file in words ("pleiotropic" is "Pleiotropic", "side_effects" "Side effects") for a branch
    of several steps; for a branch of one step, that step's title (the step is the branch), without
    a "Side branch:" prefix; for a branch no step is about, the label of its last box (what the
    branch leads to).

    >>> from explainer.loading.pathway import load_pathway
    >>> branch_label(load_pathway(), "gaba")
    'the GABA system'
    """
    steps = [s.title for s in pathway.steps if s.branch == branch]
    boxes = [n.id for n in pathway.nodes if n.branch == branch]
    words = branch.replace("_", " ")
    if len(steps) > 1 or not (steps or boxes):
        return words[:1].upper() + words[1:]
    title = steps[0] if steps else node_name(pathway, boxes[-1])
    return re.sub(r"^side branch:\s*", "", title, flags=re.IGNORECASE)
