"""Writing files safely: everything goes to a temporary file first, then is renamed.

A failed write leaves the previous file intact.
"""

import os
import tempfile
from pathlib import Path

from explainer.frames import figure_bytes, make_frame
from explainer.graph import build_graph
from explainer.pathway import Pathway


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def frame_name(pathway: Pathway, step: int | None) -> str:
    return "whole-pathway" if step is None else f"step-{step + 1:02d}-{pathway.steps[step].id}"


def write_figures(pathway: Pathway, out: Path, formats=("png", "svg")) -> list[Path]:
    """Each step's frame, and the whole pathway, as PNG and SVG under ``out``."""
    g = build_graph(pathway)
    written = []
    for step in (*range(len(pathway.steps)), None):
        fig = make_frame(pathway, step, g)
        for fmt in formats:
            target = Path(out) / f"{frame_name(pathway, step)}.{fmt}"
            written.append(write_atomic(target, figure_bytes(fig, fmt)))
    return written
