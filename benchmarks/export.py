"""Deck export: time to write the slide deck and the static explorer page, and their sizes.

The frames behind the explorer page are cached per process (``explainer.frames``); the cache
is cleared before each run, so every run costs what ``make slides`` pays in a fresh process
(less the imports).
"""

import tempfile
import time
from pathlib import Path

from benchmarks.stats import summary
from explainer import frames
from explainer.page import write_explorer_page
from explainer.pathway import Pathway
from explainer.slides import write_slides

RUNS = 3
MB = 1_000_000


def clear_frame_cache() -> bool:
    """Forget rendered frames; False if the cache is not where this benchmark expects it."""
    cache = getattr(frames, "_frames", None)
    if cache is None or not hasattr(cache, "cache_clear"):
        return False
    cache.cache_clear()
    return True


def timed_write(write, pathway: Pathway, out: Path) -> tuple[float, Path]:
    clear_frame_cache()
    t0 = time.perf_counter()
    paths = write(pathway, out)
    return time.perf_counter() - t0, paths[-1]  # the HTML file (the deck's notebook comes first)


def run(pathway: Pathway, runs: int = RUNS) -> dict:
    result = {"frame_cache_cleared": clear_frame_cache()}
    with tempfile.TemporaryDirectory(prefix="explainer-bench-") as tmp:
        for name, write in (("slides", write_slides), ("explorer_page", write_explorer_page)):
            timings = [timed_write(write, pathway, Path(tmp)) for _ in range(runs)]
            result[name] = {
                "s": summary([s for s, _ in timings]),
                "mb": timings[-1][1].stat().st_size / MB,
            }
    return result
