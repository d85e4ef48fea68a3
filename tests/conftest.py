"""Shared fixtures: headless matplotlib, no leaked figures or rcParams, the pathway."""

import os
import re
import shutil
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

from explainer import load_pathway  # noqa: E402
from explainer.model.graph import build_graph  # noqa: E402

# Hypothesis' 200 ms deadline is a timed assertion: on a loaded 2-core machine a correct example
# can take longer (test_text_escaping failed so once). Speed is measured in make bench, not here.
settings.register_profile("explainer", deadline=None)
settings.load_profile("explainer")

CACHE_PREFIX = "explainer-test-cache-"
_CACHE = pytest.StashKey[str]()


def pytest_configure(config):
    """Tests render frames themselves: a fresh frame cache per run (kernels started by nbval
    inherit it), removed when the run ends (and, if the run was killed, by the next run). Set
    here, not at import: the benchmarks keep the user's cache (they import tests/chromium.py)."""
    remove_stale_caches(Path(tempfile.gettempdir()))
    folder = tempfile.mkdtemp(prefix=f"{CACHE_PREFIX}{os.getpid()}-")
    config.stash[_CACHE] = folder
    os.environ["EXPLAINER_CACHE_DIR"] = folder


def pytest_collection_modifyitems(config, items):
    """A test that drives Chromium is marked ``browser``, whether it says so or only asks for a
    browser through a fixture (``make test-fast`` leaves them out)."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


def pytest_unconfigure(config):
    folder = config.stash.get(_CACHE, None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def remove_stale_caches(folder: Path) -> list[Path]:
    """Remove the test frame caches in ``folder`` whose run (the PID in the name) has ended."""
    removed = []
    for path in folder.glob(f"{CACHE_PREFIX}*"):
        run = re.fullmatch(rf"{CACHE_PREFIX}(\d+)-\w+", path.name)
        if run and path.is_dir() and not _running(int(run[1])):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # no signal sent: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


@pytest.fixture(autouse=True)
def _clean_matplotlib():
    saved = matplotlib.rcParams.copy()
    yield
    plt.close("all")
    matplotlib.rcParams.update(saved)


@pytest.fixture(scope="session")
def pathway():
    return load_pathway()


@pytest.fixture(scope="session")
def graph(pathway):
    return build_graph(pathway)


# -- real browser (Debian's Chromium driven by Playwright) ----------------------------------
from tests.chromium import CHROMIUM, CHROMIUM_ARGS, OfflinePage  # noqa: E402

SCREENSHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium; skipped with a reason where it is missing, failed in CI."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        reason = f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium`"
        if os.environ.get("EXPLAINER_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def offline_page(browser):
    page = OfflinePage(browser)
    yield page
    page.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


# -- a second, small pathway: the annotated example of docs/authoring.md ---------------------
GUIDE = Path(__file__).resolve().parent.parent / "docs" / "authoring.md"


def guide_example_text() -> str:
    """The YAML of the guide's annotated example (two steps, one side branch)."""
    return re.search(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)[1]


@pytest.fixture(scope="session")
def small_pathway(tmp_path_factory):
    path = tmp_path_factory.mktemp("guide") / "example.yaml"
    path.write_text(guide_example_text(), encoding="utf-8")
    return load_pathway(path)


AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page, selector: str) -> list[dict]:
    """axe-core's violations (any impact) inside the first element matching ``selector``."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make setup` (npm ci installs axe-core)")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async sel => {
          const r = await axe.run(document.querySelector(sel), {resultTypes: ['violations']});
          return r.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.map(n => n.html.slice(0, 200))}));
        }""",
        selector,
    )


def images_without_alt(page, selector: str) -> list[str]:
    """Images (``<img>``, ``role=img``, ``<svg>``) inside ``selector`` with no text alternative."""
    return page.evaluate(
        """sel => Array.from(document.querySelector(sel).querySelectorAll('img, [role=img], svg'))
          .filter(e => !(e.getAttribute('alt') || e.getAttribute('aria-label')
                         || e.getAttribute('aria-labelledby') || e.closest('[aria-hidden=true]')))
          .map(e => e.outerHTML.slice(0, 120))""",
        selector,
    )


