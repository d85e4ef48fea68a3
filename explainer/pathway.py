"""Loading and validating a pathway file: the one edge where content is checked.

A pathway file (YAML, see ``docs/authoring.md``) lists the nodes, the edges with their
SBGN Activity Flow influence, the ordered steps with their passages (verbatim quotes from the
source article, or, in a research pathway, the project's summaries with citations), educator
notes, references and a glossary. :func:`load_pathway` checks everything once and raises
:class:`PathwayError`, whose message names the file, the line, the item and the problem.
Past this module, code trusts its input.

>>> p = load_pathway()
>>> [s.id for s in p.steps][:3]
['nmda', 'ampa', 'bdnf']
"""

from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from explainer import article as art
from explainer.assets import ARTICLES, DEFAULT_PATHWAY
from explainer.checks import check_quotes, check_references, check_research
from explainer.inputs import InputProblem
from explainer.messages import from_pydantic, kind_of, line_of, where
from explainer.schema import (
    Edge,
    GlossaryEntry,
    Node,
    Note,
    Passage,
    Pathway,
    Reference,
    Source,
    Step,
)
from explainer.yamlsafe import YamlProblem, read_yaml

__all__ = [
    "Edge",
    "GlossaryEntry",
    "Node",
    "Note",
    "Passage",
    "Pathway",
    "PathwayError",
    "Reference",
    "Source",
    "Step",
    "load_pathway",
]
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


def load_pathway(path: Path | str = DEFAULT_PATHWAY, articles: Path = ARTICLES) -> Pathway:
    """Read, validate and return the pathway in ``path``.

    Raises :class:`PathwayError` for any problem: unreadable or invalid YAML, a missing or
    mistyped field, an unknown or duplicate id, a passage that is not in the article.
    """
    path = Path(path)
    data, lines = _read(path)
    if not isinstance(data, dict):
        found = "an empty file" if data is None else kind_of(data)
        raise PathwayError(
            path,
            [
                where(path, lines.get((), 1), None)
                + f"expected a mapping with id, title, source, nodes, edges and steps; found {found}; "
                "start from the example in docs/authoring.md"
            ],
        )
    if isinstance(data.get("references"), str):
        data = {**data, "references": _load_references(path, data["references"], lines)}
    try:
        pathway = Pathway.model_validate(data)
    except ValidationError as exc:
        raise PathwayError(path, [from_pydantic(path, err, lines, data) for err in exc.errors()]) from None
    problems = check_references(pathway)
    text = ""
    if not problems and not pathway.quotes_article:
        problems += check_research(pathway)
    elif not problems:
        text, problem = _read_source(path, pathway, articles)
        if problem:
            problems.append((("source", "file"), problem))
        else:
            problems += check_quotes(pathway, text)
    if problems:
        raise PathwayError(path, [where(path, line_of(lines, loc), loc, data) + msg for loc, msg in problems])
    return pathway.model_copy(update={"article": text, "file": str(path.resolve())})


def _read_source(path: Path, pathway: Pathway, articles: Path) -> tuple[str, str | None]:
    name = pathway.source.file
    for folder in (path.parent, Path(articles)):
        candidate = folder / name
        if not candidate.exists():
            continue
        try:
            return art.read_article(candidate), None
        except UnicodeDecodeError:
            return "", f"the article {str(candidate)!r} is not UTF-8 text; save it as UTF-8"
        except InputProblem as exc:
            return "", f"the article {str(candidate)!r}: {exc}"
    return "", (
        f"article {name!r} not found next to the pathway file or in {articles}; "
        "put the article's text there, or correct the name"
    )


def _read(path: Path, what: str = "a pathway file") -> tuple[object, dict]:
    try:
        return read_yaml(path, what)
    except YamlProblem as exc:
        raise PathwayError(path, [where(path, exc.line, exc.loc) + exc.message]) from None


def _load_references(path: Path, name: str, lines: dict) -> tuple[Reference, ...]:
    """``references: FILE`` names a YAML list of references next to the pathway file."""
    if "/" in name or "\\" in name or not name.endswith((".yaml", ".yml")):
        raise PathwayError(
            path,
            [
                where(path, lines.get(("references",)), ("references",))
                + f"{name!r} is not a YAML file next to this one; write e.g. references: references.yaml"
            ],
        )
    ref_path = path.parent / name
    if not ref_path.exists():
        raise PathwayError(
            path,
            [
                where(path, lines.get(("references",)), ("references",))
                + f"{name!r} not found next to this file; put the references there or correct the name"
            ],
        )
    data, ref_lines = _read(ref_path, "a references file")
    try:
        return _REFERENCES.validate_python(data)
    except ValidationError as exc:
        raise PathwayError(
            ref_path, [from_pydantic(ref_path, err, ref_lines, data) for err in exc.errors()]
        ) from None


_REFERENCES = TypeAdapter(tuple[Reference, ...])
