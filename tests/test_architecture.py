"""The package's shape: folders are the layers of docs/architecture.md, imports flow one way
(lazy ones included) and point up the layers, modules stay readable."""

import ast
import re
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "explainer"
MAX_LINES = 400

# The subpackages, top to bottom as docs/architecture.md draws them ("" is the package root:
# the entry points). A module imports only from its own layer and those above it.
LAYERS = [
    {"loading"},
    {"words"},
    {"model"},
    {"rendering"},
    {"widgets"},
    {"outputs"},
    {"authoring", "classroom"},
    {""},
]
ROOT_MODULES = {"__init__", "__main__", "cli", "progress", "notebook_errors"}  # the entry points
UPWARDS = {  # the two exceptions the document names
    ("loading.pathway", "model.fit"),
    ("rendering.frame_cache", "outputs.files"),
}


def module_name(path: Path) -> str:
    """``loading.pathway`` for explainer/loading/pathway.py; ``loading`` for its ``__init__``;
    ``cli`` and ``__init__`` at the root."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if len(parts) == 2 and parts[1] == "__init__":
        return parts[0]
    return ".".join(parts)


MODULES = {module_name(p) for p in PACKAGE.rglob("*.py")}


def _resolve(dotted: list[str]) -> str:
    """The package module a dotted name after ``explainer`` refers to (a module, else its package)."""
    for k in range(len(dotted), 0, -1):
        if ".".join(dotted[:k]) in MODULES:
            return ".".join(dotted[:k])
    return "__init__"


def imports_of(path: Path) -> set[str]:
    """The package modules ``path`` imports anywhere in it: at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "explainer":
                    found.add(_resolve(parts[1:]))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] == "explainer":  # from explainer.a import b: module a.b, or a name of a
                found |= {_resolve([*parts[1:], a.name]) for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: a relative import; the package imports by full name")
    return found - ({module_name(path)} if path.is_relative_to(PACKAGE) else set())


def import_graph() -> nx.DiGraph:
    g = nx.DiGraph()
    for path in PACKAGE.rglob("*.py"):
        g.add_node(module_name(path))
        g.add_edges_from((module_name(path), m) for m in imports_of(path))
    return g


def layer_of(module: str) -> int:
    folder = module.split(".")[0] if "." in module or module not in ROOT_MODULES else ""
    found = [k for k, layer in enumerate(LAYERS) if folder in layer]
    assert found, f"explainer/{folder} is in no layer: add it to LAYERS and to docs/architecture.md"
    return found[0]


def test_imports_have_no_cycle_lazy_ones_included():
    g = import_graph()
    cycles = list(nx.simple_cycles(g))
    assert not cycles, f"import cycles: {sorted(cycles, key=len)[:5]}"


def test_no_module_imports_the_package_root():
    """The root re-exports; a module that imports from it closes a loop through the loader."""
    g = import_graph()
    assert [m for m in g.predecessors("__init__") if m != "__main__"] == []


def test_the_check_sees_lazy_and_from_imports(tmp_path):
    module = tmp_path / "frames.py"  # outside the package
    module.write_text(
        "def f():\n    from explainer.outputs.figures import write_figures\n    import explainer.cli\n"
        "    from explainer.words import wording as wd\n    from explainer import load_pathway\n"
    )
    assert imports_of(module) == {"outputs.figures", "cli", "words.wording", "__init__"}


def test_every_module_is_in_a_layer_folder():
    """Only the entry points sit at the root; every folder is a layer; folders hold no folders."""
    assert {m for m in MODULES if "." not in m and (PACKAGE / f"{m}.py").is_file()} == ROOT_MODULES
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name not in {"__pycache__", "_assets"}}
    assert folders == set().union(*LAYERS) - {""}
    assert not [p for p in PACKAGE.glob("*/*/*.py")]


def test_a_folder_imports_nothing_when_it_is_imported():
    """A subpackage's ``__init__`` is its docstring: importing one module loads none of its siblings."""
    for folder in set().union(*LAYERS) - {""}:
        tree = ast.parse((PACKAGE / folder / "__init__.py").read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), folder
        assert len(tree.body) == 1, f"explainer/{folder}/__init__.py holds more than its docstring"


def test_modules_stay_short_enough_to_read_in_one_sitting():
    long = {str(p): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert not long, long


def test_imports_point_up_the_layers():
    g = import_graph()
    wrong = {(a, b) for a, b in g.edges if layer_of(a) < layer_of(b)} - UPWARDS
    assert not wrong, f"imports from a lower layer: {sorted(wrong)}"
    assert set(g.edges) >= UPWARDS, "an exception no longer needed: drop it from UPWARDS and the document"


def test_the_layer_check_catches_a_downward_import():
    g = import_graph()
    g.add_edge("loading.schema", "widgets.explorer")
    assert layer_of("loading.schema") < layer_of("widgets.explorer")


def test_the_architecture_document_lists_every_module():
    """docs/architecture.md has a line per module (``folder/module``): a new module is described,
    a removed one dropped."""
    doc = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = doc.split("## The modules", 1)[1]
    rows = re.findall(r"^\| (`[^|]+) \|", table, re.M)
    listed = {name.replace("/", ".") for row in rows for name in re.findall(r"`([\w/]+)`", row)}
    folders = set().union(*LAYERS) - {""}
    assert listed == MODULES - {"__init__", "__main__"} - folders
