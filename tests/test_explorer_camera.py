"""The explorer's camera in Chromium (issue 22): at each step the diagram's viewBox moves to the
step's boxes and links, with labels at the screen's floor or larger, and "Whole pathway" zooms out.

On the offline explorer page (the same anywidget as in Voilà and JupyterLab), for ketamine, the SSRI
pathway, the 28-node metformin pathway, a reviewer's 29-node atorvastatin pathway and generated ones
of 50 and 60 nodes: on every part of every step the box labels are at least 14 px on a 1280x800
laptop and 12 px on a phone (390x844) and a tablet (768x1024), every box of the step is whole inside
the visible diagram on one of the step's parts (a step too big for the frame at that size is shown
in parts, "Part 1 of 2"; the SVG never grows past its frame), neither the frame nor the page scrolls
sideways, the step's text is one scroll away, the move is animated (a jump under reduced motion),
and the toggle zooms out to everything and back. The parts' controls are tested in
tests/test_explorer_parts.py.
"""

from pathlib import Path

import pytest

from explainer.loading.pathway import load_pathway
from explainer.model.scene import pathway_scene
from explainer.outputs.page import write_explorer_page
from explainer.rendering.svg_diagram import PAD, camera_data
from tests.conftest import SSRI, screenshot
from tests.generate import generated

HERE = Path(__file__).resolve().parent
METFORMIN = HERE / "pathways" / "metformin.yaml"
ATORVASTATIN = HERE / "pathways" / "atorvastatin.yaml"  # a reviewer's 29 nodes, three long side branches
LAPTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
TABLET = {"viewport": {"width": 768, "height": 1024}, "is_mobile": True, "has_touch": True}
SCREENS = {"laptop": (LAPTOP, 14.0), "phone": (PHONE, 12.0), "tablet": (TABLET, 12.0)}
SVG = ".explainer-student svg.explainer-diagram"

# The current step's boxes as drawn: their labels' size in CSS px (font size times the screen
# scale), whether each box is inside the visible part of the diagram (its frame, on screen).
MEASURE = """() => { const svg = document.querySelector('.explainer-student svg.explainer-diagram');
  const frame = svg.closest('.exd-frame'), f = frame.getBoundingClientRect(), s = svg.getBoundingClientRect();
  const seen = {left: Math.max(f.left, 0), right: Math.min(f.right, innerWidth),
                top: Math.max(f.top, 0), bottom: Math.min(f.bottom, innerHeight)};
  const inside = b => b.left >= seen.left - 1 && b.right <= seen.right + 1
    && b.top >= seen.top - 1 && b.bottom <= seen.bottom + 1;
  const k = svg.dataset.step;
  const all = Array.from(svg.querySelectorAll('.exd-node')).filter(g => g.getClientRects().length);
  const current = all.filter(g => g.classList.contains('st' + k + '-current'));
  const px = current.flatMap(g => Array.from(g.querySelectorAll('text.exd-label')).map(t => {
    const m = t.getScreenCTM(); return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); }));
  const boxes = gs => gs.map(g => g.querySelector('.exd-box').getBoundingClientRect());
  const centre = bs => ({x: (Math.min(...bs.map(b => b.left)) + Math.max(...bs.map(b => b.right))) / 2,
                         y: (Math.min(...bs.map(b => b.top)) + Math.max(...bs.map(b => b.bottom))) / 2});
  const c = current.length ? centre(boxes(current)) : null;
  return {step: k, camera: svg.dataset.camera, viewBox: svg.getAttribute('viewBox'),
    labels: px.length ? Math.min(...px) : null, current: current.length,
    outside: current.filter((g, i) => !inside(boxes(current)[i])).map(g => g.dataset.id),
    allInside: boxes(all).every(inside), grown: s.width > f.width + 1 || s.height > f.height + 1,
    centreSeen: c !== null && c.x >= seen.left && c.x <= seen.right && c.y >= seen.top && c.y <= seen.bottom,
    inside: current.filter((g, i) => inside(boxes(current)[i])).map(g => g.dataset.id),
    shot: svg.dataset.shot, frameOverflow: frame.scrollWidth - frame.clientWidth,
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth}; }"""
# The step's text one scroll away: the top of its title (under the stage) less than a screen below
# the stage's bottom, the screen less the stage where the stage sticks at the top.
TEXT = """() => { const root = document.querySelector('.explainer-student');
  const stage = root.querySelector(':scope > .explainer-stage'), s = stage.getBoundingClientRect();
  const title = Array.from(root.querySelectorAll('.explainer-title')).find(e => e.getClientRects().length);
  const room = innerHeight - (getComputedStyle(stage).position === 'sticky' ? s.height : 0);
  return title.getBoundingClientRect().top - s.bottom < room; }"""
