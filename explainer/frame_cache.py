"""A disk cache for rendered frames, so a notebook's cold start does not redraw them.

Frames are a pure function of the pathway, the visible branches, the format, the figure style
and the drawing code. The key hashes all of these (the code by the source text of the modules
that draw, and the matplotlib version), so any change renders afresh. The folder is
``$EXPLAINER_CACHE_DIR``, else ``$XDG_CACHE_HOME/explainer``, else ``~/.cache/explainer``;
``EXPLAINER_CACHE_DIR=off`` turns the cache off. Entries are written atomically; an
unreadable or partial entry is treated as a miss.
"""

import hashlib
import os
from pathlib import Path

import matplotlib

from explainer.assets import STYLE

_DRAWING_CODE = ("draw.py", "layout.py", "frames.py", "graph.py", "text.py")


def cache_dir() -> Path | None:
    configured = os.environ.get("EXPLAINER_CACHE_DIR")
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "explainer"


def key(pathway, branches, fmt: str) -> str:
    h = hashlib.sha256()
    h.update(pathway.model_dump_json().encode())
    h.update(repr((branches, fmt, matplotlib.__version__)).encode())
    h.update(STYLE.read_bytes())
    here = Path(__file__).parent
    for name in _DRAWING_CODE:
        h.update((here / name).read_bytes())
    return h.hexdigest()[:32]


def load(pathway, branches, fmt: str) -> tuple[bytes, ...] | None:
    folder = cache_dir()
    if folder is None:
        return None
    entry = folder / key(pathway, branches, fmt)
    try:
        count = int((entry / "count").read_text())
        return tuple((entry / f"{k:03d}.{fmt}").read_bytes() for k in range(count))
    except (OSError, ValueError):
        return None


def store(pathway, branches, fmt: str, frames: tuple[bytes, ...]) -> None:
    """Keep ``frames``; a cache that cannot be written is skipped, never an error."""
    folder = cache_dir()
    if folder is None:
        return
    from explainer.export import write_atomic

    entry = folder / key(pathway, branches, fmt)
    try:
        for k, data in enumerate(frames):
            write_atomic(entry / f"{k:03d}.{fmt}", data)
        write_atomic(entry / "count", str(len(frames)).encode())  # last: marks the entry complete
    except OSError:
        return
