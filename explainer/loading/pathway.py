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

import glob
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from explainer.loading import article as art
from explainer.loading.assets import ARTICLES, DEFAULT_PATHWAY, PATHWAYS
from explainer.loading.checks import (
    check_choices,
    check_never_shown,
    check_quotes,
    check_references,
)
from explainer.loading.inputs import InputProblem
from explainer.loading.limits import check_characters, check_contacts, check_size
from explainer.loading.messages import (
    PathwayError,
    Problem,
    clip,
    from_pydantic,
    in_file_order,
    kind_of,
    line_of,
    problem_in,
    where,
)
from explainer.loading.schema import (
    Edge,
    GlossaryEntry,
    Node,
    Note,
    Passage,
    Pathway,
    Reference,
    Sidecar,
    Source,
    Step,
)
from explainer.loading.yamlsafe import YamlProblem, read_yaml
from explainer.model.fit import drawing_problems, fit_findings

__all__ = [
    "Edge",
    "GlossaryEntry",
    "Node",
    "Note",
    "Passage",
    "Pathway",
    "PathwayError",
    "Problem",
    "Checked",
    "check_pathway",
    "fit_warnings",
    "Reference",
    "Source",
    "Step",
    "kind_of_file",
    "load_pathway",
    "load_references",
    "load_sidecar",
]


@dataclass(frozen=True)
class Checked:
    """A pathway file as far as it could be read, and every problem found in it.

    ``pathway`` is None when the file is not a pathway at all (its YAML or its shape is wrong);
    ``drawable`` is true when its ids resolve, so that its diagram can be laid out (whether or
    not it fits). ``problems`` are in file order: the pathway file's by line, then other files'.
    """

    file: str
    pathway: Pathway | None
    problems: tuple[Problem, ...]
    drawable: bool = False
    warnings: tuple[Problem, ...] = ()

    @property
    def everything(self) -> tuple[Problem, ...]:
        """Problems and warnings together, in file order."""
        return in_file_order(self.file, [*self.problems, *self.warnings])


def load_pathway(path: Path | str = DEFAULT_PATHWAY, articles: Path = ARTICLES) -> Pathway:
    """Read, validate and return the pathway in ``path``: a file, or the name of a pathway
    shipped with the package (``"ketamine"``, ``"ketamine-research"``: see :func:`shipped_pathways`).

    Raises :class:`PathwayError` for any problem: unreadable or invalid YAML, a missing or
    mistyped field, an unknown or duplicate id, a passage that is not in the article, a
    character that cannot be drawn. Every problem found is reported at once, in file order,
    with the fit's warnings (:func:`explainer.model.fit.fit_findings`) among them.
    """
    name, path = path, _pathway_file(path)
    checked = check_pathway(path, articles, fit=False)
    if checked.problems:
        if path != Path(name) and kind_of_file(path) != "pathway":  # a shipped file, not a pathway
            _pathway_file(name, pathways_only=True)
        if checked.drawable:
            checked = check_pathway(path, articles)
        raise PathwayError(path, list(checked.everything))
    return checked.pathway


def check_pathway(path: Path | str = DEFAULT_PATHWAY, articles: Path = ARTICLES, fit: bool = True) -> Checked:
    """Every problem of the pathway in ``path`` (none: it is good), and the pathway as far as it reads.

    YAML and schema problems come alone (past them there is no pathway to check); then the
    characters, ids and references, the article and its sidecar, text never shown, quotes and
    sections, choices and the glyphs are all checked, each whatever the others found; and, with
    ``fit``, how the diagram draws, when its ids resolve (warnings: nothing is refused for size).
    """
    path = Path(path)
    try:
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
    except PathwayError as exc:
        return Checked(str(path), None, tuple(exc.found))
    try:
        pathway = Pathway.model_validate(data)
    except ValidationError as exc:
        problems = [from_pydantic(path, err, lines, data) for err in exc.errors()]
        return Checked(str(path), None, _in_file_order(path, lines, data, [], problems))
    characters, ids = check_size(pathway) + check_characters(pathway), check_references(pathway)
    text, never, listed, found, elsewhere = _read_sources(path, pathway, articles, lines)
    pathway = pathway.model_copy(update={"never_show": never, "article": text, "file": str(path.resolve())})
    never_shown = check_never_shown(pathway, listed)
    flagged = {loc for loc, _ in never_shown}  # a phone number in the advert is named as the advert's
    found += never_shown + [c for c in check_contacts(pathway) if c[0] not in flagged]
    found = characters + ids + found
    if text:
        found += check_quotes(pathway, text)
    found += check_choices(pathway)
    glyphs = drawing_problems(pathway) if not ids and not characters else []
    found += glyphs
    drawable = not (ids or characters or glyphs)  # then it can be laid out, whatever the quotes say
    warnings = _fit_problems(path, lines, data, pathway) if fit and drawable else ()
    return Checked(
        str(path), pathway, _in_file_order(path, lines, data, found, elsewhere), drawable, warnings
    )


