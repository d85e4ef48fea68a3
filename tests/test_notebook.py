"""The notebook stays thin and stored with clean outputs (nbval runs it: see the Makefile)."""

import json
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "ketamine_pathway.ipynb"


def _cells():
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def test_code_cells_are_a_few_lines_and_define_nothing():
    code = [c for c in _cells() if c["cell_type"] == "code"]
    assert code
    for c in code:
        source = "".join(c["source"])
        assert len(source.strip().splitlines()) <= 6, source
        assert "def " not in source and "class " not in source


def test_stored_with_outputs_and_no_stray_figures():
    code = [c for c in _cells() if c["cell_type"] == "code"]
    assert all(c["outputs"] for c in code), "run `make notebook` to store outputs"
    for c in code:
        for out in c["outputs"]:
            data = out.get("data", {})
            assert "image/png" not in data
            assert "<Figure" not in "".join(data.get("text/plain", ""))
            assert out.get("output_type") != "error"


def test_deterministic_cells_are_checked_by_nbval():
    checked = [c for c in _cells() if "NBVAL_CHECK_OUTPUT" in "".join(c["source"])]
    assert len(checked) >= 2


def test_says_education_not_medical_advice_and_attributes():
    text = json.dumps(_cells())
    assert "not medical advice" in text and "Indiana Center for Recovery" in text
