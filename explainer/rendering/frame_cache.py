"""A disk cache for rendered images, so a notebook's cold start does not redraw them.

The cache is generic: a key made of anything that names the output (:func:`entry_key`), and
a tuple of byte strings in and out (:func:`get`, :func:`put`). Frames use it through
:func:`load` and :func:`store`; any other rendered output can use the same two calls.

- **Keyed on everything that shapes the output:** the caller's parts (pathway, branches,
  format), the source of every module of the package (drawing, layout and wording alike:
  the disclaimer in ``__init__``, the attribution in ``schema``), the figure style, the
  matplotlib version and the font files the style resolves to. Any change renders afresh.
- **Signed, not just summed:** an entry is one file: a header with its key, a tag that only
  this user's key makes, each item's length, the items, and an HMAC-SHA-256 of all that under a
  secret key kept outside the cache folder (:func:`key_file`, made on first use, readable by the
  user alone). Whoever can write the folder cannot make an entry that is read back: a planted,
  truncated, garbage or mis-signed entry is a miss; it is deleted and the fresh render takes
  its place.
- **The user's own folder:** the folder must belong to the user and be writable by no one else,
  and the key file must be the user's and private; otherwise the cache is off, with one warning
  saying why and what to do.
- **Bounded, and it removes only its own:** at most :data:`MAX_ENTRIES` entries and
  :data:`MAX_TOTAL` bytes; the oldest used go first. Only files whose header carries this key's
  tag for their own name are ever removed, so a folder shared with other files keeps them (a
  name that looks like an entry is not enough). A hit refreshes the entry's time.

The folder is ``$EXPLAINER_CACHE_DIR``, else ``$XDG_CACHE_HOME/explainer``, else
``~/.cache/explainer``; ``EXPLAINER_CACHE_DIR=off`` turns the cache off. A cache that cannot
be read or written is skipped, never an error.
"""

import contextlib
import hashlib
import hmac
import logging
import os
import re
import secrets
import struct
from functools import lru_cache
from pathlib import Path

import matplotlib

from explainer.loading.assets import STYLE
from explainer.loading.inputs import InputProblem, read_regular
from explainer.outputs.files import remove_stale_temporaries, replace_all

PACKAGE = Path(__file__).resolve().parent.parent  # every module of explainer/, subpackages included
MAGIC = b"EXPLCACHE3\n"
SUFFIX = ".entry"
MAX_ENTRIES = 64
MAX_TOTAL = 512_000_000  # bytes
MAX_ITEMS = 10_000
_DIGEST = 32
_ENTRY = re.compile(r"^[0-9a-f]{32}\.entry$")
_KEY_BYTES = 32
_log = logging.getLogger(__name__)
_warned: set[str] = set()


def configured_dir() -> Path | None:
    """The folder the settings name (it may not exist yet), or None when the cache is off."""
    configured = os.environ.get("EXPLAINER_CACHE_DIR")
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "explainer"


def key_file() -> Path:
    """Where the cache's secret key is kept: in the user's configuration, not in the cache."""
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "explainer" / "cache-key"


def cache_dir() -> Path | None:
    """The cache folder, once it is known to be the user's own; None (and one warning) if not."""
    folder = configured_dir()
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        problem = _not_private(folder, "folder", 0o022)
        if problem is None and folder.resolve() in key_file().resolve().parents:
            problem = f"it holds the cache's key file {key_file()}"
        if problem is None:
            _secret()
    except _Unusable as exc:
        problem = str(exc)
    except OSError:
        return None  # cannot be made or read: skipped silently, as a full disk is
    if problem:
        _warn(
            f"explainer: the frame cache {folder} is not used: {problem}; frames are drawn afresh. "
            "Point EXPLAINER_CACHE_DIR at a folder of your own that only you can write "
            "(chmod go-w), or set it to off"
        )
        return None
    return folder


class _Unusable(Exception):
    """The key file cannot be trusted; the message says why."""


