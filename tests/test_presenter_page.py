"""The presenter page (``make present``) on a 1920x1080 projector and a 1366x768 classroom laptop.

Every step's whole passage (each quote, with its attribution) is read on the screen with no
scrolling: the diagram beside the step's text, and a passage too long for its box goes on in a
second page that the clicker's Next reaches before the next step. Asserted with line boxes: every
line of every quote is shown whole, inside the text's box and the screen, on one of its step's
pages, and no line of the text's box (what follows the passage too) is ever shown in part; the bar
under it says what goes on (the text, the diagram or both); the screen itself never scrolls. The
step's box labels, as the camera frames them, are 24 px or more at 1920x1080 and 18 px or more at
1366x768 on every page of every step, and every box of the step is whole in the diagram's frame on
one of the step's pages: a step too big for one picture at that size is shown in shots, which the
clicker reaches as the step's pages. Nine mechanisms: ketamine (the notebook ``make present``
serves) and its research view (the project's summaries with references, read as the quotes are),
sertraline and the SSRI pathway, the 28-node metformin pathway (its feedback loop, step 9, in
shots), a synthetic one whose first passage is 1,795 characters long, the reviewer's 29-node
atorvastatin pathway, and two generated ones whose steps pick boxes anywhere. axe finds nothing
on the whole page for ketamine, the research view, metformin and the generated 60-node one.
"""

import shutil
from pathlib import Path

import nbformat
import pytest

from explainer import load_pathway
from explainer.loading.assets import RESEARCH_PATHWAY
from tests.conftest import SSRI, axe_violations, screenshot
from tests.generate import generated
from tests.servers import PRESENT, free_port, jupyterlab, spawn, voila, wait_line
from tests.servers import ROOT as PROJECT
from tests.servers import _stop as stop
from tests.synthetic import synthetic_pathway
from tests.test_live_explorer import _run_all_until

pytestmark = pytest.mark.browser

TESTS = Path(__file__).resolve().parent
OTHERS = {
    "research": RESEARCH_PATHWAY,  # the project's own words, with notes and citations
    "sertraline": TESTS / "second_mechanism" / "sertraline.yaml",
    "ssri": SSRI,
    "metformin": TESTS / "pathways" / "metformin.yaml",
    "atorvastatin": TESTS / "pathways" / "atorvastatin.yaml",  # the reviewer's 29 nodes, issue 22
}
SIZES = [(1920, 1080), (1366, 768)]
FLOORS = {(1920, 1080): 24, (1366, 768): 18}  # CSS px of the step's box labels (issue 22)
# Generated pathways whose steps pick up to four boxes anywhere (tests/generate.py, walk=False):
# (nodes, seed, long labels), six steps each.
GENERATED = {"generated-30": (30, 5, False), "generated-60": (60, 9, None)}
ROOT = ".explainer-presenter"

