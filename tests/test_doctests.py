"""Every example in the package's docstrings runs and prints what it says (the examples are
documentation a reader copies; one that fails misleads)."""

import doctest
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "explainer"
MODULES = sorted(
    ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts)
    for p in PACKAGE.rglob("*.py")
    if p.name != "__main__.py"
)


def test_the_package_has_examples():
    """The list is read from the tree: a move that lost it would pass every case below vacuously."""
    finder = doctest.DocTestFinder()
    examples = sum(
        len(t.examples) for name in MODULES for t in finder.find(importlib.import_module(name)) if t.examples
    )
    assert len(MODULES) > 50 and examples > 40, (len(MODULES), examples)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(module, optionflags=flags, verbose=False)
    where = name.replace(".", "/") + ".py"
    assert result.failed == 0, f"{result.failed} of {result.attempted} failed: --doctest-modules {where}"
