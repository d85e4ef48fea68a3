"""Checks across a whole pathway: ids and references resolve, quotes are verbatim.

Each check returns ``[(item path, problem and what to do), ...]``; :mod:`explainer.loading.pathway`
turns them into one :class:`~explainer.loading.pathway.PathwayError` with file and line.
"""

from collections import Counter

from explainer.loading import article as art
from explainer.loading import never_show
from explainer.loading.messages import clip, did_you_mean
from explainer.loading.schema import Pathway


def check_references(p: Pathway) -> list[tuple[tuple, str]]:
    problems = []
    for name in ("nodes", "steps"):
        first: dict[str, int] = {}
        for i, item in enumerate(getattr(p, name)):
            if item.id in first:
                problems.append(
                    (
                        (name, i, "id"),
                        f"repeats the id {item.id!r} of {name}[{first[item.id]}]; "
                        "ids must be unique: rename one",
                    )
                )
            first.setdefault(item.id, i)
    ids = {n.id for n in p.nodes}
    edge_at: dict[tuple[str, str], int] = {}
    for i, e in enumerate(p.edges):
        for end in ("source", "target"):
            if getattr(e, end) not in ids:
                problems.append((("edges", i, end), _unknown_node(getattr(e, end), ids)))
        if e.source == e.target:
            problems.append(
                (
                    ("edges", i),
                    f"edge from {e.source!r} to itself; "
                    "an edge joins two different nodes: correct its source or target",
                )
            )
        if e.key in edge_at:
            problems.append(
                (
                    ("edges", i),
                    f"repeats the edge {e.source!r} -> {e.target!r} of edges[{edge_at[e.key]}]; keep one",
                )
            )
        edge_at.setdefault(e.key, i)
    for i, s in enumerate(p.steps):
        for j, n in enumerate(s.nodes):
            if n not in ids:
                problems.append((("steps", i, "nodes", j), _unknown_node(n, ids)))
        for j, key in enumerate(s.edges):
            if tuple(key) not in edge_at:
                problems.append(
                    (
                        ("steps", i, "edges", j),
                        f"refers to an edge {key[0]!r} -> {key[1]!r} that is not under edges; "
                        "add it there or correct the step",
                    )
                )
    problems += _check_branches(p)
    for i, n in enumerate(p.nodes):
        if n.lane != "main" and not any(n.id in e.key for e in p.edges):
            problems.append(
                (
                    ("nodes", i),
                    f"side node {n.id!r} has no edge; a side node is placed by its neighbours: "
                    "add an edge to or from it, or remove it",
                )
            )
    if not any(n.lane == "main" for n in p.nodes):
        problems.append((("nodes",), "no node has lane: main; set lane: main on the nodes of the main chain"))
    return problems + _check_citations(p) + _check_source_kind(p)


def _unknown_node(name: str, ids) -> str:
    meant = did_you_mean(name, ids)  # a misspelling: "add it under nodes" would add a second node
    fix = f"did you mean {meant!r}? correct the id, or add it under nodes" if meant else ""
    return f"refers to unknown node {name!r}; {fix or 'add it under nodes or correct the id'}"


def _check_branches(p: Pathway) -> list[tuple[tuple, str]]:
    """A step's ``branch`` is some node's; a node's ``branch`` that no step and no other node names
    is not a near miss of one that does (a branch of one node and no step is allowed)."""
    problems, named = [], Counter(n.branch for n in p.nodes if n.branch)
    for i, s in enumerate(p.steps):
        if s.branch and s.branch not in named:
            meant, fix = did_you_mean(s.branch, named), f"set branch: {s.branch} on its nodes"
            if meant:  # a misspelling: saying "set branch: saftey" would spread it
                fix = f"did you mean {meant!r}? correct the spelling, or for a new branch {fix}"
            problems.append((("steps", i, "branch"), f"branch {s.branch!r} has no nodes; {fix}"))
    steps = {s.branch for s in p.steps if s.branch}
    for i, n in enumerate(p.nodes):
        alone = n.branch and n.branch not in steps and named[n.branch] == 1
        meant = alone and did_you_mean(n.branch, (steps | set(named)) - {n.branch})
        fix = f"correct the spelling, or for a branch of its own give it a name less like {meant!r}"
        if meant:
            what = f"branch {n.branch!r} is named by no step and no other node; did you mean {meant!r}?"
            problems.append((("nodes", i, "branch"), f"{what} {fix}"))
    return problems


def _same_choice(text: str) -> str:
    """What a student sees of a choice: case and runs of whitespace do not tell two apart."""
    return " ".join(text.split()).casefold()


