"""The exported deck and explorer page, opened from disk in Chromium with the network cut."""

import pytest

from explainer.loading.never_show import found_in
from explainer.outputs.page import write_explorer_page
from explainer.outputs.slides import write_slides
from tests.conftest import axe_violations, images_without_alt, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def built(tmp_path_factory, pathway):
    out = tmp_path_factory.mktemp("build")
    return write_slides(pathway, out)[-1], write_explorer_page(pathway, out)[0]


def _passage_words(text: str) -> str:
    return " ".join(text.split())


def test_files_are_self_contained_and_small(built, pathway):
    deck, page = built
    assert pathway.never_show  # the article's sidecar lists its call to action
    assert deck.stat().st_size <= 1_000_000
    assert page.stat().st_size <= 2_500_000
    for f in built:
        html = f.read_text(encoding="utf-8")
        assert not found_in(html, pathway.never_show)
        assert "not medical advice" in html
        for tag in ("<script src=", '<link rel="stylesheet"', "require.min.js", "jquery.min.js"):
            assert tag not in html, tag


def test_deck_walks_to_the_last_slide_offline(built, offline_page, pathway):
    page = offline_page.page
    page.goto(built[0].as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    screenshot(page, "deck-01-title")
    total = page.evaluate("Reveal.getTotalSlides()")
    assert total == len(pathway.steps) + 3  # title, notation, steps, summary
    for _ in range(200):
        if page.evaluate("Reveal.isLastSlide() && !Reveal.availableFragments().next"):
            break
        page.keyboard.press("ArrowRight")
        if page.evaluate("Reveal.getIndices().h === 3 && Reveal.getIndices().f === 0"):
            page.wait_for_timeout(600)  # the fragment fades in
            screenshot(page, "deck-02-step-with-fragment")
    assert page.evaluate("Reveal.isLastSlide()")
    # Fragments stay shown once passed: every step's passages must have been revealed.
    text = " ".join(
        page.evaluate(
            "Array.from(document.querySelectorAll('.fragment.visible')).map(e => e.textContent).join(' ')"
        ).split()
    )
    for step in pathway.steps:
        for passage in step.passages:
            assert _passage_words(passage.text) in text, passage.text[:40]
    # One vector diagram per step slide, in that step's state; the legend is the only picture.
    states = page.evaluate(
        "Array.from(document.querySelectorAll('svg.explainer-diagram')).map(s => s.getAttribute('data-step'))"
    )
    assert states == [str(k) for k in range(len(pathway.steps))] + ["all"]
    assert page.evaluate("document.querySelectorAll('img').length") == 1
    assert page.evaluate("Array.from(document.querySelectorAll('img')).every(i => i.alt)")
    labelled = page.evaluate(
        "Array.from(document.querySelectorAll('svg.explainer-diagram'))"
        ".every(s => s.getAttribute('role') === 'img'"
        " && s.getAttribute('aria-label').startsWith('Diagram of'))"
    )
    assert labelled
    assert "Explainer Sans" in page.evaluate("Array.from(document.fonts).map(f => f.family)")
    notes = page.evaluate("Array.from(document.querySelectorAll('aside.notes')).length")
    assert notes == len(pathway.steps)
    assert offline_page.requests == []
    assert offline_page.errors == []


def _visible_text(page, selector: str) -> str:
    return " ".join(
        page.evaluate(
            "sel => Array.from(document.querySelectorAll(sel)).filter(e => e.offsetParent !== null)"
            ".map(e => e.innerText).join(' ')",
            selector,
        ).split()
    )


def _open_explorer(offline_page, built, width=1280, height=800):
    page = offline_page.page
    page.set_viewport_size({"width": width, "height": height})
    page.goto(built[1].as_uri())
    page.wait_for_selector(".explainer svg.explainer-diagram .exd-item", timeout=30_000)
    return page


def test_explorer_page_steps_without_a_kernel(built, offline_page, pathway):
    page = _open_explorer(offline_page, built, 1600, 1000)
    diagram = page.locator("svg.explainer-diagram")
    assert pathway.steps[0].title in _visible_text(page, ".explainer-title")
    assert diagram.get_attribute("data-step") == "0"
    last = len(pathway.steps)
    page.get_by_role("radio", name=f"Step {last} of").click()
    page.wait_for_function(
        "t => Array.from(document.querySelectorAll('.explainer-title'))"
        ".some(e => e.offsetParent !== null && e.innerText.includes(t))",
        arg=pathway.steps[-1].title,
    )
    text = _visible_text(page, ".explainer-title, .explainer-quote")
    assert pathway.steps[-1].title in text and pathway.steps[0].title not in text
    assert _passage_words(pathway.steps[-1].passages[0].text) in text
    assert diagram.get_attribute("data-step") == str(last - 1)  # the same drawing, in another state
    current = page.evaluate(
        "k => Array.from(document.querySelectorAll(`svg.explainer-diagram .st${k}-current`))"
        ".map(e => e.dataset.id)",
        last - 1,
    )
    assert set(current) == {f"node:{n}" for n in pathway.steps[-1].nodes} | {
        f"edge:{u}->{v}" for u, v in pathway.steps[-1].edges
    }
    colour = page.evaluate(
        "() => getComputedStyle(document.querySelector('[data-id=\"node:inflammation\"] .exd-box')).stroke"
    )
    assert colour == "rgb(213, 94, 0)"  # vermillion: this step's emphasis, painted by the stylesheet
    screenshot(page, "explorer-page-last-step")
    assert offline_page.requests == []
    assert offline_page.errors == []


def test_tab_to_a_box_and_enter_shows_its_text(built, offline_page, pathway):
    page = _open_explorer(offline_page, built)
    page.get_by_role("radio", name="Step 1 of").focus()
    names = []
    for _ in range(40):  # Tab from the step buttons into the diagram, box by box
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
        if names[-1] == "BDNF (up-regulated)":
            break
    assert names[-1] == "BDNF (up-regulated)", names
    diagram_names = [n for n in names if n and n not in ("Play", "Pause")]
    assert diagram_names[:3] == [
        "Ketamine",
        "Ketamine inhibits NMDA receptor (blocked)",
        "NMDA receptor (blocked)",
    ]
    assert "BDNF: brain-derived neurotrophic factor" in _visible_text(
        page, ".exd-hint"
    )  # focus shows the glossary
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.explainer-node'))"
        ".some(e => e.offsetParent !== null && e.innerText === 'BDNF (up-regulated)')"
    )
    assert "neurons’ growth, survival, and maintenance" in _visible_text(page, ".explainer-quote blockquote")
    # BDNF belongs to a later step: reading about it leaves the step where the teacher put it.
    assert page.locator("svg.explainer-diagram").get_attribute("data-step") == "0"
    assert pathway.steps[0].title in _visible_text(page, ".explainer-title")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.explainer-node'))"
        ".some(e => e.offsetParent !== null"
        " && e.innerText.startsWith('Glutamate release (increased) may stimulate'))"
    )
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # back to BDNF's text, for the picture: the diagram at the top
    page.locator("svg.explainer-diagram").evaluate("e => e.scrollIntoView({block: 'start'})")
    screenshot(page, "explorer-page-student-node-text-1280x800")
    assert offline_page.requests == [] and offline_page.errors == []


