"""Output folders: every failure ends in exit 2 and one line saying what to do, an export writes
all of its files or none, and no temporary outlives the export (signals, or a killed run).

Real conditions where the machine allows them: a read-only or size-limited tmpfs when the
tests run as root and may mount one; otherwise (and always, too) the same failure raised
from a monkeypatched call.
"""

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from explainer.outputs import files as outputs
from explainer.outputs.figures import write_figures
from explainer.outputs.files import SOURCES, ExportError, prepare_out, remove_stale_temporaries
from tests.commands import explainer
from tests.conftest import guide_example_text

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 300


@pytest.fixture
def example(tmp_path) -> Path:
    """The guide's two-step example as a file: a small pathway makes every export quick."""
    path = tmp_path / "example.yaml"
    path.write_text(guide_example_text(), encoding="utf-8")
    return path


def _explainer(*args, cwd: Path, **env) -> subprocess.CompletedProcess:
    return explainer(*args, cwd=cwd, timeout=TIMEOUT, **env)


def _one_line(run) -> str:
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr and run.stderr.count("\n") == 1, run.stderr
    assert run.stderr.startswith("error: ") and "--out" in run.stderr
    return run.stderr


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def tmpfs(tmp_path):
    """``mount(options)``: a tmpfs mounted on a new folder, unmounted after the test."""
    mounted = []

    def mount(options: str) -> Path:
        where = tmp_path / f"mnt{len(mounted)}"
        where.mkdir()
        run = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True
        )
        if run.returncode != 0:
            pytest.skip(
                f"cannot mount a tmpfs here ({run.stderr.decode().strip()}); the monkeypatched test covers it"
            )
        mounted.append(where)
        return where

    yield mount
    for where in mounted:
        subprocess.run(["umount", "-l", str(where)], check=False)


# -- --out inside the sources ---------------------------------------------------------------


@pytest.mark.parametrize(
    "inside", ["assets", "notebooks", "explainer", "docs", "tests/new", ".", "newfolder"]
)
def test_out_inside_the_sources_is_refused_and_nothing_is_created(inside):
    target = SOURCES / inside
    existed = target.exists()
    with pytest.raises(ExportError, match="inside the project's sources") as info:
        prepare_out(target)
    assert target.exists() == existed
    assert "--out" in str(info.value)


def test_a_link_into_the_sources_is_refused(tmp_path):
    link = tmp_path / "link"
    link.symlink_to(SOURCES / "assets")
    with pytest.raises(ExportError, match="inside the project's sources"):
        prepare_out(link)


def test_build_is_where_exports_go():
    build_existed = (SOURCES / "build").exists()
    folder = SOURCES / "build" / f"out-test-{os.getpid()}"
    try:
        assert prepare_out(folder) == folder and folder.is_dir()
    finally:
        folder.rmdir()
        if not build_existed:
            (SOURCES / "build").rmdir()


@pytest.mark.slow
def test_cli_refuses_out_assets_and_leaves_it_untouched(tmp_path, example):
    before = sorted((SOURCES / "assets").rglob("*"))
    run = _explainer("handout", "--pathway", example, "--out", "assets", cwd=SOURCES)
    assert "inside the project's sources" in _one_line(run)
    assert sorted((SOURCES / "assets").rglob("*")) == before


# -- the folder cannot take the export -----------------------------------------------------


@pytest.mark.slow
def test_out_is_a_file(tmp_path, example):
    (tmp_path / "out").write_text("a file")
    run = _explainer("handout", "--pathway", example, "--out", tmp_path / "out", cwd=tmp_path)
    assert _one_line(run) == (
        f"error: {tmp_path / 'out'} is a file, not a folder; remove it or choose another folder with --out\n"
    )
    run = _explainer("figures", "--pathway", example, "--out", tmp_path / "out" / "figures", cwd=tmp_path)
    assert f"error: {tmp_path / 'out'} is a file, not a folder" in _one_line(run)


@pytest.mark.slow
def test_a_folder_where_an_output_file_goes_writes_none_of_the_files(tmp_path, example):
    out = tmp_path / "out"
    (out / "whole-pathway.svg").mkdir(parents=True)
    run = _explainer("figures", "--pathway", example, "--out", out, cwd=tmp_path)
    assert _one_line(run) == (
        f"error: {out / 'whole-pathway.svg'} is a folder where an output file goes; "
        "move that folder away or choose another folder with --out\n"
    )
    assert [p.name for p in out.iterdir()] == ["whole-pathway.svg"]


@pytest.mark.slow
def test_a_read_only_folder(tmp_path, example, tmpfs):
    out = tmpfs("size=1m,ro")
    run = _explainer("handout", "--pathway", example, "--out", out, cwd=tmp_path)
    assert _one_line(run) == (
        f"error: cannot write to {out}: the file system is read-only; choose another folder with --out\n"
    )
    run = _explainer("handout", "--pathway", example, "--out", out / "sub", cwd=tmp_path)
    assert "the file system is read-only" in _one_line(run)


def test_a_folder_without_write_permission(tmp_path, monkeypatch):
    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr(outputs.tempfile, "mkstemp", refused)
    with pytest.raises(ExportError) as info:
        prepare_out(tmp_path)
    assert str(info.value) == (
        f"cannot write to {tmp_path}: permission denied; "
        "choose another folder with --out, or make it writable"
    )


@pytest.mark.slow
def test_a_full_disk_keeps_the_previous_export(tmp_path, tmpfs):
    out = tmpfs("size=256k")
    for name in ("ketamine-slides.html", "ketamine-slides.ipynb", "ketamine-explorer.html"):
        (out / name).write_text("yesterday's")
    run = _explainer("slides", "--out", out, cwd=tmp_path)
    assert _one_line(run) == (
        f"error: no space left on the device for {out} (nothing was written); "
        "free some space or choose another folder with --out\n"
    )
    assert {p.name: p.read_text() for p in out.iterdir()} == dict.fromkeys(
        ("ketamine-slides.html", "ketamine-slides.ipynb", "ketamine-explorer.html"), "yesterday's"
    )


