"""The explorer as one static HTML page: widget state plus the inlined widget renderer.

The page holds the explorer's widget models (with every frame) and the ``jslink`` links, so
stepping, Play and the node picker run in the browser with no kernel and no network.
"""

import json
from html import escape
from pathlib import Path

from ipywidgets.embed import dependency_state, embed_data
from jinja2 import Environment, FileSystemLoader, select_autoescape

from explainer import DISCLAIMER
from explainer.assets import TEMPLATES
from explainer.offline import widget_renderer
from explainer.pathway import Pathway
from explainer.widgets import Explorer


def _json_in_script(data) -> str:
    """JSON that can sit inside a ``<script>`` element: ``</`` and ``<!--`` are escaped."""
    return json.dumps(data, separators=(",", ":")).replace("</", "<\\/").replace("<!--", "<\\!--")


def explorer_page(pathway: Pathway, node_modules: Path | None = None, view: str = "student") -> str:
    """The static explorer page for ``pathway`` as an HTML string."""
    renderer = widget_renderer(node_modules)
    explorer = Explorer(pathway, view=view, static=True)
    try:
        data = embed_data(views=[explorer.widget], state=dependency_state([explorer.widget, *explorer.links]))
    finally:
        explorer.close()
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("explorer_page.html.j2").render(
        title=pathway.title,
        attribution=pathway.attribution,
        disclaimer=DISCLAIMER,
        state_json=_json_in_script(data["manager_state"]),
        view_json=_json_in_script(data["view_specs"][0]),
        renderer_js=renderer,
        escape=escape,
    )
