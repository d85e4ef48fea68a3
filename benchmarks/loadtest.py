"""A class on one server: N students open ``make present``'s page at once in headless Chromium.

    python -m benchmarks.loadtest --students 1 5 10 --out build/loadtest.json

For each N, a fresh server (the repository's ``voila.json``: preheated pool, culling, limit)
on a free loopback port, stopped by its PID; once its pool is warm, N browser contexts open
the page together. Each student waits for the first usable page (the step buttons drawn from
the kernel's widgets), steps through the pathway with Next, hides a side branch, and leaves
(the page is closed as a tab would be). Reported, never asserted:

- time to the first usable page (p50, p95) and click-to-visible under load (p50, p95),
  each click timed inside the page (``click_to_visible.js``);
- memory: the server's and each kernel's RSS, sampled every second during the visit and for
  ``--after`` seconds after everyone left, with when the kernels were back to the pool size;
- CPU seconds used by the server and its kernels, per student;
- every failed page, with why.

The students' browsers run on the same two cores as the server here; in a class they run on
the students' machines, so these times are an upper bound. Bounded: at most 20 students, each
page 120 s, loopback only.
"""

import argparse
import asyncio
import json
import os
import statistics
import threading
import time
from pathlib import Path

import psutil

from benchmarks.browser import PROBE, require_chromium
from explainer import load_pathway
from explainer.loading.pathway import Pathway
from explainer.words import wording as wd
from tests.chromium import CHROMIUM_ARGS
from tests.servers import PRESENT, ROOT, voila_server

MAX_STUDENTS = 20
PAGE_MS = 120_000
CLICK_MS = 30_000
READY = ".explainer-presenter .explainer-steps button"
PRESENTER = ".explainer-presenter"


def pool_size(config_dirs: tuple[Path, ...] = ()) -> int:
    """The preheated pool of the presenter notebook, as ``voila.json`` sets it (the first of
    ``config_dirs`` that sets the pools wins, then the project's)."""
    for folder in (*config_dirs, ROOT):
        path = folder / "voila.json"
        config = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        pools = config.get("VoilaKernelManager", {}).get("kernel_pools_config")
        if pools:
            return pools.get(PRESENT.name, pools.get("default", {})).get("pool_size", 1)
    return 1


def percentiles(samples: list[float]) -> dict:
    """p50 and p95 (inclusive method), with the samples."""
    if not samples:
        return {"p50": None, "p95": None, "n": 0, "samples": []}
    ordered = sorted(samples)
    p95 = statistics.quantiles(ordered, n=20, method="inclusive")[-1] if len(ordered) > 1 else ordered[0]
    return {"p50": statistics.median(ordered), "p95": p95, "n": len(ordered), "samples": samples}


# -- the server's processes ---------------------------------------------------------------------