# Where the screen and the step's text are, and which lines of the step's quotes are on show whole:
# inside the text's box (under the "continued" heading, above the next page's cut) and the window.
READ = """() => {
  // a passage: an article's quote, or (a research view) the project's summary with its references
  const PASSAGE = '.explainer-quote, .explainer-summary';
  const r = document.querySelector('.explainer-presenter');
  const rect = e => { const b = e.getBoundingClientRect();
    return {top: b.top, bottom: b.bottom, left: b.left, right: b.right}; };
  const box = r.querySelector('.exg-box'), head = r.querySelector('.exg-head');
  const bar = r.querySelector('.exg-bar');
  const page = Array.from(box.querySelectorAll(':scope > .exg-page')).find(p => !p.hidden);
  const b = box.getBoundingClientRect();
  // the box's clip-path: inset(top [right [bottom [left]]]) in px
  const inset = (box.style.clipPath.match(/[\\d.]+/g) || ["0"]).map(parseFloat);
  const lid = inset[0], cut = inset.length > 2 ? inset[2] : inset[0];
  const top = Math.max(b.top + box.clientTop + Math.max(head.hidden ? 0 : head.offsetHeight, lid), 0);
  const bottom = Math.min(b.top + box.clientTop + box.clientHeight - cut, innerHeight);
  const lines = [];
  const range = document.createRange();
  for (const quote of page.querySelectorAll(PASSAGE)) {
    const walker = document.createTreeWalker(quote, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (!t.data.trim()) continue;
      range.selectNodeContents(t);
      for (const l of range.getClientRects()) if (l.height > 0)
        lines.push({top: l.top - b.top + box.scrollTop,
          whole: l.top >= top - 0.5 && l.bottom <= bottom + 0.5});
    }
  }
  // every line of the page's text (what follows the passage too): shown whole or not at all
  const partial = [];
  const seen = page.parentElement.getBoundingClientRect();
  const walker = document.createTreeWalker(page, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (!t.data.trim()) continue;
    range.selectNodeContents(t);
    for (const l of range.getClientRects()) {
      if (!(l.height > 0) || l.bottom <= seen.top + 0.5 || l.top >= seen.bottom - 0.5) continue;
      const inside = l.top >= top - 0.5 && l.bottom <= bottom + 0.5;
      const outside = l.bottom <= top + 0.5 || l.top >= bottom - 0.5;
      if (!inside && !outside) partial.push(t.data.trim().slice(0, 40));
    }
  }
  const title = page.querySelector('.explainer-title');
  return {partial,
    step: Array.from(r.querySelectorAll('.exs-step'))
      .findIndex(s => s.getAttribute('aria-checked') === 'true'),
    title: title.textContent, titleShown: title.getBoundingClientRect().top >= b.top - 0.5
      && title.getBoundingClientRect().bottom <= bottom + 0.5,
    scroll: box.scrollTop, lines, bar: bar.hidden ? null : bar.textContent,
    head: head.hidden ? null : head.textContent,
    screen: rect(r.querySelector('.explainer-screen')), text: rect(box),
    frame: rect(r.querySelector('.exd-frame')),
    quotes: page.querySelectorAll(PASSAGE).length,
    cites: page.querySelectorAll('.explainer-quote cite, .explainer-summary .explainer-refs').length,
    windowScroll: [scrollX, scrollY], focusInside: r.contains(document.activeElement),
  };
}"""


# The step's boxes as the camera (diagram.js) frames them once settled: their smallest label in CSS
# px as drawn, and whether each is inside the diagram's frame (the audience cannot scroll it).
STEP_BOXES = """() => {
  const svg = document.querySelector('.explainer-presenter svg.explainer-diagram');
  const f = svg.closest('.exd-frame').getBoundingClientRect();
  const k = svg.getAttribute('data-step'), r = svg.getBoundingClientRect(), vb = svg.viewBox.baseVal;
  const scale = Math.min(r.width / vb.width, r.height / vb.height);
  const boxes = Array.from(svg.querySelectorAll(`.exd-node.st${k}-current`));
  const px = boxes.flatMap(b => Array.from(b.querySelectorAll('text.exd-label')))
    .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  const out = boxes.filter(b => { const e = b.getBoundingClientRect();
    return e.left < f.left - 1 || e.right > f.right + 1 || e.top < f.top - 1 || e.bottom > f.bottom + 1; });
  return {camera: svg.dataset.camera, px: Math.min(...px), boxes: boxes.length,
    ids: boxes.map(b => b.dataset.id), out: out.map(b => b.dataset.id), shot: svg.dataset.shot,
    scroll: svg.closest('.exd-frame').scrollLeft + svg.closest('.exd-frame').scrollTop};
}"""
SETTLED = f"""() => {{ const s = ({STEP_BOXES})(), still = window.lastScroll === s.scroll;
  window.lastScroll = s.scroll;
  return s.camera !== 'moving' && still; }}"""


# A point inside the first element matching the selector that is on nothing focusable of its own
# (no box or link of the diagram, no button): where a click falls on the explorer's text or background.
PLAIN_POINT = """sel => { const e = document.querySelector(sel), r = e.getBoundingClientRect();
  for (let y = r.top + 3; y < Math.min(r.bottom, innerHeight) - 1; y += 7)
    for (let x = r.left + 3; x < Math.min(r.right, innerWidth) - 1; x += 7) {
      const at = document.elementFromPoint(x, y);
      if (at && e.contains(at) && !at.closest('.exd-item, button, a, summary, select')) return [x, y];
    }
  return null; }"""


def _click_plain(page, selector: str) -> None:
    """Click ``selector`` where nothing focusable of its own is (the text, the diagram's background)."""
    page.locator(selector).first.evaluate("e => e.scrollIntoView({block: 'center'})")  # not under a toolbar
    point = page.evaluate(PLAIN_POINT, selector)
    assert point, selector
    page.mouse.click(*point)