SETTLED = f"""k => {{ const s = document.querySelector('{SVG}');
  return s !== null && s.dataset.step === String(k) && s.dataset.camera
    && s.dataset.camera !== 'moving'; }}"""


def _generated():
    return generated(60, 9, n_steps=12, long_labels=None, walk=True)


def _generated_anywhere():
    """50 nodes, long labels, each step up to four boxes picked anywhere (walk=False)."""
    return generated(50, 4, walk=False)


@pytest.fixture(scope="module")
def pages(tmp_path_factory, pathway):
    out = tmp_path_factory.mktemp("camera")
    found = {"ketamine": pathway, "ssri": load_pathway(SSRI), "metformin": load_pathway(METFORMIN)}
    found["atorvastatin"] = load_pathway(ATORVASTATIN)
    found["generated-60"] = _generated()
    found["generated-50"] = _generated_anywhere()
    return {name: (p, write_explorer_page(p, out / name)[0]) for name, p in found.items()}


def _open(browser, html: Path, screen: dict, **extra):
    context = browser.new_context(**screen, **extra)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(html.as_uri())
    page.wait_for_function(SETTLED, arg=0, timeout=30_000)
    return context, page, errors


def _go(page, k: int) -> dict:
    page.evaluate(
        """k => document.querySelector('.explainer-student .explainer-stepper')
             .dispatchEvent(new CustomEvent('explainer:go-to-step', {detail: {step: k}}))""",
        k,
    )
    page.wait_for_function(SETTLED, arg=k, timeout=10_000)
    page.wait_for_timeout(60)  # the frame's scroll to the step (reduced motion: at once)
    return page.evaluate(MEASURE)


def test_the_svg_carries_a_camera_per_step_that_frames_its_boxes(pathway):
    """Python makes the cameras: per box shape, at its aspect, every step's boxes inside."""
    for p in (pathway, load_pathway(METFORMIN), _generated()):
        scene = pathway_scene(p)
        x0, _, _, y1 = scene.bounds
        data = camera_data(scene)
        assert [s["name"] for s in data["sets"]] == ["wide", "narrow"]
        assert data["em"] == pytest.approx(scene.font_size, abs=1e-3)
        for cams in data["sets"]:
            assert len(cams["steps"]) == len(p.steps)
            for k, (x, y, w, h) in enumerate(cams["steps"]):
                assert w / h == pytest.approx(cams["aspect"], rel=1e-3)
                assert w <= cams["whole"][2] + 0.01
                for b in (b for b in scene.boxes if b.state(k) == "current"):
                    left, top = b.x - x0 + PAD, y1 - (b.y + b.height) + PAD
                    assert x - 0.01 <= left and left + b.width <= x + w + 0.01, (p.id, k, b.id)
                    assert y - 0.01 <= top and top + b.height <= y + h + 0.01, (p.id, k, b.id)


def _parts(page, k: int) -> list[dict]:
    """Step ``k`` measured on each of its parts, walked with the diagram's "Next part" button."""
    got = [_go(page, k)]
    total = int(got[0]["shot"].split(" of ")[1])
    for part in range(2, total + 1):
        page.locator(f"{ROOT_PARTS} .exd-part-next").click()
        page.wait_for_function(SHOT, arg=f"{part} of {total}")
        page.wait_for_function(SETTLED, arg=k)
        got.append(page.evaluate(MEASURE))
    return got


ROOT_PARTS = ".explainer-student .explainer-diagram-widget"
SHOT = f"s => document.querySelector('{SVG}').dataset.shot === s"


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize(
    "name", ["ketamine", "ssri", "metformin", "atorvastatin", "generated-60", "generated-50"]
)
def test_every_part_of_every_step_is_framed_at_the_screens_floor(browser, pages, name, screen):
    pathway, html = pages[name]
    size, floor = SCREENS[screen]
    context, page, errors = _open(browser, html, size, reduced_motion="reduce")
    counts = []
    try:
        for k in range(len(pathway.steps)):
            parts = _parts(page, k)
            counts.append(len(parts))
            for got in parts:
                # nothing scrolls sideways, neither the page nor the diagram's frame
                assert got["overflow"] == 0 and got["frameOverflow"] == 0, (k, got)
                assert not got["grown"], (k, got)
                assert got["labels"] is None or got["labels"] >= floor - 0.05, (k, got)
                assert page.evaluate(TEXT), k
            seen = set().union(*(set(got["inside"]) for got in parts))
            # each box of the step whole on one of its parts
            assert seen == set(parts[0]["inside"]) | set(parts[0]["outside"]), (k, parts)
            assert len(seen) == parts[0]["current"], (k, parts)
            if name == "metformin" and k == 8:
                screenshot(page, f"camera-metformin-{screen}-step9")
        if screen == "phone" and name in ("metformin", "generated-50"):
            assert max(counts) > 1, counts  # the walk met a step in parts
        assert errors == []
    finally:
        context.close()


