"""Run every benchmark, print a table of medians against targets, write all samples to JSON.

    python -m benchmarks.run --out build/bench.json [--only kernel layout browser notebooks export preview]

Frames come from the user's frame cache (``~/.cache/explainer``), as they do for a teacher;
``EXPLAINER_CACHE_DIR=$(mktemp -d) make bench`` measures with a throwaway one instead, and
``EXPLAINER_CACHE_DIR=off`` with none. The cache used is printed and kept in the JSON.

Targets are reported, never asserted: the static page should change step, and show a box's
text after a click on it, within one frame (16 ms); the live explorer within 10 ms of a bare
kernel round trip; the notebook should start cold within 15 % of a floor notebook on the same
stack; a side branch should show or hide within one frame on the static page (no kernel); the
explorer page should weigh at most 2.0 MB and the deck 1 MB; diagram labels at
least 12 CSS px on a 1280x800 screen; a save should show in the
preview within 1 s.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from benchmarks import browser, export, kernel, layout, notebooks, preview  # noqa: E402
from explainer import load_pathway
from explainer.rendering import frame_cache  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("kernel", "layout", "browser", "notebooks", "export", "preview")

CLIENT_MS = 16.0  # one frame at 60 Hz
LIVE_MS = 10.0  # Voila's Next/Previous over a bare kernel round trip (no kernel in its path: under it)
COLD_RATIO = 1.15
PAGE_MB, DECK_MB = 2.0, 1.0
PPTX_MB, PPTX_LABEL_PT = 2.0, 14.0  # issues 21 and 22: a 28-node pathway's .pptx; step-slide labels
LABEL_PX = 12.0
MODELS = 40  # widget models per explorer (issue 21: it was 150)
SAVE_MS = 1000.0  # issue 24: a save to the pathway shows in the preview within 1 s


@dataclass
class Row:
    """One line of the table; ``limit`` is a target the median should not exceed (or, with
    ``at_least``, not fall below)."""

    measure: str
    median: float
    unit: str
    p90: float | None = None
    limit: float | None = None
    at_least: bool = False

    @property
    def met(self) -> bool | None:
        if self.limit is None:
            return None
        return self.median >= self.limit if self.at_least else self.median <= self.limit

    def as_dict(self) -> dict:
        return {**self.__dict__, "met": self.met}


def row(measure: str, stats: dict, unit: str, limit: float | None = None) -> Row:
    """A row from a :func:`benchmarks.stats.summary`."""
    return Row(measure, stats["median"], unit, stats["p90"], limit)


def kernel_rows(r: dict) -> list[Row]:
    return [
        row("kernel: draw one step (Agg, no file)", r["draw_ms"], "ms"),
        row("kernel: redraw + PNG per click", r["redraw_ms"], "ms"),
        row("kernel: ex.step = k (the stepper's trait; the rest follows it)", r["cached_ms"], "ms"),
        Row("kernel: redraw / ex.step", r["ratio"], "x"),
        *(
            Row(f"widget models per explorer ({view})", n, "", limit=MODELS)
            for view, n in r["models"].items()
        ),
    ]


def layout_rows(r: dict) -> list[Row]:
    rows = []
    for n, times in r["sizes"].items():
        rows.append(row(f"layout: {n} nodes, fit a frame (dot, cold)", times["layout_ms"], "ms"))
        rows.append(row(f"layout: {n} nodes, draw one frame (Agg)", times["draw_ms"], "ms"))
    return rows


def browser_rows(r: dict) -> list[Row]:
    client, live = r["client"], r["voila_next"]
    labels = r["label_px_1280x800"]
    return [
        row("browser: client path (static page, step)", client["ms"], "ms", CLIENT_MS),
        row("browser:   its diagram state painted", client["ready_ms"], "ms", CLIENT_MS),
        row("browser: click a box -> its text (static page)", client["node_click"]["ms"], "ms", CLIENT_MS),
        *_toggle_rows(
            client.get("branch_toggle"), "browser: branch toggle -> painted (static page)", CLIENT_MS
        ),
        row("browser: camera move, step -> settled (metformin)", r["camera"]["ms"], "ms"),
        row("browser:   frames painted per camera move", r["camera"]["frames"], ""),
        row("browser: Voila Next/Previous (stepper in the browser, no kernel)", live["ms"], "ms"),
        row("browser:   its diagram state painted", live["ready_ms"], "ms"),
        row("browser: client path in Voila (step button)", r["voila_client"]["ms"], "ms"),
        *_toggle_rows(r.get("voila_branch_toggle"), "browser: branch toggle -> painted (Voila)", CLIENT_MS),
        row("browser: bare round trip (Voila, Button->Label)", r["roundtrip"]["ms"], "ms"),
        Row(
            "browser: Voila Next/Previous - bare round trip",
            r["voila_next_minus_roundtrip_ms"],
            "ms",
            limit=LIVE_MS,
        ),
        row("browser:   the same, click by click", r["voila_next_minus_roundtrip_paired_ms"], "ms"),
        Row("labels at 1280x800: static page", client["label_px_1280x800"], "px", None, LABEL_PX, True),
        Row("labels at 1280x800: Voila presenter", labels["presenter"], "px", None, LABEL_PX, True),
        Row("labels at 1280x800: Voila student", labels["student"], "px", None, LABEL_PX, True),
    ]


def _toggle_rows(result: dict | None, measure: str, limit: float | None) -> list[Row]:
    return [] if result is None else [row(measure, result["ms"], "ms", limit)]


def notebook_rows(r: dict) -> list[Row]:
    return [
        row("cold: floor notebook", r["floor_s"], "s"),
        row("cold: main notebook (frames from disk cache)", r["main_s"], "s"),
        Row("cold: main / floor", r["ratio"], "x", limit=COLD_RATIO),
        row("cold: main notebook, empty frame cache", r["main_empty_s"], "s"),
        Row("cold: main (empty cache) / floor", r["empty_ratio"], "x", limit=COLD_RATIO),
        row("cold: main notebook, frame cache off", r["main_uncached_s"], "s"),
        Row("cold: main (cache off) / floor", r["uncached_ratio"], "x", limit=COLD_RATIO),
        *(Row(f"cold: main ({name}) / floor, kernel CPU", x, "x") for name, x in r["cpu_ratio"].items()),
    ]


def export_rows(r: dict) -> list[Row]:
    slides, page = r["slides"], r["explorer_page"]
    return [
        row("export: write_slides", slides["s"], "s"),
        row("export: write_explorer_page", page["s"], "s"),
        Row("size: slides HTML", slides["mb"], "MB", limit=DECK_MB),
        Row("size: explorer page HTML", page["mb"], "MB", limit=PAGE_MB),
        *(
            row
            for name, p in r["pptx"].items()
            for row in (
                Row(f"size: PowerPoint, {name}", p["mb"], "MB", limit=PPTX_MB),
                Row(f"PowerPoint step labels, {name}", p["min_label_pt"], "pt", None, PPTX_LABEL_PT, True),
            )
        ),
    ]


def preview_rows(r: dict) -> list[Row]:
    rows = []
    for name, p in r.items():
        if isinstance(p, dict) and "text_ms" in p:
            rows.append(row(f"preview: save -> text on the page, {name}", p["text_ms"], "ms", SAVE_MS))
            rows.append(row(f"preview: save -> diagram on the page, {name}", p["diagram_ms"], "ms"))
    return rows


def table(rows: list[Row]) -> str:
    """A plain-text table: measure, median, p90, target, met."""
    head = ("measure", "median", "p90", "target", "met")
    lines = [head]
    for row in rows:
        lines.append(
            (
                row.measure,
                f"{row.median:.2f} {row.unit}",
                "" if row.p90 is None else f"{row.p90:.2f} {row.unit}",
                "" if row.limit is None else f"{'>=' if row.at_least else '<='} {row.limit:g} {row.unit}",
                {None: "-", True: "yes", False: "NO"}[row.met],
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    fmt = "  ".join(f"{{:{'<' if i == 0 else '>'}{w}}}" for i, w in enumerate(widths))
    out = [fmt.format(*line) for line in lines]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)


def meta() -> dict:
    """Where and on what the numbers were taken."""
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "--", "explainer", "notebooks", "assets"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "commit": commit,
        "uncommitted_changes_in_product": bool(dirty),
        "frame_cache": cache_in_use(),
    }


def cache_in_use() -> str:
    """The frame cache folder this run reads and fills, or "off"."""
    return str(frame_cache.cache_dir() or "off")


def measure(parts: tuple[str, ...]) -> tuple[dict, list[Row]]:
    """Run ``parts`` in a fixed order; returns the raw results and the table rows."""
    pathway = load_pathway()
    steps = {
        "kernel": (lambda: kernel.run(pathway), kernel_rows),
        "layout": (layout.run, layout_rows),
        "browser": (lambda: browser.run(pathway), browser_rows),
        "notebooks": (notebooks.run, notebook_rows),
        "export": (lambda: export.run(pathway), export_rows),
        "preview": (preview.run, preview_rows),
    }
    results, rows = {"meta": meta()}, []
    for part in PARTS:
        if part in parts:
            t0 = time.perf_counter()
            print(f"[bench] {part} ...", file=sys.stderr, flush=True)
            run, to_rows = steps[part]
            results[part] = run()
            results[part]["wall_s"] = time.perf_counter() - t0
            rows += to_rows(results[part])
    return results, rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description=__doc__.splitlines()[0],
        epilog="Frames come from your frame cache (~/.cache/explainer, or $EXPLAINER_CACHE_DIR). "
        "EXPLAINER_CACHE_DIR=$(mktemp -d) measures with a throwaway cache, "
        "EXPLAINER_CACHE_DIR=off with none.",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench.json", help="JSON file to write")
    parser.add_argument("--only", nargs="+", choices=PARTS, default=PARTS, help="run only these parts")
    args = parser.parse_args(argv)
    print(f"[bench] frame cache: {cache_in_use()}", file=sys.stderr, flush=True)
    results, rows = measure(tuple(args.only))
    results["table"] = [row.as_dict() for row in rows]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(table(rows))
    print(f"\nall samples: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