def _notebook(path: Path, pathway: Path | str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import explainer\n\n"
            f'explainer.Explorer(explainer.load_pathway({str(pathway)!r}), view="presenter")'
        )
    ]
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def presenters(tmp_path_factory):
    """Voilà serving a folder of presenter pages: ``make present``'s own notebook, and the others."""
    folder = tmp_path_factory.mktemp("presenters")
    shutil.copy(PRESENT, folder / "ketamine.ipynb")
    pathways = {"ketamine": load_pathway("ketamine")}
    for name, path in OTHERS.items():
        _notebook(folder / f"{name}.ipynb", path)
        pathways[name] = load_pathway(path)
    pathways["long"] = synthetic_pathway(folder, 16, first_passage_words=360)
    _notebook(folder / "long.ipynb", folder / "x16.yaml")
    for name, (n, seed, labels) in GENERATED.items():
        nb = nbformat.v4.new_notebook()
        made = f"generated({n}, {seed}, n_steps=6, long_labels={labels}, walk=False)"
        nb.cells = [
            nbformat.v4.new_code_cell(
                f"import sys\n\nsys.path.insert(0, {str(PROJECT)!r})\n"
                "import explainer\nfrom tests.generate import generated\n\n"
                f'explainer.Explorer({made}, view="presenter")'
            )
        ]
        nbformat.write(nb, folder / f"{name}.ipynb")
        pathways[name] = generated(n, seed, n_steps=6, long_labels=labels, walk=False)
    with voila(folder) as url:
        yield url, pathways


def _open(browser, presenters, name: str, size: tuple[int, int], **extra):
    url, pathways = presenters
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, **extra)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{url}voila/render/{name}.ipynb", timeout=120_000)
    page.wait_for_selector(f"{ROOT} .explainer-player .exp-play", timeout=120_000)
    page.wait_for_selector(f"{ROOT} svg.explainer-diagram .exd-item", timeout=120_000)
    page.wait_for_function("() => document.fonts.status === 'loaded'")
    page.wait_for_timeout(300)  # the text's box measured its pages (after a frame)
    return context, page, errors, pathways[name]


def _on_screen(state: dict, size: tuple[int, int]) -> None:
    """The screen, the diagram's frame and the text's box inside the window, which is not scrolled."""
    width, height = size
    assert state["windowScroll"] == [0, 0], state["windowScroll"]
    for part in ("screen", "text", "frame"):
        box = state[part]
        assert box["top"] >= 0 and box["bottom"] <= height + 0.5, (part, box)
    for part in ("screen", "text", "frame"):
        assert state[part]["left"] >= 0 and state[part]["right"] <= width + 0.5, (part, state[part])


NEXT_OFF = "() => document.querySelector('.explainer-presenter .exs-next').ariaDisabled === 'true'"
MOVED = f"""([step, scroll, bar]) => {{ const s = ({READ})();
  return s.step !== step || Math.abs(s.scroll - scroll) > 0.5 || s.bar !== bar; }}"""
AT = f"""([step, turned]) => {{ const s = ({READ})();
  return s.step === step && (s.scroll > 0) === turned; }}"""


def _wait_for(page, step: int, turned: bool) -> None:
    """Until step ``step`` is on show, on a page after its first (``turned``) or on its first."""
    page.wait_for_function(
        AT,
        arg=[step, turned],
        timeout=15_000,
    )


def _read_steps(page, name: str, size: tuple[int, int], key: str = "PageDown") -> dict:
    """Press ``key`` from step 1 until Next has nowhere to go; returns, per step, its pages' states."""
    steps: dict[int, list[dict]] = {}
    for _ in range(200):
        page.wait_for_function(SETTLED, polling=150, timeout=20_000)  # the camera, and the frame's scroll
        page.wait_for_timeout(300)  # the frame's scroll to the step starts a frame after the camera
        page.wait_for_function(SETTLED, polling=150, timeout=20_000)  # settles (slow under load)
        state = {**page.evaluate(READ), "boxes": page.evaluate(STEP_BOXES)}
        pages = steps.setdefault(state["step"], [])
        pages.append(state)
        _on_screen(state, size)
        assert not state["partial"], (
            name,
            state["step"],
            len(pages),
            "lines shown in part",
            state["partial"],
        )
        shots = not state["boxes"]["shot"].endswith(" of 1")
        if len(pages) > 1 or shots or state["step"] in (0, 5) or name == "long":
            shot = f"presenter-{name}-{size[0]}x{size[1]}-step-{state['step'] + 1:02d}-page-{len(pages)}"
            screenshot(page, shot)
        if page.evaluate(NEXT_OFF):
            return steps
        page.keyboard.press(key)
        page.wait_for_function(MOVED, arg=[state["step"], state["scroll"], state["bar"]], timeout=15_000)
    raise AssertionError(f"{name}: the clicker never reached the end")


