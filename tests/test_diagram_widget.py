"""The diagram widget, driven by setting traits (no browser), and its state in a static page."""

import json
import re

import pytest
from traitlets import TraitError

from explainer.rendering.svg_diagram import diagram_svg
from explainer.widgets.diagram import FRONTEND, Diagram
from explainer.words.describe import panel_items


@pytest.fixture
def diagram(pathway):
    return Diagram(pathway)


def test_selection_by_id_and_by_index_agree(diagram, pathway):
    diagram.selected = "node:bdnf"
    assert diagram.selected_index == panel_items(pathway).index("node:bdnf")
    diagram.selected_index = len(pathway.nodes)  # the first link
    assert diagram.selected == f"edge:{pathway.edges[0].source}->{pathway.edges[0].target}"
    diagram.selected_index = None
    assert diagram.selected == ""


def test_unknown_items_and_steps_are_refused(diagram, pathway):
    with pytest.raises(TraitError, match="no box or link 'node:nope'"):
        diagram.selected = "node:nope"
    with pytest.raises(TraitError, match="selected_index must be in"):
        diagram.selected_index = 999
    with pytest.raises(TraitError, match="step must be in"):
        diagram.step = len(pathway.steps)


def test_branches_are_a_trait_not_a_redraw(diagram, pathway):
    assert diagram.branches == pathway.branches  # all shown
    diagram.step, diagram.selected = 3, "node:bdnf"
    svg = diagram.svg
    diagram.show_branches(("inflammation",))
    assert diagram.branches == ("inflammation",) and diagram.svg == svg == diagram_svg(pathway)
    assert (diagram.step, diagram.selected) == (3, "node:bdnf")
    diagram.branches = ["inflammation", "gaba"]  # as the browser sends it: a list, any order
    assert diagram.branches == ("gaba", "inflammation")
    with pytest.raises(TraitError, match=r"unknown branches \['nope'\]"):
        diagram.branches = ("nope",)
    assert Diagram(pathway, branches=()).branches == ()


def test_branches_sync_to_the_browser(diagram):
    state = diagram.get_state()
    assert state["branches"] == list(diagram.branches) or state["branches"] == diagram.branches
    assert "step" in state and "selected_index" in state


def test_the_front_end_is_one_module_that_never_sets_the_step():
    js = (FRONTEND / "diagram.js").read_text(encoding="utf-8")
    assert "export default { render }" in js
    assert not re.search(r"model\.set\(\s*[\"']step", js)  # the step stays the teacher's


def test_static_page_keeps_the_widget_code(pathway, tmp_path):
    from explainer.outputs.page import explorer_page

    html = explorer_page(pathway)
    state = json.loads(
        re.search(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', html, re.S)
        .group(1)
        .replace("<\\/", "</")
    )
    anywidgets = [m for m in state["state"].values() if m["model_module"] == "anywidget"]
    models = [m for m in anywidgets if "svg" in m["state"]]
    assert len(models) == 1
    assert models[0]["state"]["_esm"].startswith("// The pathway diagram as a widget")
    assert models[0]["state"]["branches"] == list(pathway.branches)  # every branch on show at first
    steppers = [m for m in anywidgets if "step_branches" in m["state"]]  # it runs with no kernel too
    assert len(steppers) == 1 and steppers[0]["state"]["_esm"].startswith("// The stepper (anywidget)")
    assert steppers[0]["state"]["_css"] and steppers[0]["state"]["step"] == 0
    names = steppers[0]["state"]["branch_names"]  # a toggle per side branch, on the page too (no kernel)
    assert [b for b, _ in names] == list(pathway.branches)
    assert steppers[0]["state"]["labels"] == [str(k + 1) for k in range(len(pathway.steps))]
    panels = [m for m in anywidgets if "pages" in m["state"]]  # the step texts and the item texts
    assert len(panels) == 2 and all(
        m["state"]["_esm"].startswith("// One of many HTML panels") for m in panels
    )
    assert models[0]["state"]["svg"].count('role="button"') == len(panel_items(pathway))
    assert html.count('data-id=\\"node:ketamine\\"') == 1  # the SVG lives once; no picture per step
