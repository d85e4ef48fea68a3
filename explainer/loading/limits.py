"""What a pathway may hold so that every output can show it, in bounded time.

Every shown text holds only characters every output can draw and no word longer than a line
(:mod:`explainer.loading.characters`), and no phone number or e-mail address the pathway does not
allow (:func:`explainer.loading.never_show.contacts_in`); the whole pathway asks for bounded work
(:data:`MAX_STEP_ITEMS`, :data:`MAX_TEXT`). Each check returns ``[(item path, problem and what
to do), ...]``, as :mod:`explainer.loading.checks` does.
"""

from explainer.loading import characters, never_show
from explainer.loading.checks import _texts
from explainer.loading.schema import Pathway

# The most work one pathway may ask for: every export of the largest accepted pathway stays under
# a minute on a two-core laptop (tests/largest.py builds it; benchmarks report the times).
# steps x (boxes + links): each step is a picture of every box and link (issue 22's 30 steps of 60
# boxes and 80 links; 16 steps of 60 boxes and 200 links, the schema's most)
MAX_STEP_ITEMS = 4200
MAX_TEXT = 100_000  # characters of passages, notes, evidence, questions, answers and prompts


def check_size(p: Pathway) -> list[tuple[tuple, str]]:
    """The pathway is small enough for every export to finish in bounded time."""
    problems = []
    work = len(p.steps) * (len(p.nodes) + len(p.edges))
    if work > MAX_STEP_ITEMS:
        problems.append(
            (
                ("steps",),
                f"{len(p.steps)} steps of a diagram of {len(p.nodes)} boxes and {len(p.edges)} links "
                f"draw {work:,} boxes and links; at most {MAX_STEP_ITEMS:,} (e.g. 30 steps of 60 boxes "
                "and 80 links, 16 of 60 and 200) keep every export under a minute: split the mechanism "
                "into an overview and close-ups, or drop steps, boxes or links",
            )
        )
    long_texts = ("text", "evidence", "question", "answer", "prompt")
    total = sum(len(text) for loc, text in _texts(p.model_dump()) if loc[-1:] and loc[-1] in long_texts)
    if total > MAX_TEXT:
        problems.append(
            (
                ("steps",),
                f"the passages, notes and questions hold {total:,} characters; at most {MAX_TEXT:,} "
                "(about 35 printed pages) keep every export under a minute: shorten the passages, "
                "or split the mechanism into two pathways",
            )
        )
    return problems


def check_characters(p: Pathway) -> list[tuple[tuple, str]]:
    """Every text holds only characters every output can show (:mod:`explainer.loading.characters`)."""
    return [
        (loc, found)
        for loc, text in _texts(p.model_dump())
        if (found := characters.problem(text) or (loc[-1:] != ("doi",) and characters.long_word(text)))
    ]


def check_contacts(p: Pathway) -> list[tuple[tuple, str]]:
    """No text holds a phone number or an e-mail address the pathway does not list in
    ``allowed_contacts`` (an advert's, copied from an article whose sidecar is missing)."""
    allowed = {never_show.contact_key(c) for c in p.allowed_contacts}
    return [
        (
            loc,
            f"holds {'the e-mail address' if '@' in found else 'the phone number'} {found!r}; "
            "no output shows contact details unless the pathway allows them: leave it out, or "
            "list it under allowed_contacts if it is meant to be shown",
        )
        for loc, text in _texts(p.model_dump())
        if loc[:1] != ("allowed_contacts",)
        for found in never_show.contacts_in(text)
        if never_show.contact_key(found) not in allowed
    ]