def _goes_on(page: dict, after: dict) -> str:
    """What the bar says goes on from ``page`` to the page ``after`` it: the text (scrolled on),
    the diagram (its next shot) or both."""
    text, shot = after["scroll"] != page["scroll"], after["boxes"]["shot"] != page["boxes"]["shot"]
    return {
        (True, True): "The text and the diagram continue",
        (True, False): "The text continues",
        (False, True): "The diagram continues",
    }[(text, shot)]


def _assert_every_line_read(steps: dict, pathway, name: str) -> None:
    assert sorted(steps) == list(range(len(pathway.steps))), (name, sorted(steps))
    for k, pages in steps.items():
        first = pages[0]
        assert first["scroll"] == 0 and first["titleShown"], (name, k, "a step starts at its top")
        assert first["title"].startswith(f"Step {k + 1} of {len(pathway.steps)}")
        assert first["quotes"] == len(pathway.steps[k].passages) == first["cites"], (name, k)
        lines = [line["top"] for line in first["lines"]]
        whole = {round(line["top"]) for p in pages for line in p["lines"] if line["whole"]}
        unread = [top for top in lines if round(top) not in whole]
        assert lines and not unread, (name, k, f"{len(unread)} of {len(lines)} lines never shown whole")
        # one page: no bar; more: each page says so, and the ones after the first are "continued"
        if len(pages) == 1:
            assert first["bar"] is None and first["head"] is None, (name, k)
        else:
            n = len(pages)
            assert [p["bar"] for p in pages] == [
                *(
                    f"{_goes_on(a, b)} on the next page (part {i} of {n}): Next ▶"
                    for i, (a, b) in enumerate(zip(pages, pages[1:], strict=False), 1)
                ),
                f"Continued (part {n} of {n})",
            ], (name, k)
            # a page after the text's first is headed "continued"; a later shot keeps the text's last
            assert first["head"] is None, (name, k)
            heads = [(p["head"] or "").endswith("(continued)") for p in pages[1:]]
            assert heads == [p["scroll"] > 0 for p in pages[1:]], (name, k)


def _assert_every_box_shown_at_the_floor(steps: dict, name: str, size: tuple[int, int]) -> None:
    """On every page of every step the step's labels are at the floor (24 px on a 1920x1080
    projector, 18 px at 1366x768), and every box of the step is whole in the frame on one of the
    step's pages (its shots: the audience cannot scroll); page i shows shot min(i, last).
    ``-rP`` prints the sizes and the shots."""
    floor = FLOORS[size]
    print(f"{name} at {size[0]}x{size[1]}, the step's smallest label (shots):")
    low = []
    for k, pages in steps.items():
        every = set(pages[0]["boxes"]["ids"])
        seen = {i for p in pages for i in p["boxes"]["ids"] if i not in p["boxes"]["out"]}
        px = min(p["boxes"]["px"] for p in pages)
        shots = int(pages[0]["boxes"]["shot"].split(" of ")[1])
        print(f"  step {k + 1}: {px:.1f} px, {shots} shot(s), {len(pages)} page(s)")
        assert every and every <= seen, (name, k, "never whole in the frame", sorted(every - seen))
        assert [p["boxes"]["shot"] for p in pages] == [
            f"{min(i, shots)} of {shots}" for i in range(1, len(pages) + 1)
        ], (name, k, "page i shows shot min(i, last)")
        low += [(k, round(p["boxes"]["px"], 1)) for p in pages if p["boxes"]["px"] < floor - 0.05]
    assert not low, (name, size, "labels under the floor", low)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    "name", ["ketamine", "research", "sertraline", "ssri", "metformin", "atorvastatin", "long", *GENERATED]
)
def test_every_passage_is_read_whole_with_the_clicker(browser, presenters, name, size):
    context, page, errors, pathway = _open(browser, presenters, name, size)
    page.locator(f"{ROOT} .explainer-title").first.click()  # a click on the text: focus in the explorer
    steps = _read_steps(page, name, size)
    _assert_every_line_read(steps, pathway, name)
    _assert_every_box_shown_at_the_floor(steps, name, size)
    if name == "long":  # its first passage takes two pages on either screen
        assert len(steps[0]) == 2, [p["bar"] for p in steps[0]]
    if name == "ketamine":  # ketamine's passages each fit on one page, on either screen
        assert all(len(pages) == 1 for pages in steps.values())
    assert page.evaluate(READ)["focusInside"]
    assert errors == []
    context.close()


