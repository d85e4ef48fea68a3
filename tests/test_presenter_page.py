"""The presenter page on a 1920x1080 projector, and the student view at 1280x800, in Voilà.

Layout is asserted with element bounding boxes: what a teacher needs on every step fits on one
screen with no scrolling, and the diagram's labels are at least 24 px (12 px for students).
"""

from pathlib import Path

import nbformat
import pytest

from tests.conftest import axe_violations, screenshot
from tests.servers import voila

pytestmark = pytest.mark.browser

PRESENT = Path(__file__).resolve().parent.parent / "notebooks" / "present.ipynb"
LABEL_PX = """sel => { const svg = document.querySelector(sel + ' svg.explainer-diagram');
  const r = svg.getBoundingClientRect(), vb = svg.viewBox.baseVal;
  const scale = Math.min(r.width / vb.width, r.height / vb.height);
  return Math.min(...Array.from(svg.querySelectorAll('text.exd-label'))
    .map(t => parseFloat(getComputedStyle(t).fontSize) * scale)); }"""
BOX = """sel => { const e = Array.from(document.querySelectorAll(sel)).find(e => e.offsetParent !== null);
  if (!e) return null; const r = e.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }"""


@pytest.fixture(scope="module")
def presenter_url(tmp_path_factory):
    notebook = PRESENT
    if not notebook.is_file():  # until `make present`'s notebook exists: the same one cell
        notebook = tmp_path_factory.mktemp("present") / "present.ipynb"
        nb = nbformat.v4.new_notebook()
        nb.cells = [
            nbformat.v4.new_code_cell(
                "from explainer import load_pathway\nfrom explainer.widgets import Explorer\n\n"
                'Explorer(load_pathway(), view="presenter")'
            )
        ]
        nbformat.write(nb, notebook)
    with voila(notebook) as url:
        yield url


@pytest.fixture
def presenter(browser, presenter_url):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(presenter_url, timeout=120_000)
    page.wait_for_selector(".explainer-presenter .explainer-player .exp-play", timeout=120_000)
    page.wait_for_selector(".explainer-presenter svg.explainer-diagram .exd-item", timeout=120_000)
    yield page
    assert errors == []
    context.close()


def _box(page, sel: str) -> dict:
    box = page.evaluate(BOX, f".explainer-presenter {sel}")
    assert box is not None, sel
    return box


def _fits(page, pathway, k: int) -> None:
    """Controls, diagram, title and first passage of step ``k`` all inside the 1920x1080 screen."""
    assert page.evaluate("() => window.scrollY") == 0
    page.wait_for_function(
        "t => Array.from(document.querySelectorAll('.explainer-presenter .explainer-title'))"
        ".some(e => e.offsetParent !== null && e.innerText.includes(t))",
        arg=pathway.steps[k].title,
    )
    for sel in (
        ".explainer-player .exp-play",
        ".widget-toggle-buttons",
        "svg.explainer-diagram",
        ".explainer-title",
        ".explainer-quote, .explainer-summary",
    ):
        box = _box(page, sel)
        assert box["top"] >= 0 and box["bottom"] <= 1080 and box["left"] >= 0 and box["right"] <= 1920, (
            sel,
            box,
        )
    assert page.evaluate(LABEL_PX, ".explainer-presenter") >= 24


def test_presenter_fits_1920x1080_at_every_step_with_clicker_keys(presenter, pathway):
    page = presenter
    _fits(page, pathway, 0)
    screenshot(page, "presenter-1920x1080-step-01")
    page.locator(".explainer-presenter .explainer-player .exp-play").focus()
    for k in range(1, len(pathway.steps)):
        page.keyboard.press("PageDown" if k % 2 else "ArrowRight")  # a clicker's keys
        _fits(page, pathway, k)
        assert page.evaluate("() => document.activeElement !== document.body")
    screenshot(page, f"presenter-1920x1080-step-{len(pathway.steps):02d}")
    page.keyboard.press("PageUp")
    _fits(page, pathway, len(pathway.steps) - 2)
    assert axe_violations(page, ".explainer-presenter") == []


def test_fullscreen_control_is_named_and_pressable(presenter):
    full = presenter.locator(".explainer-presenter .exp-fullscreen")
    assert full.inner_text() == "Full screen" and full.get_attribute("aria-pressed") == "false"
    full.focus()
    presenter.keyboard.press("Enter")
    presenter.wait_for_function("() => document.fullscreenElement !== null")
    assert presenter.evaluate("() => document.fullscreenElement.classList.contains('explainer-presenter')")
    presenter.wait_for_function("e => e.getAttribute('aria-pressed') === 'true'", arg=full.element_handle())
    presenter.keyboard.press("Enter")
    presenter.wait_for_function("() => document.fullscreenElement === null")