def check_choices(p: Pathway) -> list[tuple[tuple, str]]:
    """A step's ``choices`` differ from each other, and ``correct`` is one of them (and is
    given exactly when choices are)."""
    problems = []
    for i, s in enumerate(p.steps):
        if s.correct is not None and not s.choices:
            problems.append(
                (
                    ("steps", i, "correct"),
                    "correct is given but the step has no choices; "
                    "add choices: (2 to 6 options, one of them the correct one) or remove correct",
                )
            )
        if not s.choices:
            continue
        seen: dict[str, int] = {}
        for j, choice in enumerate(s.choices):
            if _same_choice(choice) in seen:
                problems.append(
                    (
                        ("steps", i, "choices", j),
                        f"repeats the choice {clip(choice)!r} of choices[{seen[_same_choice(choice)]}]; "
                        "choices must differ: reword or remove one",
                    )
                )
            seen.setdefault(_same_choice(choice), j)
        if s.correct is None:
            problems.append(
                (
                    ("steps", i, "choices"),
                    "the step has choices but no correct; add correct: with the right choice, "
                    "copied exactly from choices",
                )
            )
        elif s.correct not in s.choices:
            problems.append(
                (
                    ("steps", i, "correct"),
                    f"{clip(s.correct)!r} is not one of the step's choices; "
                    "copy the right choice exactly from choices",
                )
            )
    return problems


def _check_citations(p: Pathway) -> list[tuple[tuple, str]]:
    """Reference ids are unique and every ``cites`` names one of them."""
    problems = []
    known: dict[str, int] = {}
    for i, r in enumerate(p.references):
        if r.id in known:
            problems.append(
                (("references", i, "id"), f"repeats the id {r.id!r} of references[{known[r.id]}]; rename one")
            )
        known.setdefault(r.id, i)
    for loc, cites in _all_cites(p):
        for j, ref in enumerate(cites):
            if ref not in known:
                problems.append(
                    (
                        (*loc, "cites", j),
                        f"cites unknown reference {ref!r}; add it under references (with its DOI) "
                        "or correct the id",
                    )
                )
    return problems


def _all_cites(p: Pathway):
    for i, e in enumerate(p.edges):
        yield ("edges", i), e.cites
    for i, psg in enumerate(p.introduction):
        yield ("introduction", i), psg.cites
    for i, s in enumerate(p.steps):
        for j, psg in enumerate(s.passages):
            yield ("steps", i, "passages", j), psg.cites
        if s.note:
            yield ("steps", i, "note"), s.note.cites


def _check_source_kind(p: Pathway) -> list[tuple[tuple, str]]:
    """An article needs its file and section headings; a research summary needs citations."""
    problems = []
    if p.quotes_article:
        if p.source.file is None:
            problems.append((("source",), "missing field 'file' (the article's text file); add it"))
        for loc, psg in _passages(p):
            if psg.section is None:
                problems.append(
                    (loc, "missing field 'section'; give the heading of the article section it quotes")
                )
        return problems
    for i, e in enumerate(p.edges):
        if not e.cites:
            problems.append(
                (("edges", i), "a research pathway's edge needs cites: [reference ids]; add them")
            )
    for i, s in enumerate(p.steps):
        for j, psg in enumerate(s.passages):
            if not psg.cites:
                problems.append(
                    (("steps", i, "passages", j), "a research summary needs cites: [reference ids]; add them")
                )
    return problems


def _passages(p: Pathway):
    for i, psg in enumerate(p.introduction):
        yield ("introduction", i), psg
    for i, s in enumerate(p.steps):
        for j, psg in enumerate(s.passages):
            yield ("steps", i, "passages", j), psg


# Fields that are not shown: the list of what must never be shown, and the article's file name.
_NOT_SHOWN = {("source", "never_show"), ("source", "file")}


def _texts(value, loc=()):
    """Every text in the pathway, with its item path (labels, titles, quotes, notes, references...)."""
    if loc[:2] in _NOT_SHOWN:
        return
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, key))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _texts(item, (*loc, i))


def check_never_shown(p: Pathway, listed: tuple[str, ...]) -> list[tuple[tuple, str]]:
    """No text of the pathway repeats a passage that must never be shown.

    ``listed`` says, for each of ``p.never_show``, where it is listed (for the message).
    """
    problems = []
    for loc, text in _texts(p.model_dump()):
        hit = never_show.found_in(text, p.never_show)
        if hit:
            fragment, k = hit
            problems.append(
                (
                    loc,
                    f"repeats {clip(fragment)!r} from a passage that is never shown ({listed[k]}); "
                    "leave it out",
                )
            )
    return problems


