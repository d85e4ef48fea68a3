"""The diagram as a widget: one SVG whose ``step`` selects the emphasis and whose ``branches``
select the side branches shown, and whose boxes and links are buttons that set ``selected``.

Written once as an anywidget (a small ES module under ``assets/frontend/``), it runs in
JupyterLab, Notebook 7 and Voilà, and on the static explorer page, where the bundled widget
renderer loads it (see :mod:`explainer.outputs.offline`). ``step``, ``branches`` and ``selected_index``
are plain synced traits, set from Python or from the browser, so ``jslink`` joins them to the
step buttons, the branch toggles and the panel of item texts with no kernel: the SVG is written
once and never redrawn. The view never changes ``step``: a click on a box of a later step only
selects it.

>>> from explainer import load_pathway
>>> d = Diagram(load_pathway())
>>> d.selected = "edge:ketamine->nmda"; d.selected_index
10
>>> d.branches = ["inflammation", "gaba"]; d.branches
('gaba', 'inflammation')
"""

import anywidget
from traitlets import Int, TraitError, Tuple, Unicode, default, observe, validate

from explainer.loading.assets import ROOT
from explainer.loading.pathway import Pathway
from explainer.rendering.svg_diagram import diagram_svg
from explainer.words.describe import panel_items

FRONTEND = ROOT / "frontend"
# One ES module: the widget (diagram.js: the SVG, its items, the branches) and its camera
# (camera.js: the viewBox per step, the shots of a step too big for one picture).
MODULE = ("diagram.js", "camera.js")


def diagram_module() -> str:
    """The diagram widget's ES module: ``assets/frontend`` diagram.js and camera.js, joined."""
    return "\n".join((FRONTEND / name).read_text(encoding="utf-8") for name in MODULE)


class Diagram(anywidget.AnyWidget):
    """The pathway's diagram, showing step ``step`` and the side branches ``branches``."""

    _esm = Unicode(diagram_module()).tag(sync=True)
    _css = Unicode((FRONTEND / "diagram.css").read_text(encoding="utf-8")).tag(sync=True)
    svg = Unicode(help="The diagram (SVG from explainer.rendering.svg_diagram), all branches").tag(sync=True)
    step = Int(0, allow_none=True, help="Index of the step shown (0-based; None: no emphasis)").tag(sync=True)
    branches = Tuple(help="Names of the side branches shown (the others are hidden)").tag(sync=True)
    selected = Unicode("", help="Id of the selected box or link ('node:ID', 'edge:SRC->TGT')").tag(sync=True)
    selected_index = Int(
        None, allow_none=True, help="Index of the selected item in explainer.words.describe.panel_items"
    ).tag(sync=True)

    def __init__(self, pathway: Pathway, branches=None, **kwargs):
        self.pathway = pathway
        self.items = panel_items(pathway)
        if branches is not None:
            kwargs["branches"] = branches
        super().__init__(svg=diagram_svg(pathway), **kwargs)

    def show_branches(self, branches) -> None:
        """Show only the side branches ``branches`` (the step and selection stay): sets ``branches``."""
        self.branches = tuple(branches)

    @default("branches")
    def _all_branches(self):
        return self.pathway.branches

    @validate("branches")
    def _valid_branches(self, proposal):
        unknown = set(proposal["value"]) - set(self.pathway.branches)
        if unknown:
            raise TraitError(f"unknown branches {sorted(unknown)}; known: {self.pathway.branches}")
        return tuple(b for b in self.pathway.branches if b in proposal["value"])

    @validate("step")
    def _valid_step(self, proposal):
        k = proposal["value"]
        if k is not None and not 0 <= k < len(self.pathway.steps):
            raise TraitError(f"step must be in 0..{len(self.pathway.steps) - 1}, not {k}")
        return k

    @validate("selected")
    def _valid_selected(self, proposal):
        if proposal["value"] not in ("", *self.items):
            raise TraitError(f"no box or link {proposal['value']!r} in pathway {self.pathway.id!r}")
        return proposal["value"]

    @validate("selected_index")
    def _valid_index(self, proposal):
        i = proposal["value"]
        if i is not None and not 0 <= i < len(self.items):
            raise TraitError(f"selected_index must be in 0..{len(self.items) - 1}, not {i}")
        return i

    @observe("selected")
    def _from_selected(self, change):
        self.selected_index = self.items.index(change["new"]) if change["new"] else None

    @observe("selected_index")
    def _from_index(self, change):
        self.selected = "" if change["new"] is None else self.items[change["new"]]
