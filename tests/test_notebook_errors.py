"""A teacher's typo in the pathway shows as its one-line message in a notebook, in a kernel as
JupyterLab runs it and in Voilà as students see it: no traceback, no cascade (issue 25, case 6)."""

import json
import re
import urllib.request
from pathlib import Path

import nbclient
import nbformat
import pytest

from explainer.notebook_errors import HEADING
from tests.servers import READY, ROOT, _server, free_port, voila_command, voila_env

BAD = ROOT / "tests" / "bad_pathways" / "tab-in-label.yaml"  # any refused file will do
NOTEBOOKS = [ROOT / "notebooks" / "ketamine_pathway.ipynb", ROOT / "notebooks" / "present.ipynb"]


def _typo(folder: Path) -> Path:
    """The small example with ``hedge:`` for ``hedged:``, written to ``folder/typo.yaml``."""
    text = BAD.read_text(encoding="utf-8").replace("\\t", " ").replace("    hedged: true", "    hedge: true")
    path = folder / "typo.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _notebook(folder: Path) -> Path:
    """A notebook shaped like the project's: load, then cells that use what was loaded."""
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# A class"),
            nbformat.v4.new_code_cell(
                "%load_ext explainer.notebook_errors\nfrom explainer import load_pathway\n\n"
                "pathway = load_pathway('typo.yaml')"
            ),
            nbformat.v4.new_code_cell("for k, step in enumerate(pathway.steps):\n    print(k, step.title)"),
            nbformat.v4.new_code_cell(
                "from explainer.widgets.explorer import Explorer\n\nExplorer(pathway, view='presenter')"
            ),
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "class.ipynb"
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    return path


def test_the_projects_notebooks_load_the_extension_first():
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        first = next(c for c in nb["cells"] if c["cell_type"] == "code")
        assert "".join(first["source"]).startswith("%load_ext explainer.notebook_errors"), path.name


@pytest.mark.slow  # a kernel
def test_in_a_kernel_the_message_alone_and_the_rest_runs_quietly(tmp_path):
    _typo(tmp_path)
    nb = nbformat.read(_notebook(tmp_path), as_version=4)
    client = nbclient.NotebookClient(nb, resources={"metadata": {"path": str(tmp_path)}}, timeout=120)
    client.execute()  # allow_errors=False: any cell that failed would raise here
    load, loop, explorer = (c for c in nb.cells if c.cell_type == "code")
    (out,) = load.outputs
    text = out["data"]["text/plain"]
    assert text.startswith(HEADING)
    assert "typo.yaml:46: edges[3].hedge: unknown field 'hedge'; did you mean 'hedged'?" in text
    assert str(tmp_path) not in text and "Traceback" not in text
    assert loop.outputs == [] and explorer.outputs == []


@pytest.mark.slow  # a kernel
def test_other_errors_still_show_their_traceback(tmp_path):
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("%load_ext explainer.notebook_errors\nnot_defined_anywhere")]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    client = nbclient.NotebookClient(nb, resources={"metadata": {"path": str(tmp_path)}}, timeout=120)
    with pytest.raises(nbclient.exceptions.CellExecutionError, match="NameError"):
        client.execute()


@pytest.mark.slow
def test_voila_shows_students_the_message_not_a_generic_error(tmp_path):
    _typo(tmp_path)
    notebook = _notebook(tmp_path)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    cmd = [a for a in voila_command(notebook, port) if a != "--show_tracebacks=True"]  # as students get it
    with _server(cmd, url + READY, ROOT, env=voila_env()), urllib.request.urlopen(url, timeout=120) as page:
        html = page.read().decode("utf-8")
    outputs = [
        json.loads(m)
        for m in re.findall(
            r'<script type="application/vnd.voila.cell-output\+json">(.*?)</script>', html, re.S
        )
    ]
    assert [o["output_type"] for o in outputs] == ["display_data"]  # the message; no error, no cascade
    assert "explainer-content-error" in outputs[0]["data"]["text/html"]
    assert "did you mean 'hedged'?" in outputs[0]["data"]["text/plain"]
    assert "There was an error when executing cell" not in html and "Traceback" not in html
    assert str(tmp_path) not in html
