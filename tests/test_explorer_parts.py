"""A step shown in parts in the student's explorer, in Chromium (issue 22, phones).

On a 390x844 phone, metformin's feedback loop (step 9) does not fit the diagram's frame with
labels of 12 px: the diagram shows it in two parts, under it "Part 1 of 2" between buttons to the
previous and next part (named, 24 px or more, reached by Tab). The stepper's Next goes to the
step's next part, and from its last part to the next step; Previous goes back to the previous
step at its first part, as on the presenter's screen; the clicker's keys and Play do the same.
Tab to a box of another part shows that part. "Whole pathway" still zooms out (no parts then), a
part changes in one jump under reduced motion, and the live explorer in Voilà does the same.
Every part of every step is measured in tests/test_explorer_camera.py.
"""

from pathlib import Path

import pytest

from explainer.loading.pathway import load_pathway
from explainer.outputs.page import write_explorer_page
from tests.conftest import axe_violations, screenshot

METFORMIN = Path(__file__).resolve().parent / "pathways" / "metformin.yaml"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
ROOT = ".explainer-student"
SVG = f"{ROOT} svg.explainer-diagram"
STATE = f"""() => {{ const svg = document.querySelector('{SVG}');
  const frame = svg.closest('.exd-frame'), parts = document.querySelector('{ROOT} .exd-parts');
  return {{step: svg.dataset.step, shot: svg.dataset.shot, camera: svg.dataset.camera,
    viewBox: svg.getAttribute('viewBox'), says: parts.hidden ? null : parts.innerText.replace(/\\s+/g, ' '),
    frame: frame.scrollWidth - frame.clientWidth,
    page: document.documentElement.scrollWidth - document.documentElement.clientWidth}}; }}"""
SETTLED = f"""([k, shot]) => {{ const s = document.querySelector('{SVG}');
  return s !== null && s.dataset.step === String(k) && s.dataset.camera !== 'moving'
    && (shot === null || s.dataset.shot === shot); }}"""


@pytest.fixture(scope="module")
def metformin(tmp_path_factory):
    return write_explorer_page(load_pathway(METFORMIN), tmp_path_factory.mktemp("parts"))[0]


def _open(browser, html: Path, **extra):
    context = browser.new_context(**PHONE, **extra)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(html.as_uri())
    page.wait_for_function(SETTLED, arg=[0, None], timeout=30_000)
    return context, page, errors


def _at(page, k: int, shot: str | None) -> dict:
    page.wait_for_function(SETTLED, arg=[k, shot], timeout=10_000)
    return page.evaluate(STATE)


def test_a_step_in_parts_has_a_named_control_under_the_diagram(browser, metformin):
    context, page, errors = _open(browser, metformin, reduced_motion="reduce")
    try:
        page.get_by_role("radio", name="Step 9 of").tap()
        first = _at(page, 8, "1 of 2")
        assert first["says"] == "◀ Part 1 of 2 ▶" and first["frame"] == 0 and first["page"] == 0, first
        back = page.get_by_role("button", name="Previous part of this step")
        on = page.get_by_role("button", name="Next part of this step")
        frame = page.locator(f"{ROOT} .exd-frame").bounding_box()
        for button in (back, on):
            box = button.bounding_box()
            assert box["width"] >= 24 and box["height"] >= 24, box  # WCAG 2.5.8
            # under the diagram, on the first screen
            assert frame["y"] + frame["height"] <= box["y"] < 844, (frame, box)
        assert back.get_attribute("aria-disabled") == "true" and on.get_attribute("aria-disabled") == "false"
        page.evaluate("() => window.scrollTo(0, 0)")
        screenshot(page, "parts-metformin-phone-step9-part1")
        assert axe_violations(page, ROOT) == []
        on.tap()
        second = _at(page, 8, "2 of 2")
        assert second["says"] == "◀ Part 2 of 2 ▶" and second["viewBox"] != first["viewBox"], second
        assert second["frame"] == 0 and second["page"] == 0, second
        assert on.get_attribute("aria-disabled") == "true" and back.get_attribute("aria-disabled") == "false"
        screenshot(page, "parts-metformin-phone-step9-part2")
        # by keyboard: Tab from one button reaches the other, Enter presses it
        on.focus()
        page.keyboard.press("Shift+Tab")
        assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == back.get_attribute(
            "aria-label"
        )
        page.keyboard.press("Enter")
        assert _at(page, 8, "1 of 2")["viewBox"] == first["viewBox"]
        on.tap()
        _at(page, 8, "2 of 2")
        # past the last part (aria-disabled): nothing; the step's Next goes on
        on.evaluate("b => b.click()")
        assert _at(page, 8, "2 of 2")["viewBox"] == second["viewBox"]
        page.get_by_role("radio", name="Step 8 of").tap()
        assert _at(page, 7, "1 of 1")["says"] is None  # one picture: no parts control
        assert errors == []
    finally:
        context.close()


