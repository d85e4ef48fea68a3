"""A disk cache for rendered images, so a notebook's cold start does not redraw them.

The cache is generic: a key made of anything that names the output (:func:`entry_key`), and
a tuple of byte strings in and out (:func:`get`, :func:`put`). Frames use it through
:func:`load` and :func:`store`; any other rendered output can use the same two calls.

- **Keyed on everything that shapes the output:** the caller's parts (pathway, branches,
  format), the source of every module of the package (drawing, layout and wording alike:
  the disclaimer in ``__init__``, the attribution in ``schema``), the figure style, the
  matplotlib version and the font files the style resolves to. Any change renders afresh.
- **Verified:** an entry is one file: a header with its key and each item's length, the
  items, and a SHA-256 of all that. A truncated, empty, garbage or mis-summed entry is a miss; it is
  deleted and the fresh render takes its place.
- **Bounded:** at most :data:`MAX_ENTRIES` entries and :data:`MAX_TOTAL` bytes; the oldest
  used go first. A hit refreshes the entry's time.

The folder is ``$EXPLAINER_CACHE_DIR``, else ``$XDG_CACHE_HOME/explainer``, else
``~/.cache/explainer``; ``EXPLAINER_CACHE_DIR=off`` turns the cache off. A cache that cannot
be read or written is skipped, never an error.
"""

import contextlib
import hashlib
import os
import re
import shutil
import struct
from functools import lru_cache
from pathlib import Path

import matplotlib

from explainer.assets import STYLE
from explainer.inputs import InputProblem, read_regular
from explainer.outputs import remove_stale_temporaries, replace_all

PACKAGE = Path(__file__).resolve().parent
MAGIC = b"EXPLCACHE2\n"
SUFFIX = ".entry"
MAX_ENTRIES = 64
MAX_TOTAL = 512_000_000  # bytes
MAX_ITEMS = 10_000
_DIGEST = 32
_ENTRY = re.compile(r"^[0-9a-f]{32}(\.entry)?$")  # this format, and the older folder-per-entry one


def cache_dir() -> Path | None:
    configured = os.environ.get("EXPLAINER_CACHE_DIR")
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "explainer"


@lru_cache(maxsize=1)
def _this_process() -> str:
    """The fingerprint of the code this process runs (read once: it is what was imported)."""
    return code_fingerprint(PACKAGE)


def code_fingerprint(package: Path) -> str:
    """A hash of what, besides the caller's inputs, decides how the output looks."""
    h = hashlib.sha256()
    for path in sorted(package.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    h.update(STYLE.read_bytes())
    h.update(matplotlib.__version__.encode())
    for font in _style_fonts():
        h.update(font.encode() + b"\0" + Path(font).read_bytes())
    return h.hexdigest()


def _style_fonts() -> list[str]:
    """The font files the figure style resolves to (regular and bold: the frames use both)."""
    import matplotlib.style as mstyle
    from matplotlib import font_manager

    with mstyle.context(STYLE):
        family = matplotlib.rcParams["font.family"]
        return sorted(
            {font_manager.findfont(font_manager.FontProperties(family=family, weight=w)) for w in (400, 700)}
        )


def entry_key(*parts) -> str:
    """The key for an output named by ``parts`` (text, bytes, or anything with a stable repr)."""
    h = hashlib.sha256(_this_process().encode())
    for part in parts:
        data = part if isinstance(part, bytes) else (part if isinstance(part, str) else repr(part)).encode()
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()[:32]


def key(pathway, branches, fmt: str) -> str:
    return entry_key("frames", pathway.model_dump_json(), branches, fmt)


def encode(entry: str, items: tuple[bytes, ...]) -> bytes:
    """The entry's bytes: magic, its own key, count, each item's length, the items, a SHA-256.

    The key inside means a valid entry copied under another name is still refused.
    """
    head = MAGIC + entry.encode("ascii") + struct.pack(">I", len(items))
    body = head + b"".join(struct.pack(">Q", len(i)) for i in items) + b"".join(items)
    return body + hashlib.sha256(body).digest()


def decode(entry: str, data: bytes) -> tuple[bytes, ...] | None:
    """The items of an entry, or None unless it is exactly what :func:`encode` wrote for ``entry``."""
    prefix = MAGIC + entry.encode("ascii")
    head = len(prefix) + 4
    body, digest = data[:-_DIGEST], data[-_DIGEST:]
    if len(data) < head + _DIGEST or not body.startswith(prefix):
        return None
    if hashlib.sha256(body).digest() != digest:
        return None
    (count,) = struct.unpack_from(">I", body, len(prefix))
    start = head + 8 * count
    if count > MAX_ITEMS or start > len(body):
        return None
    lengths = struct.unpack_from(f">{count}Q", body, head)
    if start + sum(lengths) != len(body):
        return None
    items = []
    for n in lengths:
        items.append(body[start : start + n])
        start += n
    return tuple(items)


def get(entry: str) -> tuple[bytes, ...] | None:
    """The verified items stored under ``entry``; a missing or bad entry is None (and removed)."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / (entry + SUFFIX)
    if not path.exists():
        return None
    try:
        items = decode(entry, read_regular(path, MAX_TOTAL, "a cache entry"))
    except InputProblem:  # unreadable, or not a regular file (a FIFO would block)
        items = None
    if items is None:
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: pruned last
    return items


def put(entry: str, items: tuple[bytes, ...]) -> None:
    """Keep ``items`` under ``entry`` (atomically), then prune the oldest entries."""
    folder = cache_dir()
    if folder is None:
        return

    try:
        replace_all(folder, {entry + SUFFIX: encode(entry, tuple(items))})
        prune(folder)
    except OSError:
        return


def prune(folder: Path, max_entries: int = MAX_ENTRIES, max_total: int = MAX_TOTAL) -> list[Path]:
    """Remove the least recently used entries beyond the limits (and any older-format entry)."""

    removed = remove_stale_temporaries(folder)
    entries = []
    for path in folder.iterdir():
        if not _ENTRY.match(path.name):
            continue
        if path.is_dir():  # the older format: a folder of files with no checksum
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
            continue
        try:
            st = path.stat()
        except OSError:
            continue
        entries.append((st.st_mtime, st.st_size, path))
    entries.sort(reverse=True)
    total = 0
    for k, (_, size, path) in enumerate(entries):
        total += size
        if k > 0 and (k >= max_entries or total > max_total):  # the newest always stays
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def load(pathway, branches, fmt: str) -> tuple[bytes, ...] | None:
    return get(key(pathway, branches, fmt))


def store(pathway, branches, fmt: str, frames: tuple[bytes, ...]) -> None:
    put(key(pathway, branches, fmt), frames)