def test_a_small_pathway_stays_whole_where_it_is_readable(browser, pages):
    """Ketamine on a laptop: the whole at 14 px or more, so no camera moves and no toggle shows."""
    _, html = pages["ketamine"]
    context, page, _ = _open(browser, html, LAPTOP, reduced_motion="reduce")
    try:
        for k in (0, 3, 6):
            got = _go(page, k)
            assert got["camera"] == "whole" and got["allInside"] and got["labels"] >= 14, got
        assert page.locator(".explainer-student .exd-whole").is_hidden()
    finally:
        context.close()


@pytest.mark.parametrize("screen", ["laptop", "phone"])
def test_whole_pathway_toggle_zooms_out_and_back(browser, pages, screen):
    pathway, html = pages["metformin"]
    context, page, errors = _open(browser, html, SCREENS[screen][0], reduced_motion="reduce")
    try:
        step = _go(page, 8)
        toggle = page.get_by_role("button", name="Whole pathway")
        assert toggle.get_attribute("aria-pressed") == "false"
        box = toggle.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24
        assert not step["allInside"]
        toggle.focus()
        page.keyboard.press("Enter")  # a real button: Enter and Space press it
        page.wait_for_function(f"() => document.querySelector('{SVG}').dataset.camera === 'whole'")
        out = page.evaluate(MEASURE)
        assert toggle.get_attribute("aria-pressed") == "true"
        assert out["allInside"] and not out["grown"], out
        assert _go(page, 2)["camera"] == "whole"  # stays out while pressed, at every step
        screenshot(page, f"camera-metformin-{screen}-whole")
        toggle.focus()
        page.keyboard.press("Space")
        page.wait_for_function(f"() => document.querySelector('{SVG}').dataset.camera === 'step'")
        assert toggle.get_attribute("aria-pressed") == "false"
        back = _go(page, 8)
        assert back["viewBox"] == step["viewBox"] and back["outside"] == step["outside"]
        assert errors == []
    finally:
        context.close()


# Every viewBox the SVG takes while it moves from ``k`` (recorded by a MutationObserver).
MOVES = f"""k => new Promise(done => {{ const svg = document.querySelector('{SVG}'), seen = [];
  const watch = new MutationObserver(() => seen.push(svg.getAttribute('viewBox')));
  watch.observe(svg, {{attributes: true, attributeFilter: ['viewBox']}});
  const start = performance.now();
  document.querySelector('.explainer-student .explainer-stepper')
    .dispatchEvent(new CustomEvent('explainer:go-to-step', {{detail: {{step: k}}}}));
  const wait = () => {{ if (svg.dataset.camera !== 'moving') {{ watch.disconnect();
      done({{seen, ms: performance.now() - start}}); }} else requestAnimationFrame(wait); }};
  requestAnimationFrame(wait); }})"""


def test_the_camera_moves_smoothly_and_jumps_under_reduced_motion(browser, pages):
    _, html = pages["metformin"]
    context, page, errors = _open(browser, html, LAPTOP)
    try:
        moved = page.evaluate(MOVES, 8)
        assert len(set(moved["seen"])) >= 5, moved  # frames in between
        assert 250 <= moved["ms"] <= 2000, moved
        end = page.evaluate(f"() => document.querySelector('{SVG}').getAttribute('viewBox')")
        assert moved["seen"][-1] == end
        # interrupted: the next step takes over from where the move is, and ends on its own camera
        page.evaluate(
            MOVES.replace(
                "const start",
                "setTimeout(() => document.querySelector("
                "'.explainer-student .explainer-stepper').dispatchEvent(new CustomEvent("
                "'explainer:go-to-step', {detail: {step: 3}})), 120); const start",
            ),
            0,
        )
        page.wait_for_function(SETTLED, arg=3)
        mid = page.evaluate(f"() => document.querySelector('{SVG}').getAttribute('viewBox')")
        page.emulate_media(reduced_motion="reduce")
        _go(page, 0)
        jumped = page.evaluate(MOVES, 3)
        assert len(jumped["seen"]) == 1 and jumped["seen"][0] == mid, jumped  # one jump, same camera
        assert errors == []
    finally:
        context.close()