def test_next_and_previous_go_through_the_parts_as_on_the_presenter(browser, metformin):
    context, page, errors = _open(browser, metformin, reduced_motion="reduce")
    try:
        nxt, prev = page.locator(f"{ROOT} .exs-next"), page.locator(f"{ROOT} .exs-prev")
        page.get_by_role("radio", name="Step 8 of").tap()
        _at(page, 7, "1 of 1")
        nxt.tap()
        _at(page, 8, "1 of 2")
        nxt.tap()
        assert _at(page, 8, "2 of 2")["says"] == "◀ Part 2 of 2 ▶"  # Next: the step's next part
        nxt.tap()
        _at(page, 9, None)  # from the last part: the next step
        prev.tap()
        _at(page, 8, "1 of 2")  # back: the previous step, from its first part
        prev.tap()
        _at(page, 7, "1 of 1")
        # the clicker's keys (focus on the page) do the same
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        page.keyboard.press("PageDown")
        _at(page, 8, "1 of 2")
        page.keyboard.press("ArrowRight")
        _at(page, 8, "2 of 2")
        page.keyboard.press("PageUp")
        _at(page, 8, "1 of 2")
        page.keyboard.press("PageUp")
        _at(page, 7, "1 of 1")
        assert errors == []
    finally:
        context.close()


def test_play_shows_each_part_of_a_step_before_the_next_step(browser, metformin):
    context, page, errors = _open(browser, metformin, reduced_motion="reduce")
    try:
        page.get_by_role("radio", name="Step 9 of").tap()
        _at(page, 8, "1 of 2")
        page.locator(f"{ROOT} .explainer-player select").select_option(label="Fast (3 s)")
        page.locator(f"{ROOT} .exp-play").tap()
        seen = []
        for _ in range(120):  # every 100 ms, for 12 s: each (step, part) in turn
            now = page.evaluate(STATE)
            if not seen or seen[-1] != (now["step"], now["shot"]):
                seen.append((now["step"], now["shot"]))
            if now["step"] == "9":
                break
            page.wait_for_timeout(100)
        page.locator(f"{ROOT} .exp-play").tap()  # pause
        assert seen[:3] == [("8", "1 of 2"), ("8", "2 of 2"), ("9", "1 of 1")], seen
        assert errors == []
    finally:
        context.close()


def test_whole_pathway_shows_no_parts_and_next_goes_to_the_next_step(browser, metformin):
    context, page, errors = _open(browser, metformin, reduced_motion="reduce")
    try:
        page.get_by_role("radio", name="Step 9 of").tap()
        _at(page, 8, "1 of 2")
        page.get_by_role("button", name="Next part of this step").tap()
        part = _at(page, 8, "2 of 2")
        whole = page.get_by_role("button", name="Whole pathway")
        whole.tap()
        out = _at(page, 8, "1 of 1")
        assert out["camera"] == "whole" and out["says"] is None and out["frame"] == 0, out
        screenshot(page, "parts-metformin-phone-whole")
        page.locator(f"{ROOT} .exs-next").tap()
        assert _at(page, 9, "1 of 1")["camera"] == "whole"  # no parts to go through
        page.locator(f"{ROOT} .exs-prev").tap()
        _at(page, 8, "1 of 1")
        whole.tap()  # back to the step: its parts again
        back = _at(page, 8, "1 of 2")
        assert back["camera"] == "step" and back["says"] == "◀ Part 1 of 2 ▶", back
        assert back["viewBox"] != part["viewBox"]
        assert errors == []
    finally:
        context.close()


