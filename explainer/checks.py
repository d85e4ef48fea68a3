"""Checks across a whole pathway: ids and references resolve, quotes are verbatim.

Each check returns ``[(item path, problem and what to do), ...]``; :mod:`explainer.pathway`
turns them into one :class:`~explainer.pathway.PathwayError` with file and line.
"""

from explainer import article as art
from explainer.messages import clip
from explainer.schema import Pathway


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
    unknown = "refers to unknown node {!r}; add it under nodes or correct the id"
    edge_at: dict[tuple[str, str], int] = {}
    for i, e in enumerate(p.edges):
        for end in ("source", "target"):
            if getattr(e, end) not in ids:
                problems.append((("edges", i, end), unknown.format(getattr(e, end))))
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
                problems.append((("steps", i, "nodes", j), unknown.format(n)))
        for j, key in enumerate(s.edges):
            if tuple(key) not in edge_at:
                problems.append(
                    (
                        ("steps", i, "edges", j),
                        f"refers to an edge {key[0]!r} -> {key[1]!r} that is not under edges; "
                        "add it there or correct the step",
                    )
                )
    branches = {n.branch for n in p.nodes if n.branch}
    for i, s in enumerate(p.steps):
        if s.branch and s.branch not in branches:
            problems.append(
                (
                    ("steps", i, "branch"),
                    f"branch {s.branch!r} has no nodes; set branch: {s.branch} on its nodes",
                )
            )
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
        for i, s in enumerate(p.steps):
            for j, psg in enumerate(s.passages):
                if psg.section is None:
                    problems.append(
                        (
                            ("steps", i, "passages", j),
                            "missing field 'section'; give the heading of the article section it quotes",
                        )
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


def check_research(p: Pathway) -> list[tuple[tuple, str]]:
    """A research pathway's texts are the project's own; they must still never carry the advert."""
    problems = []
    texts = [(("title",), p.title)]
    texts += [(("edges", i, "evidence"), e.evidence) for i, e in enumerate(p.edges)]
    for i, s in enumerate(p.steps):
        texts += [(("steps", i, "passages", j, "text"), psg.text) for j, psg in enumerate(s.passages)]
        texts += [(("steps", i, "answer"), s.answer), (("steps", i, "question"), s.question)]
    for loc, text in texts:
        bad = art.forbidden_in(text)
        if bad:
            problems.append((loc, f"contains the article's advert ({bad[0]!r}); leave it out"))
    return problems


def check_quotes(p: Pathway, text: str) -> list[tuple[tuple, str]]:
    problems = []

    def check(loc, quote, section=None):
        bad = art.forbidden_in(quote)
        if bad:
            problems.append((loc, f"quotes the article's advert ({bad[0]!r}); leave it out"))
        elif not art.occurs_in(quote, text):
            problems.append(
                (loc, f"is not verbatim in {p.source.file}: {clip(quote)!r}; copy the sentence exactly")
            )
        elif section is not None and not art.is_heading(section, text):
            problems.append(
                (
                    (*loc[:-1], "section"),
                    f"{section!r} is not a heading of {p.source.file}; "
                    "copy the heading exactly as it stands on its own line in the article",
                )
            )
        elif section is not None and not art.occurs_after(quote, section, text):
            problems.append(
                (loc, f"does not come after the heading {section!r}; give the heading of its own section")
            )

    for i, psg in enumerate(p.introduction):
        check(("introduction", i, "text"), psg.text, psg.section)
    for i, e in enumerate(p.edges):
        check(("edges", i, "evidence"), e.evidence)
    for i, s in enumerate(p.steps):
        for j, psg in enumerate(s.passages):
            check(("steps", i, "passages", j, "text"), psg.text, psg.section)
        check(("steps", i, "answer"), s.answer)
    for i, s in enumerate(p.steps):
        if s.note and art.forbidden_in(s.note.text):
            problems.append((("steps", i, "note", "text"), "contains the article's advert; leave it out"))
    for i, g in enumerate(p.glossary):
        if not art.occurs_in(f"{g.expansion} ({g.term})", text):
            problems.append(
                (
                    ("glossary", i, "expansion"),
                    f"the article does not expand {g.term!r} as {g.expansion!r}; "
                    f"copy the words that come just before ({g.term}) in the article",
                )
            )
    return problems
