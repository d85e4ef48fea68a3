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

import datetime
import difflib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from explainer import article as art
from explainer.assets import ARTICLES, DEFAULT_PATHWAY
from explainer.yamlsafe import YamlProblem, read_yaml

Influence = Literal["positive", "negative", "unknown"]
Kind = Literal["drug", "receptor", "signal", "molecule", "process", "outcome", "system"]
Lane = Literal["main", "above", "below"]
Id = str
_ID = r"^[a-z][a-z0-9_]{0,39}$"
MAX_SHOWN = 20  # problems shown in one message


class PathwayError(ValueError):
    """A pathway file is unusable; the message says where and what to do.

    ``problems`` holds one line per problem, each starting ``file:line:``; the message shows
    the first :data:`MAX_SHOWN` of them, so that a badly broken file stays readable.
    """

    def __init__(self, file: Path | str, problems: list[str]):
        self.file = str(file)
        self.problems = problems
        shown = problems[:MAX_SHOWN]
        if len(problems) > MAX_SHOWN:
            more = len(problems) - MAX_SHOWN
            shown.append(f"{file}: and {more:,} more problems; fix the ones above and validate again")
        super().__init__("\n".join(shown))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _text(max_length: int):
    return Field(min_length=1, max_length=max_length)


class Passage(_Model):
    """A sentence or more quoted verbatim, with the heading of its article section."""

    section: str = _text(200)
    text: str = _text(2000)


class Source(_Model):
    file: str = Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_.-]+$")
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
        raise PathwayError(path, [_where(path, exc.line, exc.loc) + exc.message]) from None
    if not isinstance(data, dict):
        found = "an empty file" if data is None else _kind(data)
        raise PathwayError(
            path,
            [
                _where(path, lines.get((), 1), None)
                + f"expected a mapping with id, title, source, nodes, edges and steps; found {found}; "
                "start from the example in docs/authoring.md"
            ],
        )
    try:
        pathway = Pathway.model_validate(data)
    except ValidationError as exc:
        raise PathwayError(path, [_from_pydantic(path, err, lines, data) for err in exc.errors()]) from None
    problems = _check_references(pathway)
    text = ""
    if not problems:
        text, problem = _read_source(path, pathway, articles)
        if problem:
            problems.append((("source", "file"), problem))
        else:
            problems += _check_quotes(pathway, text)
    if problems:
        raise PathwayError(path, [_where(path, _line(lines, loc), loc, data) + msg for loc, msg in problems])
    return pathway.model_copy(update={"article": text})


def _read_source(path: Path, pathway: Pathway, articles: Path) -> tuple[str, str | None]:
    name = pathway.source.file
    for folder in (path.parent, Path(articles)):
        candidate = folder / name
        try:
            if candidate.is_file():
                return art.read_article(candidate), None
        except UnicodeDecodeError:
            return "", f"the article {str(candidate)!r} is not UTF-8 text; save it as UTF-8"
        except OSError as exc:
            return "", f"cannot read the article {str(candidate)!r} ({exc.strerror}); check it"
    return "", (
        f"article {name!r} not found next to the pathway file or in {articles}; "
        "put the article's text there, or correct the name"
    )


def _check_references(p: Pathway) -> list[tuple[tuple, str]]:
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
    return problems


def _check_quotes(p: Pathway, text: str) -> list[tuple[tuple, str]]:
    problems = []

    def check(loc, quote, section=None):
        bad = art.forbidden_in(quote)
        if bad:
            problems.append((loc, f"quotes the article's advert ({bad[0]!r}); leave it out"))
        elif not art.occurs_in(quote, text):
            problems.append(
                (loc, f"is not verbatim in {p.source.file}: {_clip(quote)!r}; copy the sentence exactly")
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


# The model each field name belongs to, to suggest the field an unknown one was meant to be.
_FIELDS_UNDER = {
    None: Pathway,
    "source": Source,
    "introduction": Passage,
    "passages": Passage,
    "nodes": Node,
    "edges": Edge,
    "steps": Step,
    "glossary": GlossaryEntry,
}


def _from_pydantic(path, err, lines, data) -> str:
    loc = tuple(err["loc"])
    where = loc[:-1] if err["type"] == "missing" and isinstance(loc[-1], str) else loc
    return _where(path, _line(lines, where), where, data) + _explain(err)


def _explain(err) -> str:
    """Pydantic's complaint in an author's words, ending with what to do about it."""
    kind, loc, ctx, got = err["type"], tuple(err["loc"]), err.get("ctx", {}), err.get("input")
    field = next((part for part in reversed(loc) if isinstance(part, str)), None)
    pair = len(loc) >= 4 and loc[0] == "steps" and loc[2] == "edges"  # a step's [source, target]
    if pair and kind in ("missing", "too_long", "too_short", "tuple_type"):
        return f"expected [source, target], found {_kind(got)}; write the edge as [source, target]"
    if kind == "missing":
        return f"missing field {loc[-1]!r}; add it"
    if kind == "extra_forbidden":
        parent = next((part for part in reversed(loc[:-1]) if isinstance(part, str)), None)
        known = [f for f in _FIELDS_UNDER.get(parent, Pathway).model_fields if f != "article"]
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        if close:
            return f"unknown field {loc[-1]!r}; did you mean {close[0]!r}? correct the spelling or remove it"
        return f"unknown field {loc[-1]!r}; remove it or check its spelling (fields here: {', '.join(known)})"
    if kind == "string_type":
        return (
            f"expected text, found {_kind(got)}; write text (in quotes if it looks like a number or yes/no)"
        )
    if kind == "bool_type":
        return f"expected true or false, found {_kind(got)}; write true or false, without quotes"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list, found {_kind(got)}; write one '- item' line per item, or [a, b]"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields, found {_kind(got)}; write one 'field: value' line per field"
    if kind == "literal_error":
        return f"{_kind(got)} is not allowed here; use one of {ctx['expected']}"
    if kind == "too_short":
        return f"has {ctx['actual_length']} item(s), needs at least {ctx['min_length']}; add more"
    if kind == "too_long":
        return f"has too many items (at most {ctx['max_length']}); remove some or split the pathway"
    if kind == "string_too_short":
        return "is empty; write something"
    if kind == "string_too_long":
        return f"is {len(got):,} characters long, at most {ctx['max_length']} allowed; shorten it"
    if kind == "string_pattern_mismatch" and field == "file":
        return (
            f"{_clip(str(got))!r} is not a plain file name; "
            "use only letters, digits, '.', '-' and '_', and no folders"
        )
    if kind == "string_pattern_mismatch":
        return (
            f"{_clip(str(got))!r} is not a valid id; use lower-case letters, digits and '_', "
            "starting with a letter (at most 40 characters)"
        )
    return f"{err['msg']} (found {_kind(got)}); correct the value"


def _kind(value) -> str:
    """What a value looks like to the author of the YAML file."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off as true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {_clip(value)!r}"
    if isinstance(value, list):
        return f"a list of {len(value)} item(s)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, datetime.date):
        return f"the date {value}"
    return f"a {type(value).__name__}"


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
            out += f".{_clip(str(part), 40)}" if out else _clip(str(part), 40)
            node = node.get(part) if isinstance(node, dict) else None
    return out


def _clip(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
