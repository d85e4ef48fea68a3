"""The package's face, in the field's style: ``import explainer`` is light, then
``explainer.load_pathway(name or path)``, ``explainer.Explorer(p)``, ``explainer.draw(p, step, ax)``
and a pathway that shows its diagram as a cell's last value."""

import json
import subprocess
import sys

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure

import explainer
from explainer.loading.assets import PATHWAYS
from explainer.widgets.explorer import Explorer

HEAVY = ("matplotlib", "pygraphviz", "ipywidgets", "anywidget", "pydantic", "explainer.loading.pathway")


@pytest.mark.slow
def test_import_explainer_loads_nothing_heavy_until_used():
    """In a new process: the import itself brings in none of the drawing, layout or widget code."""
    code = (
        "import json, sys, explainer\n"
        f"before = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "explainer.load_pathway\n"
        f"after = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print(json.dumps([before, after]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=120
    )
    before, after = json.loads(out.stdout)
    assert before == []
    assert "explainer.loading.pathway" in after  # a name is imported when it is first used


def test_a_shipped_pathway_loads_by_name_or_by_path(pathway):
    assert explainer.load_pathway("ketamine") == pathway
    research = explainer.load_pathway("ketamine-research")
    assert research.id == "ketamine_research"
    assert explainer.load_pathway(PATHWAYS / "ketamine-research.yaml") == research
    assert set(explainer.shipped_pathways()) == {"ketamine", "ketamine-research"}  # not references.yaml


def test_an_unknown_name_says_which_names_there_are():
    with pytest.raises(explainer.PathwayError, match=r"nope: no such file.*: ketamine-research, ketamine"):
        explainer.load_pathway("nope")
    # a shipped file that is not a pathway is no pathway's name either
    names = r"references: no such file.*: ketamine-research, ketamine"
    with pytest.raises(explainer.PathwayError, match=names):
        explainer.load_pathway("references")


def test_a_file_here_wins_over_a_shipped_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ketamine").write_text("- not a pathway\n", encoding="utf-8")
    with pytest.raises(explainer.PathwayError, match="expected a mapping"):
        explainer.load_pathway("ketamine")


def test_the_explorer_is_one_call_away(pathway):
    assert explainer.Explorer is Explorer
    ex = explainer.Explorer(pathway)
    assert ex.step == 0
    ex.close()


SHOWN = """
import json
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()  # what a notebook's kernel has before the first cell runs
import explainer
p = explainer.load_pathway()
data, _ = shell.display_formatter.format(p)
print(json.dumps({"data": data, "never": list(p.never_show)}))
"""


@pytest.mark.slow
def test_a_pathway_shows_its_diagram_as_a_cells_last_value():
    """In an IPython shell (a new process), the formats a notebook stores for ``p`` ending a cell."""
    out = subprocess.run(
        [sys.executable, "-c", SHOWN], check=True, capture_output=True, text=True, timeout=300
    )
    found = json.loads(out.stdout)
    svg, text = found["data"]["image/svg+xml"], found["data"]["text/plain"]
    assert svg.startswith("<svg") and 'role="img"' in svg and 'data-id="node:ketamine"' in svg
    assert text == "<Pathway 'ketamine': 'Ketamine as a rapid-acting antidepressant', 10 boxes, 7 steps>"
    for never in found["never"]:  # the article's promotion reaches no output, text or picture
        assert never[:40] not in text and never[:40] not in svg


def test_draw_returns_the_artists_on_the_axes_given(pathway):
    ax = Figure(figsize=(16, 9)).add_subplot()
    artists = explainer.draw(pathway, step=0, ax=ax)
    assert {f"node:{n}" for n in pathway.steps[0].nodes} <= set(artists)
    assert all(a.axes is ax for a in artists.values())
    assert artists["node:ketamine"].get_linewidth() > artists["node:bdnf"].get_linewidth()  # step 1's box
    hidden = explainer.draw(pathway, step=None, ax=Figure(figsize=(16, 9)).add_subplot(), branches=())
    assert "node:gaba" not in hidden and "node:ketamine" in hidden


def test_draw_without_axes_uses_pyplots_current_ones_as_networkx_does(pathway):
    plt.figure(figsize=(16, 9))
    artists = explainer.draw(pathway, step=2)
    assert artists["node:bdnf"].axes is plt.gca()


def test_explainer_draw_stays_the_function_when_the_drawing_module_is_imported():
    import explainer.rendering.draw  # noqa: F401  (the drawing code: a module of explainer.rendering)
    from explainer.rendering.draw import draw_step

    assert callable(explainer.draw) and explainer.draw.__module__ == "explainer"
    assert draw_step.__module__ == "explainer.rendering.draw"
