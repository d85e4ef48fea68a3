"""The pathway file's schema: plain, frozen pydantic models.

Types, required fields and simple ranges are checked here; cross-references and quotes are
checked in :mod:`explainer.loading.checks`; :mod:`explainer.loading.pathway` loads files and reports problems.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, TypeAdapter, field_validator

Influence = Literal["positive", "negative", "unknown"]
Kind = Literal["drug", "receptor", "signal", "molecule", "process", "outcome", "system"]
Lane = Literal["main", "side"]  # "above" and "below" were placed alike: gone (messages says so)
SourceKind = Literal["article", "research"]
Id = str
ID_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"  # an id: lower-case letters, digits and _
_ID = ID_PATTERN


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _text(max_length: int):
    return Field(min_length=1, max_length=max_length)


_PASSAGES = TypeAdapter(tuple[Annotated[str, Field(min_length=1, max_length=2000)], ...])
# A multiple-choice option: the project's own words, short enough for a phone's button.
_Choice = Annotated[str, Field(min_length=1, max_length=200)]
_SIDECAR_NAME = TypeAdapter(Annotated[str, Field(max_length=200, pattern=r"^[A-Za-z0-9_.-]+\.ya?ml$")])


class Passage(_Model):
    """Explanatory text for a step.

    From an article (``source.kind: article``): quoted verbatim, with the heading of its
    section. In a research summary (``source.kind: research``): the project's own words, with
    the references it rests on in ``cites``.
    """

    section: str | None = Field(default=None, min_length=1, max_length=200)
    text: str = _text(2000)
    cites: tuple[Id, ...] = Field(default=(), max_length=10)


class Source(_Model):
    """Where the explanatory text comes from: an article file, or the research literature."""

    kind: SourceKind = "article"
    file: str | None = Field(default=None, min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_.-]+$")
    title: str = _text(300)
    publisher: str = _text(300)
    # Passages never to show (the article's promotion, contact lines), or a sidecar file of them.
    never_show: tuple[str, ...] | str = Field(default=(), union_mode="left_to_right")

    @field_validator("never_show")
    @classmethod
    def _sizes(cls, value):
        if isinstance(value, str):
            return _SIDECAR_NAME.validate_python(value)
        return _PASSAGES.validate_python(value)


class Sidecar(_Model):
    """``ARTICLE.yaml`` beside an article: what in the article is not content."""

    never_show: tuple[str, ...] = Field(min_length=1, max_length=50)

    @field_validator("never_show")
    @classmethod
    def _sizes(cls, value):
        return _PASSAGES.validate_python(value)


class Reference(_Model):
    """A published finding, cited by id from notes, passages and edges."""

    id: Id = Field(pattern=_ID)
    authors: str = _text(300)
    year: StrictInt = Field(ge=1800, le=2100)
    journal: str = _text(300)
    doi: str = Field(pattern=r"^10\.\d{4,9}/\S+$", max_length=200)

    @property
    def citation(self) -> str:
        return f"{self.authors} ({self.year}). {self.journal}. doi:{self.doi}"


class Note(_Model):
    """An educator note: the project's words on what the research says, with its citations."""

    text: str = _text(2000)
    cites: tuple[Id, ...] = Field(min_length=1, max_length=10)


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
    cites: tuple[Id, ...] = Field(default=(), max_length=10)

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
    # The question as multiple choice (a class poll): 2-6 distinct options and the right one.
    # ``correct`` is required with ``choices`` and refused without (see checks.check_choices).
    choices: tuple[_Choice, ...] = Field(default=(), min_length=2, max_length=6)
    correct: str | None = Field(default=None, min_length=1, max_length=200)
    branch: str | None = Field(default=None, pattern=_ID)
    note: Note | None = None
    contested: StrictBool = False


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
    references: tuple[Reference, ...] | str = Field(default=(), union_mode="left_to_right")
    # Phone numbers and e-mail addresses the pathway may show (any other in a text is refused).
    allowed_contacts: tuple[Annotated[str, Field(min_length=1, max_length=200)], ...] = Field(
        default=(), max_length=20
    )
    article: str = Field(default="", exclude=True)  # the article's text, set by the loader
    file: str = Field(default="", exclude=True)  # where the pathway was loaded from
    # Every passage that must never be shown (from the source and the article's sidecar), set by the loader.
    never_show: tuple[str, ...] = Field(default=(), exclude=True)

    def __repr__(self) -> str:
        # Short, and never the article's text: its promotion must not reach a notebook's output.
        return f"<Pathway {self.id!r}: {self.title!r}, {len(self.nodes)} boxes, {len(self.steps)} steps>"

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

    @property
    def quotes_article(self) -> bool:
        """True when passages are verbatim quotes from an article (not the project's words)."""
        return self.source.kind == "article"

    def reference(self, ref_id: str) -> Reference:
        return next(r for r in self.references if r.id == ref_id)