def kernel_processes(server: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in server.children(recursive=True):
        try:
            if any("ipykernel" in a for a in child.cmdline()):
                found.append(child)
        except psutil.NoSuchProcess:
            pass
    return found


def snapshot(server: psutil.Process) -> dict:
    """RSS (MB) of the server and of each kernel, and the CPU seconds all of them used (the
    kernels already shut down count in the server's ``children_*`` times once reaped)."""
    kernels, cpu = [], 0.0
    for k in kernel_processes(server):
        try:
            kernels.append(k.memory_info().rss / 2**20)
            t = k.cpu_times()
            cpu += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    t = server.cpu_times()
    return {
        "t": time.monotonic(),
        "server_mb": server.memory_info().rss / 2**20,
        "kernel_mb": kernels,
        "cpu_s": cpu + t.user + t.system + t.children_user + t.children_system,
    }


class Sampler(threading.Thread):
    """Snapshots every ``interval`` seconds until stopped."""

    def __init__(self, server: psutil.Process, interval: float = 1.0):
        super().__init__(daemon=True)
        self.server, self.interval = server, interval
        self.samples: list[dict] = []
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            try:
                self.samples.append(snapshot(self.server))
            except psutil.NoSuchProcess:
                return
            self.done.wait(self.interval)


def wait_warm(server: psutil.Process, kernels: int, timeout: float = 300.0) -> float:
    """Wait until ``kernels`` kernels run and the server and kernels are quiet (< 0.2 CPU s in 2 s)."""
    t0 = time.monotonic()
    last = None
    while time.monotonic() - t0 < timeout:
        s = snapshot(server)
        if len(s["kernel_mb"]) >= kernels and last is not None and s["cpu_s"] - last < 0.2:
            return time.monotonic() - t0
        last = s["cpu_s"]
        time.sleep(2)
    raise RuntimeError(f"the pool of {kernels} kernels was not warm within {timeout:.0f} s")


# -- one student --------------------------------------------------------------------------------


async def click(page, label: str, want: str) -> float:
    arg = {
        "click": f"{PRESENTER} button",
        "label": label,
        "watch": f"{PRESENTER} .explainer-title",
        "want": want,
        "image": None,
        "timeoutMs": CLICK_MS,
    }
    return (await page.evaluate(PROBE, arg))["shownMs"]


async def student(browser, url: str, pathway: Pathway, k: int) -> dict:
    """Open the page, step through with Next, hide the last step's branch, leave."""
    context = await browser.new_context(viewport={"width": 1600, "height": 1000})
    result = {"student": k, "html_ms": None, "scripts_ms": None, "first_page_ms": None}
    result.update(clicks_ms=[], error=None)
    try:
        page = await context.new_page()
        t0 = time.perf_counter()

        def since():
            return (time.perf_counter() - t0) * 1000.0

        # Where the time goes: the server's answer, then the browser loading Voilà's scripts
        # (each context loads its own copy), then the widgets drawn from the kernel's state.
        response = await page.goto(url, timeout=PAGE_MS, wait_until="commit")
        result["html_ms"] = since()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {(await page.inner_text('body'))[:300]}")
        await page.wait_for_load_state("load", timeout=PAGE_MS)
        result["scripts_ms"] = since()
        await page.wait_for_selector(READY, timeout=PAGE_MS)
        result["first_page_ms"] = since()
        steps = len(pathway.steps)
        for s in range(1, steps):
            result["clicks_ms"].append(await click(page, "Next ▶", wd.step_heading(pathway, s)))
        last = pathway.steps[-1]
        if last.branch:  # hiding the branch of the step shown steps back to the one before
            label = f"Show: {wd.branch_label(pathway, last.branch)}"
            result["clicks_ms"].append(await click(page, label, pathway.steps[-2].title))
        await page.close(run_before_unload=True)
    except Exception as exc:  # noqa: BLE001 - every failure is reported, with its page
        result["error"] = f"{type(exc).__name__}: {str(exc)[:400]}"
    finally:
        await context.close()
    return result


async def class_visit(url: str, pathway: Pathway, n: int) -> list[dict]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        try:
            return await asyncio.gather(*(student(browser, url, pathway, k) for k in range(n)))
        finally:
            await browser.close()


# -- one run: N students on a fresh server -------------------------------------------------------


def run(n: int, pathway: Pathway, after_s: float, config_dirs: tuple[Path, ...] = ()) -> dict:
    if not 1 <= n <= MAX_STUDENTS:
        raise SystemExit(f"--students: between 1 and {MAX_STUDENTS}, not {n}")
    pool = pool_size(config_dirs)
    with voila_server(PRESENT, config_dirs) as (url, proc):
        server = psutil.Process(proc.pid)
        warm_s = wait_warm(server, pool)
        before = snapshot(server)
        load = os.getloadavg()  # other work on the machine shares the cores
        sampler = Sampler(server)
        sampler.start()
        t0 = time.monotonic()
        students = asyncio.run(class_visit(url, pathway, n))
        left = time.monotonic()
        time.sleep(after_s)
        sampler.done.set()
        sampler.join()
        end = snapshot(server)
    during = [s for s in sampler.samples if s["t"] <= left]
    after = [s for s in sampler.samples if s["t"] > left]
    # Back to the pool: just after the last sample with more kernels than the pool (refills
    # count); None if there were still more at the end.
    over = [s["t"] - left for s in after if len(s["kernel_mb"]) > pool]
    if not over:
        back = 0.0
    elif len(end["kernel_mb"]) > pool:
        back = None
    else:
        back = over[-1] + sampler.interval
    all_kernels = [mb for s in during for mb in s["kernel_mb"]]
    return {
        "students": n,
        "pool_size": pool,
        "pool_warm_s": warm_s,
        "visit_s": left - t0,
        "load_average_before": load,
        "first_page_ms": percentiles([s["first_page_ms"] for s in students if s["first_page_ms"]]),
        "html_ms": percentiles([s["html_ms"] for s in students if s["html_ms"]]),
        "scripts_ms": percentiles([s["scripts_ms"] for s in students if s["scripts_ms"]]),
        "click_ms": percentiles([ms for s in students for ms in s["clicks_ms"]]),
        "failed": [s for s in students if s["error"]],
        "memory": {
            "idle_server_mb": before["server_mb"],
            "idle_pool_mb": sum(before["kernel_mb"]),
            "peak_kernels": max(len(s["kernel_mb"]) for s in during),
            "peak_total_mb": max(s["server_mb"] + sum(s["kernel_mb"]) for s in during),
            "peak_server_mb": max(s["server_mb"] for s in during),
            "kernel_mb_median": statistics.median(all_kernels),
            "kernel_mb_max": max(all_kernels),
            "after_s": after_s,
            "kernels_after": len(end["kernel_mb"]),
            "total_mb_after": end["server_mb"] + sum(end["kernel_mb"]),
            "back_to_pool_after_s": back,
        },
        "cpu_s_per_student": (sampler.samples[-1]["cpu_s"] - before["cpu_s"]) / n,
        "per_student": students,
        "timeline": [
            {
                "s": round(x["t"] - t0, 1),
                "kernels": len(x["kernel_mb"]),
                "total_mb": round(x["server_mb"] + sum(x["kernel_mb"])),
            }
            for x in sampler.samples
        ],
    }


def table(runs: list[dict]) -> str:
    def f(x, digits=0):
        return "–" if x is None else f"{x:.{digits}f}"

    head = (
        "| students | first page p50 / p95 (s) | click p50 / p95 (ms) | failed | peak kernels "
        "| peak RSS server+kernels (MB) | RSS a kernel (MB) | CPU s a student "
        f"| kernels {runs[0]['memory']['after_s']:.0f} s after | back to pool after (s) |"
    )
    lines = [head, "|" + "---|" * 10]
    for r in runs:
        m = r["memory"]
        lines.append(
            f"| {r['students']} | {f(r['first_page_ms']['p50'] / 1000, 1)} / "
            f"{f(r['first_page_ms']['p95'] / 1000, 1) if r['first_page_ms']['p95'] else '–'} "
            f"| {f(r['click_ms']['p50'])} / {f(r['click_ms']['p95'])} | {len(r['failed'])} "
            f"| {m['peak_kernels']} | {f(m['peak_total_mb'])} | {f(m['kernel_mb_median'])} "
            f"| {f(r['cpu_s_per_student'], 1)} | {m['kernels_after']} (pool {r['pool_size']}) "
            f"| {f(m['back_to_pool_after_s'])} |"
        )
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, nargs="+", default=[1, 5, 10])
    parser.add_argument("--after", type=float, default=120.0, help="seconds watched after they leave")
    parser.add_argument("--out", type=Path, default=Path("build/loadtest.json"))
    parser.add_argument(
        "--config",
        type=Path,
        action="append",
        default=[],
        help="a folder whose voila.json overrides the project's",
    )
    args = parser.parse_args(argv)
    pathway = load_pathway()
    runs = []
    for n in args.students:
        print(f"{n} student(s)...", flush=True)
        runs.append(run(n, pathway, args.after, tuple(args.config)))
        print(table(runs[-1:]).splitlines()[-1], flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    result = {
        "machine": {"cpus": psutil.cpu_count(), "memory_mb": psutil.virtual_memory().total / 2**20},
        "runs": runs,
    }
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(table(runs))
    for r in runs:
        for s in r["failed"]:
            print(f"failed ({r['students']} students): student {s['student']}: {s['error']}")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