def test_tab_to_a_box_of_another_part_shows_that_part(browser, metformin):
    """Focus never lands out of sight: Tab to a box of the step that another part holds, and the
    diagram shows that part (the stepper hears it: Next then goes on to the next step)."""
    context, page, errors = _open(browser, metformin, reduced_motion="reduce")
    try:
        page.get_by_role("radio", name="Step 9 of").tap()
        first = _at(page, 8, "1 of 2")
        out = page.evaluate(OUT_OF_VIEW, LOOP)  # the loop's boxes part 1 leaves to part 2
        held = [n for n in LOOP if n not in out]
        assert out and held, (out, held)
        page.locator(f'{SVG} [data-id="{out[0]}"]').focus()
        second = _at(page, 8, "2 of 2")
        assert second["camera"] == "step" and second["says"] == "◀ Part 2 of 2 ▶", second
        page.locator(f'{SVG} [data-id="{held[0]}"]').focus()
        assert _at(page, 8, "1 of 2")["viewBox"] == first["viewBox"]
        page.locator(f'{SVG} [data-id="{out[0]}"]').focus()
        _at(page, 8, "2 of 2")
        page.locator(f"{ROOT} .exs-next").tap()
        _at(page, 9, None)
        assert errors == []
    finally:
        context.close()


# metformin's feedback loop (step 9), and which of the given boxes the viewBox leaves out
LOOP = ["node:output", "node:glucose", "node:insulin"]
OUT_OF_VIEW = f"""ids => {{ const svg = document.querySelector('{SVG}'), v = svg.viewBox.baseVal;
  return ids.filter(id => {{ const b = svg.querySelector(`[data-id="${{id}}"] .exd-box`).getBBox();
    return b.x < v.x || b.y < v.y || b.x + b.width > v.x + v.width
      || b.y + b.height > v.y + v.height; }}); }}"""


# Every viewBox the SVG takes after a press on "Next part" (a MutationObserver), until it settles.
MOVES = f"""() => new Promise(done => {{ const svg = document.querySelector('{SVG}'), seen = [];
  const watch = new MutationObserver(() => seen.push(svg.getAttribute('viewBox')));
  watch.observe(svg, {{attributes: true, attributeFilter: ['viewBox']}});
  document.querySelector('{ROOT} .exd-part-next').click();
  const wait = () => {{ if (svg.dataset.camera !== 'moving' && svg.dataset.shot === '2 of 2') {{
      watch.disconnect(); done(seen); }} else requestAnimationFrame(wait); }};
  requestAnimationFrame(wait); }})"""


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_the_next_part_pans_or_jumps_under_reduced_motion(browser, metformin, motion):
    context, page, errors = _open(browser, metformin, reduced_motion=motion)
    try:
        page.get_by_role("radio", name="Step 9 of").tap()
        _at(page, 8, "1 of 2")
        seen = page.evaluate(MOVES)
        if motion == "reduce":
            assert len(seen) == 1, seen  # one jump
        else:
            assert len(set(seen)) >= 5, seen  # frames in between
        assert seen[-1] == page.evaluate(STATE)["viewBox"]
        assert errors == []
    finally:
        context.close()


def test_the_live_explorer_in_voila_shows_a_step_in_parts_on_a_phone(browser, tmp_path):
    """The same widget with a kernel: metformin's step 9 on a phone in two parts, Next through them."""
    from tests.servers import voila_explorer

    with voila_explorer(browser, METFORMIN, tmp_path, **PHONE, reduced_motion="reduce") as (page, errors):
        page.get_by_role("radio", name="Step 9 of").tap()
        first = _at(page, 8, "1 of 2")
        assert first["says"] == "◀ Part 1 of 2 ▶" and first["frame"] == 0 and first["page"] == 0, first
        page.locator(f"{ROOT} .exs-next").tap()
        assert _at(page, 8, "2 of 2")["says"] == "◀ Part 2 of 2 ▶"
        screenshot(page, "parts-voila-metformin-phone-step9-part2")
        page.locator(f"{ROOT} .exs-next").tap()
        _at(page, 9, None)
        assert errors == []
