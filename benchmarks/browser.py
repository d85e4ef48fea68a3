"""Click-to-visible in a real Chromium: the static page, the live explorer in Voilà, and a bare
kernel round trip to compare with.

- client path: a step button in the static explorer page (``jslink`` only, no kernel), and
  a click on a box of the diagram until its article text shows;
- Voilà Next/Previous: the presenter view served live by Voilà. The stepper moves ``step`` in
  the browser and the diagram and panels follow it by ``jsdlink``: no kernel in the path (the
  kernel hears of the new step afterwards), so this should cost less than a round trip;
- bare round trip: a Button whose handler sets a Label, served the same way by a second
  Voilà, the least any kernel-side click can cost;
- branch toggle: the stepper's toggle of a side branch, hidden then shown, until the one SVG
  is in the new state (``data-hidden``) and a frame has begun, on the static page and in Voilà
  (both in the browser: the stepper's branches reach the diagram by a jsdlink);
- camera move: on the 28-node metformin pathway's static page at 1280x800, from a step change
  to the diagram's camera settled on the step (``data-camera``), and the frames it painted.

Each click is dispatched from inside the page and timed there with ``performance.now()``
(see ``click_to_visible.js``), so Playwright's own messaging is not in the numbers. The two
Voilà pages are clicked in turn, one click each, so Next/Previous minus the round trip is not a
difference in how busy the machine was.

The headline is the step's title becoming visible; for the explorer paths the time until the
diagram is in the new step's state and a frame has begun (it is being painted) is recorded
too. Label sizes (CSS px) are read at 1280x800, on the static page and in Voila.
"""

import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.stats import summary
from explainer.loading.pathway import Pathway
from explainer.outputs.page import write_explorer_page
from explainer.words import wording as wd
from tests.chromium import CHROMIUM, CHROMIUM_ARGS, OfflinePage
from tests.servers import voila

HERE = Path(__file__).resolve().parent
PROBE = (HERE / "click_to_visible.js").read_text(encoding="utf-8")
ROUNDTRIP = HERE / "roundtrip.ipynb"

CLICKS = 40  # measured clicks per path
WARMUP = 2  # clicks before those, not kept (first layout, first messages)
SETTLE_MS = 150  # pause after each click, so late kernel messages never overlap the next one
LOAD_MS = 120_000
CLICK_TIMEOUT_MS = 20_000

STEP_BUTTONS = ".explainer-steps button"
DIAGRAM = "svg.explainer-diagram"
ITEMS = f"{DIAGRAM} .exd-item"
NEXT, PREVIOUS = "Next ▶", "◀ Previous"


def require_chromium() -> str:
    """The Chromium executable, or exit with how to get it."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        raise SystemExit(
            f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium` "
            "or point EXPLAINER_CHROMIUM at one"
        )
    return CHROMIUM


@contextmanager
def chromium():
    """A headless Chromium launched by Playwright, always closed."""
    path = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def live_page(browser, url: str, ready: str):
    """A page on ``url`` once ``ready`` matches; yields ``(page, errors)``."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url, timeout=LOAD_MS)
        wait_ready(page, ready, errors)
        page.wait_for_timeout(1000)  # let the last widget views and kernel messages land
        yield page, errors
    finally:
        context.close()


