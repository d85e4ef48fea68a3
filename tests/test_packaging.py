"""The package as a user installs it: a wheel in a clean virtual environment, used from another
folder, finds its content (the top-level assets/ folder, carried in the wheel as explainer/_assets)."""

import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

USE = """
import json, sys, explainer
from pathlib import Path
light = [m for m in ("matplotlib", "pygraphviz", "ipywidgets") if m in sys.modules]
loaded = {name: explainer.load_pathway(name).id for name in ("ketamine", "ketamine-research")}
print(json.dumps({"light": light, "loaded": loaded, "package": explainer.__file__,
                  "root": str(__import__("explainer.loading.assets").loading.assets.ROOT),
                  "cwd": str(Path.cwd())}))
"""


@pytest.mark.slow
def test_the_wheel_installs_in_a_clean_venv_and_loads_both_shipped_pathways(tmp_path):
    dist, env, elsewhere = tmp_path / "dist", tmp_path / "venv", tmp_path / "elsewhere"
    elsewhere.mkdir()
    build = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--quiet",
        "--wheel-dir",
        str(dist),
        str(ROOT),
    ]
    subprocess.run(build, check=True, cwd=elsewhere, capture_output=True, timeout=600)
    [wheel] = dist.glob("explainer-*.whl")
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    install = [str(python), "-m", "pip", "install", "--quiet", str(wheel)]
    subprocess.run(install, check=True, cwd=elsewhere, capture_output=True, timeout=900)
    out = subprocess.run([str(python), "-c", USE], check=True, cwd=elsewhere, capture_output=True, text=True)
    found = json.loads(out.stdout)
    assert found["loaded"] == {"ketamine": "ketamine", "ketamine-research": "ketamine_research"}
    assert found["light"] == []  # import explainer alone loads none of the heavy parts
    installed = env.resolve()
    assert Path(found["package"]).resolve().is_relative_to(installed), found  # not the checkout's
    assert Path(found["root"]).is_relative_to(installed) and Path(found["root"]).name == "_assets", found