def test_continued_page_back_and_forth_with_keys_and_buttons(browser, presenters):
    """Next, Previous and the clicker's keys go through the pages of a step, then the steps."""
    context, page, errors, pathway = _open(browser, presenters, "long", (1366, 768))
    next_, prev = page.locator(f"{ROOT} .exs-next"), page.locator(f"{ROOT} .exs-prev")
    assert page.evaluate(READ)["bar"] == "The text continues on the next page (part 1 of 2): Next ▶"
    assert prev.get_attribute("aria-disabled") == "true"  # the first page of the first step
    next_.click()
    _wait_for(page, 0, True)
    second = page.evaluate(READ)
    assert second["bar"] == "Continued (part 2 of 2)" and second["head"] == f"{second['title']} (continued)"
    assert prev.get_attribute("aria-disabled") == "false"
    assert axe_violations(page, ROOT) == []  # the heading, the bar and the clipped box too
    prev.click()
    _wait_for(page, 0, False)
    next_.click()
    _wait_for(page, 0, True)
    next_.click()
    _wait_for(page, 1, False)
    prev.click()  # a step reached by going back starts at its top too
    _wait_for(page, 0, False)
    page.locator(f"{ROOT} .explainer-title").first.click()
    for key, (step, turned) in [
        ("Space", (0, True)),
        ("PageDown", (1, False)),
        ("ArrowLeft", (0, False)),
        ("ArrowRight", (0, True)),
        ("Shift+Space", (0, False)),
        ("PageDown", (0, True)),
        ("PageDown", (1, False)),
    ]:
        page.keyboard.press(key)
        _wait_for(page, step, turned)
    page.keyboard.press("PageUp")
    _wait_for(page, 0, False)
    assert errors == []
    context.close()


SHOWN = f"""() => {{ const s = ({READ})(), b = ({STEP_BOXES})();
  return [s.step, s.bar, b.shot, document.querySelector('{ROOT} .exp-play').ariaLabel]; }}"""


def test_play_goes_through_the_last_steps_shots_and_stops_after_them(browser, presenters):
    """Play shows every page of a step, its shots too, the last step's included (it stopped on
    arriving at the last step, before its second page), then stops: generated-60's last step is
    in two shots on a 1920x1080 projector."""
    context, page, errors, pathway = _open(browser, presenters, "generated-60", (1920, 1080))
    last = len(pathway.steps) - 1
    page.locator(f"{ROOT} .exs-step").nth(last - 1).click()
    page.locator(f"{ROOT} .explainer-player select").select_option(label="Fast (3 s)")
    page.locator(f"{ROOT} .exp-play").click()
    seen = []
    for _ in range(200):  # every 100 ms, for 20 s: each state the audience sees, in turn
        now = page.evaluate(SHOWN)
        if not seen or seen[-1] != now:
            seen.append(now)
        if now[3] == "Play" and now[0] == last:
            break
        page.wait_for_timeout(100)
    steps = [(k, shot) for k, _, shot, playing in seen if playing == "Pause"]
    assert (last, "1 of 2") in steps and (last, "2 of 2") in steps, seen
    assert seen[-1][:3] == [last, "Continued (part 2 of 2)", "2 of 2"] and seen[-1][3] == "Play", seen
    assert page.locator(f"{ROOT} .exp-play").get_attribute("aria-disabled") == "true"
    assert errors == []
    context.close()


# What the diagram's camera says while it moves: every value of data-camera from now on.
WATCH = """() => { const svg = document.querySelector('.explainer-presenter svg.explainer-diagram');
  window.cameraSaid = [];
  new MutationObserver(() => window.cameraSaid.push(svg.dataset.camera))
    .observe(svg, {attributes: true, attributeFilter: ['data-camera']}); }"""
SHOT = "s => document.querySelector('.explainer-presenter svg.explainer-diagram').dataset.shot === s"
AT_STEP = """k => { const s = document.querySelector('.explainer-presenter svg.explainer-diagram');
  return s.getAttribute('data-step') === String(k) && s.dataset.camera !== 'moving'; }"""
