"""The figures export: each step's frame and the whole pathway, as PNG and SVG files.

Written all-or-none through :mod:`explainer.outputs.files`, like every other export.
"""

from pathlib import Path

from explainer.loading.schema import Pathway
from explainer.outputs.files import write_files
from explainer.rendering.frames import figure_bytes, make_frame, render_frames_as


def frame_name(pathway: Pathway, step: int | None) -> str:
    return "whole-pathway" if step is None else f"step-{step + 1:02d}-{pathway.steps[step].id}"


def figures_files(pathway: Pathway, formats=("png", "svg")) -> dict[str, bytes]:
    """Each step's frame (from the frame cache), and the whole pathway, in each format."""
    files = {}
    whole = make_frame(pathway, None)
    for fmt, frames in render_frames_as(pathway, formats).items():
        for step, data in enumerate(frames):
            files[f"{frame_name(pathway, step)}.{fmt}"] = data
        files[f"{frame_name(pathway, None)}.{fmt}"] = figure_bytes(whole, fmt)
    return files


def write_figures(pathway: Pathway, out: Path, formats=("png", "svg")) -> list[Path]:
    """Each step's frame, and the whole pathway, as PNG and SVG under ``out`` (all or none)."""
    return write_files(out, figures_files(pathway, formats))
