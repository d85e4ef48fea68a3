"""Save-to-visible in the preview (``python -m explainer preview``), in a real Chromium.

A copy of a pathway (with its article) is previewed by a real server on a free loopback port;
each save changes the first step's title, as an author would, and is timed from the save (the
file renamed into place, as editors save) until the page shows the new title (the text part),
and until it shows that version's diagram. Pathways: the starter ``new`` writes for the tests'
article (two boxes), and the shipped ketamine pathway (22 boxes and links, 7 steps).
"""

import os
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.stats import summary
from explainer.authoring.starter import write_starter
from explainer.loading.assets import ARTICLES, DEFAULT_PATHWAY
from tests.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.new_article import write_article
from tests.servers import preview_server

SAVES = 12  # measured saves per pathway
WARMUP = 2  # saves before those, not kept (first layouts, first imports in the worker)
SETTLE_S = 0.5  # after each save is shown, so that the watcher is idle again
TIMEOUT_MS = 60_000


def _save(path: Path, text: str) -> float:
    temp = path.with_name(f".{path.name}.saving")
    temp.write_text(text, encoding="utf-8")
    t0 = time.perf_counter()
    os.replace(temp, path)
    return t0


def _pathways(folder: Path) -> dict[str, tuple[Path, str]]:
    """``{name: (pathway file, its first step's title line)}``, written into ``folder``."""
    starter = write_starter(write_article(folder / "starter"), "naloxone")[0]
    (folder / "ketamine").mkdir()
    for name in ("ketamine-article.txt", "ketamine-article.yaml"):
        shutil.copy(ARTICLES / name, folder / "ketamine" / name)
    shutil.copy(DEFAULT_PATHWAY.parent / "references.yaml", folder / "ketamine")
    ketamine = folder / "ketamine" / "ketamine.yaml"
    shutil.copy(DEFAULT_PATHWAY, ketamine)
    return {
        "starter (2 boxes)": (starter, 'title: "A first step"'),
        "ketamine (7 steps)": (ketamine, "title: Ketamine blocks the NMDA receptor"),
    }


def _measure(page, path: Path, line: str) -> tuple[list[float], list[float]]:
    original = path.read_text(encoding="utf-8")
    assert line in original, line
    text_ms, diagram_ms = [], []
    for k in range(WARMUP + SAVES):
        title = f"Saved {k}"
        t0 = _save(path, original.replace(line, f'title: "{title}"', 1))
        page.wait_for_function(
            "t => document.querySelector('[data-testid=step-0] .explainer-title')?.textContent.includes(t)",
            arg=title,
            timeout=TIMEOUT_MS,
        )
        shown = time.perf_counter()
        page.wait_for_function(
            "() => document.body.dataset.shown === `${document.body.dataset.version}-diagram`",
            timeout=TIMEOUT_MS,
        )
        drawn = time.perf_counter()
        if k >= WARMUP:
            text_ms.append((shown - t0) * 1000)
            diagram_ms.append((drawn - t0) * 1000)
        time.sleep(SETTLE_S)
    return text_ms, diagram_ms


def run() -> dict:
    from playwright.sync_api import sync_playwright

    out = {}
    with tempfile.TemporaryDirectory(prefix="explainer-bench-preview-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, (path, line) in _pathways(Path(tmp)).items():
                with preview_server(path) as (url, _, _):
                    page = browser.new_page()
                    page.goto(url, timeout=TIMEOUT_MS)
                    text_ms, diagram_ms = _measure(page, path, line)
                    page.close()
                out[name] = {"text_ms": summary(text_ms), "diagram_ms": summary(diagram_ms)}
        finally:
            browser.close()
    return out


if __name__ == "__main__":
    import json

    print(json.dumps({k: {m: v[m]["median"] for m in v} for k, v in run().items()}, indent=1))