VIEWBOX = (
    "() => document.querySelector('.explainer-presenter svg').getAttribute('viewBox').split(' ').map(Number)"
)


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_shots_back_and_forth_pan_or_jump(browser, presenters, motion):
    """Metformin's feedback loop at 1366x768: Next pans to its second shot (the bar says part 2 of
    2), Previous back to the first, then to step 8; under reduced motion the camera jumps."""
    context, page, errors, _ = _open(browser, presenters, "metformin", (1366, 768), reduced_motion=motion)
    page.locator(f"{ROOT} .exs-step").nth(8).click()
    page.wait_for_function(SHOT, arg="1 of 2")
    page.wait_for_function(SETTLED, polling=150, timeout=20_000)
    first = page.evaluate(VIEWBOX)
    page.evaluate(WATCH)
    page.locator(f"{ROOT} .exs-next").click()
    page.wait_for_function(SHOT, arg="2 of 2")
    state = page.evaluate(READ)
    assert (state["step"], state["bar"]) == (8, "Continued (part 2 of 2)")
    assert page.evaluate(VIEWBOX) != pytest.approx(first, abs=1)
    said = page.evaluate("() => window.cameraSaid")
    assert ("moving" in said) == (motion != "reduce"), said
    page.keyboard.press("PageUp")
    page.wait_for_function(SHOT, arg="1 of 2")
    page.wait_for_function(SETTLED, polling=150, timeout=20_000)
    # its text is whole on the first page: what goes on is the diagram
    assert page.evaluate(READ)["bar"] == "The diagram continues on the next page (part 1 of 2): Next ▶"
    assert page.evaluate(VIEWBOX) == pytest.approx(first, abs=0.05)
    page.keyboard.press("PageUp")
    _wait_for(page, 7, False)
    assert errors == []
    context.close()


def test_a_resized_screen_keeps_the_steps_page_and_its_shot(browser, presenters):
    """From a 1366x768 laptop to a 1920x1080 projector on the second shot of a step in shots at both
    (a generated 60-node pathway, steps picked anywhere: the first such step at 1920x1080): the
    shots are made again for the new frame and floor, and the step stays on its second shot."""
    context, page, errors, _ = _open(browser, presenters, "generated-60", (1920, 1080))
    shots = {}
    for k in range(len(presenters[1]["generated-60"].steps)):
        page.locator(f"{ROOT} .exs-step").nth(k).click()
        page.wait_for_function(AT_STEP, arg=k, timeout=20_000)
        page.wait_for_function(SETTLED, polling=150, timeout=20_000)
        shots[k] = int(page.evaluate(STEP_BOXES)["shot"].split(" of ")[1])
        if shots[k] > 1:
            break
    k, wide = max(shots.items(), key=lambda kv: kv[1])
    assert wide > 1, shots
    page.set_viewport_size({"width": 1366, "height": 768})
    page.wait_for_function(f"() => ({STEP_BOXES})().px <= 18.05", timeout=20_000)
    page.wait_for_function(SETTLED, polling=150, timeout=20_000)
    page.locator(f"{ROOT} .exs-next").click()  # the step's second shot at this size, whatever its count
    page.wait_for_function(f"() => ({STEP_BOXES})().shot.startsWith('2 of ')", timeout=20_000)
    page.wait_for_function(SETTLED, polling=150, timeout=20_000)
    assert page.evaluate(AT_STEP, k), k  # still the same step: it has 2 shots or more here too
    before = page.evaluate(STEP_BOXES)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.wait_for_function(f"() => ({STEP_BOXES})().px >= 23.95", timeout=10_000)
    page.wait_for_function(SETTLED, polling=150, timeout=20_000)
    after = page.evaluate(STEP_BOXES)
    assert after["shot"] == f"2 of {wide}", (k, after)
    shown = lambda s: {i for i in s["ids"] if i not in s["out"]}  # noqa: E731
    assert shown(before) and shown(after), (before, after)
    assert errors == []
    context.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_scrolled_text_starts_at_its_top_on_the_next_step(browser, presenters, size):
    """The wheel scrolls the step's text (its glossary and educator note); Next shows the next
    step's from its top, and coming back does too."""
    context, page, errors, _ = _open(browser, presenters, "ketamine", size)
    box = page.locator(f"{ROOT} .exg-box")
    box.hover()
    page.mouse.wheel(0, 300)
    page.wait_for_function("e => e.scrollTop > 0", arg=box.element_handle())
    page.locator(f"{ROOT} .exs-next").click()
    _wait_for(page, 1, False)
    box.hover()
    page.mouse.wheel(0, 300)
    page.wait_for_function("e => e.scrollTop > 0", arg=box.element_handle())
    page.locator(f"{ROOT} .exs-step").nth(0).click()
    _wait_for(page, 0, False)
    assert errors == []
    context.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", ["ketamine", "research", "metformin", "generated-60"])