def test_tabbing_to_a_box_the_step_leaves_out_shows_the_whole(browser, pages):
    """Focus never lands out of sight: Tab to a box outside the step's camera and the whole shows."""
    pathway, html = pages["metformin"]
    context, page, errors = _open(browser, html, LAPTOP, reduced_motion="reduce")
    try:
        first = _go(page, 0)
        assert first["camera"] == "step"
        page.locator(f'{SVG} [data-id="node:{pathway.steps[0].nodes[-1]}"]').focus()  # the step's: no move
        assert page.evaluate(MEASURE)["viewBox"] == first["viewBox"]
        page.locator(f'{SVG} [data-id="node:sensitivity"]').focus()
        page.wait_for_function(f"() => document.querySelector('{SVG}').dataset.camera === 'whole'")
        assert page.evaluate(MEASURE)["allInside"]
        assert _go(page, 1)["camera"] == "step"  # the next step frames its own boxes again
        assert errors == []
    finally:
        context.close()


def _step_out_and_back(page, name: str) -> None:
    """At step 9: framed at 14 px or more, then "Whole pathway" out (everything inside) and back."""
    page.locator(SVG).scroll_into_view_if_needed()
    page.get_by_role("radio", name="Step 9 of").click()
    page.wait_for_function(SETTLED, arg=8)
    page.wait_for_timeout(60)
    got = page.evaluate(MEASURE)
    assert got["camera"] == "step" and got["labels"] >= 14 - 0.05 and got["outside"] == [], got
    toggle = page.get_by_role("button", name="Whole pathway")
    toggle.click()
    page.wait_for_function(f"() => document.querySelector('{SVG}').dataset.camera === 'whole'")
    assert toggle.get_attribute("aria-pressed") == "true" and page.evaluate(MEASURE)["allInside"]
    screenshot(page, f"camera-{name}-metformin-whole")
    toggle.click()
    page.wait_for_function(f"() => document.querySelector('{SVG}').dataset.camera === 'step'")
    assert page.evaluate(MEASURE)["viewBox"] == got["viewBox"]


def test_the_camera_moves_and_zooms_out_in_voila(browser, tmp_path):
    """The live explorer (the same anywidget, served by Voilà with a kernel): metformin's student
    view frames each step at 14 px or more on a laptop, and "Whole pathway" zooms out and back."""
    from tests.servers import voila_explorer

    with voila_explorer(browser, METFORMIN, tmp_path, **LAPTOP, reduced_motion="reduce") as (page, errors):
        _step_out_and_back(page, "voila")
        assert errors == []


def test_the_camera_moves_and_zooms_out_in_jupyterlab(browser, tmp_path):
    """In JupyterLab, whose cells attach their outputs late: the camera finds its box once laid out."""
    from tests.servers import explorer_notebook, jupyterlab
    from tests.test_live_explorer import _run_all_until

    with jupyterlab(notebook=explorer_notebook(METFORMIN, tmp_path)) as url:
        context = browser.new_context(viewport={"width": 1600, "height": 1000}, reduced_motion="reduce")
        page = context.new_page()
        try:
            page.goto(url, timeout=120_000)
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
            _run_all_until(page, f"{SVG} .exd-item")
            page.wait_for_function(SETTLED, arg=0, timeout=60_000)
            _step_out_and_back(page, "lab")
        finally:
            context.close()


# Every label of the diagram as drawn (the whole pathway), in CSS px.
ALL_LABELS = f"""() => Math.min(...Array.from(document.querySelectorAll('{SVG} text.exd-label'))
  .filter(t => t.getClientRects().length).map(t => {{ const m = t.getScreenCTM();
    return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); }}))"""


@pytest.mark.parametrize("name", ["ketamine", "ssri", "metformin", "atorvastatin", "generated-60"])
def test_the_whole_pathway_at_1920x1080_has_labels_of_12_px_or_more(browser, pages, name):
    """Issue 22's floor for the whole-pathway view: it may go under a step's, never under 12 px
    at 1920x1080 (these pathways draw whole at 12 px: validate has no warning for them)."""
    from explainer.model.fit import fit_findings

    pathway, html = pages[name]
    assert fit_findings(pathway) == []
    context, page, errors = _open(
        browser, html, {"viewport": {"width": 1920, "height": 1080}}, reduced_motion="reduce"
    )
    try:
        page.locator(SVG).scroll_into_view_if_needed()
        toggle = page.get_by_role("button", name="Whole pathway")
        if toggle.is_visible():  # else the step's camera is the whole already
            toggle.click()
        page.wait_for_function(f"() => document.querySelector('{SVG}').dataset.camera === 'whole'")
        got = page.evaluate(MEASURE)
        assert got["allInside"] and not got["grown"] and got["overflow"] == 0, got
        px = page.evaluate(ALL_LABELS)
        screenshot(page, f"camera-{name}-1920-whole")
        assert px >= 12 - 0.05, (name, px)
        assert errors == []
    finally:
        context.close()
