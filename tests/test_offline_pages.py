"""The exported deck and explorer page, opened from disk in Chromium with the network cut."""

import pytest

from explainer.never_show import found_in
from explainer.slides import write_explorer_page, write_slides
from tests.conftest import screenshot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def built(tmp_path_factory, pathway):
    out = tmp_path_factory.mktemp("build")
    return write_slides(pathway, out), write_explorer_page(pathway, out)


def _passage_words(text: str) -> str:
    return " ".join(text.split())


def test_files_are_self_contained_and_small(built, pathway):
    deck, page = built
    assert pathway.never_show  # the article's sidecar lists its call to action
    assert deck.stat().st_size <= 3_000_000
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
    notes = page.evaluate("Array.from(document.querySelectorAll('aside.notes')).length")
    assert notes == len(pathway.steps)
    assert offline_page.requests == []
    assert offline_page.errors == []


def test_explorer_page_steps_without_a_kernel(built, offline_page, pathway):
    page = offline_page.page
    page.goto(built[1].as_uri())
    page.wait_for_selector(".widget-toggle-buttons button", timeout=30_000)

    def shown():
        return page.evaluate(
            """() => {
              const vis = e => e.offsetParent !== null;
              const img = Array.from(document.querySelectorAll('.widget-image')).find(vis);
              const text = Array.from(document.querySelectorAll('.explainer-title, .explainer-quote'))
                .filter(vis).map(e => e.innerText).join(' ');
              return {text: text, img: img.src};
            }"""
        )

    first = shown()
    assert pathway.steps[0].title in first["text"]
    last = len(pathway.steps)
    page.get_by_role("button", name=str(last), exact=True).click()
    page.wait_for_function(
        "t => Array.from(document.querySelectorAll('.explainer-title'))"
        ".some(e => e.offsetParent !== null && e.innerText.includes(t))",
        arg=pathway.steps[-1].title,
    )
    after = shown()
    assert pathway.steps[-1].title in after["text"]
    assert after["img"] != first["img"]
    assert _passage_words(pathway.steps[-1].passages[0].text) in " ".join(after["text"].split())
    assert pathway.steps[0].title not in after["text"]
    screenshot(page, "explorer-page-last-step")
    assert offline_page.requests == []
    assert offline_page.errors == []
