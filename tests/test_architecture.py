"""The package's shape: imports flow one way (lazy ones included), modules stay readable."""

import ast
import re
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "explainer"
MODULES = {p.stem for p in PACKAGE.glob("*.py")}
MAX_LINES = 400


def imports_of(path: Path) -> set[str]:
    """The package modules ``path`` imports anywhere in it: at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "explainer":
                    found.add(parts[1] if len(parts) > 1 else "__init__")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] != "explainer":
                continue
            if len(parts) > 1:
                found.add(parts[1])
            else:  # from explainer import x: a submodule, or a name from the package root
                found |= {a.name if a.name in MODULES else "__init__" for a in node.names}
    return found - {path.stem}


def import_graph() -> nx.DiGraph:
    g = nx.DiGraph()
    for path in PACKAGE.glob("*.py"):
        g.add_node(path.stem)
        g.add_edges_from((path.stem, m) for m in imports_of(path))
    return g


def test_imports_have_no_cycle_lazy_ones_included():
    g = import_graph()
    cycles = list(nx.simple_cycles(g))
    assert not cycles, f"import cycles: {sorted(cycles, key=len)[:5]}"


def test_no_module_imports_the_package_root():
    """The root re-exports; a module that imports from it closes a loop through the loader."""
    g = import_graph()
    assert [m for m in g.predecessors("__init__") if m != "__main__"] == []


def test_the_check_sees_a_lazy_import(tmp_path):
    module = tmp_path / "frames.py"
    module.write_text("def f():\n    from explainer.figures import write_files\n    import explainer.cli\n")
    assert imports_of(module) == {"figures", "cli"}


def test_modules_stay_short_enough_to_read_in_one_sitting():
    long = {p.name: n for p in PACKAGE.glob("*.py") if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert not long, long


LAYERS = [  # the sketch in docs/architecture.md, top to bottom
    {
        "inputs",
        "yamlsafe",
        "schema",
        "article",
        "checks",
        "never_show",
        "characters",
        "limits",
        "messages",
        "pathway",
        "assets",
    },
    {
        "graph",
        "layout",
        "fit",
        "scene",
        "routes",
        "outline",
        "camera",
        "paint",
        "draw",
        "frames",
        "frame_cache",
        "wording",
        "text",
        "describe",
    },
    {"svg_diagram", "svg_font", "widgets"},  # and every *_widget module
    {
        "outputs",
        "figures",
        "slides",
        "offline",
        "page",
        "handout",
        "pptx_deck",
        "pptx_layout",
        "pptx_view",
        "pptx_shapes",
        "textfit",
        "site",
        "lms",
        "quiz",
        "sbgn",
        "class_store",
        "class_room",
        "class_pages",
        "class_report",
        "starter",
        "preview",
    },
    {
        "cli",
        "kernels",
        "class_access",
        "notebook_errors",
        "progress",
        "class_server",
        "preview_server",
        "__main__",
        "__init__",
    },
]
UPWARDS = {("pathway", "fit"), ("frame_cache", "outputs")}  # the two exceptions the document names


def layer_of(module: str) -> int:
    if module.endswith("_widget"):
        return 2
    found = [k for k, layer in enumerate(LAYERS) if module in layer]
    assert found, f"explainer/{module}.py is in no layer: add it to LAYERS and to docs/architecture.md"
    return found[0]


def test_imports_point_up_the_layers():
    g = import_graph()
    wrong = {(a, b) for a, b in g.edges if layer_of(a) < layer_of(b)} - UPWARDS
    assert not wrong, f"imports from a lower layer: {sorted(wrong)}"
    assert set(g.edges) >= UPWARDS, "an exception no longer needed: drop it from UPWARDS and the document"


def test_the_architecture_document_lists_every_module():
    """docs/architecture.md has a line per module: a new module is described, a removed one dropped."""
    doc = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = doc.split("## The modules", 1)[1]
    rows = re.findall(r"^\| (`[^|]+) \|", table, re.M)
    listed = {name for row in rows for name in re.findall(r"`(\w+)`", row)}
    assert listed == MODULES - {"__init__", "__main__"}
