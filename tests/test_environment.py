"""environment.yml (conda, Binder) and pyproject.toml name the same packages: runtime and test."""

import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONDA_ONLY = {"python", "pip", "nodejs"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def _pip_requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [*project["dependencies"], *project["optional-dependencies"]["test"]]


def _environment() -> list[str]:
    """environment.yml's packages: conda's, then those under ``pip:`` (not the project itself)."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    names = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = [d for entry in env["dependencies"] if isinstance(entry, dict) for d in entry.get("pip", ())]
    return names + [d for d in pip if not d.startswith("-e")]


def test_conda_and_pip_agree():
    pip_names = {_name(r) for r in _pip_requirements()}
    conda_names = {_name(d) for d in _environment()} - CONDA_ONLY
    assert conda_names == pip_names


def test_versions_agree():
    conda = {_name(d): d.replace(" ", "") for d in _environment()}
    for req in _pip_requirements():
        assert conda[_name(req)] == req.replace(" ", ""), req


def test_make_lab_honours_port():
    """`make lab PORT=...` starts JupyterLab on that port; without PORT, Lab keeps its own (8888)."""
    import shutil
    import subprocess

    if not shutil.which("make"):
        pytest.skip("make is not installed")
    root = Path(__file__).resolve().parent.parent

    def dry(*args):  # -n: print the commands, run nothing; -W: as if set up, so only lab's recipe
        cmd = ["make", "-n", "-W", ".venv/.installed", "-o", ".venv/.installed", "lab", *args]
        return subprocess.run(cmd, cwd=root, capture_output=True, text=True, check=True).stdout

    assert "--port=9123" in dry("PORT=9123")
    assert "--port" not in dry()
