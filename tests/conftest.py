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

from explainer import load_pathway  # noqa: E402
from explainer.graph import build_graph  # noqa: E402

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