def wait_ready(page, ready: str, errors: list[str]) -> None:
    """Wait for ``ready``; on time-out, say what the page shows instead (a notebook error, say)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_selector(ready, timeout=LOAD_MS)
    except PlaywrightTimeout:
        shown = page.evaluate("document.body.innerText")[-2000:]
        why = f"{page.url}: {ready!r} never showed; page errors {errors}; the page shows:\n{shown}"
        raise RuntimeError(why) from None


def click_ms(page, click: str, label: str, watch: str, want: str, ready: str | None = None) -> dict:
    """Milliseconds from clicking the button ``label`` to ``want`` showing in ``watch``
    (``shownMs``) and, if ``ready`` is given, until it matches and a frame begins (``readyMs``)."""
    arg = {
        "click": click,
        "label": label,
        "watch": watch,
        "want": want,
        "ready": ready,
        "timeoutMs": CLICK_TIMEOUT_MS,
    }
    return page.evaluate(PROBE, arg)


def label_px(page, scope: str = "") -> float:
    """The smallest diagram label on screen in ``scope``, in CSS px (font size times the SVG's scale)."""
    return page.evaluate(
        """sel => Math.min(...Array.from(document.querySelectorAll(sel)).filter(t => t.ownerSVGElement
            .getBoundingClientRect().width > 0).map(t => { const svg = t.ownerSVGElement;
            return parseFloat(getComputedStyle(t).fontSize) * svg.getBoundingClientRect().width
              / svg.viewBox.baseVal.width; }))""",
        f"{scope} {DIAGRAM} text.exd-label".strip(),
    )


@dataclass
class Series:
    """Clicks to time on one page: ``plan`` lists (button label, text expected after it)."""

    page: object
    plan: list[tuple[str, str]]
    click: str  # selector of the buttons
    watch: str  # selector of the element whose text must show
    ready: str | None = None  # selector of the diagram state to wait for, if any ("{k}": the step)


def interleaved(*series: Series) -> list[dict]:
    """Click each series in turn (one click of each, then the next of each), so load on the
    machine falls on all of them alike; keep all but the warm-up clicks.

    Returns, per series, ``{"ms": summary}`` plus ``"ready_ms"`` when it waits for a state.
    """
    shown = [[] for _ in series]
    decoded = [[] for _ in series]
    for i in range(max(len(s.plan) for s in series)):
        for j, s in enumerate(series):
            if i >= len(s.plan):
                continue
            label, want = s.plan[i]
            ready = s.ready.replace("{k}", str(_step_of(label, want))) if s.ready else None
            r = click_ms(s.page, s.click, label, s.watch, want, ready)
            if i >= WARMUP:
                shown[j].append(r["shownMs"])
                decoded[j].append(r["readyMs"])
            s.page.wait_for_timeout(SETTLE_MS)
    return [
        {"ms": summary(shown[j]), **({"ready_ms": summary(decoded[j])} if s.ready else {})}
        for j, s in enumerate(series)
    ]


def _step_of(label: str, want: str) -> int:
    """The 0-based step a plan's click leads to (its expected heading says "Step k of n")."""
    return int(want.split()[1]) - 1


def node_plan(pathway: Pathway, n: int) -> list[tuple[str, str]]:
    """Every box of the diagram in turn, round and round: (its data-id, its text's heading)."""
    names = [(f"node:{node.id}", wd.node_name(pathway, node.id)) for node in pathway.nodes]
    return [names[(i + 1) % len(names)] for i in range(n)]


def step_button_plan(pathway: Pathway, n: int, start: int = 0) -> list[tuple[str, str]]:
    """From step ``start``, the buttons of the next steps round and round: each click shows
    a different step."""
    steps = len(pathway.steps)
    ks = [(start + i + 1) % steps for i in range(n)]
    return [(str(k + 1), wd.step_heading(pathway, k)) for k in ks]


def next_previous_plan(pathway: Pathway, n: int) -> list[tuple[str, str]]:
    """Next to the last step, Previous back to the first, and again (all branches shown)."""
    last = len(pathway.steps) - 1
    plan, k, delta = [], 0, +1
    for _ in range(n):
        if not 0 <= k + delta <= last:
            delta = -delta
        k += delta
        plan.append((NEXT if delta > 0 else PREVIOUS, wd.step_heading(pathway, k)))
    return plan


def ping_plan(n: int) -> list[tuple[str, str]]:
    return [("Ping", str(i + 1)) for i in range(n)]


def client_path(browser, pathway: Pathway) -> dict:
    """Step buttons in the static explorer page, opened from disk with the network cut."""
    with tempfile.TemporaryDirectory(prefix="explainer-bench-") as tmp:
        [html] = write_explorer_page(pathway, Path(tmp))
        offline = OfflinePage(browser)
        try:
            page = offline.page
            page.goto(html.as_uri(), timeout=LOAD_MS)
            page.set_viewport_size({"width": 1280, "height": 800})
            page.wait_for_selector(ITEMS, timeout=LOAD_MS)
            page.wait_for_timeout(500)
            plan = step_button_plan(pathway, WARMUP + CLICKS)
            ready = DIAGRAM + '[data-step="{k}"]'
            [timings] = interleaved(Series(page, plan, STEP_BUTTONS, ".explainer-title", ready))
            [nodes] = interleaved(Series(page, node_plan(pathway, WARMUP + CLICKS), ITEMS, ".explainer-node"))
            branch = branch_toggle_ms(page, pathway, ".exs-toggle", "")
            return {
                **timings,
                "node_click": nodes,
                "branch_toggle": branch,
                "label_px_1280x800": label_px(page),
                "errors": offline.errors,
                "blocked_requests": offline.requests,
            }
        finally:
            offline.close()


def branch_toggle_ms(page, pathway: Pathway, click: str, scope: str) -> dict | None:
    """Milliseconds from a click on the last side branch's switch to the diagram in the new
    state with a frame begun, hiding and showing in turn (``None``: the pathway has no branch)."""
    if not pathway.branches:
        return None
    name = pathway.branches[-1]
    label = f"Show: {wd.branch_label(pathway, name)}"
    diagram = f"{scope} {DIAGRAM}".strip()
    hidden, shown = f'{diagram}[data-hidden~="{name}"]', f'{diagram}:not([data-hidden~="{name}"])'
    times = []
    for i in range(WARMUP + CLICKS):
        r = click_ms(page, click, label, None, "", hidden if i % 2 == 0 else shown)
        if i >= WARMUP:
            times.append(r["readyMs"])
        page.wait_for_timeout(SETTLE_MS)
    return {"ms": summary(times), "branch": name}


METFORMIN = HERE.parent / "tests" / "pathways" / "metformin.yaml"
# Each step in turn: the milliseconds from the step change to the camera settled, and the
# viewBoxes the SVG took on the way (one per frame painted).
CAMERA_MOVE = """k => new Promise(done => {
  const svg = document.querySelector('svg.explainer-diagram'); let frames = 0;
  const watch = new MutationObserver(() => { frames += 1; });
  watch.observe(svg, {attributes: true, attributeFilter: ['viewBox']});
  const start = performance.now();
  document.querySelector('.explainer-stepper')
    .dispatchEvent(new CustomEvent('explainer:go-to-step', {detail: {step: k}}));
  const wait = () => { if (svg.dataset.step === String(k) && svg.dataset.camera !== 'moving') {
      watch.disconnect(); done({ms: performance.now() - start, frames}); }
    else requestAnimationFrame(wait); };
  requestAnimationFrame(wait); })"""


def camera_moves(browser, rounds: int = 3) -> dict:
    """The explorer's camera between steps (metformin, static page, 1280x800): medians."""
    from explainer.loading.pathway import load_pathway

    pathway = load_pathway(METFORMIN)
    with tempfile.TemporaryDirectory(prefix="explainer-bench-") as tmp:
        [html] = write_explorer_page(pathway, Path(tmp))
        offline = OfflinePage(browser, width=1280, height=800)
        try:
            page = offline.page
            page.goto(html.as_uri(), timeout=LOAD_MS)
            page.wait_for_selector(ITEMS, timeout=LOAD_MS)
            page.wait_for_timeout(500)
            moves = [page.evaluate(CAMERA_MOVE, k) for _ in range(rounds) for k in range(len(pathway.steps))]
            moves = moves[1:]  # step 0 again at the start: nothing moves
            return {
                "ms": summary([m["ms"] for m in moves]),
                "frames": summary([float(m["frames"]) for m in moves]),
                "errors": offline.errors,
            }
        finally:
            offline.close()


def live_paths(browser, pathway: Pathway) -> dict:
    """Two Voilà servers, one page each: the notebook and ``roundtrip.ipynb``.

    Next/Previous in the presenter view (in the browser, no kernel) and the bare round trip are clicked
    in turn; then the presenter's step buttons (the client path inside Voilà, to compare with
    the static page).
    """
    n = WARMUP + CLICKS
    presenter = ".explainer-presenter"
    title, ready = f"{presenter} .explainer-title", f"{presenter} {DIAGRAM}" + '[data-step="{k}"]'
    with (
        voila() as main_url,
        voila(notebook=ROUNDTRIP) as bare_url,
        live_page(browser, main_url, f".explainer-student {STEP_BUTTONS}") as (page, errors),
        live_page(browser, bare_url, ".bench-pong") as (bare, bare_errors),
    ):
        steps = next_previous_plan(pathway, n)
        voila_next, roundtrip = interleaved(
            Series(page, steps, f"{presenter} button", title, ready),
            Series(bare, ping_plan(n), ".bench-ping", ".bench-pong"),
        )
        here = [wd.step_heading(pathway, k) for k in range(len(pathway.steps))].index(steps[-1][1])
        plan = step_button_plan(pathway, n, start=here)
        [client] = interleaved(Series(page, plan, f"{presenter} {STEP_BUTTONS}", title, ready))
        toggle = branch_toggle_ms(page, pathway, f"{presenter} .exs-toggle", presenter)
        page.set_viewport_size({"width": 1280, "height": 800})
        page.wait_for_timeout(500)
        sizes = {view: label_px(page, f".explainer-{view}") for view in ("presenter", "student")}
        return {
            "label_px_1280x800": sizes,
            "voila_next": {**voila_next, "errors": errors},
            "roundtrip": {**roundtrip, "errors": bare_errors},
            "voila_client": {**client, "errors": errors},
            "voila_branch_toggle": toggle,
        }


def run(pathway: Pathway) -> dict:
    """The static page first, then both Voilà servers, in one browser."""
    with chromium() as browser:
        result = {"chromium": browser.version, "client": client_path(browser, pathway)}
        result["camera"] = camera_moves(browser)
        result.update(live_paths(browser, pathway))
    live, bare = result["voila_next"]["ms"], result["roundtrip"]["ms"]
    result["voila_next_minus_roundtrip_ms"] = live["median"] - bare["median"]
    # The same, click by click (each Next/Previous against the round trip clicked next to it).
    pairs = [k - b for k, b in zip(live["samples"], bare["samples"], strict=True)]
    result["voila_next_minus_roundtrip_paired_ms"] = summary(pairs)
    return result