def test_click_a_link_shows_its_text(built, offline_page):
    page = _open_explorer(offline_page, built)
    page.locator('[data-id="edge:ketamine->nmda"]').click()
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.explainer-node'))"
        ".some(e => e.offsetParent !== null && e.innerText === 'Ketamine inhibits NMDA receptor (blocked)')"
    )
    assert "Ketamine acts as an NMDA receptor antagonist" in _visible_text(
        page, ".explainer-quote blockquote"
    )
    picked = page.locator(".widget-dropdown select").first.evaluate("s => s.options[s.selectedIndex].text")
    assert picked.replace("\xa0", " ").startswith("Link: Ketamine")  # the list follows the diagram
    assert offline_page.requests == [] and offline_page.errors == []


def test_labels_are_at_least_12px_at_1280x800(built, offline_page):
    page = _open_explorer(offline_page, built)
    sizes = page.evaluate(
        """() => Array.from(document.querySelectorAll('svg.explainer-diagram text.exd-label'))
          .map(t => { const svg = t.ownerSVGElement;
                      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                      return parseFloat(getComputedStyle(t).fontSize) * scale; })"""
    )
    assert sizes and min(sizes) >= 12.0, min(sizes)
    fonts = page.evaluate(
        "() => Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family)"
    )
    assert "Explainer Sans" in fonts  # the embedded subset, not whatever the machine has


def test_axe_finds_nothing_inside_the_explorer_and_every_image_has_alt(built, offline_page):
    page = _open_explorer(offline_page, built)
    page.wait_for_timeout(300)  # the Play buttons get their names a frame after the diagram renders
    assert axe_violations(page, ".explainer") == []
    assert images_without_alt(page, ".explainer") == []
    page.get_by_role("radio", name="Step 4 of").click()
    page.get_by_text("The diagram as text").click()
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.explainer-diagram-text'))"
        ".some(e => e.offsetParent !== null)"
    )
    assert axe_violations(page, ".explainer") == []


def test_axe_finds_nothing_on_the_whole_explorer_page(built, offline_page):
    """The page as a whole too: its content in landmarks (main, the footer's note), one main."""
    page = _open_explorer(offline_page, built)
    page.wait_for_timeout(300)
    assert axe_violations(page, "html") == []


