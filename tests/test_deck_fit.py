"""Every slide of the deck holds its content, at 1920x1080 and at 1280x720 (issue 22).

A step whose passages do not fit under the diagram continues on the next slide, with the
same diagram in the same place; a passage longer than a whole slide is cut into verbatim parts,
at a sentence end where one is near, never leaving a scrap of a line to go on (the rule of the
PowerPoint deck, explainer.outputs.textfit.split_at). Checked in Chromium on ketamine, the
research view, the SSRI, metformin and atorvastatin pathways, atorvastatin's sentences as one
long passage, a generated pathway with a 360-word first passage and generated 40- and 60-node
pathways whose steps pick boxes anywhere (steps shown in shots, a slide each; the 60-node one's
whole too small at 12 px, its summary in parts).
"""

from pathlib import Path

import pytest

from explainer.loading.article import normalise
from explainer.loading.pathway import load_pathway
from explainer.outputs.slides import QUOTE_WIDTH, SUMMARY_WIDTH, passage_pages, write_slides
from explainer.outputs.textfit import MIN_LINES, SENTENCE_ENDS, wrap
from explainer.words import wording as wd
from tests.chromium import OfflinePage
from tests.conftest import SSRI, screenshot
from tests.generate import generated
from tests.synthetic import synthetic_pathway

HERE = Path(__file__).resolve().parent
PATHWAYS = {
    "ketamine": HERE.parent / "assets" / "pathways" / "ketamine.yaml",
    "research": HERE.parent / "assets" / "pathways" / "ketamine-research.yaml",
    "ssri": SSRI,
    "metformin": HERE / "pathways" / "metformin.yaml",
    "atorvastatin": HERE / "pathways" / "atorvastatin.yaml",  # the reviewer's 29 nodes (issue 22)
}
SLIDE = """() => { const s = Reveal.getCurrentSlide(), sc = Reveal.getScale();
  const top = s.getBoundingClientRect().top;
  const rel = e => { const r = e.getBoundingClientRect();
    return [(r.top - top) / sc, (r.bottom - top) / sc]; };
  let bottom = 0;
  for (const e of s.querySelectorAll('*')) {
    if (e.ownerSVGElement) continue;  // a diagram's parts: clipped to it (a step's camera)
    const r = e.getBoundingClientRect();
    if (r.height) bottom = Math.max(bottom, (r.bottom - top) / sc); }
  const svg = s.querySelector('svg.explainer-diagram'), foot = s.querySelector('.explainer-slide-footer');
  const ring = svg && svg.querySelector('.exd-ring');
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  // reveal.js's .controls is an empty box at the corner: its arrows are what covers the slide
  const arrows = Array.from(document.querySelectorAll('.reveal .controls button')).map(box);
  const controls = [0, 1, 2, 3].map(i => (i < 2 ? Math.min : Math.max)(...arrows.map(a => a[i])));
  return {bottom, svg: svg ? rel(svg) : null, foot: foot ? rel(foot) : null,
          footBox: foot ? box(foot) : null, controls,
          ring: ring ? getComputedStyle(ring).display : null,
          title: (s.querySelector('h2') || {}).innerText || '',
          passages: Array.from(s.querySelectorAll('.explainer-quote, .explainer-summary')).map(rel),
          words: Array.from(s.querySelectorAll('blockquote, .explainer-summary > p:not([class])'))
            .map(e => e.textContent.replace(/^“|”$/g, ''))}; }"""


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    out = tmp_path_factory.mktemp("decks")
    pathways = {name: load_pathway(path) for name, path in PATHWAYS.items()}
    long = synthetic_pathway(tmp_path_factory.mktemp("long"), 16, first_passage_words=360)
    title = " ".join(["A step title as long as the schema allows, in plain words"] * 2)[:120]
    first = long.steps[0].model_copy(update={"title": title})  # three lines at the title's size
    pathways["long"] = long.model_copy(update={"steps": (first, *long.steps[1:])})
    pathways["spread"] = generated(40, 7, walk=False)  # 13 of its 23 steps in shots
    pathways["sentences"] = long_sentences(pathways["atorvastatin"])  # goes on at sentence ends
    pathways["spread-60"] = generated(60, 9, walk=False)  # 28 steps, the summary in parts
    return {name: (p, write_slides(p, out / name)[-1]) for name, p in pathways.items()}


def test_a_long_passage_is_cut_into_verbatim_parts_that_each_fit(tmp_path):
    pathway = synthetic_pathway(tmp_path, 16, first_passage_words=360)  # as the decks' "long" one
    pages = passage_pages(pathway, 0)
    assert len(pages) >= 2
    parts = [text for page in pages for passage, text in page if passage is pathway.steps[0].passages[0]]
    assert len(parts) >= 2 and " ".join(parts) == " ".join(pathway.steps[0].passages[0].text.split())


def long_sentences(pathway):
    """``pathway`` with step 1's passages made one of its sentences, up to the schema's 2,000
    characters: a passage that no slide holds whole, with sentence ends to split it at."""
    text = ""
    for passage in (p for step in pathway.steps for p in step.passages):
        more = f"{text} {' '.join(passage.text.split())}".strip()
        if len(more) > 2000:
            break
        text = more
    passage = pathway.steps[0].passages[0].model_copy(update={"text": text})
    first = pathway.steps[0].model_copy(update={"passages": (passage,)})
    return pathway.model_copy(update={"steps": (first, *pathway.steps[1:])})


