"""Deck export: time to write the slide deck and the static explorer page, and their sizes;
the PowerPoint file's size and its step slides' smallest label, for ketamine and a generated
28-node pathway (issue 21's target: 2 MB or less, native shapes).

The frames behind the explorer page are cached per process (``explainer.rendering.frames``); the cache
is cleared before each run, so every run costs what ``make slides`` pays in a fresh process
(less the imports).
"""

import io
import tempfile
import time
from pathlib import Path

from pptx import Presentation

from benchmarks.stats import summary
from explainer.loading.pathway import Pathway
from explainer.outputs.page import write_explorer_page
from explainer.outputs.pptx_deck import pptx_files
from explainer.outputs.slides import write_slides
from explainer.rendering import frames
from tests.generate import generated

RUNS = 3
MB = 1_000_000
BIG = (28, 5)  # a generated 28-node pathway, 13 steps (nodes, seed)


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
    result["pptx"] = {"ketamine": pptx_measures(pathway), "28 nodes": pptx_measures(big_pathway())}
    return result


def big_pathway() -> Pathway:
    return generated(*BIG, n_steps=13, long_labels=False)


def pptx_measures(pathway: Pathway) -> dict:
    """Time to make the .pptx, its size, and the smallest label on its step slides (points)."""
    t0 = time.perf_counter()
    data = next(iter(pptx_files(pathway).values()))
    seconds = time.perf_counter() - t0
    sizes = []
    for slide in Presentation(io.BytesIO(data)).slides:
        kind = next((s for s in slide.shapes if s.name == "Kind"), None)
        if kind is None or not kind.text_frame.text.startswith("Step "):
            continue
        diagram = next(s for s in slide.shapes if s.name == "Diagram")
        for member in diagram.shapes:
            for shape in member.shapes if member.shape_type == 6 else [member]:  # 6: a group
                if shape.has_text_frame:
                    sizes += [r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs]
    return {"s": seconds, "mb": len(data) / MB, "min_label_pt": min(sizes)}
