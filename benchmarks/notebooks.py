"""Cold execution: the main notebook against a floor notebook, each in a fresh kernel.

The floor (``floor.ipynb``) imports the same stack (matplotlib, networkx, ipywidgets) and
draws one small graph: what any notebook built on it must pay. Runs alternate floor, main,
floor, main, ... so a busy moment on the machine hits both. Each run's time is kernel start
plus every cell, timed the same way for both; the kernel's shutdown is kept apart.
"""

import os
import subprocess
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from benchmarks.stats import summary
from tests.servers import NOTEBOOK

FLOOR = Path(__file__).resolve().parent / "floor.ipynb"
REPS = 5
UNCACHED_REPS = 3
WARMUP = 1  # one unrecorded run of each first: the disk cache, compiled bytecode


def execute_cold(path: Path, env: dict | None = None) -> dict:
    """Run ``path`` in a new kernel; seconds for the start, each code cell, and the total.

    ``env`` adds environment variables for the kernel (e.g. to turn the frame cache off).
    """
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=600,
        store_widget_state=False,  # as Voilà runs it: no widget state written back to the file
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.reset_execution_trackers()
    t0 = time.perf_counter()
    # The kernel's stderr only carries its start-up warnings; errors in cells still raise.
    kernel_env = {**os.environ, **(env or {})}
    with client.setup_kernel(cwd=str(path.parent), stderr=subprocess.DEVNULL, env=kernel_env):
        started = time.perf_counter()
        cells = [_cell_s(client, cell, i) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
        done = time.perf_counter()
    return {
        "start_s": started - t0,
        "cells_s": cells,
        "total_s": done - t0,
        "shutdown_s": time.perf_counter() - done,
    }


def _cell_s(client: NotebookClient, cell, index: int) -> float:
    t0 = time.perf_counter()
    client.execute_cell(cell, index)
    return time.perf_counter() - t0


def run(reps: int = REPS, main: Path = NOTEBOOK, floor: Path = FLOOR) -> dict:
    for _ in range(WARMUP):
        execute_cold(floor)
        execute_cold(main)
    floors, mains = [], []
    for _ in range(reps):
        floors.append(execute_cold(floor))
        mains.append(execute_cold(main))
    # The same notebook with the frame cache off: every frame rendered in the kernel.
    uncached = [execute_cold(main, env={"EXPLAINER_CACHE_DIR": "off"}) for _ in range(UNCACHED_REPS)]
    floor_s = summary([r["total_s"] for r in floors])
    main_s = summary([r["total_s"] for r in mains])
    uncached_s = summary([r["total_s"] for r in uncached])
    return {
        "floor_s": floor_s,
        "main_s": main_s,
        "ratio": main_s["median"] / floor_s["median"],
        "main_uncached_s": uncached_s,
        "uncached_ratio": uncached_s["median"] / floor_s["median"],
        "floor_runs": floors,
        "main_runs": mains,
        "main_cells_median_s": _median_cells(mains),
        "floor_cells_median_s": _median_cells(floors),
    }


def _median_cells(runs: list[dict]) -> list[float]:
    """Median time of each code cell across runs (where the time goes)."""
    return [summary(list(times))["median"] for times in zip(*(r["cells_s"] for r in runs), strict=True)]
