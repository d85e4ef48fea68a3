"""``make bench`` measures with the user's frame cache: importing the benchmarks (and the test
helpers they share) sets nothing, and only the test run's conftest swaps in a throwaway cache."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, os, sys\n"
    "import benchmarks.run, benchmarks.loadtest\n"
    "print(json.dumps({'env': os.environ.get('EXPLAINER_CACHE_DIR'),\n"
    "                  'used': benchmarks.run.cache_in_use(),\n"
    "                  'conftest': 'tests.conftest' in sys.modules}))\n"
)


def _import_benchmarks(tmp_path: Path, cache_dir: str | None) -> dict:
    """Import what ``make bench`` imports in a new process; what it sees afterwards."""
    env = {k: v for k, v in os.environ.items() if k != "EXPLAINER_CACHE_DIR"}  # the test run's own
    env |= {"XDG_CACHE_HOME": str(tmp_path / "home-cache"), "PYTHONPATH": str(ROOT)}
    if cache_dir is not None:
        env["EXPLAINER_CACHE_DIR"] = cache_dir
    run = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.splitlines()[-1])


@pytest.mark.slow
def test_importing_the_benchmarks_keeps_the_users_cache(tmp_path):
    seen = _import_benchmarks(tmp_path, None)
    assert seen == {"env": None, "used": str(tmp_path / "home-cache" / "explainer"), "conftest": False}


@pytest.mark.slow
@pytest.mark.parametrize("told", ["off", "/somewhere/else"])
def test_a_cache_the_user_names_is_the_one_used(tmp_path, told):
    seen = _import_benchmarks(tmp_path, told)
    assert seen == {"env": told, "used": told, "conftest": False}
