"""The presenter page on a 1920x1080 projector, and the student view at 1280x800, in Voilà.

Layout is asserted with element bounding boxes: what a teacher needs on every step fits on one
screen with no scrolling, and the diagram's labels are at least 24 px (12 px for students).
"""

from pathlib import Path

import nbformat
import pytest

from explainer import load_pathway
from tests.conftest import SSRI, axe_violations, screenshot, smallest_label_px
from tests.servers import voila
from tests.synthetic import synthetic_pathway

pytestmark = pytest.mark.browser

PRESENT = Path(__file__).resolve().parent.parent / "notebooks" / "present.ipynb"
# The largest the smallest label can be with the whole diagram as wide as the screen allows.
BEST_LABEL_PX = """sel => { const svg = document.querySelector(sel + ' svg.explainer-diagram');
  const perLabel = parseFloat(getComputedStyle(svg).getPropertyValue('--exd-label-width'));
  return svg.parentElement.clientWidth / perLabel; }"""
# The first line of the step's first passage, and the box the step's text scrolls in.
FIRST_LINE = """sel => { const q = Array.from(document.querySelectorAll(sel + ' .explainer-quote blockquote'))
    .find(e => e.offsetParent !== null);
  const range = document.createRange(); range.selectNodeContents(q);
  const line = range.getClientRects()[0], reading = q.closest('.explainer-reading').getBoundingClientRect();
  return {top: line.top, bottom: line.bottom, readingBottom: reading.bottom,
    quoteBottom: q.getBoundingClientRect().bottom}; }"""
UNSCROLLED = """sel => { for (let e = document.querySelector(sel); e; e = e.parentElement)
    if (e.scrollTop !== 0) return false;
  return window.scrollY === 0; }"""
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
    """Controls, the whole diagram, the title and the first passage's first line of step ``k`` all
    inside the 1920x1080 screen, with nothing scrolled; labels of 24 px where the screen's width allows."""
    page.wait_for_function(
        "t => Array.from(document.querySelectorAll('.explainer-presenter .explainer-title'))"
        ".some(e => e.offsetParent !== null && e.innerText.includes(t))",
        arg=pathway.steps[k].title,
    )
    assert page.evaluate(UNSCROLLED, ".explainer-presenter .explainer-reading")
    for sel in (
        ".explainer-player .exp-play",
        ".explainer-stage",
        ".explainer-steps",
        "svg.explainer-diagram",
        ".explainer-title",
        ".explainer-reading",
    ):
        box = _box(page, sel)
        assert box["top"] >= 0 and box["bottom"] <= 1080 and box["left"] >= 0 and box["right"] <= 1920, (
            sel,
            box,
        )
    line = page.evaluate(FIRST_LINE, ".explainer-presenter")
    assert line["top"] >= 0 and line["bottom"] <= line["readingBottom"], line
    best = page.evaluate(BEST_LABEL_PX, ".explainer-presenter")
    assert smallest_label_px(page, ".explainer-presenter") >= min(24, best - 0.05), best


def test_presenter_fits_1920x1080_at_every_step_with_clicker_keys(presenter, pathway):
    page = presenter
    _fits(page, pathway, 0)
    assert page.evaluate(BEST_LABEL_PX, ".explainer-presenter") >= 24  # ketamine: 24 px labels, no excuse
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


def test_axe_finds_nothing_on_the_whole_presenter_page(presenter):
    """Voilà's page around the explorer too: one main landmark holding the content (issue 22)."""
    assert axe_violations(presenter, "html") == []


def test_clicker_keys_after_a_click_on_the_text(presenter, pathway):
    """A presenter clicks the slide's text (nothing focusable): the clicker still steps."""
    page = presenter
    page.locator(".explainer-presenter .explainer-title").first.click()
    assert page.evaluate("() => document.activeElement === document.body")  # focus is nowhere
    for key, k in (("PageDown", 1), ("ArrowRight", 2), ("PageUp", 1), ("ArrowLeft", 0)):
        page.keyboard.press(key)
        _fits(page, pathway, k)


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


@pytest.fixture(scope="module")
def other_presenters(tmp_path_factory):
    """Voilà serving a folder of presenter pages: the SSRI mechanism, and a generated one whose
    first passage (1,795 characters) is longer than the room under its diagram (428 px high)."""
    folder = tmp_path_factory.mktemp("presenters")
    pathways = {"ssri": load_pathway(SSRI), "long": synthetic_pathway(folder, 16, first_passage_words=360)}
    for name, path in (("ssri", SSRI), ("long", folder / "x16.yaml")):
        nb = nbformat.v4.new_notebook()
        nb.cells = [
            nbformat.v4.new_code_cell(
                "from explainer import load_pathway\nfrom explainer.widgets import Explorer\n\n"
                f'Explorer(load_pathway({str(path)!r}), view="presenter")'
            )
        ]
        nbformat.write(nb, folder / f"{name}.ipynb")
    with voila(folder) as url:
        yield url, pathways


@pytest.mark.parametrize("name", ["ssri", "long"])
def test_other_mechanisms_fit_1920x1080_at_every_step(browser, other_presenters, name):
    url, pathways = other_presenters
    pathway = pathways[name]
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(f"{url}voila/render/{name}.ipynb", timeout=120_000)
    page.wait_for_selector(".explainer-presenter .explainer-player .exp-play", timeout=120_000)
    page.wait_for_selector(".explainer-presenter svg.explainer-diagram .exd-item", timeout=120_000)
    _fits(page, pathway, 0)
    screenshot(page, f"presenter-1920x1080-{name}-step-01")
    reading = page.locator(".explainer-presenter .explainer-reading")
    assert reading.evaluate("e => e.scrollHeight > e.clientHeight")  # the text scrolls in its own box
    if name == "long":  # the passage runs past the screen's end: only its start is on show
        line = page.evaluate(FIRST_LINE, ".explainer-presenter")
        assert line["quoteBottom"] > line["readingBottom"], line
    assert axe_violations(page, ".explainer-presenter") == []  # scrollable-region-focusable among them
    page.locator(".explainer-presenter .explainer-player .exp-play").focus()
    for k in range(1, len(pathway.steps)):
        page.keyboard.press("PageDown")
        _fits(page, pathway, k)
    screenshot(page, f"presenter-1920x1080-{name}-step-{len(pathway.steps):02d}")
    context.close()
