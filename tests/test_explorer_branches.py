"""The explorer copes with any branch structure a pathway file may have: every step in a side
branch, every branch hidden (it says there is nothing to show), branches of one step or many.

Pathways are generated from the guide's two-step example and loaded through the loader, so
each one is a file the schema accepts. Clicks and keys are the stepper's rules, run in Node from
its ES module (tests/stepper_rules.py), written to the explorer's stepper as its view does.
"""

import re

import pytest
import yaml
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from explainer.loading.pathway import load_pathway
from explainer.widgets import diagram as diagram_widget
from explainer.widgets.explorer import Explorer
from tests.conftest import guide_example_text
from tests.stepper_rules import StepperRules, act


def _pathway(tmp_path, branches: list[str | None], extra_steps: int = 0):
    """The guide's example with ``extra_steps`` more steps and step k in side branch ``branches[k]``.

    A side branch needs a node of its own: each step's first emphasised node joins its branch.
    """
    data = yaml.safe_load(guide_example_text())
    for k in range(extra_steps):
        step = dict(data["steps"][0], id=f"again{k}", title=f"Once more, {k + 1}")
        data["steps"].append(step)
    nodes = {n["id"]: n for n in data["nodes"]}
    for n in nodes.values():
        n.pop("branch", None)
    for step, branch in zip(data["steps"], branches, strict=True):
        step.pop("branch", None)
        if branch:
            step["branch"] = branch
            step["nodes"] = [f"{branch}_node", *step["nodes"]]
            if f"{branch}_node" not in nodes:
                nodes[f"{branch}_node"] = {"id": f"{branch}_node", "label": branch, "kind": "system"}
                nodes[f"{branch}_node"]["branch"] = branch
                data["edges"].append(
                    {
                        "source": "ketamine",
                        "target": f"{branch}_node",
                        "influence": "unknown",
                        "evidence": data["edges"][0]["evidence"],
                    }
                )
    data["nodes"] = list(nodes.values())
    path = tmp_path / f"branches-{'-'.join(b or '_' for b in branches)}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_pathway(path)


@pytest.fixture(autouse=True)
def _fake_diagram(monkeypatch):
    """The diagram stands in as text: these tests are about the explorer's state, not the drawing
    (the text carries the drawing's aspect, which the presenter's screen reads)."""
    monkeypatch.setattr(diagram_widget, "diagram_svg", lambda pathway, **kwargs: FAKE_SVG)


FAKE_SVG = '<svg style="--exd-aspect:2.0000;"></svg>'


@pytest.fixture(scope="module")
def rules():
    r = StepperRules()
    yield r
    r.close()


def test_all_steps_in_branches_and_all_hidden_says_nothing_to_show(tmp_path, rules):
    p = _pathway(tmp_path, ["a", "b"])
    assert p.branches == ("a", "b")
    ex = Explorer(p)
    act(rules, ex.stepper, "withBranches", ["b"])
    assert ex.step == 1  # moved on to the step still shown
    act(rules, ex.stepper, "withBranches", [])  # raised IndexError before
    assert ex.nothing_to_show and ex.step is None and "Nothing to show" in ex.shown_text
    act(rules, ex.stepper, "move", +1)
    act(rules, ex.stepper, "move", -1)
    assert ex.step is None
    act(rules, ex.stepper, "withBranches", ["a"])
    assert not ex.nothing_to_show and ex.step == 0
    assert ((ex.stepper, "branches"), (ex.diagram, "branches")) in {(k.source, k.target) for k in ex.links}
    assert p.steps[0].title in ex.shown_text


def test_one_branch_holding_every_step(tmp_path, rules):
    ex = Explorer(_pathway(tmp_path, ["a", "a"]))
    ex.step = 1
    act(rules, ex.stepper, "withBranches", [])
    assert ex.nothing_to_show
    act(rules, ex.stepper, "goTo", 0)  # asking for a step shows its branch again
    assert ex.branches == ("a",) and not ex.nothing_to_show and ex.step == 0


def test_the_static_page_shows_everything(tmp_path):
    ex = Explorer(_pathway(tmp_path, ["a", "b"]))
    assert not ex.nothing_to_show and [b for b, _ in ex.stepper.branch_names] == ["a", "b"]


def test_the_message_is_the_steppers(tmp_path):
    ex = Explorer(_pathway(tmp_path, ["a", None]))
    assert re.search(r"Show a branch above", ex.stepper.nothing)


class BranchMachine(RuleBasedStateMachine):
    """Random toggles, jumps and steps on a pathway of random branch structure."""

    rules_process: StepperRules

    def __init__(self):
        super().__init__()
        self.ex = None

    def act(self, fn, *args):
        return act(self.rules_process, self.ex.stepper, fn, *args)

    @precondition(lambda self: self.ex is None)
    @rule(data=st.data())
    def start(self, data):
        key = data.draw(st.sampled_from(sorted(PATHWAYS)))
        self.ex = Explorer(PATHWAYS[key], view=data.draw(st.sampled_from(["student", "presenter"])))

    @precondition(lambda self: self.ex is not None and self.ex.pathway.branches)
    @rule(data=st.data(), shown=st.booleans())
    def toggle(self, data, shown):
        name = data.draw(st.sampled_from(sorted(self.ex.pathway.branches)))
        others = [b for b in self.ex.branches if b != name]
        self.act("withBranches", [*others, name] if shown else others)
        assert (name in self.ex.branches) == shown

    @precondition(lambda self: self.ex is not None)
    @rule(data=st.data())
    def jump(self, data):
        k = data.draw(st.integers(min_value=0, max_value=len(self.ex.pathway.steps) - 1))
        self.act("goTo", k)
        assert self.ex.step == k and not self.ex.nothing_to_show

    @precondition(lambda self: self.ex is not None)
    @rule(delta=st.sampled_from([-1, 1]))
    def move(self, delta):
        self.act("move", delta)

    @invariant()
    def consistent(self):
        ex = self.ex
        if ex is None:
            return
        steps = ex.visible_steps
        if not steps:
            assert ex.nothing_to_show and ex.step is None
            assert "Nothing to show" in ex.shown_text
            return
        assert ex.step in steps
        assert ex.diagram.svg == FAKE_SVG  # drawn once: the browser shows the stepper's branches
        assert ex.pathway.steps[ex.step].title in ex.shown_text


PATHWAYS = {}


@pytest.mark.slow
def test_any_branch_structure_survives_random_use(tmp_path, rules):
    BranchMachine.rules_process = rules
    structures = [[None, "a"], ["a", "b"], ["a", "a"], [None, None], ["b", "a", None, "b"], ["a", "b", "c"]]
    for branches in structures:
        key = "-".join(b or "_" for b in branches)
        PATHWAYS[key] = _pathway(tmp_path, branches, extra_steps=len(branches) - 2)
    run_state_machine_as_test(
        BranchMachine,
        settings=settings(
            max_examples=150, stateful_step_count=30, deadline=None, derandomize=True, database=None
        ),
    )