def test_axe_finds_nothing_on_the_whole_presenter_page(browser, presenters, name, size):
    """Voilà's page around the explorer too: one main landmark holding the content (issue 22)."""
    context, page, _, _ = _open(browser, presenters, name, size)
    assert axe_violations(page, "html") == []
    context.close()


def test_clicker_keys_after_a_click_on_the_text_or_the_diagram(browser, presenters):
    """A presenter clicks the slide's text, its heading or the diagram's background: focus goes to
    the explorer (not the page's body), and the clicker steps from there."""
    context, page, errors, pathway = _open(browser, presenters, "ketamine", (1920, 1080))
    for where, key, k in (
        (".exg-page:not([hidden]) .explainer-quote blockquote", "PageDown", 1),
        (".explainer-header h1", "ArrowRight", 2),
        (".exd-frame", "PageUp", 1),
        (".explainer-header p", "ArrowLeft", 0),
    ):
        _click_plain(page, f"{ROOT} {where}")
        assert page.evaluate(READ)["focusInside"], where
        page.keyboard.press(key)
        _wait_for(page, k, False)
    assert errors == []
    context.close()


def test_fullscreen_control_is_named_and_pressable(browser, presenters):
    context, page, _, _ = _open(browser, presenters, "ketamine", (1920, 1080))
    full = page.locator(f"{ROOT} .exp-fullscreen")
    assert full.inner_text() == "Full screen" and full.get_attribute("aria-pressed") == "false"
    full.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.fullscreenElement !== null")
    assert page.evaluate("() => document.fullscreenElement.classList.contains('explainer-presenter')")
    page.wait_for_function("e => e.getAttribute('aria-pressed') === 'true'", arg=full.element_handle())
    screen = page.evaluate(READ)["screen"]
    assert screen["top"] >= 0 and screen["bottom"] <= 1080, screen
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.fullscreenElement === null")
    context.close()


# -- JupyterLab and Notebook 7: the clicker after a click on the explorer ---------------------------
ACTIVE_CELL = """() => Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'))
  .findIndex(c => c.classList.contains('jp-mod-active'))"""
FOCUS = """() => { const e = document.activeElement;
  return {explorer: e.closest('.explainer-presenter') !== null, editor: e.closest('.cm-editor') !== null,
    what: e.tagName + '.' + String(e.className).slice(0, 60)}; }"""


@pytest.fixture(scope="module", params=["lab", "notebook"])
def lab_presenter(request, tmp_path_factory):
    """JupyterLab (or Notebook 7) on a notebook whose first cell is the presenter; yields its URL."""
    folder = tmp_path_factory.mktemp(request.param)
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    presenter = 'explainer.Explorer(explainer.load_pathway(), view="presenter")'
    nb.cells = [
        nbformat.v4.new_code_cell(f"import explainer\n\n{presenter}"),
        nbformat.v4.new_code_cell("explainer.load_pathway().title"),  # Run All queues two cells
        nbformat.v4.new_markdown_cell("The end of the notebook."),
    ]
    nbformat.write(nb, folder / "present.ipynb")
    with jupyterlab(folder / "present.ipynb", app=request.param) as url:
        yield request.param, url


