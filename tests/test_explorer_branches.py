"""The explorer copes with any branch structure a pathway file may have: every step in a side
branch, every branch hidden (it says there is nothing to show), branches of one step or many.

Pathways are generated from the guide's two-step example and loaded through the loader, so
each one is a file the schema accepts.
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

from explainer import diagram_widget
from explainer.pathway import load_pathway
from explainer.widgets import Explorer
from tests.conftest import guide_example_text


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
    """The diagram stands in as text naming its branches: these tests are about the explorer's state."""
    calls = []

    def diagram(pathway, branches=None, **kwargs):
        calls.append(branches)
        return f"{tuple(branches)}|svg"

    monkeypatch.setattr(diagram_widget, "diagram_svg", diagram)
    return calls


def test_all_steps_in_branches_and_all_hidden_says_nothing_to_show(tmp_path):
    p = _pathway(tmp_path, ["a", "b"])
    assert p.branches == ("a", "b")
    ex = Explorer(p)
    ex.toggles["a"].value = False
    assert ex.step == 1  # moved on to the step still shown
    ex.toggles["b"].value = False  # raised IndexError before
    assert ex.nothing_to_show and "Nothing to show" in ex.shown_text
    assert ex.panels.layout.display == "none" and ex.nothing.layout.display is None
    assert ex.prev.disabled and ex.next.disabled and ex.play.disabled
    ex.next.click()
    ex.go(-1)
    ex.toggles["a"].value = True
    assert not ex.nothing_to_show and ex.step == 0
    assert ex.panels.layout.display is None and ex.nothing.layout.display == "none"
    assert ex.diagram.svg == "('a',)|svg" and ex.diagram.step == 0
    assert p.steps[0].title in ex.shown_text


def test_one_branch_holding_every_step(tmp_path):
    ex = Explorer(_pathway(tmp_path, ["a", "a"]))
    ex.step = 1
    ex.toggles["a"].value = False
    assert ex.nothing_to_show and ex.next.disabled
    ex.step_buttons.index = 0  # asking for a step shows its branch again
    assert ex.branches == ("a",) and not ex.nothing_to_show and ex.step == 0


def test_the_static_page_shows_everything(tmp_path):
    ex = Explorer(_pathway(tmp_path, ["a", "b"]), static=True)
    assert not ex.nothing_to_show and ex.nothing not in ex.children


def test_the_message_is_in_the_live_explorer(tmp_path):
    ex = Explorer(_pathway(tmp_path, ["a", None]))
    assert ex.nothing in ex.children
    assert re.search(r"Show a branch above", ex.nothing.value)


class BranchMachine(RuleBasedStateMachine):
    """Random toggles, jumps and steps on a pathway of random branch structure."""

    def __init__(self):
        super().__init__()
        self.ex = None

    @precondition(lambda self: self.ex is None)
    @rule(data=st.data())
    def start(self, data):
        key = data.draw(st.sampled_from(sorted(PATHWAYS)))
        self.ex = Explorer(PATHWAYS[key], view=data.draw(st.sampled_from(["student", "presenter"])))

    @precondition(lambda self: self.ex is not None and self.ex.toggles)
    @rule(data=st.data(), shown=st.booleans())
    def toggle(self, data, shown):
        name = data.draw(st.sampled_from(sorted(self.ex.toggles)))
        self.ex.toggles[name].value = shown
        assert (name in self.ex.branches) == shown

    @precondition(lambda self: self.ex is not None)
    @rule(data=st.data())
    def jump(self, data):
        k = data.draw(st.integers(min_value=0, max_value=len(self.ex.pathway.steps) - 1))
        self.ex.step_buttons.index = k
        assert self.ex.step == k and not self.ex.nothing_to_show

    @precondition(lambda self: self.ex is not None)
    @rule(delta=st.sampled_from([-1, 1]))
    def move(self, delta):
        button = self.ex.next if delta > 0 else self.ex.prev
        if not button.disabled:
            button.click()

    @invariant()
    def consistent(self):
        ex = self.ex
        if ex is None:
            return
        steps = ex.visible_steps
        assert ex.step_buttons.steps == ex.play.steps == steps  # the arrow keys skip what Play skips
        if not steps:
            assert ex.nothing_to_show and ex.prev.disabled and ex.next.disabled
            assert ex.step_buttons.index is None  # no step button checked
            assert "Nothing to show" in ex.shown_text
            return
        assert ex.step in steps and ex.panels.selected_index == ex.step == ex.step_buttons.index
        assert ex.prev.disabled == (ex.step == steps[0]) and ex.next.disabled == (ex.step == steps[-1])
        assert ex.diagram.svg == f"{ex.branches}|svg" and ex.diagram.step == ex.step
        assert ex.pathway.steps[ex.step].title in ex.shown_text


PATHWAYS = {}


def test_any_branch_structure_survives_random_use(tmp_path):
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
