"""Loading and validating a pathway file: the one edge where content is checked.

A pathway file (YAML, see ``docs/authoring.md``) lists the nodes, the edges with their
SBGN Activity Flow influence, the ordered steps with verbatim passages from the source
article, and a glossary. :func:`load_pathway` checks everything once and raises
:class:`PathwayError`, whose message names the file, the line, the item and the problem.
Past this module, code trusts its input.

>>> p = load_pathway()
>>> [s.id for s in p.steps][:3]
['nmda', 'ampa', 'bdnf']
"""

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError, field_validator

from explainer import article as art
from explainer.assets import ARTICLES, DEFAULT_PATHWAY
from explainer.yamlsafe import YamlProblem, read_yaml

Influence = Literal["positive", "negative", "unknown"]
Kind = Literal["drug", "receptor", "signal", "molecule", "process", "outcome", "system"]
Lane = Literal["main", "above", "below"]
Id = str
_ID = r"^[a-z][a-z0-9_]{0,39}$"


class PathwayError(ValueError):
    """A pathway file is unusable; the message says where and what to do."""

    def __init__(self, file: Path | str, problems: list[str]):
        self.file = str(file)
        self.problems = problems
        super().__init__("\n".join(problems))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _text(max_length: int):
    return Field(min_length=1, max_length=max_length)


class Passage(_Model):
    """A sentence or more quoted verbatim, with the heading of its article section."""

    section: str = _text(200)
    text: str = _text(2000)


class Source(_Model):
    file: str = Field(min_length=1, max_length=200, pattern=r"^[\w.-]+$")
    title: str = _text(300)
    publisher: str = _text(300)


class Node(_Model):
    id: Id = Field(pattern=_ID)
    label: str = _text(120)
    kind: Kind
    lane: Lane = "main"
    branch: str | None = Field(default=None, pattern=_ID)


class Edge(_Model):
    source: Id
    target: Id
    influence: Influence
    hedged: StrictBool = False
    evidence: str = _text(2000)

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.target)


class Step(_Model):
    id: Id = Field(pattern=_ID)
    title: str = _text(120)
    nodes: tuple[Id, ...] = Field(min_length=1, max_length=50)
    edges: tuple[tuple[Id, Id], ...] = Field(default=(), max_length=100)
    passages: tuple[Passage, ...] = Field(min_length=1, max_length=20)
    question: str = _text(400)
    answer: str = _text(1000)
    prompt: str = _text(1000)
    branch: str | None = Field(default=None, pattern=_ID)


class GlossaryEntry(_Model):
    term: str = Field(min_length=1, max_length=20)
    expansion: str = _text(200)


class Pathway(_Model):
    """A mechanism: nodes, edges, an ordered walk of steps, and a glossary."""

    id: Id = Field(pattern=_ID)
    title: str = _text(200)
    source: Source
    introduction: tuple[Passage, ...] = ()
    nodes: tuple[Node, ...] = Field(min_length=2, max_length=60)
    edges: tuple[Edge, ...] = Field(min_length=1, max_length=200)
    steps: tuple[Step, ...] = Field(min_length=1, max_length=60)
    glossary: tuple[GlossaryEntry, ...] = ()
    article: str = Field(default="", exclude=True)

    @field_validator("nodes", "steps")
    @classmethod
    def _unique_ids(cls, items):
        seen = set()
        for i, item in enumerate(items):
            if item.id in seen:
                raise ValueError(f"item {i} repeats the id {item.id!r}; ids must be unique")
            seen.add(item.id)
        return items

    def node(self, node_id: str) -> Node:
        return next(n for n in self.nodes if n.id == node_id)

    def step_index(self, step_id: str) -> int:
        return next(i for i, s in enumerate(self.steps) if s.id == step_id)

    @property
    def branches(self) -> tuple[str, ...]:
        """Side-branch names in the order their steps come."""
        names = [s.branch for s in self.steps if s.branch]
        names += [n.branch for n in self.nodes if n.branch]
        return tuple(dict.fromkeys(names))

    @property
    def attribution(self) -> str:
        return f"“{self.source.title}”, {self.source.publisher}"


def load_pathway(path: Path | str = DEFAULT_PATHWAY, articles: Path = ARTICLES) -> Pathway:
    """Read, validate and return the pathway in ``path``.

    Raises :class:`PathwayError` for any problem: unreadable or invalid YAML, a missing or
    mistyped field, an unknown or duplicate id, a passage that is not in the article.
    """
    path = Path(path)
    try:
        data, lines = read_yaml(path)
    except YamlProblem as exc:
        raise PathwayError(path, [_where(path, exc.line, None) + exc.message]) from None
    if not isinstance(data, dict):
        found = "an empty file" if data is None else f"a {type(data).__name__}"
        raise PathwayError(
            path, [_where(path, 1, None) + f"expected a mapping with nodes, edges and steps; found {found}"]
        )
    try:
        pathway = Pathway.model_validate(data)
    except ValidationError as exc:
        raise PathwayError(path, [_from_pydantic(path, err, lines, data) for err in exc.errors()]) from None
    problems = _check_references(pathway)
    if not problems:
        text, problem = _read_source(path, pathway, articles)
        if problem:
            problems.append(((), problem))
        else:
            problems += _check_quotes(pathway, text)
    if problems:
        raise PathwayError(path, [_where(path, _line(lines, loc), loc, data) + msg for loc, msg in problems])
    return pathway.model_copy(update={"article": text})