def test_step_slides_at_1920x1080_have_24px_labels_a_legend_and_the_passage(built, browser, pathway):
    from tests.chromium import OfflinePage

    offline = OfflinePage(browser, 1920, 1080)
    try:
        page = offline.page
        page.goto(built[0].as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        first_step = 2  # after the title and the notation slides
        for k in range(len(pathway.steps)):
            page.evaluate("h => Reveal.slide(h, 0, 99)", first_step + k)  # every fragment shown
            page.wait_for_timeout(100)
            got = page.evaluate(
                """() => { const s = Reveal.getCurrentSlide(), svg = s.querySelector('svg.explainer-diagram');
                  const r = svg.getBoundingClientRect(), vb = svg.viewBox.baseVal;
                  const scale = Math.min(r.width / vb.width, r.height / vb.height);
                  const foot = s.querySelector('.explainer-slide-footer').getBoundingClientRect();
                  return {label: Math.min(...Array.from(svg.querySelectorAll('text'))
                            .map(t => parseFloat(getComputedStyle(t).fontSize) * scale)),
                          legend: (s.querySelector('.explainer-legend-line') || {}).innerText || '',
                          diagramBottom: r.bottom, footTop: foot.top,
                          passages: Array.from(s.querySelectorAll('.explainer-quote, .explainer-summary'))
                            .map(e => e.getBoundingClientRect()).map(b => [b.top, b.bottom])}; }"""
            )
            assert got["label"] >= 24, (k, got["label"])
            assert "stimulates" in got["legend"] and "inhibits" in got["legend"] and "hedges" in got["legend"]
            assert got["passages"], k
            for top, bottom in got["passages"]:  # the step's passage on the same slide, above the footer
                assert top >= got["diagramBottom"] - 1 and bottom <= got["footTop"] + 1, (k, top, bottom, got)
        page.evaluate("h => Reveal.slide(h, 0, 99)", first_step)
        screenshot(page, "deck-step-01-1920x1080")
        assert offline.requests == [] and offline.errors == []
    finally:
        offline.close()


def _shown(page, item: str) -> bool:
    """Whether the diagram item is on show: laid out, with a size (``display:none`` has none)."""
    return page.evaluate(
        """id => { const e = document.querySelector(`svg.explainer-diagram [data-id="${id}"]`);
                  const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; }""",
        item,
    )


def test_explorer_page_toggles_a_branch_with_no_kernel(built, offline_page, pathway):
    page = _open_explorer(offline_page, built)
    switch = page.locator('.exs-toggle[data-branch="inflammation"]')  # the stepper's toggle
    assert switch.get_attribute("aria-pressed") == "true"
    assert _shown(page, "node:inflammation") and _shown(page, "edge:ketamine->inflammation")
    switch.click()
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('[data-id=\"node:inflammation\"]')).display === 'none'"
    )
    assert switch.get_attribute("aria-pressed") == "false"
    assert not _shown(page, "node:inflammation") and not _shown(page, "edge:ketamine->inflammation")
    assert not _shown(page, "edge:inflammation->antidepressant")
    assert _shown(page, "node:gaba") and _shown(page, "node:ketamine")  # the rest stays, in place
    label = page.locator("svg.explainer-diagram").get_attribute("aria-label")
    assert "9 boxes and 10 links" in label  # its name counts what shows
    screenshot(page, "explorer-page-branch-hidden")
    switch.focus()
    page.keyboard.press("Space")  # by keyboard too
    page.wait_for_function(
        "() => document.querySelector('.exs-toggle[data-branch=\"inflammation\"]')"
        ".getAttribute('aria-pressed') === 'true'"
    )
    assert _shown(page, "node:inflammation") and _shown(page, "edge:ketamine->inflammation")
    assert offline_page.requests == [] and offline_page.errors == []


def test_deck_toggles_a_branch_in_every_diagram_by_keyboard(built, offline_page, pathway):
    page = offline_page.page
    page.goto(built[0].as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    page.evaluate("Reveal.slide(3, 0, 99)")  # step 2
    page.wait_for_timeout(200)
    where = page.evaluate("Reveal.getIndices()")
    gaba = "document.querySelector('section.present [data-id=\"node:gaba\"]').getBoundingClientRect().width"
    assert page.evaluate(gaba) > 0
    page.locator("section.present .exd-branches summary").focus()
    page.keyboard.press("Enter")  # opens the switches, and does not turn the slide
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.branch") == "gaba"
    page.keyboard.press("Space")
    page.wait_for_timeout(100)
    assert page.evaluate("Reveal.getIndices()") == where
    hidden = page.evaluate(
        "Array.from(document.querySelectorAll('svg.explainer-diagram'))"
        ".map(s => s.getAttribute('data-hidden'))"
    )
    assert hidden == ["gaba"] * (len(pathway.steps) + 1)  # every diagram of the deck
    assert page.evaluate(gaba) == 0
    screenshot(page, "deck-branch-hidden")
    page.keyboard.press("Space")
    page.wait_for_timeout(100)
    assert page.evaluate(gaba) > 0
    assert page.evaluate("Reveal.getIndices()") == where
    assert offline_page.requests == [] and offline_page.errors == []
