"""The stepper: its traits and validation (Python), and its rules, run in Node from the one
ES module that holds them (tests/stepper_rules.py)."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from traitlets import TraitError

from explainer.widgets.explorer import Explorer
from explainer.widgets.stepper import FRONTEND, Stepper
from explainer.words.wording import branch_label, step_heading
from tests.stepper_rules import StepperRules, act


@pytest.fixture(scope="module")
def rules():
    r = StepperRules()
    yield r
    r.close()


def stepper(step_branches, **kwargs) -> Stepper:
    names = list(dict.fromkeys(b for b in step_branches if b))
    return Stepper(
        titles=[f"Step {k + 1}" for k in range(len(step_branches))],
        step_branches=step_branches,
        branch_names=[[b, b.upper()] for b in names],
        **kwargs,
    )


def test_defaults_first_step_every_branch_shown_numbered_buttons():
    s = stepper([None, "a", None, "b"])
    assert s.step == 0 and s.branches == ["a", "b"] and s.on_show == [0, 1, 2, 3]
    assert s.labels == ["1", "2", "3", "4"] and (s.description, s.tooltip) == ("Step", "Jump to a step")
    assert [label for label, _ in s.speeds] == ["Slow (10 s)", "Normal (6 s)", "Fast (3 s)"]
    s.branches = ["b"]
    assert s.on_show == [0, 2, 3]


@pytest.mark.parametrize("k", [-1, 4, 99])
def test_a_step_outside_the_steps_is_refused(k):
    s = stepper([None, None, None, None], step=1)
    with pytest.raises(TraitError, match=r"step must be in 0\.\.3 or None, not"):
        s.step = k
    assert s.step == 1
    s.step = None  # nothing on show (every branch hidden)
    assert s.step is None


def test_branches_are_known_and_kept_in_the_pathways_order():
    s = stepper([None, "a", "b"])
    s.branches = ["b", "a", "b"]
    assert s.branches == ["a", "b"]
    with pytest.raises(TraitError, match=r"unknown branches \['c'\]; known: \['a', 'b'\]"):
        s.branches = ["c"]


def test_one_label_and_one_branch_per_step():
    with pytest.raises(TraitError, match="labels has 2 items for 3 titles"):
        Stepper(titles=["a", "b", "c"], labels=["1", "2"])
    with pytest.raises(TraitError, match="step_branches has 1 items for 2 titles"):
        Stepper(titles=["a", "b"], step_branches=[None])
    with pytest.raises(TraitError, match="at least 500 ms"):
        Stepper(titles=["a"], interval=100)


def test_the_front_end_sets_only_the_state_it_owns():
    js = (FRONTEND / "stepper.js").read_text(encoding="utf-8")
    assert "export default { render }" in js
    assert set(re.findall(r"model\.set\(\s*[\"'](\w+)", js)) == {"step", "branches", "playing", "interval"}
    assert 'setAttribute("aria-checked"' in js and 'setAttribute("role", "radiogroup")' in js
    # every listener added is removed on teardown
    for added in re.findall(
        r"(\w+)\.addEventListener\(\"(keydown|fullscreenchange|explainer:go-to-step)\"", js
    ):
        assert f'{added[0]}.removeEventListener("{added[1]}"' in js, added


def test_the_rules_next_and_previous_stop_at_the_ends(rules):
    shown = rules.call("onShow", [None, "a", None, "b"], ["b"])
    assert shown == [0, 2, 3]
    assert [rules.call("following", shown, k) for k in (-1, 0, 2, 3)] == [0, 2, 3, None]
    assert [rules.call("preceding", shown, k) for k in (0, 2, 3, 9)] == [None, 0, 2, 3]


def test_a_hidden_step_shows_its_branch_and_hiding_the_branch_on_show_moves_back(rules):
    s = stepper([None, "a", None, "b"])
    act(rules, s, "withBranches", ["b"])
    assert (s.step, s.branches) == (0, ["b"])
    act(rules, s, "move", +1)
    assert s.step == 2  # past the hidden step 1
    act(rules, s, "goTo", 1)
    assert (s.step, s.branches) == (1, ["a", "b"])  # asked for: its branch is shown again
    act(rules, s, "goTo", 3)
    act(rules, s, "withBranches", ["a"])
    assert (s.step, s.branches) == (2, ["a"])  # the one on show before it


def test_nothing_on_show_then_the_first_step_again(rules):
    s = stepper(["a", "b"])
    act(rules, s, "goTo", 1)
    act(rules, s, "withBranches", ["a"])
    assert s.step == 0
    act(rules, s, "withBranches", [])
    assert s.step is None and s.on_show == []
    assert act(rules, s, "move", +1) == {"step": None, "branches": []}  # nowhere to go
    act(rules, s, "withBranches", ["b"])
    assert (s.step, s.branches) == (1, ["b"])


STRUCTURES = st.lists(st.sampled_from([None, "a", "b", "c"]), min_size=1, max_size=8)
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("move"), st.sampled_from([-1, 1])),
        st.tuples(st.just("goTo"), st.integers(0, 7)),
        st.tuples(st.just("withBranches"), st.lists(st.sampled_from(["a", "b", "c"]), unique=True)),
    ),
    max_size=25,
)


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(structure=STRUCTURES, actions=ACTIONS)
def test_any_branch_structure_survives_random_use(rules, structure, actions):
    """Whatever the branches and the clicks, the step is on show, or None with nothing on show;
    Next and Previous move to the neighbour on show and never change the branches."""
    s = stepper(structure)
    for fn, arg in actions:
        if fn == "goTo":
            arg %= len(structure)
        elif fn == "withBranches":
            arg = [b for b in arg if b in structure]
        before, shown = s.step, s.on_show
        branches = list(s.branches)
        act(rules, s, fn, arg)
        if fn == "goTo":
            assert s.step == arg and (structure[arg] is None or structure[arg] in s.branches)
        if fn == "move":
            assert s.branches == branches
            if before is not None:
                i = shown.index(before) + arg
                assert s.step == (shown[i] if 0 <= i < len(shown) else before)
        if s.on_show:
            assert s.step in s.on_show
        else:
            assert s.step is None


@pytest.mark.parametrize("name", ["pathway", "small_pathway", "ssri"])
def test_the_explorers_stepper_names_each_step_and_branch(request, name):
    pathway = request.getfixturevalue(name)
    s = Explorer(pathway).stepper
    n = len(pathway.steps)
    assert s.labels == [str(k + 1) for k in range(n)]
    assert s.titles == [step_heading(pathway, k) for k in range(n)]  # what aria-live announces
    assert s.step_branches == [step.branch for step in pathway.steps]
    assert s.branch_names == [[b, branch_label(pathway, b)] for b in pathway.branches]
    assert s.branches == list(pathway.branches) and s.on_show == list(range(n))
