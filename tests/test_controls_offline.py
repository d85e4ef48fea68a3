"""The explorer's controls by keyboard and Play, on the static page with the network cut.

The same anywidget front-end runs in Voilà, JupyterLab and Notebook 7 (tests/test_live_explorer.py);
here it runs with no kernel, so what is checked is the browser's side alone.
"""

import pytest

from explainer.outputs.page import write_explorer_page
from tests.conftest import assert_stage_in_view, axe_violations, read_on, screenshot, smallest_label_px
from tests.keyboard import tab_to, walk_controls
from tests.test_contrast import contrast

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
    page.locator(".explainer-steps [role=radio]").nth(n - 2).click()
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
    for _ in range(12):  # from the top of the page, Tab reaches the step buttons once, then Play
        stops.append(_focused(page))
        if stops[-1]["name"] == "Play":
            break
        page.keyboard.press("Tab")
    assert stops[-1]["name"] == "Play", stops
    assert [s["name"] for s in stops if s["name"].startswith("Step ")] == [
        f"Step 1 of {n}: {pathway.steps[0].title}"
    ], stops
    walk_controls(page, ".explainer", pathway, kernel=False)
    tab_to(page, ".explainer", "e => e.closest('.explainer-steps') !== null", back=True)
    page.keyboard.press("End")
    _wait_title(page, pathway.steps[-1].title)
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


def test_axe_inside_the_explorer_while_play_runs_and_after_it_stops(page, pathway):
    """Steps change under axe's feet: the live region, the step buttons' state, the panels."""
    play = page.locator(".explainer-player .exp-play")
    page.locator(".explainer-player select").select_option(label="Slow (10 s)")  # axe runs within a step
    play.click()
    seen = []
    for k in (1, 2):  # twice while playing, each on a new step
        _wait_title(page, pathway.steps[k].title, timeout=30_000)
        assert play.get_attribute("aria-label") == "Pause"
        assert axe_violations(page, ".explainer") == [], ("playing", k)
        seen.append(play.get_attribute("aria-label"))
    assert seen == ["Pause", "Pause"]  # axe ran while Play was running
    page.locator(".explainer-player select").select_option(label="Fast (3 s)")
    _wait_title(page, pathway.steps[-1].title, timeout=60_000)
    page.wait_for_function("() => document.querySelector('.exp-play').getAttribute('aria-label') === 'Play'")
    assert axe_violations(page, ".explainer") == [], "stopped"


PAINTED = """k => { const svg = document.querySelector('svg.explainer-diagram');
  svg.setAttribute('data-step', k);
  const hex = c => '#' + c.match(/\\d+/g).slice(0, 3).map(n => (+n).toString(16).padStart(2, '0')).join('');
  const fill = e => hex(getComputedStyle(e).fill);
  return Array.from(svg.querySelectorAll('.exd-node')).flatMap(g => Array.from(g.querySelectorAll('text'))
    .map(t => [g.dataset.id, fill(t), fill(g.querySelector('.exd-box'))])); }"""


def test_every_label_as_painted_reads_on_its_box_at_every_step(page, pathway):
    """The browser's own cascade of the SVG stylesheet: 4.5:1 at least, 7:1 for later steps' grey."""
    ratios = []
    for k in range(len(pathway.steps)):
        for item, text, fill in page.evaluate(PAINTED, str(k)):
            ratios.append((contrast(text, fill), k, item, text, fill))
    assert min(ratios)[0] >= 4.5, min(ratios)
    assert min(r for r in ratios if r[3] != "#000000")[0] >= 7, min(r for r in ratios if r[3] != "#000000")


@pytest.fixture(scope="module")
def ssri_page_file(tmp_path_factory, ssri):
    [page] = write_explorer_page(ssri, tmp_path_factory.mktemp("explorer-ssri"))
    return page


@pytest.mark.parametrize("which", ["ketamine", "ssri"])
def test_student_controls_and_diagram_stay_in_view_while_the_text_scrolls_at_1280x800(
    which, page_file, ssri_page_file, offline_page, request
):
    p = offline_page.page
    p.set_viewport_size({"width": 1280, "height": 800})
    p.goto((page_file if which == "ketamine" else ssri_page_file).as_uri())
    p.wait_for_selector(".explainer svg.explainer-diagram .exd-item", timeout=30_000)
    p.wait_for_selector(".explainer-player .exp-play", timeout=30_000)
    before, after = read_on(p, ".explainer-student", 800)
    assert_stage_in_view(before, after, 1280, 800)
    assert smallest_label_px(p, ".explainer-student") >= 12
    screenshot(p, f"student-1280x800-{which}-scrolled")
    assert offline_page.requests == [] and offline_page.errors == []