# -- a second mechanism, written as a teacher would (SSRIs: 18 nodes, a feedback loop) ---
SSRI = Path(__file__).resolve().parent / "pathways" / "ssri.yaml"


@pytest.fixture(scope="session")
def ssri():
    return load_pathway(SSRI)


@pytest.fixture(scope="session")
def ssri_graph(ssri):
    return build_graph(ssri)


# -- layout in the browser: the stage (controls and diagram) and the text ---------------------
LABEL_PX = """root => { const svg = document.querySelector(root + ' svg.explainer-diagram');
  const r = svg.getBoundingClientRect(), vb = svg.viewBox.baseVal;
  const scale = Math.min(r.width / vb.width, r.height / vb.height);
  return Math.min(...Array.from(svg.querySelectorAll('text.exd-label'))
    .map(t => parseFloat(getComputedStyle(t).fontSize) * scale)); }"""
STAGE = """root => { const r = document.querySelector(root);
  const box = e => { const b = e.getBoundingClientRect();
    return {top: b.top, bottom: b.bottom, left: b.left, right: b.right}; };
  const shown = e => e.getClientRects().length > 0;
  const stage = r.querySelector(':scope > .explainer-stage');
  const all = sel => Array.from(r.querySelectorAll(sel)).filter(shown);
  const controls = Array.from(stage.querySelectorAll('button, select')).filter(shown);
  return {stage: box(stage), controls: controls.map(box),
    diagram: box(stage.querySelector('svg.explainer-diagram')), title: box(all('.explainer-title')[0]),
    texts: all('.explainer-quote, .explainer-title, .explainer-node, .explainer-question, '
      + '.explainer-choice-label').map(box)}; }"""


def smallest_label_px(page, root: str) -> float:
    """The smallest box label of the diagram in ``root``, in CSS px as drawn."""
    return page.evaluate(LABEL_PX, root)


def read_on(page, root: str, height: int, by: int = 400) -> tuple[dict, dict]:
    """Bring the student explorer ``root``'s stage to the top, then scroll its text ``by`` px with
    the mouse wheel over the text, as a reader does (whatever box scrolls: the window, Voilà's
    cells, Lab's notebook). Returns the stage, its controls, the diagram and the texts, before and after."""
    page.locator(f"{root} > .explainer-stage").evaluate("e => e.scrollIntoView({block: 'start'})")
    before = page.evaluate(STAGE, root)
    stage = before["stage"]  # the wheel over the text just beneath the stage
    page.mouse.move((stage["left"] + stage["right"]) / 2, min(stage["bottom"] + 60, height - 40))
    page.mouse.wheel(0, by)
    page.wait_for_function(  # at least 200 px: a short page may end before ``by``
        f"([root, top]) => ({STAGE})(root).title.top < top", arg=[root, before["title"]["top"] - 200]
    )
    return before, page.evaluate(STAGE, root)


def assert_stage_in_view(before: dict, after: dict, width: int, height: int) -> None:
    """The controls and the whole diagram stay on screen while the text went up beneath them."""
    assert after["stage"]["top"] == pytest.approx(before["stage"]["top"], abs=2)
    assert after["stage"]["top"] >= 0
    assert after["controls"], after
    for box in [*after["controls"], after["diagram"]]:
        assert box["top"] >= 0 and box["bottom"] <= height and box["left"] >= 0 and box["right"] <= width, box
    top = after["stage"]["top"]  # where the scrolling box starts (under Lab's menus and toolbar)
    assert after["diagram"]["bottom"] - top <= 0.6 * (height - top), after  # the text keeps 40 % of it
    assert after["title"]["top"] <= before["title"]["top"] - 200  # the text did scroll
    beneath = [b for b in after["texts"] if after["stage"]["bottom"] <= b["top"] < height]
    assert beneath, after  # and goes on beneath the stage
