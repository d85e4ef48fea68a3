"""Inputs are read only from regular files, in bounded chunks: a device, a named pipe or an
oversized file is refused with exit 2 and a message, never a hang or a memory blow-up.

Each command runs in a subprocess under a timeout: a regression hangs one test, not the run.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from explainer.loading import article
from explainer.loading.assets import ARTICLES, DEFAULT_PATHWAY
from explainer.loading.inputs import InputProblem, read_regular
from explainer.loading.pathway import PathwayError, load_pathway
from explainer.loading.yamlsafe import MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60  # seconds: each refusal takes well under one


def _explainer(*args, cwd: Path) -> subprocess.CompletedProcess:
    """``python -m explainer ARGS`` with its memory capped, so a reader that does not stop fails fast."""
    code = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)); "
        "from explainer.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


def _copy_pathway(folder: Path) -> Path:
    """The good pathway, its references and its article, copied into ``folder``."""
    for name in ("ketamine.yaml", "references.yaml"):
        (folder / name).write_bytes((DEFAULT_PATHWAY.parent / name).read_bytes())
    (folder / "ketamine-article.txt").write_bytes((ARTICLES / "ketamine-article.txt").read_bytes())
    return folder / "ketamine.yaml"


def test_validate_dev_zero_is_refused_at_once(tmp_path):
    run = _explainer("validate", "/dev/zero", cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    assert run.stderr == (
        "/dev/zero: this is a character device, not a regular file; give the path of a pathway file\n"
    )


@pytest.mark.slow
@pytest.mark.parametrize("command", ["validate", "handout"])
def test_a_fifo_as_the_pathway_does_not_hang(tmp_path, fifo, command):
    args = ("validate", fifo) if command == "validate" else ("handout", "--pathway", fifo, "--out", tmp_path)
    run = _explainer(*args, cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr == (
        f"{fifo}: this is a named pipe (FIFO), not a regular file; give the path of a pathway file\n"
    )
    assert not list(tmp_path.glob("*.pdf"))


@pytest.mark.slow
def test_a_folder_as_the_pathway_says_so(tmp_path):
    run = _explainer("handout", "--pathway", tmp_path, "--out", tmp_path / "out", cwd=tmp_path)
    assert run.returncode == 2
    assert "this is a folder, not a regular file" in run.stderr and "Traceback" not in run.stderr
    # validate checks a folder's pathway files (issue 13); an empty one is still an error
    run = _explainer("validate", tmp_path, cwd=tmp_path)
    assert run.returncode == 2
    assert "no .yaml files in this folder" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.slow
def test_a_fifo_or_device_as_the_article_is_refused(tmp_path):
    path = _copy_pathway(tmp_path)
    article_file = tmp_path / "ketamine-article.txt"
    article_file.unlink()
    os.mkfifo(article_file)
    run = _explainer("validate", path, cwd=tmp_path)
    assert run.returncode == 2
    assert f"the article '{article_file}': this is a named pipe (FIFO)" in run.stderr
    assert "give the path of an article" in run.stderr
    article_file.unlink()
    article_file.symlink_to("/dev/zero")
    run = _explainer("validate", path, cwd=tmp_path)
    assert run.returncode == 2 and "this is a character device" in run.stderr


def test_a_fifo_as_the_references_file_is_refused(tmp_path):
    path = _copy_pathway(tmp_path)
    refs = tmp_path / "references.yaml"
    refs.unlink()
    os.mkfifo(refs)
    run = _explainer("validate", path, cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr == (
        f"{refs}: this is a named pipe (FIFO), not a regular file; give the path of a references file\n"
    )


def test_an_oversized_article_is_refused_without_reading_it_all(tmp_path):
    path = _copy_pathway(tmp_path)
    article_file = tmp_path / "ketamine-article.txt"
    with article_file.open("ab") as f:
        f.truncate(1 << 30)  # a sparse gigabyte: costs no disk, and far more than the limit
    run = _explainer("validate", path, cwd=tmp_path)
    assert run.returncode == 2
    assert f"the article '{article_file}': file is larger than {article.MAX_BYTES:,} bytes" in run.stderr


def test_an_oversized_references_file_is_refused(tmp_path):
    path = _copy_pathway(tmp_path)
    refs = tmp_path / "references.yaml"
    with refs.open("a") as f:
        f.write("# padding\n" * (MAX_BYTES // 10))
    with pytest.raises(PathwayError) as info:
        load_pathway(path)
    assert str(info.value).startswith(f"{refs}: file is larger than {MAX_BYTES:,} bytes")
    assert "a references file may be at most" in str(info.value)


def test_reading_stops_at_the_limit_even_when_the_size_says_zero():
    with pytest.raises(InputProblem, match="a character device"):
        read_regular("/dev/zero", 10, "a test file")
    proc_file = Path("/proc/self/status")  # a regular file whose st_size is 0
    if proc_file.exists():
        assert proc_file.stat().st_size == 0
        with pytest.raises(InputProblem, match="larger than 10 bytes"):
            read_regular(proc_file, 10, "a test file")
        assert b"Name:" in read_regular(proc_file, 1_000_000, "a test file")


def test_a_file_at_the_limit_is_read_whole(tmp_path):
    path = tmp_path / "exact"
    path.write_bytes(b"x" * 100)
    assert read_regular(path, 100, "a test file") == b"x" * 100
    with pytest.raises(InputProblem, match="larger than 99 bytes"):
        read_regular(path, 99, "a test file")
