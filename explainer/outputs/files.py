"""The output layer's writing: all of an export's files or none, and one clear line when it fails.

Every output follows one rule: its module builds ``<output>_files(what, ...)``, a
``{file name: bytes}`` dict made and checked in memory (:func:`checked`: nothing the content
never shows), and ``write_<output>(what, out, ...)`` writes them with :func:`write_files` and
returns their paths. ``what`` is a pathway, or for the site its pathway files. The modules:
``figures``, ``slides`` (deck), ``page`` (explorer page), ``handout``, ``pptx_deck``
(PowerPoint) and ``site``.

:func:`write_files` writes every file of an export to a temporary beside it, and renames them
into place only when all are written: a full disk, a read-only folder or a signal leaves the
previous files as they were. Temporaries are named ``.NAME.PID.XXXX.tmp`` and listed, as each
is made, in a manifest beside them (``.explainer-writing.PID.XXXX``, its first line says what it
is); they are removed on SIGTERM and SIGINT, and those a killed process left (its PID gone) are
removed by the next export to that folder, from its manifest: a file is removed only if a
manifest of this project lists it, never for its name alone. :func:`prepare_out` checks the
output folder before any work: never inside the project's sources (except ``build/``), and
writable.
"""

import contextlib
import errno
import os
import re
import signal
import tempfile
import threading
import time
from html import unescape
from pathlib import Path

from explainer.loading.never_show import found_in

SOURCES = Path(__file__).resolve().parents[2]  # the project: explainer/, assets/, notebooks/, ...
BUILD = SOURCES / "build"
STALE_AGE = 3600  # seconds: where no PID can be asked after, a manifest is stale after this
MANIFEST = ".explainer-writing."
_MAGIC = b"explainer output temporaries, one per line; safe to delete with them\n"
_MANIFEST_MAX = 1_000_000
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")  # how text.json_in_html writes <, > and non-ASCII
_FIX = "choose another folder with --out"


class ExportError(RuntimeError):
    """An export could not be made; the message says why and how to fix it."""


def checked(text: str, what: str, never_show: tuple[str, ...]) -> bytes:
    """``text`` as UTF-8, or an :class:`ExportError` if it shows a passage never shown.

    The loader has checked every text of the pathway; this guards what templates and layouts add.
    """
    hit = found_in(unescape(_JSON_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text)), never_show)
    if hit:
        raise ExportError(f"{what} would show {hit[0]!r}, which is never shown; remove it from the content")
    return text.encode("utf-8")


def placed_ids(nb):
    """Give the notebook ``nb``'s cells ids from their places (``cell-0``, ``cell-1``, ...) instead of
    nbformat's random ones, so that one pathway builds the same bytes every time; returns ``nb``.

    >>> import nbformat
    >>> [c.id for c in placed_ids(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell()])).cells]
    ['cell-0']
    """
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"
    return nb


def prepare_out(out: Path | str) -> Path:
    """``out``, created if needed, once it is known to be outside the sources and writable.

    Raises :class:`ExportError` with one line saying what to do.
    """
    out = Path(out)
    where = out.resolve()
    if (where == SOURCES or SOURCES in where.parents) and not (where == BUILD or BUILD in where.parents):
        raise ExportError(
            f"--out {out} is inside the project's sources ({where}); exports go under {BUILD} "
            "or outside the project: choose another folder with --out"
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=f".probe.{os.getpid()}.", suffix=".tmp", dir=out)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise ExportError(os_error_message(exc, out)) from None
    return out


def os_error_message(exc: OSError, out: Path) -> str:
    """What went wrong writing to ``out``, and what to do, in one line."""
    name = exc.filename or out
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"no space left on the device for {out} (nothing was written); free some space or {_FIX}"
    if exc.errno == errno.EROFS:
        return f"cannot write to {out}: the file system is read-only; {_FIX}"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"cannot write to {name}: permission denied; {_FIX}, or make it writable"
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):
        return f"{_file_in_the_way(Path(name))} is a file, not a folder; remove it or {_FIX}"
    if exc.errno == errno.EISDIR:
        return f"{name} is a folder where an output file goes; move that folder away or {_FIX}"
    return f"cannot write to {name} ({exc.strerror}); check the folder or {_FIX}"


def _file_in_the_way(path: Path) -> Path:
    """The first part of ``path`` that exists and is not a folder (or ``path`` itself)."""
    for part in (*reversed(path.parents), path):
        if part.exists() and not part.is_dir():
            return part
    return path


