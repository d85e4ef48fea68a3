"""Cold execution: the main notebook against a floor notebook, each in a fresh kernel.

The floor (``floor.ipynb``) imports the same stack (matplotlib, networkx, ipywidgets) and
draws one small graph: what any notebook built on it must pay. Runs alternate floor, main,
floor, main, ... so a busy moment on the machine hits both. Each run's time is kernel start
plus every cell, timed the same way for both; the kernel's shutdown is kept apart. The kernel's
own CPU time (user + system, from its start to the end of the last cell) is kept too: on a
machine others are using, its ratio says more than the wall clock's.

The main notebook runs three ways: frames from the frame cache (as a teacher's second run),
with an empty cache (a first run, or the first after an upgrade: everything drawn and stored),
and with the cache off.
"""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from benchmarks.stats import summary
from tests.servers import NOTEBOOK

FLOOR = Path(__file__).resolve().parent / "floor.ipynb"
REPS = 5
UNCACHED_REPS = 3
EMPTY_REPS = 3
# run after the cells, not timed: the kernel process's CPU seconds so far
CPU_PROBE = "import resource as _r; _u = _r.getrusage(_r.RUSAGE_SELF); print(_u.ru_utime + _u.ru_stime)"
WARMUP = 1  # one unrecorded run of each first: the disk cache, compiled bytecode


def execute_cold(path: Path, env: dict | None = None) -> dict:
    """Run ``path`` in a new kernel; seconds for the start, each code cell, the total, and the
    kernel's CPU seconds (``cpu_s``).

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
        probe = nbformat.v4.new_code_cell(CPU_PROBE)
        nb.cells.append(probe)
        client.execute_cell(probe, len(nb.cells) - 1)
        closing = time.perf_counter()
    return {
        "start_s": started - t0,
        "cells_s": cells,
        "total_s": done - t0,
        "cpu_s": float(probe.outputs[0]["text"]),
        "shutdown_s": time.perf_counter() - closing,
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
    # The same notebook with an empty cache (drawn and stored), and with the cache off.
    empty = [_with_empty_cache(main) for _ in range(EMPTY_REPS)]
    uncached = [execute_cold(main, env={"EXPLAINER_CACHE_DIR": "off"}) for _ in range(UNCACHED_REPS)]
    floor_s = summary([r["total_s"] for r in floors])
    main_s = summary([r["total_s"] for r in mains])
    empty_s = summary([r["total_s"] for r in empty])
    uncached_s = summary([r["total_s"] for r in uncached])
    floor_cpu = summary([r["cpu_s"] for r in floors])["median"]
    return {
        "floor_s": floor_s,
        "main_s": main_s,
        "ratio": main_s["median"] / floor_s["median"],
        "main_empty_s": empty_s,
        "empty_ratio": empty_s["median"] / floor_s["median"],
        "main_uncached_s": uncached_s,
        "uncached_ratio": uncached_s["median"] / floor_s["median"],
        "cpu_ratio": {
            name: summary([r["cpu_s"] for r in runs])["median"] / floor_cpu
            for name, runs in (("cached", mains), ("empty cache", empty), ("cache off", uncached))
        },
        "empty_runs": empty,
        "floor_runs": floors,
        "main_runs": mains,
        "main_cells_median_s": _median_cells(mains),
        "floor_cells_median_s": _median_cells(floors),
    }


def _with_empty_cache(main: Path) -> dict:
    folder = tempfile.mkdtemp(prefix="explainer-bench-cache-")  # the user's alone (mode 0700)
    try:
        return execute_cold(main, env={"EXPLAINER_CACHE_DIR": folder})
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _median_cells(runs: list[dict]) -> list[float]:
    """Median time of each code cell across runs (where the time goes)."""
    return [summary(list(times))["median"] for times in zip(*(r["cells_s"] for r in runs), strict=True)]
