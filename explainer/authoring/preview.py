"""The parts of the preview page (``python -m explainer preview FILE``), built from the file as it is.

Two parts, so that a save shows at once: the **text** (every problem and warning with its file
and line, the line itself, and each step as the explorer shows it, with the problems of that
step beside it), quick to build; then the **diagram**, the explorer's SVG (slower: it is laid
out and drawn), with what costs the most room marked when the whole view's labels are small:
the longest chain and the longest labels. The page puts a copy of the diagram in each step, in
that step's state.

A file with problems is shown as far as it reads: its steps whenever its shape is right, its
diagram whenever its ids resolve. Nothing here raises for what a file holds: a broken YAML
file, a missing article or an unexpected failure is a problem on the page.

>>> part = text_part("assets/pathways/ketamine.yaml")
>>> part.pathway.id, part.problems
('ketamine', 0)
"""

import time
import traceback
from dataclasses import dataclass
from html import escape
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from explainer.loading.assets import ARTICLES, EXPLORER_CSS, FRONTEND, TEMPLATES
from explainer.loading.pathway import Checked, Pathway, Problem, check_pathway, kind_of_file
from explainer.model.fit import longest_chain, widest_labels
from explainer.model.graph import build_graph
from explainer.widgets.explorer import step_panel
from explainer.words import text as tx
from explainer.words import wording as wd

MARK = "#C2185B"  # what costs most room: a magenta the diagram's paint never uses
_ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))


@dataclass(frozen=True)
class TextPart:
    """The text part's HTML, and what the diagram part needs: the pathway when it can be drawn,
    and the node ids to mark (the longest chain, the longest labels) when its labels are small."""

    html: str
    pathway: Pathway | None
    problems: int
    warnings: int
    chain: tuple = ()
    labels: tuple = ()


def text_part(path: Path | str, articles: Path = ARTICLES) -> TextPart:
    """Every problem, then each step as the explorer shows it, for the file at ``path`` now."""
    path = Path(path)
    try:
        kind = kind_of_file(path) if path.is_file() else "pathway"
        checked = check_pathway(path, articles) if kind == "pathway" else _not_a_pathway(path, kind)
        chain, labels = _marks(checked)
        html = _text_html(path, checked, chain, labels)
    except Exception as exc:  # the preview stays up whatever the file holds: say what failed
        return TextPart(_failure_html(path, exc), None, 1, 0)
    pathway = checked.pathway if checked.drawable else None
    return TextPart(html, pathway, len(checked.problems), len(checked.warnings), chain, labels)


def diagram_part(part: TextPart) -> str:
    """The whole diagram (a picture: its copies in the steps are not buttons), with the marks."""
    if part.pathway is None:
        return (
            '<p class="pv-no-diagram">No diagram yet: it is drawn once every node, link and step '
            "refers to ids that exist and every character can be drawn. Fix the problems above.</p>"
        )
    try:
        from explainer.rendering.svg_diagram import diagram_svg

        svg = diagram_svg(part.pathway, interactive=False)
    except Exception as exc:
        return _failure_html(Path(part.pathway.file), exc)
    return _ENV.get_template("preview_diagram.html.j2").render(
        svg=svg, chain=part.chain, labels=part.labels, mark=MARK
    )


def page(path: Path | str, text: str = "", diagram: str = "") -> str:
    """The whole page: the explorer's styles, the two parts, and the script that replaces them
    when the server says the file changed (server-sent events from ``events``)."""
    return _ENV.get_template("preview_page.html.j2").render(
        file=str(path),
        explorer_css=EXPLORER_CSS.read_text(encoding="utf-8"),
        script=(FRONTEND / "preview.js").read_text(encoding="utf-8"),
        text=text,
        diagram=diagram,
        disclaimer=wd.DISCLAIMER,
        mark=MARK,
    )


def watched(path: Path, articles: Path = ARTICLES) -> list[Path]:
    """The folders a save may change the preview from: the pathway's (it, its references, an
    article or sidecar beside it) and the shared article folder."""
    folders = [path.resolve().parent]
    if articles.is_dir() and articles.resolve() not in folders:
        folders.append(articles.resolve())
    return folders


def _not_a_pathway(path: Path, kind: str) -> Checked:
    what = "an article's sidecar" if kind == "sidecar" else "a references file"
    text = (
        f"{path}: this is {what}, not a pathway; preview the pathway file that uses it "
        "(python -m explainer preview PATHWAY.yaml): a save to this file shows there too"
    )
    return Checked(str(path), None, (Problem(str(path), None, (), text),))


def _marks(checked: Checked) -> tuple[tuple, tuple]:
    """Node ids on the longest chain and with the longest labels, when the fit warns."""
    if not checked.warnings or checked.pathway is None:
        return (), ()
    p = checked.pathway
    return tuple(longest_chain(build_graph(p))), tuple(p.nodes[i].id for i in widest_labels(p))


def _text_html(path: Path, checked: Checked, chain: tuple, labels: tuple) -> str:
    lines = _lines(path)
    items = [_item(problem, path, lines) for problem in checked.everything]
    p = checked.pathway
    steps = []
    for k in range(len(p.steps) if p else 0):
        html, _, _ = step_panel(p, k, "student")
        inline = [i for i in items if i["loc"][:2] == ("steps", k)]
        steps.append({"k": k, "id": p.steps[k].id, "panel": html, "problems": inline})
    names = {n.id: wd.node_name(p, n.id) for n in p.nodes} if p else {}
    return _ENV.get_template("preview_text.html.j2").render(
        file=str(path),
        title=p.title if p else path.name,
        saved=time.strftime("%H:%M:%S"),
        problems=[i for i in items if not i["warning"]],
        warnings=[i for i in items if i["warning"]],
        header=tx.header_html(p) if p else "",
        introduction=tx.introduction_html(p) if p else "",
        steps=steps,
        chain=[names.get(n, n) for n in chain],
        labels=[names.get(n, n) for n in labels],
        mark=MARK,
    )


def _item(problem: Problem, path: Path, lines: list[str]) -> dict:
    """A problem as the page shows it: where (``file:line``), what, and the line it points at."""
    where = f"{problem.file}:{problem.line}" if problem.line else problem.file
    what = problem.text.removeprefix(f"{where}:").strip()
    line = ""
    if problem.line and problem.file == str(path) and 0 < problem.line <= len(lines):
        line = lines[problem.line - 1].rstrip()
        line = line if len(line) <= 160 else line[:159] + "…"
    return {
        "where": where,
        "what": what,
        "line": line,
        "number": problem.line,
        "warning": problem.warning,
        "loc": problem.loc,
    }


def _lines(path: Path) -> list[str]:
    try:
        return path.read_bytes()[:2_000_000].decode("utf-8", "replace").splitlines()
    except OSError:
        return []


def _failure_html(path: Path, exc: Exception) -> str:
    """An unexpected failure, on the page (with where in the code it happened, for a bug report)."""
    trace = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return (
        '<section class="pv-problems" data-testid="problems"><h2>The preview could not read '
        f'{escape(str(path))}</h2><ul><li class="pv-problem"><code>{escape(str(path))}</code> '
        f"{escape(trace)}; save the file again once it is fixed, or report this</li></ul></section>"
    )
