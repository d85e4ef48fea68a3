"""The explorer's controls by keyboard and Play, on the static page with the network cut.

The same anywidget front-end runs in Voilà, JupyterLab and Notebook 7 (tests/test_live_explorer.py);
here it runs with no kernel, so what is checked is the browser's side alone.
"""

import pytest

from explainer.page import write_explorer_page
from tests.conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser

SHOWN_TITLE = """() => Array.from(document.querySelectorAll('.explainer-title'))
  .filter(e => e.offsetParent !== null).map(e => e.innerText).join(' | ')"""


@pytest.fixture(scope="module")
def page_file(tmp_path_factory, pathway):
    [page] = write_explorer_page(pathway, tmp_path_factory.mktemp("explorer"))
    return page


@pytest.fixture
def page(page_file, offline_page):
    p = offline_page.page
    p.set_viewport_size({"width": 1280, "height": 800})
    p.goto(page_file.as_uri())
    p.wait_for_selector(".explainer svg.explainer-diagram .exd-item", timeout=30_000)
    p.wait_for_selector(".explainer-player .exp-play", timeout=30_000)
    yield p
    assert offline_page.requests == [] and offline_page.errors == []


def _wait_title(page, title: str, timeout: float = 15_000):
    page.wait_for_function(f"t => ({SHOWN_TITLE})().includes(t)", arg=title, timeout=timeout)