def _read_source(path: Path, pathway: Pathway, articles: Path) -> tuple[str, str | None]:
    for folder in (path.parent, Path(articles)):
        candidate = folder / pathway.source.file
        if candidate.is_file():
            return art.read_article(candidate), None
    return "", (
        f"source.file: article {pathway.source.file!r} not found next to the pathway file "
        f"or in {articles}; put the article's text there"
    )


def _check_references(p: Pathway) -> list[tuple[tuple, str]]:
    ids = {n.id for n in p.nodes}
    problems = []
    edge_keys = set()
    for i, e in enumerate(p.edges):
        for end in ("source", "target"):
            if getattr(e, end) not in ids:
                problems.append((("edges", i, end), f"refers to unknown node {getattr(e, end)!r}; add it under nodes or fix the id"))
        if e.source == e.target:
            problems.append((("edges", i), f"edge from {e.source!r} to itself"))
        if e.key in edge_keys:
            problems.append((("edges", i), f"repeats the edge {e.source!r} -> {e.target!r}"))
        edge_keys.add(e.key)
    for i, s in enumerate(p.steps):
        for j, n in enumerate(s.nodes):
            if n not in ids:
                problems.append((("steps", i, "nodes", j), f"refers to unknown node {n!r}; add it under nodes or fix the id"))
        for j, key in enumerate(s.edges):
            if tuple(key) not in edge_keys:
                problems.append((("steps", i, "edges", j), f"refers to an edge {key[0]!r} -> {key[1]!r} that is not under edges"))
    branches = {n.branch for n in p.nodes if n.branch}
    for i, s in enumerate(p.steps):
        if s.branch and s.branch not in branches:
            problems.append((("steps", i, "branch"), f"branch {s.branch!r} has no nodes; set branch: {s.branch} on its nodes"))
    for i, n in enumerate(p.nodes):
        if n.lane != "main" and not any(n.id in e.key for e in p.edges):
            problems.append((("nodes", i), f"side node {n.id!r} has no edge; a side node is placed by its neighbours"))
    if not any(n.lane == "main" for n in p.nodes):
        problems.append((("nodes",), "no node has lane: main; the main chain needs at least one"))
    return problems


def _check_quotes(p: Pathway, text: str) -> list[tuple[tuple, str]]:
    problems = []

    def check(loc, quote, section=None):
        bad = art.forbidden_in(quote)
        if bad:
            problems.append((loc, f"quotes the article's advert ({bad[0]!r}); leave it out"))
        elif not art.occurs_in(quote, text):
            problems.append((loc, f"is not verbatim in {p.source.file}: {_clip(quote)!r}; copy the sentence exactly"))
        elif section is not None and not art.is_heading(section, text):
            problems.append(((*loc[:-1], "section"), f"{section!r} is not a heading of {p.source.file}"))
        elif section is not None and not art.occurs_after(quote, section, text):
            problems.append((loc, f"does not come after the heading {section!r}"))

    for i, psg in enumerate(p.introduction):
        check(("introduction", i, "text"), psg.text, psg.section)
    for i, e in enumerate(p.edges):
        check(("edges", i, "evidence"), e.evidence)
    for i, s in enumerate(p.steps):
        for j, psg in enumerate(s.passages):
            check(("steps", i, "passages", j, "text"), psg.text, psg.section)
        check(("steps", i, "answer"), s.answer)
    for i, g in enumerate(p.glossary):
        if not art.occurs_in(f"{g.expansion} ({g.term})", text):
            problems.append((("glossary", i), f"the article does not expand {g.term!r} as {g.expansion!r} ({g.expansion} ({g.term}))"))
    return problems


def _from_pydantic(path, err, lines, data) -> str:
    loc = tuple(err["loc"])
    msg = err["msg"]
    if err["type"] == "missing":
        msg = f"missing field {loc[-1]!r}; add it"
        where = loc[:-1]
    elif err["type"] == "extra_forbidden":
        msg = f"unknown field {loc[-1]!r}; remove it or check its spelling"
        where = loc
    else:
        where = loc
        got = err.get("input")
        if isinstance(got, (str, int, float, bool)) or got is None:
            msg += f" (got {_clip(repr(got))})"
    return _where(path, _line(lines, where), where, data) + msg


def _line(lines: dict, loc: tuple) -> int | None:
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get(())


def _where(path, line, loc, data=None) -> str:
    head = f"{path}:{line}: " if line else f"{path}: "
    if not loc:
        return head
    return head + _describe(loc, data) + ": "


def _describe(loc: tuple, data) -> str:
    """``steps[3] ('bdnf').nodes[0]``: the item's path, with ids where they help."""
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                out += f" ({node['id']!r})"
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out


def _clip(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
