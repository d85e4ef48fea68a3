"""The output layer's writing: all of an export's files or none, and one clear line when it fails.

Every output follows one rule: its module builds ``<output>_files(what, ...)``, a
``{file name: bytes}`` dict made and checked in memory (:func:`checked`: nothing the content
never shows), and ``write_<output>(what, out, ...)`` writes them with :func:`write_files` and
returns their paths. ``what`` is a pathway, or for the site its pathway files. The modules:
``figures``, ``slides`` (deck), ``page`` (explorer page), ``handout``, ``pptx_deck``
(PowerPoint) and ``site``.

:func:`write_files` writes every file of an export to a temporary beside it, and renames them
into place only when all are written: a full disk, a read-only folder or a signal leaves the
previous files as they were. Temporaries are named ``.NAME.PID.XXXX.tmp``; they are removed
on SIGTERM and SIGINT, and one left by a killed process (whose PID is gone) is removed by the
next export to that folder. :func:`prepare_out` checks the output folder before any work:
never inside the project's sources (except ``build/``), and writable.
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

from explainer.never_show import found_in

SOURCES = Path(__file__).resolve().parent.parent  # the project: explainer/, assets/, notebooks/, ...
BUILD = SOURCES / "build"
STALE_AGE = 3600  # seconds: a temporary without a PID (an older version's) is stale after this
_TEMP = re.compile(r"^\..+\.tmp$")
_TEMP_PID = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")
_FIX = "choose another folder with --out"


class ExportError(RuntimeError):
    """An export could not be made; the message says why and how to fix it."""


def checked(text: str, what: str, never_show: tuple[str, ...]) -> bytes:
    """``text`` as UTF-8, or an :class:`ExportError` if it shows a passage never shown.

    The loader has checked every text of the pathway; this guards what templates and layouts add.
    """
    hit = found_in(unescape(text), never_show)
    if hit:
        raise ExportError(f"{what} would show {hit[0]!r}, which is never shown; remove it from the content")
    return text.encode("utf-8")


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
    temps: list[str] = []
    try:
        with _signals_clean_up():
            for target, data in zip(targets, files.values(), strict=True):
                _write_temporary(target, data, temps)
            with _signals_held():  # the renames: all of them, even if a signal comes
                for target, temp in zip(targets, temps, strict=True):
                    os.replace(temp, target)
    finally:
        for temp in temps:
            with contextlib.suppress(OSError):
                os.unlink(temp)
    return targets


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
    """Remove temporaries left in ``folder`` by a process that is gone; return them."""
    removed = []
    try:
        names = [p for p in Path(folder).iterdir() if _TEMP.match(p.name)]
    except OSError:
        return removed
    for path in names:
        pid = _TEMP_PID.match(path.name)
        try:
            old = time.time() - path.stat().st_mtime > STALE_AGE
            # By its PID where one can ask (os.kill(pid, 0) ends the process on Windows), else by age.
            stale = not _alive(int(pid[1])) if pid and os.name == "posix" else old
            if stale and path.is_file():
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


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