def _focused(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement;
                   return {tag: e.tagName, name: e.getAttribute('aria-label') || e.innerText || '',
                           inExplorer: e.closest('.explainer') !== null}; }"""
    )


def test_play_shows_each_step_a_full_interval_pauses_in_place_and_stops_at_the_end(page, pathway):
    play = page.locator(".explainer-player .exp-play")
    assert play.get_attribute("aria-label") == "Play" and play.inner_text() == "▶ Play"
    page.locator(".explainer-player select").select_option(label="Fast (3 s)")
    play.click()
    assert play.get_attribute("aria-label") == "Pause"
    page.wait_for_timeout(1500)  # half the interval: the first step is still on show
    assert pathway.steps[0].title in page.evaluate(SHOWN_TITLE)
    _wait_title(page, pathway.steps[1].title)
    live = page.locator(".explainer-player .exp-live")
    assert live.inner_text() == f"Step 2 of {len(pathway.steps)}: {pathway.steps[1].title}"
    assert live.get_attribute("aria-live") == "polite"
    play.click()  # Pause: the lesson stays on step 2
    assert play.get_attribute("aria-label") == "Play"
    page.wait_for_timeout(4000)  # longer than an interval: nothing moves
    assert pathway.steps[1].title in page.evaluate(SHOWN_TITLE)
    # From the step before the last, Play shows the last and stops there.
    n = len(pathway.steps)
    page.get_by_role("button", name=str(n - 1), exact=True).click()
    _wait_title(page, pathway.steps[-2].title)
    play.click()
    _wait_title(page, pathway.steps[-1].title)
    page.wait_for_function("() => document.querySelector('.exp-play').getAttribute('aria-label') === 'Play'")
    assert play.get_attribute("aria-disabled") == "true"
    play.click(force=True)  # aria-disabled, still focusable: at the end Play does not start again
    page.wait_for_timeout(3500)
    assert pathway.steps[-1].title in page.evaluate(SHOWN_TITLE)
    assert live.inner_text() == "This is the last step."


def test_keyboard_only_walk(page, pathway):
    n = len(pathway.steps)
    page.keyboard.press("Tab")
    stops = []
    for _ in range(12):  # Tab reaches the step buttons, Play and its speed from the top of the page
        stops.append(_focused(page))
        if stops[-1]["name"] == "Play":
            break
        page.keyboard.press("Tab")
    assert stops[-1]["name"] == "Play", stops
    assert [s["name"] for s in stops if s["name"] in {str(k + 1) for k in range(n)}] == [
        str(k + 1) for k in range(n)
    ]
    pressed = page.evaluate(
        "() => Array.from(document.querySelectorAll('.widget-toggle-buttons button'))"
        ".map(b => b.getAttribute('aria-pressed'))"
    )
    assert pressed == ["true"] + ["false"] * (n - 1)  # the current step is exposed
    page.keyboard.press("ArrowRight")  # what a clicker sends
    _wait_title(page, pathway.steps[1].title)
    page.keyboard.press("PageDown")
    _wait_title(page, pathway.steps[2].title)
    page.keyboard.press("PageUp")
    _wait_title(page, pathway.steps[1].title)
    page.keyboard.press("ArrowLeft")
    _wait_title(page, pathway.steps[0].title)
    page.keyboard.press("Shift+Tab")  # back onto the last step button: Enter chooses it
    assert _focused(page)["name"] == str(n)
    page.keyboard.press("Enter")
    _wait_title(page, pathway.steps[-1].title)
    page.keyboard.press("ArrowRight")  # nothing after the last step; focus stays put
    assert _focused(page)["inExplorer"]
    # The self-check: Tab to its summary, Space opens it, Enter closes it.
    summary = page.locator("details.explainer-disclosure > summary", has_text="Show the answer").nth(n - 1)
    answer = " ".join(pathway.steps[-1].answer.split())[:30]
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("e => document.activeElement === e", summary.element_handle()):
            break
    assert page.evaluate("e => document.activeElement === e", summary.element_handle())
    page.keyboard.press("Space")
    assert summary.evaluate("s => s.parentElement.open")
    assert answer in page.locator(".explainer-answer").nth(n - 1).inner_text()
    page.keyboard.press("Enter")
    assert not summary.evaluate("s => s.parentElement.open")
    assert _focused(page)["tag"] == "SUMMARY"
    ring = summary.evaluate("s => getComputedStyle(s).outlineWidth")
    assert float(ring.rstrip("px")) >= 3


def test_educator_note_and_diagram_text_open_by_keyboard_and_axe_stays_clean(page, pathway):
    note = page.locator("details.explainer-disclosure > summary", has_text="What the research says").first
    note.focus()
    page.keyboard.press("Enter")
    assert note.evaluate("s => s.parentElement.open")
    text = page.locator("details.explainer-disclosure > summary", has_text="The diagram as text")
    text.focus()
    page.keyboard.press("Space")
    assert text.evaluate("s => s.parentElement.open")
    assert axe_violations(page, ".explainer") == []
    screenshot(page, "explorer-page-disclosures-open-1280x800")


DIAGRAM_BOX = """() => { const r = document.querySelector('svg.explainer-diagram').getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, height: r.height}; }"""


def test_student_diagram_stays_in_view_while_the_text_scrolls_at_1280x800(page, pathway):
    page.get_by_role("button", name="3", exact=True).click()
    _wait_title(page, pathway.steps[2].title)
    start = page.evaluate(DIAGRAM_BOX)
    # Read on: scroll 400 px past the diagram's own place; unstuck, it would be 400 px above the screen.
    page.evaluate("y => window.scrollTo(0, y)", page.evaluate("() => window.scrollY") + start["top"] + 400)
    box = page.evaluate(DIAGRAM_BOX)
    assert box["top"] >= 0 and box["bottom"] <= 800 * 0.6, box  # still on screen, 60 % of it at most
    shown = page.evaluate(
        """b => Array.from(document.querySelectorAll('.explainer-quote, .explainer-node, .explainer-title'))
          .filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect())
          .filter(r => r.top >= b && r.top < 800).length""",
        box["bottom"] - 1,
    )
    assert shown > 0  # the text goes on beneath the diagram
    sizes = page.evaluate(
        """() => { const svg = document.querySelector('svg.explainer-diagram');
          const r = svg.getBoundingClientRect(), vb = svg.viewBox.baseVal;
          const scale = Math.min(r.width / vb.width, r.height / vb.height);
          return Array.from(svg.querySelectorAll('text.exd-label'))
            .map(t => parseFloat(getComputedStyle(t).fontSize) * scale); }"""
    )
    assert min(sizes) >= 12, min(sizes)
    screenshot(page, "student-1280x800-scrolled")