def _not_private(path: Path, what: str, forbidden: int) -> str | None:
    """Why ``path`` is not the user's alone (owner, and no ``forbidden`` mode bits), or None."""
    if os.name != "posix":  # no owner ids nor mode bits to ask: the user profile's ACLs decide
        return None
    st = path.stat()
    if st.st_uid != os.getuid():
        return f"the {what} belongs to another user (uid {st.st_uid})"
    if st.st_mode & forbidden:
        return f"the {what} can be changed by others (mode {st.st_mode & 0o777:o})"
    return None


def _secret() -> bytes:
    """The user's cache key, made on first use (readable by the user alone)."""
    path = key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, secrets.token_bytes(_KEY_BYTES))
            os.close(fd)
            with contextlib.suppress(FileExistsError):  # another process made one first: keep it
                os.link(temp, path)
        finally:
            os.unlink(temp)
    if path.is_symlink() or not path.is_file():
        raise _Unusable(f"its key {path} is not a regular file")
    problem = _not_private(path, f"key file {path}", 0o077)
    if problem:
        raise _Unusable(problem)
    key = path.read_bytes()
    if len(key) != _KEY_BYTES:
        raise _Unusable(f"its key file {path} is damaged (delete it: a new one is made)")
    return key


def _warn(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        _log.warning(message)


@lru_cache(maxsize=1)
def _this_process() -> str:
    """The fingerprint of the code this process runs (read once: it is what was imported)."""
    return code_fingerprint(PACKAGE)


def code_fingerprint(package: Path) -> str:
    """A hash of what, besides the caller's inputs, decides how the output looks."""
    h = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
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


def _tag(entry: str, key: bytes) -> bytes:
    """What only this user's key writes after an entry's name: proof that the file is the cache's."""
    return hmac.new(key, b"explainer cache entry\0" + entry.encode("ascii"), hashlib.sha256).digest()


def _prefix(entry: str, key: bytes) -> bytes:
    return MAGIC + entry.encode("ascii") + _tag(entry, key)


def encode(entry: str, items: tuple[bytes, ...], key: bytes | None = None) -> bytes:
    """The entry's bytes: magic, its own key and tag, count, each item's length, the items, an HMAC.

    The key inside means a valid entry copied under another name is still refused; the HMAC,
    under the user's secret ``key``, that no one without it can write one.
    """
    key = _secret() if key is None else key
    head = _prefix(entry, key) + struct.pack(">I", len(items))
    body = head + b"".join(struct.pack(">Q", len(i)) for i in items) + b"".join(items)
    return body + hmac.new(key, body, hashlib.sha256).digest()


def decode(entry: str, data: bytes, key: bytes | None = None) -> tuple[bytes, ...] | None:
    """The items of an entry, or None unless it is exactly what :func:`encode` wrote for ``entry``."""
    key = _secret() if key is None else key
    prefix = _prefix(entry, key)
    head = len(prefix) + 4
    body, digest = data[:-_DIGEST], data[-_DIGEST:]
    if len(data) < head + _DIGEST or not body.startswith(prefix):
        return None
    if not hmac.compare_digest(hmac.new(key, body, hashlib.sha256).digest(), digest):
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


def is_entry(path: Path, key: bytes | None = None) -> bool:
    """True when ``path`` is a regular file whose header this user's key wrote for its name."""
    name = path.name.removesuffix(SUFFIX)
    if not _ENTRY.match(path.name):
        return False
    expected = _prefix(name, _secret() if key is None else key)
    try:
        if path.is_symlink() or not path.is_file():
            return False
        with open(path, "rb") as f:
            return f.read(len(expected)) == expected
    except OSError:
        return False


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
    """Remove the least recently used entries beyond the limits; only the cache's own entries
    (:func:`is_entry`) are counted or removed, whatever else the folder holds."""
    removed = remove_stale_temporaries(folder)
    key = _secret()
    entries = []
    for path in folder.iterdir():
        if not is_entry(path, key):
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
