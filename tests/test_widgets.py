"""The explorer, driven as a user would: setting values and clicking, no browser."""

import re
from functools import lru_cache
from html import escape

import ipywidgets as w
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from ipywidgets.embed import dependency_state
from ipywidgets.widgets.widget import _instances
from ipywidgets.widgets.widget_link import DirectionalLink
from traitlets import TraitError

from explainer import load_pathway
from explainer.rendering.svg_diagram import diagram_svg
from explainer.widgets.diagram import Diagram
from explainer.widgets.explorer import Explorer
from tests.stepper_rules import StepperRules


@pytest.fixture(params=["student", "presenter"])
def ex(request, pathway):
    return Explorer(pathway, view=request.param)


def test_starts_at_step_one(ex, pathway):
    assert ex.step == 0 and ex.stepper.step == 0
    assert pathway.steps[0].title in ex.shown_text
    assert painted_current(ex.diagram.svg, 0) == {"ketamine", "nmda", "glutamate_pfc"}


@lru_cache(maxsize=64)
def painted_current(svg: str, k: int) -> frozenset[str]:
    """Boxes the diagram's SVG paints as current at step ``k`` (its classes), read from the SVG
    the widget holds: not the explorer's own idea of the step, which a test would only echo."""
    found = re.findall(r'<g class="([^"]*)" data-id="node:([a-z0-9_]+)"', svg)
    return frozenset(node for classes, node in found if f"st{k}-current" in classes.split())


def test_the_diagram_paints_each_steps_boxes_from_the_data(ex, pathway):
    """Not the explorer's own answer: the classes the SVG carries, against the pathway file."""
    for k, step in enumerate(pathway.steps):
        assert painted_current(ex.diagram.svg, k) == set(step.nodes), k


def test_every_step_shows_its_words(ex, pathway):
    for k, step in enumerate(pathway.steps):
        ex.step = k
        assert ex.stepper.step == k
        assert step.title in ex.shown_text
        for passage in step.passages:
            assert escape(" ".join(passage.text.split())) in ex.shown_text
        others = [s.title for s in pathway.steps if s.title != step.title]
        assert not any(f">{escape(title)}<" in ex.shown_text for title in others)


def test_the_stepper_owns_the_step_and_everything_follows_it_in_the_browser(ex):
    """One owner: the step panels and the diagram take the stepper's step (and the diagram its
    branches) by a one-way link in the browser (no kernel copies, no echo), and the diagram's
    selection, the picker and the item texts are one state joined both ways."""
    follows = {(link.source, link.target) for link in ex.links if isinstance(link, DirectionalLink)}
    assert follows == {
        ((ex.stepper, "step"), (ex.panels, "index")),
        ((ex.stepper, "step"), (ex.diagram, "step")),
        ((ex.stepper, "branches"), (ex.diagram, "branches")),
    }
    joined = {(link.source, link.target) for link in ex.links if not isinstance(link, DirectionalLink)}
    assert joined == {
        ((ex.node_picker, "index"), (ex.node_panels, "index")),
        ((ex.diagram, "selected_index"), (ex.node_panels, "index")),
    }
    ex.step = 3  # the kernel's own reading of the step is the stepper's
    assert ex.stepper.step == 3 and ex.step == 3


@pytest.mark.parametrize("name", ["pathway", "small_pathway", "ssri"])
@pytest.mark.parametrize("view", ["student", "presenter"])
def test_an_explorer_makes_at_most_40_widget_models(request, name, view):
    """Each widget model is a message at start-up and state on the static page (it was 150)."""
    before = set(_instances)
    ex = Explorer(request.getfixturevalue(name), view=view)
    made = set(_instances) - before
    assert len(made) <= 40, len(made)
    ex.close()


def test_passages_are_shown_escaped_and_attributed(ex, pathway):
    ex.step = 1
    for passage in pathway.steps[1].passages:
        assert escape(" ".join(passage.text.split())) in ex.shown_text
    assert "Indiana Center for Recovery" in ex.shown_text
    assert "<blockquote>" in ex.shown_text


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


def test_hiding_a_branch_is_a_state_of_the_diagram_not_a_redraw(ex, pathway):
    ex.branches = ("gaba",)
    assert ex.branches == ("gaba",) and ex.stepper.branches == ["gaba"]
    assert ex.diagram.svg == diagram_svg(pathway)  # the browser hides the branch (jsdlink above)
    assert ex.visible_steps == [k for k, s in enumerate(pathway.steps) if s.branch != "inflammation"]
    with pytest.raises(TraitError, match="unknown branches"):
        ex.branches = ("nope",)


def test_one_diagram_whose_step_follows_the_state(ex, pathway):
    assert isinstance(ex.diagram, Diagram)
    assert not any(isinstance(x, w.Image) for x in _walk(ex))  # no picture per step
    ex.step = 4
    assert ex.diagram.svg == diagram_svg(pathway)  # drawn once, for all steps


def test_selecting_in_the_diagram_shows_its_text_and_keeps_the_step(ex, pathway):
    ex.step = 0
    ex.node_panels.index = ex.diagram.items.index("node:bdnf")  # what a click on a box of a later step sets
    assert ex.step == 0
    assert escape("neurons’ growth, survival, and maintenance") in ex.shown_node_text
    assert ex.node_picker.options[ex.node_panels.index][0] == "BDNF (up-regulated)"
    ex.node_panels.index = ex.diagram.items.index("edge:ketamine->nmda")
    assert "Ketamine inhibits NMDA receptor (blocked)" in ex.shown_node_text
    assert "NMDA receptor antagonist" in ex.shown_node_text