def test_a_disk_that_fills_between_files_writes_none(small_pathway, tmp_path, monkeypatch):
    out = tmp_path / "figures"
    previous = {p.name: p.read_bytes() for p in write_figures(small_pathway, out)}
    real = outputs._write_temporary

    def filling(target, data, temps):
        if len(temps) == 2:  # the third file finds the disk full, half way
            real(target, data[: len(data) // 2], temps)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(target, data, temps)

    for name in previous:
        (out / name).write_bytes(b"old " + name.encode())
    monkeypatch.setattr(outputs, "_write_temporary", filling)
    with pytest.raises(ExportError, match="no space left on the device"):
        write_figures(small_pathway, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {n: b"old " + n.encode() for n in previous}


# -- temporaries: removed on signals, and after a killed run --------------------------------

# Runs the command line, but the second temporary of the export blocks until a signal comes.
_BLOCKING = """
import sys, time
from pathlib import Path
from explainer.outputs import files as outputs
from explainer.cli import main

marker, real = Path(sys.argv[1]), outputs._write_temporary

def blocking(target, data, temps):
    real(target, data, temps)
    if len(temps) == 2:
        marker.write_text("\\n".join(temps))
        time.sleep(120)

outputs._write_temporary = blocking
sys.exit(main(sys.argv[2:]))
"""


def _blocked_export(tmp_path, example, out):
    marker = tmp_path / "marker"
    proc = subprocess.Popen(
        [sys.executable, "-c", _BLOCKING, marker, "figures", "--pathway", example, "--out", out],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "EXPLAINER_CACHE_DIR": "off"},
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + TIMEOUT
    while not marker.exists():
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert len(_temporaries(out)) == 2  # caught in the act
    return proc


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "status"), [(signal.SIGTERM, 128 + 15), (signal.SIGINT, 130)])
def test_a_signal_during_an_export_leaves_no_temporary_and_the_old_files(tmp_path, example, sig, status):
    out = tmp_path / "out"
    out.mkdir()
    names = ["step-01-nmda.png", "step-02-gaba.png", "whole-pathway.png"]
    for name in names:
        (out / name).write_text("old")
    proc = _blocked_export(tmp_path, example, out)
    proc.send_signal(sig)
    assert proc.wait(timeout=60) == status
    assert _temporaries(out) == []
    assert sorted(p.name for p in out.iterdir()) == names
    assert all(p.read_text() == "old" for p in out.iterdir())


@pytest.mark.slow
def test_temporaries_of_a_killed_run_are_removed_by_the_next_export(tmp_path, example):
    out = tmp_path / "out"
    proc = _blocked_export(tmp_path, example, out)
    proc.kill()  # SIGKILL: nothing can clean up
    proc.wait(timeout=60)
    left = _temporaries(out)
    assert len(left) == 2
    run = _explainer("figures", "--pathway", example, "--out", out, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert _temporaries(out) == []
    assert len(list(out.glob("*.png"))) == 3 and len(list(out.glob("*.svg"))) == 3


def _manifest(folder: Path, pid: int, names, magic=outputs._MAGIC) -> Path:
    path = folder / f"{outputs.MANIFEST}{pid}.abc"
    path.write_bytes(magic + f"{pid}\n".encode() + "".join(f"{n}\n" for n in names).encode())
    return path


def test_only_temporaries_a_manifest_of_a_gone_process_lists_are_removed(tmp_path):
    gone, alive = 999_999_999, os.getppid()  # pytest's parent: still running
    listed_gone = tmp_path / f".a.png.{gone}.abc.tmp"
    listed_alive = tmp_path / f".a.png.{alive}.abc.tmp"
    for path in (listed_gone, listed_alive):
        path.write_bytes(b"partial")
    manifests = [
        _manifest(tmp_path, gone, [listed_gone.name]),
        _manifest(tmp_path, alive, [listed_alive.name]),
    ]
    assert remove_stale_temporaries(tmp_path) == [listed_gone]
    assert not listed_gone.exists() and not manifests[0].exists()
    assert listed_alive.exists() and manifests[1].exists()


def test_files_named_like_temporaries_are_not_removed_for_their_name(tmp_path):
    """Issue 25: any hidden ``.*.tmp`` older than an hour, or named like the project's, was deleted."""
    theirs = [".a.png.999999999.abc.tmp", ".notes.tmp", ".draft.x1y2z3.tmp", "a.png"]
    for name in theirs:
        (tmp_path / name).write_bytes(b"someone else's")
        os.utime(tmp_path / name, (time.time() - 2 * outputs.STALE_AGE,) * 2)
    # a manifest that is not this project's, and one of its own that lists what it never made
    _manifest(tmp_path, 999_999_999, theirs, magic=b"something else\n")
    _manifest(tmp_path, 999_999_998, ["a.png", ".notes.tmp", "../a.png", ".a.png.999999999.abc.tmp"])
    assert remove_stale_temporaries(tmp_path) == []
    assert all((tmp_path / name).read_bytes() == b"someone else's" for name in theirs)


@pytest.mark.slow
def test_the_site_is_written_whole_or_not_at_all(tmp_path, example):
    from explainer.outputs.site import write_site

    out = tmp_path / "site"
    (out / "index.html").mkdir(parents=True)  # the last file the site writes
    with pytest.raises(ExportError, match="is a folder where an output file goes"):
        write_site([example], out)
    assert [p.name for p in out.iterdir()] == ["index.html"]