def _problem(path: Path, lines: dict, data, loc: tuple, message: str, warning: bool = False) -> Problem:
    line = line_of(lines, loc)
    return Problem(str(path), line, loc, where(path, line, loc, data) + message, warning)


def _fit_problems(path: Path, lines: dict, data, pathway: Pathway) -> tuple[Problem, ...]:
    found = fit_findings(pathway)
    return tuple(_problem(path, lines, data, f.loc, f"warning: {f.message}", True) for f in found)


def fit_warnings(pathway: Pathway) -> list[str]:
    """``file:line: item: warning: ...`` for how a loaded pathway draws (nothing is refused).

    From :func:`explainer.model.fit.fit_findings`: the whole view's labels under 12 px, and what
    costs most room. A preview can read the findings as data from that function.
    """
    path = Path(pathway.file) if pathway.file else Path(f"{pathway.id}.yaml")
    data, lines = _read(path) if path.is_file() else ({}, {})
    return [p.text for p in _fit_problems(path, lines, data, pathway)]


def _in_file_order(path: Path, lines: dict, data, found: list, elsewhere: list) -> tuple[Problem, ...]:
    """``(item path, message)`` pairs of this file as :class:`Problem` lines, by line; then the
    problems of other files (a sidecar, a references file), and lines already made, as they came."""
    problems = [_problem(path, lines, data, loc, msg) for loc, msg in found]
    problems += [p if isinstance(p, Problem) else problem_in(str(path), p) for p in elsewhere]
    return in_file_order(str(path), problems)


def _read_sources(path: Path, pathway: Pathway, articles: Path, lines: dict):
    """The article's text, the passages never to show, where each is listed, and problems found
    (in this file, as ``(item path, message)``, and in other files, as :class:`Problem`).

    The passages come from the article's sidecar (``ARTICLE.yaml`` beside ``ARTICLE.txt``) and
    from ``source.never_show`` (a list, or the name of such a sidecar file).
    """
    text, never, listed, found, elsewhere = "", [], [], [], []
    if pathway.quotes_article and pathway.source.file:  # a missing file is one of check_references'
        article, text, problem = _read_source(path, pathway, articles)
        if problem:
            found.append((("source", "file"), problem))
        sidecar = article.with_suffix(".yaml") if article else None
        if sidecar is not None and sidecar.exists() and sidecar.resolve() != path.resolve():
            try:
                passages = _read_sidecar(sidecar, text, article.name)
            except PathwayError as exc:
                elsewhere += exc.found
            else:
                never += passages
                listed += [f"{sidecar.name}, never_show[{k}]" for k in range(len(passages))]
    for sidecar in _known_sidecars(articles):  # every article the project knows: a copy beside
        if sidecar.name not in {entry.split(",")[0] for entry in listed}:  # a pathway needs no sidecar
            try:
                never += (passages := _read_sidecar(sidecar, None))
            except PathwayError as exc:
                elsewhere += exc.found
                continue
            listed += [f"{sidecar.name}, never_show[{k}]" for k in range(len(passages))]
    own = pathway.source.never_show
    try:
        if isinstance(own, str):
            sidecar = _find_sidecar(path, own, articles, lines)
            passages = _read_sidecar(sidecar, None)
            listed += [f"{sidecar.name}, never_show[{k}]" for k in range(len(passages))]
            never += passages
        else:
            never += own
            listed += [f"source.never_show[{k}]" for k in range(len(own))]
    except PathwayError as exc:
        elsewhere += exc.found
    return text, tuple(never), tuple(listed), found, elsewhere


def _known_sidecars(articles: Path) -> list[Path]:
    """The sidecars of the articles in ``articles`` (the project's own folder of sources)."""
    found = Path(articles).glob("*.y*ml")
    return sorted(p for p in found if p.suffix in (".yaml", ".yml") and kind_of_file(p) == "sidecar")


