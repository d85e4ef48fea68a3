"""The step buttons: one Tab stop, arrow keys between steps, the current one exposed.

ipywidgets' ``ToggleButtons`` make every step its own Tab stop and never say which one is
pressed. This one (an anywidget, so it also runs on the static page) is a WAI-ARIA radio
group: Tab reaches the current step only, ← → ↑ ↓ move between the steps in ``steps`` (the
ones on show: hidden side branches are skipped, as Play skips them), Home and End go to the
first and last, and the current step carries ``aria-checked="true"``. A click or Enter on a
step of a hidden branch still chooses it (the explorer then shows that branch again).
``index`` is the one shared state, joined by ``jslink`` to the panels, the diagram and Play.

>>> bar = StepBar(labels=["1", "2"], tooltips=["Step 1 of 2: A", "Step 2 of 2: B"], index=0)
>>> bar.index, bar.steps
(0, [0, 1])
"""

import anywidget
from traitlets import Int, List, TraitError, Unicode, default, validate

from explainer.assets import ROOT

FRONTEND = ROOT / "frontend"


class StepBar(anywidget.AnyWidget):
    """Buttons ``labels`` (full names ``tooltips``) choosing ``index``; arrows visit ``steps``."""

    _esm = Unicode((FRONTEND / "step_bar.js").read_text(encoding="utf-8")).tag(sync=True)
    _css = Unicode((FRONTEND / "step_bar.css").read_text(encoding="utf-8")).tag(sync=True)
    index = Int(None, allow_none=True, help="Index of the current step (None: no step on show)").tag(
        sync=True
    )
    labels = List(Unicode(), help="Each step button's visible text ('1', '2', ...)").tag(sync=True)
    tooltips = List(Unicode(), help="Each step's full name: the button's accessible name").tag(sync=True)
    steps = List(Int(), help="The steps the arrow keys visit (hidden side branches left out)").tag(sync=True)
    description = Unicode("Step", help="The group's visible label").tag(sync=True)
    tooltip = Unicode("Jump to a step", help="What the group does, shown on hover").tag(sync=True)

    @default("steps")
    def _every_step(self):
        return list(range(len(self.labels)))

    @validate("index")
    def _valid_index(self, proposal):
        k = proposal["value"]
        if k is not None and not 0 <= k < len(self.labels):
            raise TraitError(f"index must be in 0..{len(self.labels) - 1} or None, not {k}")
        return k

    @validate("tooltips")
    def _valid_tooltips(self, proposal):
        if len(proposal["value"]) != len(self.labels):
            given, n = len(proposal["value"]), len(self.labels)
            raise TraitError(f"tooltips has {given} names for {n} labels: give one per step")
        return proposal["value"]

    @validate("steps")
    def _valid_steps(self, proposal):
        outside = [k for k in proposal["value"] if not 0 <= k < len(self.labels)]
        if outside:
            raise TraitError(f"steps {outside} are not in 0..{len(self.labels) - 1}")
        return sorted(set(proposal["value"]))
