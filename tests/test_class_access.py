"""The class server cannot be locked out by one client (issue 25, case 5).

Unit tests drive ``ClassroomIdentityProvider.guard`` directly; the live tests start Voilà on all
addresses with the project's ``voila.json`` and talk to it from this machine's own network
address (a client beyond loopback) and from loopback (another address).
"""

import asyncio
import json
import re
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest
from tornado import web
from traitlets import Unicode
from traitlets.config import Configurable

from explainer.classroom.access import ClassroomIdentityProvider, is_loopback
from tests.classroom import run_async
from tests.servers import BIN, ROOT, _stop, _wait_http, free_port, spawn, voila_env

KERNEL = "0f8b4f3c-7d2a-4c55-9b1e-2a6d1c0e9f01"


class _Manager:
    def __init__(self, ids):
        self.ids = ids

    def list_kernel_ids(self):
        return list(self.ids)


class VoilaHandler:  # named as Voilà's page handler is
    def __init__(self, ids=()):
        self.settings = {"kernel_manager": _Manager(ids)}


class _Parent(Configurable):
    ip = Unicode()


def test_loopback_addresses():
    assert all(map(is_loopback, ["127.0.0.1", "127.1.2.3", "::1", "localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "192.0.2.2", "", "::", "example.org"]))


def test_a_token_is_made_whenever_the_server_listens_beyond_loopback():
    assert ClassroomIdentityProvider(parent=_Parent(ip="0.0.0.0"), token="").token
    assert ClassroomIdentityProvider(parent=_Parent(ip="192.0.2.2"), token="").token_generated
    assert ClassroomIdentityProvider(parent=_Parent(ip="127.0.0.1"), token="").token == ""
    assert ClassroomIdentityProvider(parent=_Parent(ip="0.0.0.0"), token="mine").token == "mine"


def test_a_kernel_answers_only_the_address_that_first_connected():
    guard = ClassroomIdentityProvider(parent=_Parent(ip="0.0.0.0"), token="t").guard
    handler = VoilaHandler([KERNEL])
    guard("192.0.2.7", f"/api/kernels/{KERNEL}/channels", handler)
    guard("192.0.2.7", f"/api/kernels/{KERNEL}", handler)
    for path in (
        f"/api/kernels/{KERNEL}/channels",
        f"/api/kernels/{KERNEL}",
        f"/voila/api/shutdown/{KERNEL}",
    ):
        with pytest.raises(web.HTTPError) as info:
            guard("192.0.2.8", path, handler)
        assert info.value.status_code == 404 and KERNEL not in str(info.value)


def test_pages_per_address_are_limited_and_loopback_is_not_counted():
    provider = ClassroomIdentityProvider(parent=_Parent(ip="0.0.0.0"), token="t", max_kernels_per_client=2)
    page = VoilaHandler()
    provider.guard("192.0.2.7", "/", page)
    provider.guard("192.0.2.7", "/", page)
    with pytest.raises(web.HTTPError) as info:
        provider.guard("192.0.2.7", "/", page)
    assert info.value.status_code == 429 and "Close a tab" in info.value.reason
    provider.guard("192.0.2.9", "/", page)  # another device
    for _ in range(5):
        provider.guard("127.0.0.1", "/", page)


# -- live: Voilà on every address, a client beyond loopback ----------------------------------


def _lan_address() -> str | None:
    """This machine's address on its network (no packet is sent), or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if is_loopback(address) else address


LAN = _lan_address()
needs_lan = pytest.mark.skipif(LAN is None, reason="this machine has no network address besides loopback")


def _notebook(folder: Path) -> Path:
    """A tiny notebook that shows the text of ``watched/value.txt`` (read when it runs)."""
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("print('value:', open('watched/value.txt').read().strip())")]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    (folder / "watched").mkdir()
    (folder / "watched" / "value.txt").write_text("one\n")
    path = folder / "class.ipynb"
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    return path


def _start(tmp_path: Path, *options: str):
    notebook = _notebook(tmp_path)
    config = tmp_path / "config"
    config.mkdir()
    overrides = {
        "VoilaKernelManager": {
            "kernel_pools_config": {"default": {"pool_size": 1}},
            "preheat_denylist": [],
            "fill_delay": 0,
        },
        "ClassroomKernelManager": {
            "watch_paths": [str(tmp_path / "watched")],
            "watch_interval": 0.5,
            "silent_timeout": 6,
            "cull_interval": 2,
        },
    }
    (config / "voila.json").write_text(json.dumps(overrides), encoding="utf-8")
    port = free_port()
    log = tmp_path / "voila.log"
    cmd = [
        str(BIN / "voila"),
        str(notebook),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=0.0.0.0",
        "--Voila.tornado_settings={'autoreload': False}",
        "--template=explainer",
        f"--Voila.config_file_paths={config}",
        f"--Voila.config_file_paths={ROOT}",
        *options,
    ]
    proc = spawn(cmd, log, ROOT, voila_env())
    try:
        _wait_http(f"http://127.0.0.1:{port}/voila/static/voila.js", proc, log)
    except BaseException:
        _stop(proc)
        raise
    return proc, port, log


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def _wait_for(log: Path, text: str, times: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while log.read_text().count(text) < times:
        assert time.monotonic() < deadline, (
            f"{text!r} not {times} times in the log:\n{log.read_text()[-2000:]}"
        )
        time.sleep(0.5)


def _kernel_of(page: str) -> str:
    return re.search(r'"kernelId": "([0-9a-f-]{36})"', page)[1]


async def _one_client_cannot_hold_the_class(port: int, token: str, page: str) -> None:
    from tornado.websocket import websocket_connect

    lan, local = f"http://{LAN}:{port}", f"http://127.0.0.1:{port}"
    kernel = _kernel_of(page)
    # the page's own client connects: the kernel is bound to its address
    socket_ = await websocket_connect(f"ws://{LAN}:{port}/api/kernels/{kernel}/channels?token={token}")
    assert _get(f"{lan}/api/kernels/{kernel}?token={token}")[0] == 200
    status, body = _get(f"{local}/api/kernels/{kernel}?token={token}")  # the id, from another address
    assert status == 404 and kernel not in body
    # pages per address: this one holds a kernel (and a page handed out): one more, then 429
    statuses = [_get(f"{lan}/?token={token}")[0] for _ in range(2)]
    assert statuses == [200, 429], statuses
    status, body = _get(f"{lan}/?token={token}")
    assert status == 429 and "Close a tab" in body
    assert _get(f"{local}/?token={token}")[0] == 200  # the teacher's own machine is not counted
    # connected but silent: culled after silent_timeout (6 s here)
    deadline = time.monotonic() + 60
    while _get(f"{lan}/api/kernels/{kernel}?token={token}")[0] == 200:
        assert time.monotonic() < deadline, "a silent page kept its kernel"
        await asyncio.sleep(1)
    socket_.close()


@pytest.mark.slow
@needs_lan
def test_live_token_limit_binding_silence_and_a_pathway_edit(tmp_path):
    proc, port, log = _start(tmp_path)
    try:
        token = re.search(r"\?token=([\w-]+)", log.read_text())
        assert token, "a token was made and printed for an address beyond loopback"
        lan = f"http://{LAN}:{port}/"
        status, _ = _get(lan)
        assert status in (302, 401, 403) or "token" in _get(lan)[1].lower()  # not the page
        status, page = _get(f"{lan}?token={token[1]}")
        assert status == 200 and "value: one" in page
        # a pathway edit: the pool's kernel, which read "one", is replaced by one that reads "two"
        _wait_for(log, "is filled with", 2)  # the first fill, and the refill after that page
        time.sleep(3)  # the refill's notebook has run
        (tmp_path / "watched" / "value.txt").write_text("two\n")
        _wait_for(log, "restarting the preheated pool", 1)
        _wait_for(log, "is filled with", 3)
        time.sleep(3)
        status, page = _get(f"{lan}?token={token[1]}")
        assert status == 200 and "value: two" in page  # the first page after the edit
        run_async(_one_client_cannot_hold_the_class(port, token[1], page))  # Playwright holds a loop here
    finally:
        _stop(proc)
