"""Content containing HTML, script or template syntax is shown as literal text everywhere.

The hostile pathway and its article are written by the test (passages must be verbatim, so the
article carries the hostile sentences too); the loader reads the article next to the file.
"""

import pytest
import yaml

from explainer.loading.pathway import load_pathway
from explainer.outputs.page import write_explorer_page
from explainer.outputs.slides import write_slides
from explainer.rendering.frames import figure_bytes, make_frame
from explainer.widgets.explorer import Explorer

SCRIPT = "<script>window.__pwned = 'script'</script>"
IMG = "<img src=x onerror=\"window.__pwned = 'img'\">"
TEXTAREA = "</textarea><b>bold?</b>"
JINJA = "{{ 7 * 7 }} {% raw %}"
DOLLAR = "costs $5 and $\\frac{1}{0"
COMMENT = "<!-- opens a comment, <script> a script, ]]> ends CDATA"  # `<\!--` in JSON blanked the page
HOSTILE = [SCRIPT, IMG, TEXTAREA, JINJA, DOLLAR, COMMENT]
SENTENCES = [f"Passage {i} says {h} and nothing else." for i, h in enumerate(HOSTILE)]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile-article.txt").write_text(
        "A hostile article\n\nSection <one>\n\n" + "\n\n".join(SENTENCES) + "\n", encoding="utf-8"
    )
    data = {
        "id": "hostile",
        "title": f"Title {SCRIPT}",
        "source": {"file": "hostile-article.txt", "title": f"Article {IMG}", "publisher": JINJA},
        "nodes": [
            {"id": "a", "label": f"A {SCRIPT}", "kind": "drug", "lane": "main"},
            {"id": "b", "label": f"B {DOLLAR}", "kind": "receptor", "lane": "main"},
            {"id": "c", "label": f"C {TEXTAREA} {COMMENT}", "kind": "outcome", "lane": "main"},
        ],
        "edges": [
            {"source": "a", "target": "b", "influence": "negative", "evidence": SENTENCES[0]},
            {"source": "b", "target": "c", "influence": "positive", "hedged": True, "evidence": SENTENCES[1]},
        ],
        "steps": [
            {
                "id": f"s{i}",
                "title": f"Step {h}",
                "nodes": ["a", "b"] if i % 2 else ["c"],
                "edges": [["a", "b"]],
                "passages": [{"section": "Section <one>", "text": SENTENCES[i]}],
                "question": f"Question {h}?",
                "answer": SENTENCES[i],
                "prompt": f"Prompt {h}",
            }
            for i, h in enumerate(HOSTILE)
        ],
    }
    path = folder / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_pathway(path)


def test_the_hostile_file_is_valid(hostile):
    assert hostile.steps[0].title == f"Step {SCRIPT}"


def test_widgets_escape_everything(hostile):
    ex = Explorer(hostile, view="student")
    for k in range(len(hostile.steps)):
        ex.step = k
        for h in (SCRIPT, IMG, TEXTAREA):
            assert h not in ex.shown_text, h
    ex.step = 0
    assert "Step &lt;script&gt;window.__pwned" in ex.shown_text
    assert "<script>" not in ex.shown_node_text
    # Dropdown labels are plain text: the widget renderer sets them with textContent (checked in a
    # browser below, where no script runs).


def test_figures_draw_labels_literally(hostile):
    fig = make_frame(hostile, 1)
    lines = [t.get_text() for t in fig.axes[0].texts if t.get_gid().split(":")[:2] == ["label", "b"]]
    assert " ".join(" ".join(lines).split()) == f"B {DOLLAR}"  # a line each: label:b, label:b:1...
    assert figure_bytes(fig)[:4] == b"\x89PNG"  # "$\frac{1}{0" did not break the drawing


@pytest.mark.browser
def test_no_script_runs_in_the_deck_or_the_page(hostile, tmp_path, offline_page):
    for path in (write_slides(hostile, tmp_path)[-1], *write_explorer_page(hostile, tmp_path)):
        page = offline_page.page
        page.goto(path.as_uri())
        if "slides" in path.name:
            page.wait_for_function("window.Reveal && Reveal.isReady()")
        else:
            page.wait_for_selector(".explainer-steps button", timeout=30_000)
        page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned") is None, path.name
        text = page.evaluate("document.body.innerText")
        assert "window.__pwned = 'script'" in text  # shown as text, not run
        assert "{{ 7 * 7 }}" in text and "49" not in text
        assert "<!-- opens a comment" in page.evaluate("document.body.textContent")
        assert page.evaluate("document.querySelectorAll('img[src=x], textarea').length") == 0
        executable = "Array.from(document.scripts).filter(s => !s.type || s.type.includes('javascript'))"
        assert not page.evaluate(f"{executable}.some(s => s.text.includes('__pwned'))")
    assert offline_page.errors == []
