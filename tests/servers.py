"""Real servers for browser tests and the benchmark: Voilà, JupyterLab and the preview on 127.0.0.1.

Each is started on a free port as a child process and stopped by its PID (never by name).
Lab gets its own settings and workspace folders, so no pop-up or reopened tab interferes.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "ketamine_pathway.ipynb"
PRESENT = ROOT / "notebooks" / "present.ipynb"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server at {url} did not answer in {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def spawn(cmd: list[str], log: Path, cwd: Path, env: dict | None = None) -> subprocess.Popen:
    """Start ``cmd`` in its own session (process group), its output in ``log``: :func:`_stop`
    ends it and every child (kernels, page builders) by its PID, never by name."""
    with open(log, "w") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            cmd,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, **(env or {})},
        )


def wait_line(log: Path, pattern: str, proc: subprocess.Popen, timeout: float = 60.0) -> re.Match:
    """The first match of ``pattern`` in the server's ``log``, once it prints it."""
    deadline = time.monotonic() + timeout
    while not (found := re.search(pattern, log.read_text())):
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"server printed no {pattern!r} in {timeout:.0f} s:\n{log.read_text()[-3000:]}"
            )
        time.sleep(0.1)
    return found


@contextmanager
def _server(cmd: list[str], ready_url: str, cwd: Path, env=None):
    with tempfile.TemporaryDirectory(prefix="explainer-server-") as tmp:
        log = Path(tmp) / "server.log"
        proc = spawn(cmd, log, cwd, env)
        try:
            _wait_http(ready_url, proc, log)
            yield proc
        finally:
            _stop(proc)


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server and its kernels: signal its own process group, by PID."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


APPS = {"lab": "LabApp", "notebook": "JupyterNotebookApp"}
VOILA_TEMPLATES = ROOT / "assets"  # holds voila/templates/explainer: the lab page, no CDN request


def voila_env() -> dict:
    """Where Voilà finds the project's page template (``--template=explainer``)."""
    paths = [str(VOILA_TEMPLATES), *filter(None, [os.environ.get("JUPYTER_PATH")])]
    return {"JUPYTER_PATH": os.pathsep.join(paths)}


# Voilà answers here once it listens; asking for the page itself would take a preheated kernel.
READY = "voila/static/voila.js"


def voila_command(notebook: Path, port: int, config_dirs: tuple[Path, ...] = ()) -> list[str]:
    """Voilà as ``make voila`` and ``make present`` run it, from the project root (so it reads
    ``voila.json``) with the project's template; ``config_dirs`` are searched first, their
    ``voila.json`` overriding the project's. Run it with :func:`voila_env`."""
    paths = [f"--Voila.config_file_paths={p}" for p in (*config_dirs, ROOT)] if config_dirs else []
    return [
        str(BIN / "voila"),
        str(notebook),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.tornado_settings={'autoreload': False}",
        "--show_tracebacks=True",
        "--template=explainer",
        *paths,
    ]


@contextmanager
def voila(notebook: Path = NOTEBOOK):
    """Voilà serving ``notebook`` with the project's template; yields its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with _server(voila_command(notebook, port), url + READY, ROOT, env=voila_env()):
        yield url


@contextmanager
def voila_server(notebook: Path = PRESENT, config_dirs: tuple[Path, ...] = ()):
    """Voilà serving ``notebook``; yields ``(url, process)`` (its kernels are the process's children)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with _server(voila_command(notebook, port, config_dirs), url + READY, ROOT, env=voila_env()) as proc:
        yield url, proc


def explorer_notebook(pathway: Path, folder: Path) -> Path:
    """A notebook in ``folder`` showing the Explorer of the pathway file ``pathway``, in two cells
    (Lab's Run All is seen queueing them)."""
    import nbformat

    notebook = folder / f"{pathway.stem}.ipynb"
    code = ["import explainer", f"explainer.Explorer(explainer.load_pathway({str(pathway)!r}))"]
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in code]), notebook)
    return notebook