def write_files(out: Path | str, files: dict[str, bytes]) -> list[Path]:
    """Write ``{name: data}`` into ``out``: all the files, or (on any failure) none of them.

    Raises :class:`ExportError` (one line, what to do) when the folder cannot take them.
    """
    try:
        return replace_all(Path(out), files)
    except OSError as exc:
        raise ExportError(os_error_message(exc, Path(out))) from exc


def replace_all(out: Path, files: dict[str, bytes]) -> list[Path]:
    """:func:`write_files` without the message: raises the ``OSError`` itself."""
    out.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out)
    targets = [out / name for name in files]
    for target in targets:
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    temps = _Listed()
    try:
        with _signals_clean_up():
            temps.start_manifest(out)
            for target, data in zip(targets, files.values(), strict=True):
                _write_temporary(target, data, temps)
            with _signals_held():  # the renames: all of them, even if a signal comes
                for target, temp in zip(targets, temps, strict=True):
                    os.replace(temp, target)
    finally:
        for temp in temps:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        temps.end_manifest()
    return targets


class _Listed(list):
    """The temporaries made so far, each written to this write's manifest as it is added."""

    manifest = name = None

    def start_manifest(self, folder: Path) -> None:
        fd, self.name = tempfile.mkstemp(prefix=f"{MANIFEST}{os.getpid()}.", dir=folder)
        self.manifest = os.fdopen(fd, "wb", buffering=0)
        self.manifest.write(_MAGIC + f"{os.getpid()}\n".encode())

    def append(self, temp: str) -> None:
        super().append(temp)
        self.manifest.write(os.path.basename(temp).encode("utf-8", "surrogateescape") + b"\n")

    def end_manifest(self) -> None:
        if self.manifest is not None:
            self.manifest.close()
            with contextlib.suppress(OSError):
                os.unlink(self.name)


def _write_temporary(target: Path, data: bytes, temps: list[str]) -> None:
    """Write ``data`` to a new temporary beside ``target``, listed in ``temps`` from its creation."""
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    temps.append(temp)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(temp, 0o644)


@contextlib.contextmanager
def _signals_held():
    """SIGINT and SIGTERM wait (in the main thread) until the block ends."""
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


@contextlib.contextmanager
def _signals_clean_up():
    """While writing, SIGTERM ends the process as SIGINT does: through ``finally`` blocks.

    Only from the main thread, and only where SIGTERM still has its default action (a host
    such as a Jupyter kernel that handles it keeps its own handler).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous != signal.SIG_DFL:
        yield
        return

    def terminate(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporaries a process that is gone left in ``folder``; return them.

    Only files a manifest of this project lists are removed (with the manifest): a file that
    merely looks like a temporary (``.x.tmp``, ``.x.123.abc.tmp``) is someone else's and stays.
    """
    removed = []
    try:
        manifests = [p for p in Path(folder).iterdir() if p.name.startswith(MANIFEST)]
    except OSError:
        return removed
    for manifest in manifests:
        listed = _stale_listing(manifest)
        if listed is None:
            continue
        pid, names = listed
        for name in names:
            path = Path(folder) / name
            mine = name.startswith(".") and name.endswith(".tmp") and f".{pid}." in name and "/" not in name
            with contextlib.suppress(OSError):
                if mine and path.is_file() and not path.is_symlink():
                    path.unlink()
                    removed.append(path)
        with contextlib.suppress(OSError):
            manifest.unlink()
    return removed


def _stale_listing(manifest: Path) -> tuple[int, list[str]] | None:
    """``(pid, names)`` from a manifest this project wrote for a process that is gone, else None."""
    try:
        if manifest.is_symlink() or not manifest.is_file():
            return None
        with open(manifest, "rb") as f:
            data = f.read(_MANIFEST_MAX)
        old = time.time() - manifest.stat().st_mtime > STALE_AGE
    except OSError:
        return None
    if not data.startswith(_MAGIC):
        return None
    lines = data[len(_MAGIC) :].decode("utf-8", "surrogateescape").split("\n")
    if not lines[0].isdigit():
        return None
    pid = int(lines[0])
    # By its PID where one can ask (os.kill(pid, 0) ends the process on Windows), else by age.
    stale = not _alive(pid) if os.name == "posix" else old
    return (pid, [n for n in lines[1:] if n]) if stale else None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:  # someone else's process
        return True
    return True
