"""Abused controls: random sequences of operations never break the explorer's invariants.

130 sequences of up to 100 operations (derandomized, so CI is reproducible; ``-s`` prints how
many ran). A click or key is the stepper's rule, run in Node from its ES module and written to
the explorer's stepper as its view does (tests/stepper_rules.py); a pick is what the picker's
or the diagram's link sets. Besides the invariants, the run must have reached every step,
hidden every branch, shown every box's and link's text and moved both ways.
"""

from html import escape

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from explainer import load_pathway
from explainer.widgets.explorer import Explorer
from explainer.words.describe import item_name
from explainer.words.wording import node_name
from tests.stepper_rules import StepperRules, act
from tests.test_widgets import painted_current

PATHWAY = load_pathway()
N = len(PATHWAY.steps)
OPERATIONS = {"count": 0}
SEEN: dict[str, set] = {"steps": set(), "hidden": set(), "picked": set(), "moved": set()}


class ExplorerMachine(RuleBasedStateMachine):
    rules_process: StepperRules

    def __init__(self):
        super().__init__()
        self.ex = Explorer(PATHWAY, view="student")

    def _act(self, fn, *args):
        OPERATIONS["count"] += 1
        return act(self.rules_process, self.ex.stepper, fn, *args)

    def _move(self, delta: int) -> None:
        """Next or Previous goes to the neighbouring step on show, and shows no hidden branch."""
        before, steps, branches = self.ex.step, self.ex.visible_steps, self.ex.branches
        self._act("move", delta)
        i = steps.index(before) + delta
        assert self.ex.step == (steps[i] if 0 <= i < len(steps) else before)
        assert self.ex.branches == branches
        if self.ex.step != before:
            SEEN["moved"].add(delta)

    @rule()
    def next(self):
        self._move(+1)

    @rule()
    def previous(self):
        self._move(-1)

    @rule(k=st.integers(min_value=0, max_value=N - 1))
    def jump(self, k):
        self._act("goTo", k)  # a step button, the clicker, or a class session's go-to-step
        assert self.ex.step == k

    @rule(branch=st.sampled_from(PATHWAY.branches), shown=st.booleans())
    def toggle(self, branch, shown):
        others = [b for b in self.ex.branches if b != branch]
        self._act("withBranches", [*others, branch] if shown else others)
        assert (branch in self.ex.branches) == shown

    @rule(i=st.integers(min_value=0, max_value=len(PATHWAY.nodes) + len(PATHWAY.edges) - 1))
    def pick(self, i):
        OPERATIONS["count"] += 1
        before = self.ex.step
        self.ex.node_panels.index = i  # what the picker or a click in the diagram sets, by its jslink
        item = self.ex.diagram.items[i]
        name = node_name(PATHWAY, item[5:]) if item.startswith("node:") else item_name(PATHWAY, item)
        assert escape(name) in self.ex.shown_node_text
        assert self.ex.step == before  # the step stays the teacher's

    @invariant()
    def consistent(self):
        ex, steps = self.ex, self.ex.visible_steps
        assert 0 <= ex.step < N
        assert ex.step in steps  # never on a hidden branch
        step = PATHWAY.steps[ex.step]
        SEEN["steps"].add(ex.step)
        assert escape(step.title) in ex.shown_text
        assert painted_current(ex.diagram.svg, ex.step) == set(step.nodes)  # what the SVG shows
        SEEN["hidden"].update(set(PATHWAY.branches) - set(ex.branches))
        SEEN["picked"].add(ex.node_panels.index)


@pytest.fixture(scope="module")
def rules():
    r = StepperRules()
    yield r
    r.close()


@pytest.mark.slow
def test_random_operations_keep_the_invariants_and_reach_every_state(rules):
    ExplorerMachine.rules_process = rules
    OPERATIONS["count"] = 0
    for seen in SEEN.values():
        seen.clear()
    run_state_machine_as_test(
        ExplorerMachine,
        settings=settings(
            max_examples=130, stateful_step_count=100, deadline=None, derandomize=True, database=None
        ),
    )
    print(f"{OPERATIONS['count']} operations")
    # the operations reached every state worth checking (as the explorer reports it), not only
    # many times the same one
    assert SEEN["steps"] == set(range(N))
    assert SEEN["hidden"] == set(PATHWAY.branches)
    assert SEEN["picked"] == set(range(len(PATHWAY.nodes) + len(PATHWAY.edges)))  # every box and link
    assert SEEN["moved"] == {+1, -1}
