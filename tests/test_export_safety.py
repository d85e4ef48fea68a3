"""Exports are atomic, fail with advice, never touch assets/ or notebooks, and the offline
template works for any notebook through the plain nbconvert command line."""

import hashlib
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from explainer.outputs.files import ExportError, write_files
from explainer.outputs.offline import NODE_MODULES
from explainer.outputs.slides import write_slides
from tests.commands import explainer

ROOT = Path(__file__).resolve().parent.parent


def _tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(p for p in folder.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts):
        h.update(str(f.relative_to(folder)).encode() + f.read_bytes())
    return h.hexdigest()


def test_failed_export_keeps_the_previous_file_and_says_how_to_fix(pathway, tmp_path):
    [previous] = write_files(tmp_path, {"ketamine-slides.html": b"the deck from yesterday"})
    with pytest.raises(ExportError, match="npm ci"):
        write_slides(pathway, tmp_path, node_modules=tmp_path / "no_node_modules")
    assert previous.read_bytes() == b"the deck from yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["ketamine-slides.html"]  # no temp file left


@pytest.mark.slow
def test_cli_reports_a_missing_install_without_a_traceback(tmp_path):
    run = explainer("slides", "--out", tmp_path / "out", EXPLAINER_NODE_MODULES=str(tmp_path / "empty"))
    assert run.returncode == 2
    assert "npm ci" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.slow
def test_commands_leave_assets_and_notebooks_untouched(tmp_path):
    before = _tree_hash(ROOT / "assets"), _tree_hash(ROOT / "notebooks")
    for command in ("figures", "slides", "handout", "pptx"):
        run = explainer(command, "--out", tmp_path / command, cwd=tmp_path, timeout=600)
        assert run.returncode == 0, run.stderr
    assert (_tree_hash(ROOT / "assets"), _tree_hash(ROOT / "notebooks")) == before
    assert sorted(p.name for p in (tmp_path / "slides").iterdir()) == [
        "ketamine-explorer.html",
        "ketamine-slides.html",
        "ketamine-slides.ipynb",
    ]
    assert [p.name for p in (tmp_path / "pptx").iterdir()] == ["ketamine.pptx"]


@pytest.mark.slow
def test_offline_template_converts_any_notebook_with_nbconvert(tmp_path):
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Any deck", metadata={"slideshow": {"slide_type": "slide"}}),
            nbformat.v4.new_markdown_cell("A second slide", metadata={"slideshow": {"slide_type": "slide"}}),
        ]
    )
    source = tmp_path / "any.ipynb"
    nbformat.write(nb, source)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "slides",
            "--template",
            "offline_reveal",
            f"--TemplateExporter.extra_template_basedirs={ROOT / 'assets' / 'templates'}",
            f"--TemplateExporter.extra_template_paths={NODE_MODULES}",
            "--no-input",
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    html = (tmp_path / "any.slides.html").read_text(encoding="utf-8")
    assert "Any deck" in html and "Reveal.initialize" in html
    assert "<script src=" not in html and '<link rel="stylesheet"' not in html
