"""The notebooks stay thin and stored with clean outputs (nbval runs them: see the Makefile)."""

import json
from pathlib import Path

import nbformat
import pytest

from tests.stored_outputs import WIDGET_STATE, WIDGET_VIEW, WidgetViewsWithoutState

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
# Each notebook, with how many of its cells nbval must check: the explorer, and the presenter
# page (one cell, the presenter alone at the top of the page: nbval runs it, nothing to compare).
CHECKED = {"ketamine_pathway.ipynb": 2, "present.ipynb": 0}


@pytest.fixture(params=sorted(CHECKED))
def notebook(request):
    return request.param


def _cells(notebook):
    return json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))["cells"]


def test_every_notebook_is_listed():
    assert {p.name for p in NOTEBOOKS.glob("*.ipynb")} == set(CHECKED)


def test_code_cells_are_a_few_lines_and_define_nothing(notebook):
    code = [c for c in _cells(notebook) if c["cell_type"] == "code"]
    assert code
    for c in code:
        source = "".join(c["source"])
        assert len(source.strip().splitlines()) <= 6, source
        assert "def " not in source and "class " not in source


def test_stored_with_outputs_and_no_stray_figures(notebook):
    code = [c for c in _cells(notebook) if c["cell_type"] == "code"]
    assert all(c["outputs"] for c in code), "run `make notebook` to store outputs"
    for c in code:
        for out in c["outputs"]:
            data = out.get("data", {})
            assert "image/png" not in data
            assert "<Figure" not in "".join(data.get("text/plain", ""))
            assert out.get("output_type") != "error"


@pytest.mark.parametrize("notebook", [n for n, k in sorted(CHECKED.items()) if k])
def test_deterministic_cells_are_checked_by_nbval(notebook):
    """By a cell tag (nbval honours ``nbval-check-output``), not a comment the students read."""
    checked = [c for c in _cells(notebook) if "nbval-check-output" in c["metadata"].get("tags", [])]
    assert len(checked) == CHECKED[notebook]
    assert all(c["cell_type"] == "code" and c["outputs"] for c in checked)


def test_no_test_markup_in_what_students_read(notebook):
    for c in _cells(notebook):
        assert "NBVAL" not in "".join(c["source"]).upper(), "".join(c["source"])


def test_stored_as_make_notebook_stores_it(notebook):
    """No run timestamps and no views of widgets whose state is not stored: a re-run is no diff."""
    for c in _cells(notebook):
        assert "execution" not in c["metadata"], "run `make notebook`: it stores no timestamps"
        for out in c.get("outputs", []):
            assert WIDGET_VIEW not in out.get("data", {}), "run `make notebook`: a view of no stored model"


def test_widget_views_without_state_are_dropped_and_the_input_kept():
    view = {"model_id": "abc", "version_major": 2, "version_minor": 0}
    output = nbformat.v4.new_output(
        "execute_result", data={WIDGET_VIEW: view, "text/plain": "Explorer(...)"}, execution_count=1
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("Explorer(p)", outputs=[output])])
    stored = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("Explorer(p)", outputs=[output])])
    stored.metadata["widgets"] = {WIDGET_STATE: {"state": {"abc": {}}, "version_major": 2}}

    cleaned, _ = WidgetViewsWithoutState().preprocess(nb, {})
    assert cleaned.cells[0].outputs[0].data == {"text/plain": "Explorer(...)"}
    assert nb.cells[0].outputs[0].data[WIDGET_VIEW] == view  # the input is left as it was
    kept, _ = WidgetViewsWithoutState().preprocess(stored, {})
    assert kept.cells[0].outputs[0].data[WIDGET_VIEW] == view  # its model is in the notebook


def test_says_education_not_medical_advice_and_attributes(notebook):
    text = json.dumps(_cells(notebook))
    assert "not medical advice" in text and "Indiana Center for Recovery" in text


def test_unrun_notebook_shows_the_whole_pathway_and_what_to_run():
    """Opened without running (JupyterLab, a code host), a markdown cell carries the picture."""
    import base64

    cells = _cells("ketamine_pathway.ipynb")  # the explorer notebook; the presenter page has no picture
    first_explorer = next(i for i, c in enumerate(cells) if "Explorer(" in "".join(c["source"]))
    pictures = [
        (i, c)
        for i, c in enumerate(cells[:first_explorer])
        if c["cell_type"] == "markdown" and c.get("attachments")
    ]
    assert pictures, "a markdown cell before the first explorer should carry the whole pathway"
    _, cell = pictures[0]
    source = "".join(cell["source"])
    (name, data), *_ = cell["attachments"].items()
    assert f"](attachment:{name})" in source and source.count("![") == 1
    assert base64.b64decode(data["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Run All Cells" in source
    assert len(source.split("![", 1)[1].split("](")[0]) > 80  # alt text that says what is drawn
