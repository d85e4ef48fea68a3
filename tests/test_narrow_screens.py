"""The student's explorer page on a phone, a tablet and a laptop, in Chromium (issue 22).

Under 700 px the page is one column: the stage (step buttons, Play and the diagram) under the
title, then the step's text, then what was picked in the diagram. Nothing makes the page wider
than the screen (a step too wide for the diagram's frame comes in parts, tests/test_explorer_parts.py),
every control is a tap target
of 24 px or more, axe finds nothing of any impact on the page, and choosing a box brings its text
into view. Checked on ketamine, the research view, the SSRI pathway, the 28-node metformin pathway
and a generated 60-node one.
"""

from pathlib import Path

import pytest

from explainer.loading.assets import RESEARCH_PATHWAY
from explainer.loading.pathway import load_pathway
from explainer.outputs.page import write_explorer_page
from tests.conftest import SSRI, axe_violations, screenshot, smallest_label_px
from tests.generate import generated

METFORMIN = Path(__file__).resolve().parent / "pathways" / "metformin.yaml"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SMALL_PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
TABLET = {"viewport": {"width": 768, "height": 1024}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}
SCREENS = {"phone": PHONE, "small-phone": SMALL_PHONE, "tablet": TABLET}
ROOT = ".explainer-student"

LAYOUT = """() => { const root = document.querySelector('.explainer-student');
  const shown = e => e.getClientRects().length > 0;
  const box = e => { const b = e.getBoundingClientRect();
    return {top: b.top + scrollY, bottom: b.bottom + scrollY, left: b.left, right: b.right,
            width: b.width, height: b.height}; };
  const first = sel => box(Array.from(root.querySelectorAll(sel)).filter(shown)[0]);
  // a radio or checkbox inside its label: the label is what a finger taps
  const target = e => (e.tagName === 'INPUT' && e.closest('label')) || e;
  const targets = Array.from(root.querySelectorAll(
      'button, select, summary, [role=radio], input')).filter(shown).map(target)
    .map(e => ({what: (e.innerText || e.getAttribute('aria-label') || e.tagName).slice(0, 30), ...box(e)}));
  return {overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          inner: innerHeight, width: innerWidth, header: first('.explainer-header'),
          stage: box(root.querySelector(':scope > .explainer-stage')),
          svg: first('svg.explainer-diagram'), title: first('.explainer-title'),
          explore: first('.explainer-explore'), targets}; }"""


SETTLED = f"""k => {{ const s = document.querySelector('{ROOT} svg.explainer-diagram');
  return s.dataset.step === String(k) && s.dataset.camera !== 'moving'; }}"""