def test_the_clicker_steps_the_presenter_after_a_click_in_jupyterlab(browser, lab_presenter):
    """A click on the presenter's text, its diagram or its heading puts focus in the explorer, not in
    the notebook's cell: the clicker's keys step the explorer and the notebook keeps its place."""
    app, url = lab_presenter
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(url, timeout=120_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
    _run_all_until(page, f"{ROOT} .explainer-steps button")
    page.locator(ROOT).first.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(500)
    for where, key, forward in (
        (".exg-box", "PageDown", True),  # the step's text
        (".explainer-header h1", "ArrowRight", True),
        (".exd-frame", "Space", True),
        (".explainer-header p", "PageUp", False),
        (".exg-box", "ArrowLeft", False),
    ):
        _click_plain(page, f"{ROOT} {where}")
        focus, cell = page.evaluate(FOCUS), page.evaluate(ACTIVE_CELL)
        assert focus["explorer"] and not focus["editor"], (app, where, focus)
        before = page.evaluate(READ)
        page.keyboard.press(key)  # the next (or previous) page of the step, or step
        page.wait_for_function(MOVED, arg=[before["step"], before["scroll"], before["bar"]], timeout=15_000)
        after = page.evaluate(READ)
        moved = (after["step"], after["scroll"]) > (before["step"], before["scroll"])
        assert moved == forward, (key, before["step"], after["step"])
        assert page.evaluate(ACTIVE_CELL) == cell, (app, key, "the notebook moved to another cell")
    page.wait_for_function(SETTLED, polling=150, timeout=20_000)
    screenshot(page, f"{app}-presenter-after-clicker")
    context.close()


def test_make_present_serves_another_pathway(browser, tmp_path):
    """``make present PATHWAY=FILE PORT=N``: Voilà on that port serves that pathway's presenter
    view (its title, its first step), not ketamine's."""
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    path = OTHERS["atorvastatin"]
    pathway, port, log = load_pathway(path), free_port(), tmp_path / "present.log"
    # -o: the set-up is taken as done (the tests run in it), so only the recipe runs
    cmd = ["make", "-o", ".venv/.installed", "present", f"PATHWAY={path}", f"PORT={port}"]
    proc = spawn(cmd, log, PROJECT)
    context = None
    try:
        url = wait_line(log, rf"http://127\.0\.0\.1:{port}/", proc, timeout=120)[0]
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        page = context.new_page()
        page.goto(url, timeout=120_000)
        page.wait_for_selector(f"{ROOT} .explainer-player .exp-play", timeout=120_000)
        assert page.locator(f"{ROOT} .explainer-header h1").inner_text() == pathway.title
        assert pathway.steps[0].title in page.locator(f"{ROOT} .explainer-title").first.inner_text()
        assert load_pathway("ketamine").title not in page.content()
    finally:
        if context is not None:
            context.close()
        stop(proc)


# Every label of the presenter's diagram as drawn, in CSS px (the whole pathway, zoomed out).
PRESENTER_SVG = f"{ROOT} svg.explainer-diagram"
ALL_LABELS = f"""() => Math.min(...Array.from(document.querySelectorAll('{PRESENTER_SVG} text.exd-label'))
  .filter(t => t.getClientRects().length).map(t => {{ const m = t.getScreenCTM();
    return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); }}))"""


@pytest.mark.parametrize("name", ["ketamine", "ssri", "metformin", "atorvastatin"])
def test_the_presenters_whole_pathway_at_1920x1080_has_labels_of_12_px_or_more(browser, presenters, name):
    """Issue 22's floor for the whole-pathway view, on the projector: zoomed out at 1920x1080, the
    labels are 12 px or more for a pathway validate has no warning for, every box in the frame."""
    from explainer.model.fit import fit_findings

    context, page, errors, pathway = _open(browser, presenters, name, (1920, 1080), reduced_motion="reduce")
    try:
        assert fit_findings(pathway) == []
        toggle = page.locator(f"{ROOT} .exd-whole")
        if toggle.is_visible():  # else the diagram shows the whole already
            toggle.click()
        page.wait_for_function(
            f"() => document.querySelector('{ROOT} svg.explainer-diagram').dataset.camera === 'whole'"
        )
        inside = page.evaluate(f"""() => {{ const svg = document.querySelector('{PRESENTER_SVG}');
          const f = svg.closest('.exd-frame').getBoundingClientRect();
          return Array.from(svg.querySelectorAll('.exd-node .exd-box')).map(b => b.getBoundingClientRect())
            .every(b => b.left >= f.left - 1 && b.right <= f.right + 1
                        && b.top >= f.top - 1 && b.bottom <= f.bottom + 1); }}""")
        px = page.evaluate(ALL_LABELS)
        screenshot(page, f"presenter-{name}-1920-whole")
        assert inside and px >= 12 - 0.05, (name, inside, px)
        if toggle.is_visible():  # pressed again: the step and its text come back
            toggle.click()
            page.wait_for_function(
                f"() => document.querySelector('{PRESENTER_SVG}').dataset.camera === 'step'"
            )
            assert page.locator(f"{ROOT} .explainer-screen > .explainer-pages").is_visible()
        assert errors == []
    finally:
        context.close()