@pytest.mark.parametrize("name", ["ketamine", "metformin", "atorvastatin", "research", "long"])
def test_a_passage_goes_on_at_a_sentence_end_and_never_as_a_scrap(tmp_path, name):
    """The rule PowerPoint's deck follows (explainer.outputs.textfit.split_at): a part that goes on
    ends at a sentence end when one is in its second half, and what goes on is MIN_LINES lines or more."""
    if name == "long":  # one 360-word sentence: split between words, never leaving a scrap
        pathway = synthetic_pathway(tmp_path, 16, first_passage_words=360)
    else:
        pathway = long_sentences(load_pathway(PATHWAYS[name]))
    text = " ".join(pathway.steps[0].passages[0].text.split())
    parts = [t for page in passage_pages(pathway, 0) for p, t in page if p is pathway.steps[0].passages[0]]
    assert len(parts) >= 2 and " ".join(parts) == text
    width = QUOTE_WIDTH if pathway.quotes_article else SUMMARY_WIDTH
    for part in parts[1:]:
        assert len(wrap(part, 21, width)) >= MIN_LINES, (name, part)
    for part in parts[:-1]:
        words = part.split()
        if any(w.endswith(SENTENCE_ENDS) for w in words[len(words) // 2 :]):
            assert part.endswith(SENTENCE_ENDS), (name, part[-60:])


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768), (1280, 720)])
@pytest.mark.parametrize("name", [*PATHWAYS, "long", "spread", "sentences", "spread-60"])
def test_every_slide_holds_its_content(browser, decks, name, size):
    """... and its footer (the disclaimer) clear of reveal.js's navigation arrows."""
    pathway, html = decks[name]
    offline = OfflinePage(browser, *size)
    try:
        page = offline.page
        page.goto(html.as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        places, shown = set(), []
        for h in range(page.evaluate("Reveal.getTotalSlides()")):
            page.evaluate("h => Reveal.slide(h, 0, 99)", h)  # every fragment shown
            page.wait_for_timeout(40)
            got = page.evaluate(SLIDE)
            assert got["bottom"] <= 720 + 1, (h, got["title"], got["bottom"])
            if got["foot"]:
                (l0, t0, r0, b0), (l1, t1, r1, b1) = got["footBox"], got["controls"]
                assert r0 <= l1 or r1 <= l0 or b0 <= t1 or b1 <= t0, (
                    h,
                    got["title"],
                    got["footBox"],
                    got["controls"],
                )
                for top, bottom in got["passages"]:  # under the diagram, above the footer
                    assert bottom <= got["foot"][0] + 1, (h, got["title"], bottom, got["foot"])
                    assert got["svg"] is None or top >= got["svg"][1] - 1, (h, got["title"])
            if got["passages"] and got["svg"]:
                places.add(tuple(round(v) for v in got["svg"]))
                assert got["ring"] == "none"  # no hover bar on a deck's links
            shown += got["words"]
        assert len(places) == 1, places  # one size and place for the diagram on every step slide
        said = normalise(" ".join(shown))
        for step in pathway.steps:  # every passage is on some slide, whole
            for passage in step.passages:
                assert normalise(passage.text) in said, passage.text[:60]
        screenshot(page, f"deck-fit-{name}-{size[0]}")
        assert offline.requests == [] and offline.errors == []
    finally:
        offline.close()


@pytest.mark.parametrize("name", ["sentences", "research-sentences"])
def test_a_split_passage_reads_as_one_quote_over_its_slides(browser, decks, tmp_path, name):
    """As in the PowerPoint deck: quote marks open on the first part and close on the last, later
    parts are captioned "(continued)", earlier ones say they go on (the research view's summaries
    the same, without quote marks); the parts' words are the passage's."""
    if name == "sentences":
        pathway, html = decks[name]
    else:
        pathway = long_sentences(load_pathway(PATHWAYS["research"]))
        html = write_slides(pathway, tmp_path)[-1]
    offline = OfflinePage(browser, 1920, 1080)
    try:
        page = offline.page
        page.goto(html.as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        text, shown, parts = " ".join(pathway.steps[0].passages[0].text.split()), page.evaluate(PARTS), []
        for part in shown[next(i for i, p in enumerate(shown) if text.startswith(p["text"])) :]:
            parts.append(part)
            if " ".join(p["text"] for p in parts) == text:
                break
        assert len(parts) >= 2 and " ".join(p["text"] for p in parts) == text, parts
        for i, part in enumerate(parts):
            first, last = i == 0, i == len(parts) - 1
            assert part["caption"].startswith(wd.CONTINUED) != first, part
            assert part["source"].endswith(wd.GOES_ON.strip()) != last, part
            if pathway.quotes_article:
                assert (part["opens"], part["closes"]) == (first, last), part
        assert offline.errors == []
    finally:
        offline.close()


PARTS = """() => Array.from(document.querySelectorAll('.explainer-quote, .explainer-summary'))
  .map(f => { const q = f.querySelector('blockquote') || f.querySelector('p:not([class])');
    const mark = side => getComputedStyle(q, side).content.replace(/^"|"$/g, '');
    const source = Array.from(f.querySelectorAll('cite, .explainer-refs, .explainer-goes-on'));
    return {text: q.textContent, opens: mark('::before') === '“', closes: mark('::after') === '”',
            caption: (f.querySelector('figcaption, .explainer-summary-label') || {}).textContent || '',
            source: source.map(e => e.textContent.trim()).join(' ').trim()}; })
  .filter((p, i, all) => all.findIndex(o => o.text === p.text) === i)"""