# The current step's boxes on the part the camera shows (its data-shot): whole in the diagram's
# frame on screen ("seen"), or cut by it ("cut"); boxes of the step's other parts are not counted.
SHOWN = f"""() => {{ const svg = document.querySelector('{ROOT} svg.explainer-diagram');
  const f = svg.closest('.exd-frame').getBoundingClientRect(), k = svg.dataset.step;
  const view = {{l: Math.max(f.left, 0), r: Math.min(f.right, innerWidth),
                t: Math.max(f.top, 0), b: Math.min(f.bottom, innerHeight)}};
  const boxes = Array.from(svg.querySelectorAll('.exd-node.st' + k + '-current .exd-box'))
    .map(b => b.getBoundingClientRect());
  const whole = b => b.left >= view.l - 1 && b.right <= view.r + 1
    && b.top >= view.t - 1 && b.bottom <= view.b + 1;
  const apart = b => b.right <= view.l || b.left >= view.r || b.bottom <= view.t || b.top >= view.b;
  return {{seen: boxes.filter(whole).length, cut: boxes.filter(b => !whole(b) && !apart(b)).length,
          shot: svg.dataset.shot, camera: svg.dataset.camera}}; }}"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory, pathway):
    out = tmp_path_factory.mktemp("narrow")
    pathways = {"ketamine": pathway, "ssri": load_pathway(SSRI), "metformin": load_pathway(METFORMIN)}
    pathways["research"] = load_pathway(RESEARCH_PATHWAY)  # notes and citations under the passages
    pathways["generated-60"] = generated(60, 9, n_steps=12, long_labels=None, walk=True)
    return {name: (p, write_explorer_page(p, out / name)[0]) for name, p in pathways.items()}


def _open(browser, html: Path, screen: dict, **extra):
    context = browser.new_context(**screen, **extra)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(html.as_uri())
    page.wait_for_selector(".explainer svg.explainer-diagram .exd-item", timeout=30_000)
    page.wait_for_timeout(300)
    return context, page, errors


@pytest.mark.parametrize("name", ["ketamine", "research", "ssri", "metformin", "generated-60"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_one_column_no_overflow_stage_first_and_text_one_scroll_away(browser, pages, name, screen):
    pathway, html = pages[name]
    context, page, errors = _open(browser, html, SCREENS[screen])
    try:
        got = page.evaluate(LAYOUT)
        assert got["overflow"] == 0, got["overflow"]  # no sideways scrolling of the page
        # the stage comes right after the title, and the diagram is on the first screen
        assert got["stage"]["top"] >= got["header"]["bottom"] - 1
        assert got["svg"]["top"] < got["inner"] * 0.6, got["svg"]
        # the step's text under the stage, reachable in one scroll (the stage stays stuck on top)
        assert got["title"]["top"] >= got["stage"]["bottom"] - 1
        sticky = page.evaluate("() => getComputedStyle(document.querySelector('.explainer-stage')).position")
        room = got["inner"] - (got["stage"]["height"] if sticky == "sticky" else 0)
        assert got["title"]["top"] - got["stage"]["bottom"] < room, (got["title"], got["stage"], room)
        if got["width"] < 700:  # one column: what was picked comes under the step's text
            assert got["explore"]["top"] > got["title"]["bottom"]
            assert got["explore"]["left"] < 40
            assert got["title"]["width"] > 0.8 * got["width"], got["title"]  # the step's text: full width
        small = [t for t in got["targets"] if t["width"] < 24 or t["height"] < 24]
        assert small == [], small  # WCAG 2.5.8
        assert smallest_label_px(page, ROOT) >= 12.0
        assert axe_violations(page, "html") == []  # the whole page at step 1, any impact (issue 22)
        # a tap on a step shows it in the diagram, and the stage is still on screen: once the camera
        # has moved (smoothly: no reduced motion here), the step's boxes are in the diagram's frame
        page.get_by_role("radio", name=f"Step {len(pathway.steps)} of").tap()
        svg = page.locator(f"{ROOT} svg.explainer-diagram")
        assert svg.get_attribute("data-step") == str(len(pathway.steps) - 1)
        page.wait_for_function(SETTLED, arg=len(pathway.steps) - 1, timeout=10_000)
        assert svg.bounding_box()["y"] < got["inner"]
        shown = page.evaluate(SHOWN)
        assert shown["seen"] and (not shown["cut"] or not shown["shot"].endswith(" of 1")), shown
        assert page.evaluate(LAYOUT)["overflow"] == 0
        screenshot(page, f"narrow-{name}-{screen}")
        assert errors == []
    finally:
        context.close()


def _choose_last_box(page, pathway):
    """The last box, in view: the step's camera frames another part, so the reader zooms out."""
    last = pathway.nodes[-1]
    page.evaluate("() => window.scrollTo(0, 0)")
    page.get_by_role("button", name="Whole pathway").click()
    page.wait_for_selector(f'{ROOT} svg.explainer-diagram[data-camera="whole"]')
    item = page.locator(f'{ROOT} svg.explainer-diagram [data-id="node:{last.id}"]')
    item.scroll_into_view_if_needed()
    return last, item


@pytest.mark.parametrize("screen", ["phone", "laptop"])
def test_choosing_a_box_brings_its_text_into_view(browser, pages, screen):
    pathway, html = pages["metformin"]
    context, page, errors = _open(
        browser, html, PHONE if screen == "phone" else LAPTOP, reduced_motion="reduce"
    )
    try:
        last, item = _choose_last_box(page, pathway)
        (item.tap if screen == "phone" else item.click)()
        page.wait_for_timeout(300)
        got = page.evaluate(
            """() => { const stage = document.querySelector('.explainer-student > .explainer-stage');
              const panel = Array.from(document.querySelectorAll('.explainer-node'))
                .find(e => e.getClientRects().length > 0);
              return {stage: stage.getBoundingClientRect().bottom, top: panel.getBoundingClientRect().top,
                      text: panel.innerText, inner: innerHeight}; }"""
        )
        assert last.label.split()[0] in got["text"]
        # in view, under the stage that stays stuck at the top
        assert got["stage"] - 1 <= got["top"] <= got["inner"] - 40, got
        screenshot(page, f"narrow-choose-{screen}")
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("name", ["ketamine", "ssri", "metformin", "generated-60"])
def test_axe_finds_nothing_at_any_step_on_a_phone(browser, pages, name):
    """After each step's camera has settled on a phone, axe finds nothing on the page: boxes the
    camera cuts at the frame's edge show part of their label (ketamine's "BDNF (up-regulated)" at
    steps 5 and 7 showed only "regulated)"), and their names must still hold the words shown."""
    pathway, html = pages[name]
    context, page, errors = _open(browser, html, PHONE, reduced_motion="reduce")
    try:
        found = {}
        for k in range(len(pathway.steps)):
            page.get_by_role("radio", name=f"Step {k + 1} of").tap()
            page.wait_for_function(SETTLED, arg=k, timeout=10_000)
            page.wait_for_timeout(60)  # the frame's scroll to the step (reduced motion: at once)
            if got := axe_violations(page, "html"):
                found[k + 1] = got
        assert found == {}, found
        assert errors == []
    finally:
        context.close()