# The student's diagram at step 1, its camera in place (set, and not moving).
FRAMED = """() => { const s = document.querySelector('.explainer-student svg.explainer-diagram');
  return s !== null && s.dataset.step === '0' && s.dataset.camera && s.dataset.camera !== 'moving'; }"""


@contextmanager
def voila_explorer(browser, pathway: Path, folder: Path, **context):
    """The live Explorer of ``pathway`` served by Voilà (a kernel), opened in a new browser context
    (``context``: its options, e.g. a viewport); yields ``(page, errors)`` once step 1 is framed,
    ``errors`` the page's uncaught errors, then and later. Closes the context, then stops Voilà."""
    with voila(notebook=explorer_notebook(pathway, folder)) as url:
        opened = browser.new_context(**context)
        page = opened.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            page.goto(url, timeout=120_000)
            page.wait_for_function(FRAMED, timeout=120_000)
            yield page, errors
        finally:
            opened.close()


@contextmanager
def jupyterlab(notebook: Path = NOTEBOOK, app: str = "lab"):
    """JupyterLab (``app="notebook"``: Notebook 7, built on Lab's parts, same settings) on a copy of
    ``notebook`` (autosave off, fresh settings); yields the notebook's URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory(prefix="explainer-lab-") as tmp:
        root = Path(tmp) / "root"
        root.mkdir()
        shutil.copy(notebook, root / notebook.name)
        settings, workspaces = Path(tmp) / "settings", Path(tmp) / "workspaces"
        settings.mkdir()
        workspaces.mkdir()
        # No news, no update check, no announcements pop-up.
        ext = settings / "@jupyterlab" / "apputils-extension"
        ext.mkdir(parents=True)
        (ext / "notification.jupyterlab-settings").write_text(
            '{"fetchNews": "false", "checkForUpdates": false}'
        )
        docs = settings / "@jupyterlab" / "docmanager-extension"
        docs.mkdir(parents=True)
        (docs / "plugin.jupyterlab-settings").write_text('{"autosave": false}')
        # Lab 4.6 asks which kernel to start (a dialog nobody answers) unless told to start the
        # notebook's own; and its windowing skips laying out cells out of view: after Run All the presenter's
        # widgets would never become visible to the test
        notebook_ext = settings / "@jupyterlab" / "notebook-extension"
        notebook_ext.mkdir(parents=True)
        (notebook_ext / "tracker.jupyterlab-settings").write_text(
            '{"windowingMode": "none", "autoStartDefaultKernel": true}'
        )
        cmd = [
            str(BIN / "jupyter"),
            app,
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            "--ServerApp.token=",
            "--ServerApp.password=",
            "--ServerApp.disable_check_xsrf=True",
            f"--ServerApp.root_dir={root}",
            f"--{APPS[app]}.user_settings_dir={settings}",
            f"--{APPS[app]}.workspaces_dir={workspaces}",
        ]
        if app == "lab":
            cmd.append("--LabApp.news_url=None")
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        with _server(cmd, url + "api", root, env={"JUPYTER_CONFIG_DIR": str(Path(tmp) / "config")}):
            yield f"{url}lab/tree/{notebook.name}" if app == "lab" else f"{url}notebooks/{notebook.name}"


@contextmanager
def preview_server(path: Path):
    """``python -m explainer preview PATH --port 0``, its URL read from its first line."""
    with tempfile.TemporaryDirectory(prefix="explainer-preview-") as tmp:
        log = Path(tmp) / "preview.log"
        cmd = [sys.executable, "-m", "explainer", "preview", str(path), "--port", "0"]
        proc = spawn(cmd, log, Path(tmp), {"PYTHONPATH": str(ROOT)})
        try:
            found = wait_line(log, r"at (http://127\.0\.0\.1:\d+/)", proc, timeout=120)
            yield found[1], proc, log
        finally:
            _stop(proc)
