"""Progress for a command that takes more than a few seconds: a line every few seconds, then
how long it took, on the terminal (standard error), so a long export is never silent.

>>> import io
>>> out = io.StringIO()
>>> with working("figures", stream=out, enabled=True):
...     pass  # done before the first line is due: nothing is printed
>>> out.getvalue()
''
"""

import os
import sys
import threading
import time
from contextlib import contextmanager

AFTER = 3.0  # seconds before the first line
EVERY = 5.0  # seconds between lines


def _enabled(stream) -> bool:
    """On a terminal, or when ``EXPLAINER_PROGRESS=1`` (``0`` turns it off)."""
    setting = os.environ.get("EXPLAINER_PROGRESS")
    if setting in ("0", "1"):
        return setting == "1"
    return hasattr(stream, "isatty") and stream.isatty()


@contextmanager
def working(label: str, stream=None, after: float = AFTER, every: float = EVERY, enabled: bool | None = None):
    """While the block runs: after ``after`` seconds, ``LABEL: working, N s`` every ``every``
    seconds; at the end, if anything was printed, ``LABEL: done in N s``."""
    stream = stream or sys.stderr
    if not (_enabled(stream) if enabled is None else enabled):
        yield
        return
    start, done, printed = time.monotonic(), threading.Event(), []

    def tick():
        wait = after
        while not done.wait(wait):
            print(f"{label}: working, {time.monotonic() - start:.0f} s", file=stream, flush=True)
            printed.append(True)
            wait = every

    thread = threading.Thread(target=tick, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        if printed:
            print(f"{label}: done in {time.monotonic() - start:.0f} s", file=stream, flush=True)
