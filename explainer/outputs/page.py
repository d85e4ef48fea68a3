"""The explorer as one static HTML page (``<id>-explorer.html``): widget state plus the inlined
widget renderer; and the presenter's notebook of any pathway, which Voilà serves
(``make present PATHWAY=FILE``).

The page holds the explorer's widget models (the diagram's SVG once, every text) and the
``jslink`` links, so stepping, Play, the diagram's boxes and links and the picker run in the
browser with no kernel and no network.
"""

import json
from html import escape
from pathlib import Path

import nbformat
from anywidget import AnyWidget
from ipywidgets.embed import dependency_state, embed_data
from jinja2 import Environment, FileSystemLoader, select_autoescape

from explainer.loading.assets import FRONTEND, TEMPLATES
from explainer.loading.pathway import Pathway
from explainer.outputs.files import checked, placed_ids, write_files
from explainer.outputs.offline import safe_script, safe_style, widget_renderer
from explainer.widgets.explorer import Explorer
from explainer.words import wording as wd
from explainer.words.text import json_in_html
from explainer.words.wording import DISCLAIMER


def keep_full_state(state: dict, widgets) -> None:
    """Put back the traits ``embed`` drops as defaults: a front-end such as anywidget's does not
    know the Python defaults, and without ``_esm`` the model has no code to run."""
    for widget in widgets:
        state[widget.model_id]["state"] = widget.get_state()


def placed_model_ids(data: dict) -> dict:
    """``embed_data``'s ``data`` with each widget model's id (a random one the kernel gave it) made
    from the model's place in the state, ``00…01`` on: one pathway builds the same page every time."""
    text = json.dumps(data)
    for i, model_id in enumerate(data["manager_state"]["state"], 1):
        text = text.replace(model_id, f"{i:032x}")
    return json.loads(text)


def anywidgets_in(widget):
    """Every anywidget in ``widget``'s tree (each needs its full state on a static page)."""
    if isinstance(widget, AnyWidget):
        yield widget
    for child in getattr(widget, "children", ()):
        yield from anywidgets_in(child)


def lms_config(pathway: Pathway) -> dict:
    """What the page's SCORM script needs: the steps on show (all, on the static page) and how many
    steps have choices (the score's denominator)."""
    with_choices = [s for s in pathway.steps if s.choices]
    return {"steps": list(range(len(pathway.steps))), "choiceSteps": len(with_choices)}


def explorer_page(
    pathway: Pathway,
    node_modules: Path | None = None,
    view: str = "student",
    extra_css: str = "",
    extra_js: str = "",
) -> str:
    """The static explorer page for ``pathway`` as an HTML string; ``extra_css`` and ``extra_js``
    are inlined after the explorer's own (the class session adds its script so)."""
    renderer_js, renderer_css = widget_renderer(node_modules)
    explorer = Explorer(pathway, view=view)
    try:
        state = dependency_state([explorer, *explorer.links])
        keep_full_state(state, anywidgets_in(explorer))
        data = placed_model_ids(embed_data(views=[explorer], state=state))
    finally:
        explorer.close()
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("explorer_page.html.j2").render(
        title=pathway.title,
        attribution=pathway.attribution,
        disclaimer=DISCLAIMER,
        source_says=wd.what_source_says(pathway).lower(),
        state_json=json_in_html(data["manager_state"]),
        view_json=json_in_html(data["view_specs"][0]),
        renderer_js=renderer_js,
        renderer_css=renderer_css,
        lms_json=json_in_html(lms_config(pathway)),
        lms_js=safe_script((FRONTEND / "scorm.js").read_text(encoding="utf-8")),
        extra_css=safe_style(extra_css),
        extra_js=safe_script(extra_js),
        escape=escape,
    )


def explorer_page_files(pathway: Pathway, node_modules: Path | None = None) -> dict[str, bytes]:
    """``{name: bytes}`` of the static explorer page, ``<id>-explorer.html``, checked."""
    html = explorer_page(pathway, node_modules)
    return {f"{pathway.id}-explorer.html": checked(html, "the explorer page", pathway.never_show)}


def write_explorer_page(pathway: Pathway, out: Path, node_modules: Path | None = None) -> list[Path]:
    """Write ``OUT/<id>-explorer.html``."""
    return write_files(out, explorer_page_files(pathway, node_modules))


def presenter_notebook_files(pathway: Pathway, path: Path) -> dict[str, bytes]:
    """``{name: bytes}`` of ``<file's stem>-present.ipynb``: the presenter view of the pathway in
    ``path`` (read by its absolute path, so the notebook works from any folder), as
    ``notebooks/present.ipynb`` is ketamine's, with the source and the disclaimer under it."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "%load_ext explainer.notebook_errors\nimport explainer\n\n"
            f'explainer.Explorer(explainer.load_pathway({str(Path(path).resolve())!r}), view="presenter")'
        ),
        nbformat.v4.new_markdown_cell(
            f"---\n*The presenter view of “{pathway.title}” (`make present PATHWAY={path}`). "
            f"{wd.footer_text(pathway)}*"
        ),
    ]
    spec = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nb.metadata["kernelspec"] = spec
    text = nbformat.writes(placed_ids(nb))
    return {f"{Path(path).stem}-present.ipynb": checked(text, "the presenter's notebook", pathway.never_show)}
