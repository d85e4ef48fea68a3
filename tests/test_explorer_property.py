"""Abused controls: random sequences of operations never break the explorer's invariants.

130 sequences of up to 100 operations (derandomized, so CI is reproducible; ``-s`` prints how
many ran). Besides the invariants, the run must have reached every step, hidden every branch,
shown every box's and link's text and moved both ways, as the explorer's own state shows.
"""

from html import escape

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from explainer import load_pathway
from explainer.widgets import Explorer
from explainer.wording import node_name
from tests.test_widgets import painted_current

PATHWAY = load_pathway()
N = len(PATHWAY.steps)
OPERATIONS = {"count": 0}
SEEN: dict[str, set] = {"steps": set(), "hidden": set(), "picked": set(), "moved": set()}


class ExplorerMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.ex = Explorer(PATHWAY, view="student")

    def _count(self):
        OPERATIONS["count"] += 1

    def _move(self, button, delta: int) -> None:
        """Next or Previous goes to the neighbouring step on show, and shows no hidden branch."""
        self._count()
        before, steps, branches = self.ex.step, self.ex.visible_steps, self.ex.branches
        if button.disabled:
            return
        button.click()
        assert self.ex.step == steps[steps.index(before) + delta]
        assert self.ex.branches == branches
        SEEN["moved"].add(delta)

    @rule()
    def next(self):
        self._move(self.ex.next, +1)

    @rule()
    def previous(self):
        self._move(self.ex.prev, -1)

    @rule(k=st.integers(min_value=0, max_value=N - 1))
    def jump(self, k):
        self._count()
        self.ex.step_buttons.index = k  # a step button, or the Play control's tick in the browser
        assert self.ex.step == k

    @rule(branch=st.sampled_from(PATHWAY.branches), shown=st.booleans())
    def toggle(self, branch, shown):
        self._count()
        self.ex.toggles[branch].value = shown
        assert (branch in self.ex.branches) == shown

    @rule(i=st.integers(min_value=0, max_value=len(PATHWAY.nodes) - 1))
    def pick(self, i):
        self._count()
        self.ex.node_picker.index = i
        name = node_name(PATHWAY, PATHWAY.nodes[i].id)
        assert escape(name) in self.ex.shown_node_text

    @rule(i=st.integers(min_value=0, max_value=len(PATHWAY.nodes) + len(PATHWAY.edges) - 1))
    def click_in_diagram(self, i):
        self._count()
        before = self.ex.step
        self.ex.diagram.selected_index = i  # what a click, Enter or Space on a box or link sends
        assert self.ex.step == before  # the step stays the teacher's
        assert self.ex.node_panels.selected_index == i == self.ex.node_picker.index

    @invariant()
    def consistent(self):
        ex, steps = self.ex, self.ex.visible_steps
        assert 0 <= ex.step < N
        assert ex.step in steps  # never on a hidden branch
        assert ex.panels.selected_index == ex.step == ex.step_buttons.index == ex.diagram.step
        step = PATHWAY.steps[ex.step]
        SEEN["steps"].add(ex.step)
        assert escape(step.title) in ex.shown_text
        assert painted_current(ex.diagram.svg, ex.diagram.step) == set(step.nodes)  # what the SVG shows
        SEEN["hidden"].update(set(PATHWAY.branches) - set(ex.branches))
        SEEN["picked"].add(ex.node_picker.index)
        assert ex.prev.disabled == (ex.step == steps[0])
        assert ex.next.disabled == (ex.step == steps[-1])
        for name, toggle in ex.toggles.items():
            assert toggle.value == (name in ex.branches)


def test_random_operations_keep_the_invariants_and_reach_every_state():
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
