"""The step buttons' Python side: traits, validation, and the explorer keeping them in step."""

import re

import pytest
from traitlets import TraitError

from explainer.step_bar_widget import FRONTEND, StepBar
from explainer.widgets import Explorer
from explainer.wording import step_heading


def bar(n: int = 3, **kwargs) -> StepBar:
    return StepBar(
        labels=[str(k + 1) for k in range(n)], tooltips=[f"Step {k + 1}" for k in range(n)], **kwargs
    )


def test_defaults_every_step_visited_and_none_current():
    b = bar(4)
    assert b.index is None and b.steps == [0, 1, 2, 3]
    assert (b.description, b.tooltip) == ("Step", "Jump to a step")


@pytest.mark.parametrize("k", [-1, 3, 99])
def test_an_index_outside_the_steps_is_refused(k):
    b = bar(3, index=1)
    with pytest.raises(TraitError, match=r"index must be in 0\.\.2 or None, not"):
        b.index = k
    assert b.index == 1
    b.index = None  # no step on show (every branch hidden)
    assert b.index is None


def test_one_name_per_step():
    with pytest.raises(TraitError, match="tooltips has 2 names for 3 labels"):
        StepBar(labels=["1", "2", "3"], tooltips=["a", "b"])


def test_visited_steps_are_checked_sorted_and_unique():
    b = bar(5)
    b.steps = [4, 0, 2, 2]
    assert b.steps == [0, 2, 4]
    with pytest.raises(TraitError, match=r"steps \[5\] are not in 0\.\.4"):
        b.steps = [0, 5]
    b.steps = []  # every step hidden: the arrow keys have nowhere to go
    assert b.steps == []


def test_the_front_end_is_one_module_that_sets_only_the_index():
    js = (FRONTEND / "step_bar.js").read_text(encoding="utf-8")
    assert "export default { render }" in js

    assert set(re.findall(r"model\.set\(\s*[\"'](\w+)", js)) == {"index"}
    assert 'setAttribute("aria-checked"' in js and 'setAttribute("role", "radiogroup")' in js


@pytest.mark.parametrize("name", ["pathway", "small_pathway", "ssri"])
def test_the_explorer_keeps_the_bar_on_the_steps_on_show(request, name):
    pathway = request.getfixturevalue(name)
    ex = Explorer(pathway)
    n = len(pathway.steps)
    assert ex.step_buttons.labels == [str(k + 1) for k in range(n)]
    assert ex.step_buttons.tooltips == [step_heading(pathway, k) for k in range(n)]
    assert ex.step_buttons.index == 0 and ex.step_buttons.steps == list(range(n))
    for branch in pathway.branches:
        ex.toggles[branch].value = False
        assert ex.step_buttons.steps == ex.visible_steps == ex.play.steps
        assert ex.step_buttons.index == (ex.step if ex.visible_steps else None)
    for branch in pathway.branches:
        ex.toggles[branch].value = True
    assert ex.step_buttons.steps == list(range(n))
    ex.close()
