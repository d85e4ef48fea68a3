"""The Play control: plays the steps on show, one interval each, and says each step aloud.

ipywidgets' ``Play`` has icon-only buttons with no accessible name, a fixed speed, a first
tick after half a second (the current step is skipped), a Stop that goes back to the first
step and no idea of hidden side branches. This one (an anywidget, so it also runs on the
static page) shows the current step for a full interval before moving, pauses in place,
plays only ``steps`` (the visible ones), stops at the last and lets the reader pick a speed.
Its ``aria-live`` region announces every change of ``value``, whatever made it (a step
button, Next, Play), since ``value`` is joined to the step buttons by ``jslink``.

>>> p = Player(titles=["One", "Two"], steps=[0, 1]); p.value, p.interval
(0, 6000)
"""

import anywidget
from traitlets import Bool, Int, List, Unicode, validate

from explainer.assets import ROOT

FRONTEND = ROOT / "frontend"
SPEEDS = {"Slow (10 s)": 10_000, "Normal (6 s)": 6_000, "Fast (3 s)": 3_000}


class Player(anywidget.AnyWidget):
    """Play the steps ``steps`` (indices into ``titles``) from ``value``, ``interval`` ms each."""

    _esm = Unicode((FRONTEND / "player.js").read_text(encoding="utf-8")).tag(sync=True)
    value = Int(0, allow_none=True, help="Index of the current step (None: no step on show)").tag(sync=True)
    titles = List(Unicode(), help="Each step's title, announced when it becomes current").tag(sync=True)
    steps = List(Int(), help="The steps Play visits (hidden side branches left out)").tag(sync=True)
    interval = Int(6000, help="How long each step shows while playing (ms)").tag(sync=True)
    speeds = List(help="The speed choices: [label, interval in ms] pairs").tag(sync=True)
    playing = Bool(False, help="True while playing").tag(sync=True)
    disabled = Bool(False, help="True when no step is on show").tag(sync=True)
    fullscreen = Bool(False, help="Show a Full screen button (the explorer fills the screen)").tag(sync=True)

    def __init__(self, **kwargs):
        kwargs.setdefault("speeds", [[label, ms] for label, ms in SPEEDS.items()])
        super().__init__(**kwargs)

    @validate("interval")
    def _valid_interval(self, proposal):
        if proposal["value"] < 500:
            raise ValueError(f"interval must be at least 500 ms, not {proposal['value']}")
        return proposal["value"]

    def following(self, k: int) -> int | None:
        """The step Play moves to after ``k``: the next visible one, or None at the end."""
        later = [s for s in self.steps if s > k]
        return later[0] if later else None