def _read_source(path: Path, pathway: Pathway, articles: Path) -> tuple[Path | None, str, str | None]:
    name = pathway.source.file
    for folder in (path.parent, Path(articles)):
        candidate = folder / name
        if not candidate.exists():
            continue
        try:
            return candidate, art.read_article(candidate), None
        except UnicodeDecodeError:
            return None, "", f"the article {str(candidate)!r} is not UTF-8 text; save it as UTF-8"
        except InputProblem as exc:
            return None, "", f"the article {str(candidate)!r}: {exc}"
    return (
        None,
        "",
        (
            f"article {name!r} not found next to the pathway file or in {articles}; "
            "put the article's text there, or correct the name"
        ),
    )


def _find_sidecar(path: Path, name: str, articles: Path, lines: dict) -> Path:
    for folder in (path.parent, Path(articles)):
        if (folder / name).exists():
            return folder / name
    raise PathwayError(
        path,
        [
            where(path, lines.get(("source", "never_show")), ("source", "never_show"))
            + f"{name!r} not found next to this file or in {articles}; "
            "put the list of passages never to show there, or correct the name"
        ],
    )


def _read_sidecar(sidecar: Path, article: str | None, name: str = "") -> tuple[str, ...]:
    """The passages a sidecar lists; each must be the article's own words when ``article`` is given."""
    data, lines = _read(sidecar, "an article's sidecar")
    try:
        passages = Sidecar.model_validate(data).never_show
    except ValidationError as exc:
        raise PathwayError(
            sidecar, [from_pydantic(sidecar, err, lines, data) for err in exc.errors()]
        ) from None
    problems = [
        where(sidecar, line_of(lines, ("never_show", k)), ("never_show", k))
        + f"is not verbatim in {name}: {clip(passage)!r}; "
        "copy the passage exactly as the article has it"
        for k, passage in enumerate(passages)
        if article is not None and not art.occurs_in(passage, article)
    ]
    if problems:
        raise PathwayError(sidecar, problems)
    return passages


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
    return load_references(ref_path)


def load_references(path: Path | str) -> tuple[Reference, ...]:
    """Read and validate a references file (a YAML list of references, each with its DOI)."""
    path = Path(path)
    data, lines = _read(path, "a references file")
    try:
        return _REFERENCES.validate_python(data)
    except ValidationError as exc:
        raise PathwayError(path, [from_pydantic(path, err, lines, data) for err in exc.errors()]) from None


def shipped_pathways() -> dict[str, Path]:
    """The pathways shipped with the package, by name (their file's stem): ``{"ketamine": path}``."""
    files = sorted(PATHWAYS.glob("*.yaml"))
    return {f.stem: f for f in files if kind_of_file(f) == "pathway"}


def _pathway_file(path: Path | str, pathways_only: bool = False) -> Path:
    """``path``, or for a bare name that is no file here (no folder, no suffix) the shipped file
    of that name (read once, by the loader: a name that is no pathway is found out if it fails)."""
    given = Path(path)
    if not isinstance(path, str) or given.exists() or given.suffix or len(given.parts) != 1:
        return given
    if (PATHWAYS / f"{path}.yaml").is_file() and not pathways_only:
        return PATHWAYS / f"{path}.yaml"
    names = ", ".join(shipped_pathways())
    where = f"{path}: no such file, nor a pathway shipped with the package; give a file's path or a name"
    raise PathwayError(path, [f"{where}: {names}"])


def kind_of_file(path: Path | str) -> str:
    """``"references"`` for a list of mappings, ``"sidecar"`` for a mapping with only
    ``never_show``, else ``"pathway"`` (also when the file cannot be read: loading it says why).
    """
    try:
        data, _ = read_yaml(Path(path))
    except YamlProblem:
        return "pathway"
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        return "references"
    if isinstance(data, dict) and set(data) == {"never_show"}:
        return "sidecar"
    return "pathway"


def load_sidecar(path: Path | str) -> tuple[str, ...]:
    """The passages an article's sidecar lists, checked against the article beside it
    (the file of the same name that is not YAML), if there is one."""
    path = Path(path)
    beside = [
        f
        for f in path.parent.glob(f"{glob.escape(path.stem)}.*")
        if f.suffix not in (".yaml", ".yml") and f.is_file()
    ]
    if len(beside) == 1:
        try:
            return _read_sidecar(path, art.read_article(beside[0]), beside[0].name)
        except (InputProblem, UnicodeDecodeError):
            pass  # loading a pathway that quotes the article says what is wrong with it
    return _read_sidecar(path, None)


_REFERENCES = TypeAdapter(tuple[Reference, ...])
