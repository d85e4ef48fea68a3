"""Reading input files safely: regular files only, in bounded chunks, never more than a limit.

A size check on ``st_size`` is not enough: a device such as ``/dev/zero`` reports 0 bytes and
never ends, a named pipe (FIFO) blocks the reader until something writes to it, and a file
can grow while it is read. So the path is checked to be a regular file before it is opened,
opened without blocking, checked again on the open descriptor (the name could have been
swapped in between), and read a chunk at a time until the limit.

>>> read_regular(__file__, 1_000_000, "a Python file").startswith(b"Reading input files")
False
"""

import os
import stat
from pathlib import Path

CHUNK = 1 << 16

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class InputProblem(Exception):
    """An input is not a readable regular file of a sensible size; the message says what to do."""


def kind_of_file(mode: int) -> str:
    """``"a named pipe (FIFO)"`` and the like, for any file that is not a regular file."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_regular(path: Path | str, limit: int, expected: str, hint: str = "") -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    ``expected`` names what the file should be (``"a pathway file"``) for the messages, and
    ``hint`` is added to the message for a file that is too long.
    Raises :class:`InputProblem` for a missing or unreadable file, anything that is not a
    regular file (folder, FIFO, device, socket), or a file longer than ``limit`` bytes.
    """
    path = Path(path)
    try:
        _check_mode(os.stat(path).st_mode, expected)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputProblem(f"cannot read the file ({exc.strerror}); check the path") from None
    try:
        _check_mode(os.fstat(fd).st_mode, expected)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(CHUNK, limit + 1 - size))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
        raise InputProblem(
            f"file is larger than {limit:,} bytes, and {expected} may be at most {limit:,}; "
            f"check it is the right file{hint}"
        )
    except OSError as exc:
        raise InputProblem(f"cannot read the file ({exc.strerror}); check the path") from None
    finally:
        os.close(fd)


def _check_mode(mode: int, expected: str) -> None:
    if not stat.S_ISREG(mode):
        raise InputProblem(f"this is {kind_of_file(mode)}, not a regular file; give the path of {expected}")