def check_quotes(p: Pathway, text: str) -> list[tuple[tuple, str]]:
    problems = []
    name = p.source.file

    def check(loc, quote):
        if art.occurs_in(quote, text):
            return True
        near = art.difference(quote, text)
        if near:
            problems.append((loc, f"is not verbatim in {name}: {near}; copy the article's words exactly"))
        else:
            nearest = art.nearest_sentence(quote, text)
            hint = f" (the nearest sentence there reads {clip(nearest, 120)!r})" if nearest else ""
            problems.append(
                (loc, f"is not verbatim in {name}: {clip(quote)!r}{hint}; copy the sentence exactly")
            )
        return False

    for loc, psg in _passages(p):
        if check((*loc, "text"), psg.text) and psg.section is not None:
            problems += _check_section(loc, psg, text, name)
    for i, e in enumerate(p.edges):
        check(("edges", i, "evidence"), e.evidence)
    for i, s in enumerate(p.steps):
        check(("steps", i, "answer"), s.answer)
    for i, g in enumerate(p.glossary):
        problems += _check_term(("glossary", i), g, text)
    return problems


def _check_section(loc, psg, text: str, name: str) -> list[tuple[tuple, str]]:
    """The section is a heading of the article, the one nearest above the passage."""
    section, at = psg.section, (*loc, "section")
    if not art.normalise(section):
        return [(at, "is blank; give the heading of the article section the passage comes from")]
    if art.is_opening(section) and not art.is_heading(section, text):
        return _check_opening(loc, psg, text)
    if art.normalise(section) == art.title_line(text):
        return [(at, f"{clip(section)!r} is the article's title, not a section heading; {_use(psg, text)}")]
    if not art.is_heading(section, text):
        what = "a paragraph" if art.is_line(section, text) else "not a heading"
        return [
            (
                at,
                f"{clip(section)!r} is {what} of {name} (a heading is a short line of its own that "
                f"does not end in '.' or ':'); {_use(psg, text)}",
            )
        ]
    spanned = _spanning(loc, psg, text)
    if spanned:
        return spanned
    above = art.section_of(psg.text, text, section)
    if above is None:
        return [
            (
                (*loc, "text"),
                f"comes before the article's first heading, not under {section!r}: it is in the "
                f"article's opening; write section: {art.OPENING}",
            )
        ]
    if above != art.heading_text(art.normalise(section)):
        return [
            ((*loc, "text"), f"comes under the heading {above!r}, not {section!r}; write section: {above}")
        ]
    return []


def _check_opening(loc, psg, text: str) -> list[tuple[tuple, str]]:
    """``section: opening``: the passage comes before the article's first heading."""
    spanned = _spanning(loc, psg, text)
    if spanned:
        return spanned
    if art.in_opening(psg.text, text):
        return []
    above = art.section_of(psg.text, text)
    return [
        (
            (*loc, "text"),
            f"comes under the heading {above!r}, not in the article's opening (before its first "
            f"heading); write section: {above}",
        )
    ]


def _spanning(loc, psg, text: str) -> list[tuple[tuple, str]]:
    """A passage that runs across a heading (in the opening or under one): one problem."""
    spanned = art.headings_spanned(psg.text, text)
    if not spanned:
        return []
    return [
        (
            (*loc, "text"),
            f"runs across the heading {spanned[0]!r}; a passage stays in one section: "
            "split it in two, each with its own section",
        )
    ]


def _use(psg, text: str) -> str:
    above = art.section_of(psg.text, text)
    if above is None:
        return f"the passage comes before the article's first heading: write section: {art.OPENING}"
    return f"the heading above this passage is {above!r}: write section: {above}"


def _check_term(loc, g, text: str) -> list[tuple[tuple, str]]:
    """The article writes the term (or its plural or a suffixed form) after the expansion."""
    if art.expands(g.term, g.expansion, text):
        return []
    written = art.term_written(g.term, text)
    if not written:
        return [
            (
                (*loc, "term"),
                f"the article never writes {g.term!r} (nor a plural or suffixed form of it); "
                "correct the term or remove the entry",
            )
        ]
    expanded = art.term_expansions(g.term, text)
    if not expanded:
        return [
            (
                (*loc, "term"),
                f"the article writes {' and '.join(map(repr, written))} but never spells "
                f"{g.term!r} out as 'words ({g.term})'; remove the entry",
            )
        ]
    n = max(5, len(g.expansion.split()) + 2)
    before, form = expanded[0]
    shown = " ".join(before.split()[-n:])
    return [
        (
            (*loc, "expansion"),
            f"the article does not expand {g.term!r} as {g.expansion!r}: it writes "
            f"'…{shown} ({form})'; copy the words that come just before ({form}) in the article",
        )
    ]