def test_each_step_lists_its_links_in_words(ex, pathway):
    ex.step = pathway.step_index("ampa")
    assert "may stimulate AMPA receptor (enhanced) (the article hedges)" in ex.shown_text


def test_node_picker_shows_what_the_article_says(ex):
    names = [label for label, _ in ex.node_picker.options]
    ex.node_panels.index = names.index("BDNF (up-regulated)")  # the picker's index, through its jslink
    assert escape("neurons’ growth, survival, and maintenance") in ex.shown_node_text
    assert "brain-derived neurotrophic factor" in ex.shown_node_text
    ex.node_panels.index = names.index("Ketamine")
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


def test_the_presenters_screen_pages_its_text_and_the_clicker_takes_space(pathway, ssri):
    """The presenter's screen: the header, the stepper, the diagram and the paged step text, in
    one box; the text goes under a wide diagram (the research view's, 2.8:1 or wider), beside
    ketamine's and the SSRI's (no longer wide since its side boxes sit between its rows)."""
    research = load_pathway("ketamine-research")
    for p, layout in (
        (pathway, "explainer-side-by-side"),
        (ssri, "explainer-side-by-side"),
        (research, "explainer-wide-diagram"),
    ):
        ex = Explorer(p, view="presenter")
        screen = ex.children[0]
        assert screen._dom_classes == ("explainer-screen", layout)
        assert screen.children[1:] == (ex.stepper, ex.diagram, ex.panels)
        assert ex.panels.paged and ex.stepper.clicker
        assert f".explainer-pathway-{p.id} {{ --exp-aspect: " in screen.children[0].value
    student = Explorer(pathway)
    assert not student.panels.paged and not student.stepper.clicker and not student.node_panels.paged


@pytest.fixture(scope="module")
def panels_js():
    node = StepperRules("panels.js")
    yield node
    node.close()


def _lines(heights: list[int], gap: int) -> list[list[int]]:
    lines, top = [], 0
    for h in heights:
        lines.append([top, top + h])
        top += h + gap
    return lines


def _pages_show_every_line(lines, starts, height, head) -> list[tuple]:
    """The lines no page shows whole: page i shows from its start (under the heading after the
    first) to its box's end or, cut there, the next page's first line."""
    shown = []
    for i, s in enumerate(starts):
        top = s + (head if i else 0)
        bottom = min(s + height, starts[i + 1] + head) if i + 1 < len(starts) else s + height
        shown.append((top, bottom))
    return [line for line in lines if not any(t - 0.5 <= line[0] and line[1] <= b + 0.5 for t, b in shown)]


def test_page_starts_short_and_long_texts(panels_js):
    lines = _lines([30] * 10, 5)  # 10 lines, the last ending at 345
    assert panels_js.call("pageStarts", lines, 345, 400, 20) == [0]
    starts = panels_js.call("pageStarts", lines, 345, 100, 20)
    assert starts == [0, 85, 155, 225, 295]  # each page starts at a line, under its 20-px heading
    assert _pages_show_every_line(lines, starts, 100, 20) == []
    assert panels_js.call("pageAt", starts, 0) == 0 and panels_js.call("pageAt", starts, 160) == 2
    tall = [[0, 30], [35, 335], [340, 370]]  # a line taller than the box: cut, and still ends
    assert panels_js.call("pageStarts", tall, 370, 100, 20)[-1] + 100 >= 370


@given(
    heights=st.lists(st.integers(12, 60), min_size=1, max_size=60),
    gap=st.integers(0, 30),
    height=st.integers(80, 900),
    head=st.integers(0, 40),
)
@settings(max_examples=60)
def test_every_line_of_a_passage_is_shown_whole_on_a_page(panels_js, heights, gap, height, head):
    assume(max(heights) <= height - head)  # a line too tall for a page is cut (the test above)
    lines = _lines(heights, gap)
    end = lines[-1][1]
    starts = panels_js.call("pageStarts", lines, end, height, head)
    assert starts[0] == 0 and starts == sorted(set(starts))
    assert starts[-1] + height >= end - 0.5  # the last page reaches the passage's end
    assert _pages_show_every_line(lines, starts, height, head) == []
    assert len(starts) <= len(lines)  # never a page with no line of its own


def test_every_control_is_labelled(ex):
    assert ex.node_picker.description and ex.node_picker.tooltip
    assert ex.stepper.description and ex.stepper.tooltip
    n = len(ex.pathway.steps)
    assert ex.stepper.titles[1] == f"Step 2 of {n}: {ex.pathway.steps[1].title}"  # what aria-live announces
    assert [b for b, _ in ex.stepper.branch_names] == ["gaba", "inflammation"]
    assert all(name for _, name in ex.stepper.branch_names)


def test_static_is_deprecated_the_one_explorer_serves_every_page(pathway):
    """The diagram hides a branch itself (one SVG, no kernel): the explorer a page saves is the
    live one, with a toggle per side branch; ``static=`` says it does nothing."""
    with pytest.warns(FutureWarning, match=r"static=\.\.\.\) does nothing.*drop the argument"):
        ex = Explorer(pathway, static=True)
    assert [b for b, _ in ex.stepper.branch_names] == list(pathway.branches) and ex.stepper in list(_walk(ex))
    assert ex.get_state()["_dom_classes"] == Explorer(pathway).get_state()["_dom_classes"]


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
    assert {first.diagram, first.panels, first.stepper} <= set(_walk(first))


def test_close_takes_every_model_the_explorer_made_out_of_the_kernel(pathway):
    before = set(_instances)
    ex = Explorer(pathway)
    made = set(_instances) - before
    assert ex.model_id in made and ex.stepper.model_id in made and len(made) > 20
    ex.close()
    assert not made & set(_instances)
