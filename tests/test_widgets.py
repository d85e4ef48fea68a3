"""The explorer, driven as a user would: setting values and clicking, no browser."""

import re
from functools import lru_cache
from html import escape

import ipywidgets as w
import pytest
from ipywidgets.embed import dependency_state
from ipywidgets.widgets.widget import _instances
from traitlets import TraitError

from explainer.diagram_widget import Diagram
from explainer.svg_diagram import diagram_svg
from explainer.widgets import Explorer


@pytest.fixture(params=["student", "presenter"])
def ex(request, pathway):
    return Explorer(pathway, view=request.param)


def test_starts_at_step_one_with_previous_disabled(ex, pathway):
    assert ex.step == 0
    assert ex.prev.disabled and not ex.next.disabled
    assert pathway.steps[0].title in ex.shown_text
    assert painted_current(ex.diagram.svg, ex.diagram.step) == {"ketamine", "nmda", "glutamate_pfc"}


@lru_cache(maxsize=64)
def painted_current(svg: str, k: int) -> frozenset[str]:
    """Boxes the diagram's SVG paints as current at step ``k`` (its classes), read from the SVG
    the widget holds: not the explorer's own idea of the step, which a test would only echo."""
    found = re.findall(r'<g class="([^"]*)" data-id="node:([a-z0-9_]+)"', svg)
    return frozenset(node for classes, node in found if f"st{k}-current" in classes.split())


def test_the_diagram_paints_each_steps_boxes_from_the_data(ex, pathway):
    """Not the explorer's own answer: the classes the SVG carries, against the pathway file."""
    for k, step in enumerate(pathway.steps):
        ex.step = k
        assert ex.diagram.step == k
        assert painted_current(ex.diagram.svg, k) == set(step.nodes), k


def test_next_through_every_step_and_back(ex, pathway):
    seen = []
    for k, step in enumerate(pathway.steps):
        assert ex.step == k
        assert step.title in ex.shown_text
        for passage in step.passages:
            assert escape(" ".join(passage.text.split())) in ex.shown_text
        painted = painted_current(ex.diagram.svg, ex.diagram.step)
        assert painted == set(step.nodes)
        assert ex.panels.selected_index == k and ex.step_buttons.index == k
        seen.append(painted)
        ex.next.click()
    assert ex.step == len(pathway.steps) - 1 and ex.next.disabled and not ex.prev.disabled
    assert len(set(seen)) == len(pathway.steps)  # the emphasis changes each step
    for _ in pathway.steps:
        ex.prev.click()
    assert ex.step == 0 and ex.prev.disabled


def test_passages_are_shown_escaped_and_attributed(ex, pathway):
    ex.step = 1
    for passage in pathway.steps[1].passages:
        assert escape(" ".join(passage.text.split())) in ex.shown_text
    assert "Indiana Center for Recovery" in ex.shown_text
    assert "<blockquote>" in ex.shown_text


def test_step_buttons_drive_the_state(ex):
    ex.step_buttons.index = 4
    assert ex.step == 4 and ex.panels.selected_index == 4


def test_out_of_range_step_is_refused(ex):
    with pytest.raises(TraitError, match="step must be in"):
        ex.step = 99
    assert ex.step == 0


def test_glossary_for_the_step(ex):
    ex.step = 0
    assert "N-methyl-D-aspartate" in ex.shown_text
    ex.step = 2
    assert "brain-derived neurotrophic factor" in ex.shown_text
    assert "N-methyl-D-aspartate" not in ex.shown_text


def test_hiding_a_branch_skips_its_step(ex, pathway):
    ex.toggles["gaba"].value = False
    assert ex.branches == ("inflammation",)
    ex.step = 4
    ex.next.click()
    assert pathway.steps[ex.step].id == "inflammation"
    ex.prev.click()
    assert pathway.steps[ex.step].id == "effect"


def test_hiding_the_branch_on_show_moves_back(ex, pathway):
    ex.step = len(pathway.steps) - 1  # inflammation
    ex.toggles["inflammation"].value = False
    assert ex.step == len(pathway.steps) - 2 and ex.next.disabled
    assert ex.diagram.svg == diagram_svg(pathway, ("gaba",))
    assert 'data-id="node:inflammation"' not in ex.diagram.svg


def test_jumping_to_a_hidden_step_shows_its_branch(ex, pathway):
    ex.toggles["gaba"].value = False
    ex.step_buttons.index = pathway.step_index("gaba")
    assert "gaba" in ex.branches and ex.toggles["gaba"].value


def test_one_diagram_whose_step_follows_the_state(ex, pathway):
    assert isinstance(ex.diagram, Diagram)
    assert not any(isinstance(x, w.Image) for x in _walk(ex))  # no picture per step
    ex.next.click()
    assert ex.diagram.step == 1
    ex.step_buttons.index = 4
    assert ex.diagram.step == 4
    assert ex.diagram.svg == diagram_svg(pathway)  # drawn once, for all steps


