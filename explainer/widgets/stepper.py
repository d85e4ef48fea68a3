"""The stepper: the one owner of the step and of the side branches on show.

Previous and Next, the step buttons (a WAI-ARIA radio group: one Tab stop, ← → ↑ ↓ between the
steps on show, Home and End), Play with its speed, the clicker's keys (→ ← Page Up/Down, and
Space on the presenter's screen) and a toggle per side branch (a row of them, shown when the
pathway has side branches) are one anywidget, so they also run on the static page. It owns
``step`` and ``branches``; the panels and the diagram follow them through ``jslink``. Its view
applies the rules, written once in ``assets/frontend/stepper.js``: which steps are on show, the
next and previous of them, a step of a hidden branch shows its branch, hiding the branch on show
moves the step back. The kernel only validates: set ``step`` or ``branches`` and the view does
the rest. Its DOM events for a class session (``explainer:go-to-step``, ``explainer:step``) and
for the presenter's paged text (``explainer:turn``, ``explainer:pages``) are described at the
top of ``stepper.js``.

>>> s = Stepper(titles=["Step 1 of 2: A", "Step 2 of 2: B"], step_branches=[None, "side"],
...             branch_names=[["side", "Side effects"]])
>>> s.step, s.branches, s.on_show
(0, ['side'], [0, 1])
"""

import anywidget
from traitlets import Bool, Int, List, TraitError, Unicode, default, validate

from explainer.loading.assets import ROOT

FRONTEND = ROOT / "frontend"
SPEEDS = {"Slow (10 s)": 10_000, "Normal (6 s)": 6_000, "Fast (3 s)": 3_000}
NOTHING = (
    "Nothing to show: every step of this pathway is in a side branch, and all of them are hidden. "
    "Show a branch above to see its steps."
)


class Stepper(anywidget.AnyWidget):
    """Step through ``titles`` (``step_branches[k]``: step k's side branch, or None)."""

    _esm = Unicode((FRONTEND / "stepper.js").read_text(encoding="utf-8")).tag(sync=True)
    _css = Unicode((FRONTEND / "stepper.css").read_text(encoding="utf-8")).tag(sync=True)
    step = Int(0, allow_none=True, help="Index of the current step (0-based; None: nothing on show)").tag(
        sync=True
    )
    branches = List(Unicode(), help="The side branches shown, in the pathway's order").tag(sync=True)
    titles = List(Unicode(), help="Each step's full name: its button's name, announced when current").tag(
        sync=True
    )
    labels = List(Unicode(), help="Each step button's visible text ('1', '2', ...)").tag(sync=True)
    step_branches = List(Unicode(allow_none=True), help="Each step's side branch, or None").tag(sync=True)
    branch_names = List(help="[id, name] of each side branch, in the pathway's order").tag(sync=True)
    interval = Int(6000, help="How long each step shows while playing (ms)").tag(sync=True)
    speeds = List(help="The speed choices: [label, interval in ms] pairs").tag(sync=True)
    playing = Bool(False, help="True while playing").tag(sync=True)
    fullscreen = Bool(False, help="Show a Full screen button (the explorer fills the screen)").tag(sync=True)
    clicker = Bool(
        False,
        help="The presenter's screen: Space and Shift+Space step too, and the clicker's keys step from the "
        "diagram even where its frame scrolls",
    ).tag(sync=True)
    description = Unicode("Step", help="The step buttons' visible label").tag(sync=True)
    tooltip = Unicode("Jump to a step", help="What the step buttons do, shown on hover").tag(sync=True)
    nothing = Unicode(NOTHING, help="What the stepper says when no step is on show").tag(sync=True)

    def __init__(self, **kwargs):
        kwargs.setdefault("speeds", [[label, ms] for label, ms in SPEEDS.items()])
        super().__init__(**kwargs)

    @default("labels")
    def _numbers(self):
        return [str(k + 1) for k in range(len(self.titles))]

    @default("step_branches")
    def _main_line(self):
        return [None] * len(self.titles)

    @default("branches")
    def _every_branch(self):
        return [b for b, _ in self.branch_names]

    @property
    def on_show(self) -> list[int]:
        """The steps on show: in no side branch, or in one of ``branches``."""
        return [k for k, b in enumerate(self.step_branches) if b is None or b in self.branches]

    @validate("step")
    def _valid_step(self, proposal):
        k = proposal["value"]
        if k is not None and not 0 <= k < len(self.titles):
            raise TraitError(f"step must be in 0..{len(self.titles) - 1} or None, not {k}")
        return k

    @validate("branches")
    def _valid_branches(self, proposal):
        known = [b for b, _ in self.branch_names]
        unknown = set(proposal["value"]) - set(known)
        if unknown:
            raise TraitError(f"unknown branches {sorted(unknown)}; known: {known}")
        return [b for b in known if b in proposal["value"]]

    @validate("interval")
    def _valid_interval(self, proposal):
        if proposal["value"] < 500:
            raise TraitError(f"interval must be at least 500 ms, not {proposal['value']}")
        return proposal["value"]

    @validate("labels", "step_branches")
    def _one_per_step(self, proposal):
        name, given = proposal["trait"].name, len(proposal["value"])
        if given != len(self.titles):
            raise TraitError(f"{name} has {given} items for {len(self.titles)} titles: give one per step")
        return proposal["value"]
