"""Running the command line as a user does: ``python -m explainer ARGS`` in a real process."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def explainer(*args, cwd: Path | None = None, timeout: float = 300, **env) -> subprocess.CompletedProcess:
    """Run ``python -m explainer ARGS`` in ``cwd`` (the package found from any folder), with
    ``env`` added to the environment; the result has text ``stdout`` and ``stderr``."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "explainer", *map(str, args)],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": path, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
