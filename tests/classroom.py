"""A real class server for tests and the class load test: started on 127.0.0.1 on a free port,
stopped by its process group, and websocket students that speak its protocol.
"""

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from tests.servers import ROOT, _stop, _wait_http, free_port, spawn, wait_line

PRESENTER_LINE = re.compile(r"presenter \(keep private\): (http://\S+/r/(\w+)/present\?key=(\S+))")


@dataclass
class ClassServer:
    proc: subprocess.Popen
    port: int
    code: str
    key: str
    db: Path
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def join_url(self) -> str:
        return f"{self.base}/r/{self.code}"

    @property
    def presenter_url(self) -> str:
        return f"{self.base}/r/{self.code}/present?key={self.key}"

    def ws_url(self, key: str | None = None) -> str:
        url = f"ws://127.0.0.1:{self.port}/r/{self.code}/ws"
        return url + (f"?key={key}" if key is not None else "")

    def kill(self, sig=signal.SIGKILL) -> None:
        """Signal the server's process group (its page-building child too) and reap it."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
        self.proc.wait(timeout=30)


def start_class(
    tmp_path: Path, *args: str, port: int | None = None, db: Path | None = None, env: dict | None = None
) -> ClassServer:
    """Start ``python -m explainer class`` and wait until it prints its presenter address."""
    port = port or free_port()
    db = db or tmp_path / "class.sqlite"
    log = tmp_path / f"class-{time.monotonic_ns()}.log"
    cmd = [sys.executable, "-m", "explainer", "class", "--port", str(port), "--db", str(db), *args]
    proc = spawn(cmd, log, ROOT, env)
    try:
        found = wait_line(log, PRESENTER_LINE.pattern, proc)
        server = ClassServer(proc, port, found[2], found[3], db, log)
        _wait_http(f"{server.base}/", proc, log, timeout=30)
    except BaseException:
        _stop(proc)
        raise
    return server


@contextmanager
def class_server(tmp_path: Path, *args: str):
    server = start_class(tmp_path, *args)
    try:
        yield server
    finally:
        server.kill(signal.SIGTERM)


def run_async(coroutine):
    """``asyncio.run`` in a thread of its own: Playwright's sync API (the session's browser
    fixture) leaves an event loop running in this one."""
    outcome = {}

    def target():
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as exc:  # re-raised in the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


class Client:
    """One websocket connection that keeps every message it receives, in order."""

    def __init__(self, url: str, origin: str | None = None):
        self.url, self.origin = url, origin
        self.conn = None
        self.received: list[dict] = []
        self._new = asyncio.Event()

    async def connect(self) -> "Client":
        origin = self.origin or re.sub(r"^ws://([^/]+)/.*$", r"http://\1", self.url)
        self.conn = await websocket_connect(HTTPRequest(self.url, headers={"Origin": origin}))
        asyncio.get_running_loop().create_task(self._read())
        return self

    async def _read(self):
        while True:
            raw = await self.conn.read_message()
            if raw is None:
                self.received.append({"type": "closed", "code": self.conn.close_code})
                self._new.set()
                return
            self.received.append(json.loads(raw))
            self._new.set()

    async def send(self, message: dict | str) -> None:
        await self.conn.write_message(message if isinstance(message, str) else json.dumps(message))

    async def wait_for(self, predicate, timeout: float = 10.0) -> dict:
        """The first message received (earlier ones included) for which ``predicate`` is true."""
        deadline = asyncio.get_running_loop().time() + timeout
        seen = 0
        while True:
            for message in self.received[seen:]:
                if predicate(message):
                    return message
            seen = len(self.received)
            self._new.clear()
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                raise AssertionError(f"no such message within {timeout} s; got {self.received[-5:]}")
            with suppress(TimeoutError):
                await asyncio.wait_for(self._new.wait(), left)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


async def student(server: ClassServer, name: str, **hello) -> Client:
    client = await Client(server.ws_url()).connect()
    await client.send({"type": "hello", "student": f"student-{name}", **hello})
    await client.wait_for(lambda m: m["type"] == "state")
    return client


async def presenter(server: ClassServer) -> Client:
    client = await Client(server.ws_url(server.key)).connect()
    await client.wait_for(lambda m: m["type"] == "state")
    return client