def test_selecting_in_the_diagram_shows_its_text_and_keeps_the_step(ex, pathway):
    ex.step = 0
    ex.diagram.selected = "node:bdnf"  # a box of a later step
    assert ex.step == 0
    assert escape("neurons’ growth, survival, and maintenance") in ex.shown_node_text
    assert ex.node_picker.label == "BDNF (up-regulated)"
    ex.diagram.selected = "edge:ketamine->nmda"
    assert "Ketamine inhibits NMDA receptor (blocked)" in ex.shown_node_text
    assert "NMDA receptor antagonist" in ex.shown_node_text
    ex.node_picker.index = 0
    assert ex.diagram.selected == "node:ketamine"


def test_each_step_lists_its_links_in_words(ex, pathway):
    ex.step = pathway.step_index("ampa")
    assert "may stimulate AMPA receptor (enhanced) (the article hedges)" in ex.shown_text


def test_node_picker_shows_what_the_article_says(ex):
    names = [label for label, _ in ex.node_picker.options]
    ex.node_picker.index = names.index("BDNF (up-regulated)")
    assert escape("neurons’ growth, survival, and maintenance") in ex.shown_node_text
    assert "brain-derived neurotrophic factor" in ex.shown_node_text
    ex.node_picker.index = names.index("Ketamine")
    assert "NMDA receptor antagonist" in ex.shown_node_text


def test_self_check_answer_hidden_until_asked(pathway):
    ex = Explorer(pathway, view="student")
    assert len(ex.answers) == len(pathway.steps)
    answer = ex.answers[0]
    assert answer.startswith('<details class="explainer-disclosure"><summary>Show the answer</summary>')
    assert pathway.steps[0].question in ex.shown_text
    assert "NMDA receptor antagonist" in answer
    assert "The article says:" not in ex.shown_text  # closed until the reader opens it


def test_educator_note_is_open_for_the_presenter_closed_for_students(pathway):
    note = " ".join(pathway.steps[0].note.text.split())[:40]
    presenter, student = Explorer(pathway, view="presenter"), Explorer(pathway, view="student")
    assert presenter.notes[0].startswith('<details class="explainer-disclosure" open>')
    assert note in presenter.shown_text
    assert note not in student.shown_text and "What the research says" in student.shown_text


def test_presenter_view_has_no_quiz_and_large_text(pathway):
    ex = Explorer(pathway, view="presenter")
    assert ex.answers == []
    assert "explainer-presenter" in ex._dom_classes


def test_every_control_is_labelled(ex):
    controls = [ex.prev, ex.next, ex.step_buttons, ex.node_picker, *ex.toggles.values()]
    for c in controls:
        assert c.description and c.tooltip, c
    n = len(ex.pathway.steps)
    assert ex.play.titles[1] == f"Step 2 of {n}: {ex.pathway.steps[1].title}"  # what aria-live announces
    assert [label for label, _ in ex.play.speeds] == ["Slow (10 s)", "Normal (6 s)", "Fast (3 s)"]


def test_play_visits_only_the_steps_on_show(pathway):
    ex = Explorer(pathway)
    assert ex.play.steps == list(range(len(pathway.steps)))
    last = pathway.steps[-1]
    ex.toggles[last.branch].value = False
    assert ex.play.steps == ex.visible_steps and len(pathway.steps) - 1 not in ex.play.steps
    assert ex.play.following(ex.visible_steps[-1]) is None  # Play stops at the last step on show
    assert ex.play.following(0) == ex.visible_steps[1]


def test_static_build_leaves_out_kernel_only_controls(pathway):
    ex = Explorer(pathway, static=True)
    inside = set(map(id, _walk(ex)))
    assert id(ex.step_buttons) in inside and id(ex.play) in inside
    assert id(ex.next) not in inside and id(ex.prev) not in inside


def test_unknown_view_is_refused(pathway):
    with pytest.raises(ValueError, match="view must be one of"):
        Explorer(pathway, view="teacher")


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_the_explorer_is_a_widget_that_goes_in_a_container(pathway, ssri):
    first, second = Explorer(pathway), Explorer(ssri, view="presenter")
    tabs = w.Tab([first, second], titles=["Ketamine", "SSRI"])
    assert isinstance(first, w.VBox) and tabs.children == (first, second)
    state = dependency_state([tabs])
    children = [f"IPY_MODEL_{first.model_id}", f"IPY_MODEL_{second.model_id}"]
    assert state[tabs.model_id]["state"]["children"] == children
    assert "explainer-presenter" in state[second.model_id]["state"]["_dom_classes"]
    assert first.diagram in list(_walk(first)) and first.panels in list(_walk(first))


def test_close_takes_every_model_the_explorer_made_out_of_the_kernel(pathway):
    before = set(_instances)
    ex = Explorer(pathway)
    made = set(_instances) - before
    assert ex.model_id in made and ex.next.model_id in made and len(made) > 50
    ex.close()
    assert not made & set(_instances)
