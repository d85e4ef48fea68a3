"""The test run cleans up after itself: its frame cache goes at the end of the run, and a cache
left by a run that was killed goes at the start of the next one, never a running one's."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from explainer.rendering import frame_cache
from tests.conftest import CACHE_PREFIX, remove_stale_caches

ROOT = Path(__file__).resolve().parent.parent


def test_this_runs_cache_is_a_throwaway_named_for_this_run():
    folder = Path(os.environ["EXPLAINER_CACHE_DIR"])
    assert folder.parent == Path(tempfile.gettempdir()) and folder.is_dir()
    assert folder.name.startswith(f"{CACHE_PREFIX}{os.getpid()}-")
    key = frame_cache.entry_key("test_run_cleanup", os.getpid())
    frame_cache.put(key, (b"a frame",))  # the cache is in use, as any frame drawn puts one there
    assert frame_cache.get(key) == (b"a frame",) and any(folder.iterdir())


def test_only_caches_of_ended_runs_are_removed(tmp_path):
    gone = tmp_path / f"{CACHE_PREFIX}999999999-abc_123"
    running = tmp_path / f"{CACHE_PREFIX}{os.getppid()}-abc"  # pytest's parent: still running
    unnamed = tmp_path / f"{CACHE_PREFIX}x1y2z3"  # no run in its name: not ours to judge
    for folder in (gone, running, unnamed, tmp_path / "someone-elses-999999999-x"):
        (folder / "entry").mkdir(parents=True)
    (tmp_path / f"{CACHE_PREFIX}999999998-file").write_text("a file, not a cache")
    assert remove_stale_caches(tmp_path) == [gone]
    assert not gone.exists() and running.is_dir() and unnamed.is_dir()


@pytest.mark.slow
def test_a_whole_run_leaves_nothing_in_the_temporary_folder(tmp_path):
    """A small pytest run whose cache fills, with a temporary folder of its own to look into."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            f"--basetemp={tmp_path / 'base'}",
            "tests/test_run_cleanup.py::test_this_runs_cache_is_a_throwaway_named_for_this_run",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0 and "1 passed" in run.stdout, run.stdout + run.stderr
    assert sorted(p.name for p in tmp.iterdir()) == []
