"""One output layer with one naming rule.

Each output's module builds ``<output>_files(...)`` (``{file name: bytes}``, made and checked in
memory) and writes them with ``write_<output>(..., out)`` through ``outputs.write_files``, which
returns the paths in the same order. No other module writes a file.
"""

import ast
import importlib
import re
from pathlib import Path

import pytest

from explainer.outputs.files import write_files

PACKAGE = Path(__file__).resolve().parent.parent / "explainer"
OUTPUTS = {  # output name: its module
    "figures": "figures",
    "slides": "slides",
    "explorer_page": "page",
    "handout": "handout",
    "pptx": "pptx_deck",
    "lms": "lms",
    "quiz": "quiz",
    "sbgn": "sbgn",
    "site": "site",
}
WRITERS = {"write_bytes", "write_text", "os.replace", "os.rename", "mkstemp", "savefig", "save"}


@pytest.mark.parametrize("name", ["ssri", "generated"])
def test_the_deck_built_twice_is_the_same_bytes(name):
    """The deck's notebook and the HTML made from it (whose cells carry their ids): cell ids come
    from the cells' places, not from nbformat's random ones (the presenter's notebook: test_cli)."""
    from explainer.loading.pathway import load_pathway
    from explainer.outputs.slides import slides_files
    from tests.conftest import SSRI
    from tests.generate import generated

    pathway = load_pathway(SSRI) if name == "ssri" else generated(20, 5)
    assert slides_files(pathway) == slides_files(pathway)


@pytest.mark.slow
@pytest.mark.parametrize("output", OUTPUTS)
def test_each_output_has_its_files_and_its_writer(output, small_pathway, tmp_path):
    module = importlib.import_module(f"explainer.outputs.{OUTPUTS[output]}")
    build, write = getattr(module, f"{output}_files"), getattr(module, f"write_{output}")
    if output == "site":
        files, written = build([small_pathway.file]), write([small_pathway.file], tmp_path)
    else:
        files, written = build(small_pathway), write(small_pathway, tmp_path)
    assert files and all(isinstance(data, bytes) and data for data in files.values())
    assert written == [tmp_path / name for name in files]  # the same files, in the same order
    assert all(path.stat().st_size > 0 for path in written)


def _calls(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Attribute):
                owner = f.value.id if isinstance(f.value, ast.Name) else ""
                names |= {f.attr, f"{owner}.{f.attr}"}
            else:
                names.add(getattr(f, "id", ""))
            if getattr(f, "id", "") == "open" and any(
                isinstance(a, ast.Constant) and isinstance(a.value, str) and set(a.value) & set("wax")
                for a in node.args[1:]
            ):
                names.add("open for writing")
    return names


def test_only_the_output_layer_writes_files():
    """Every file is written through ``outputs`` (all or none, signal-safe); the PDF and the figures
    are saved to memory (``savefig`` on a buffer) by modules that ``outputs`` then writes."""
    writers = {
        p.stem: sorted(_calls(p) & (WRITERS | {"open for writing"}))
        for p in PACKAGE.rglob("*.py")  # module names are unique across the folders
        if p != PACKAGE / "outputs" / "files.py"
    }
    in_memory = {  # each to a BytesIO, checked below
        m: ["savefig"] for m in ("frames", "handout")
    } | {"pptx_deck": ["save"]}
    assert {m: w for m, w in writers.items() if w} == in_memory
    for module in in_memory:
        assert re.search(r"\b(BytesIO|StringIO)\(", next(PACKAGE.rglob(f"{module}.py")).read_text("utf-8"))


def test_the_check_sees_a_module_that_writes_a_file(tmp_path):
    rogue = tmp_path / "rogue.py"
    rogue.write_text("import os\nos.replace('a', 'b')\nPath('x').write_bytes(b'')\nopen('y', 'w')\n")
    assert {"write_bytes", "open for writing", "os.replace"} <= _calls(rogue)


def test_write_files_names_every_file_it_wrote(tmp_path):
    paths = write_files(tmp_path, {"b.txt": b"2", "a.txt": b"1"})
    assert paths == [tmp_path / "b.txt", tmp_path / "a.txt"]
    assert [p.read_bytes() for p in paths] == [b"2", b"1"]
