"""``python -m explainer preview FILE``: a local page that re-renders whenever the pathway, its
article or its sidecar is saved, like ``quarto preview`` or the Mermaid live editor.

A tornado server on 127.0.0.1 only (no kernel): ``/`` is the page (:mod:`explainer.authoring.preview`),
``/events`` a stream of server-sent events carrying each part of the page as it is rebuilt.
watchfiles watches the pathway's folder and the shared article folder; a save there rebuilds the
text part (problems and steps, quick), sends it, then the diagram. Builds run one at a time in
a worker thread, so the page and its events stay responsive; saves that come during a build are
gathered into one more. SIGINT (Ctrl-C) or SIGTERM stops it.
"""

import asyncio
import json
import signal
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import tornado.httpserver
import tornado.web
from tornado.iostream import StreamClosedError
from tornado.netutil import bind_sockets

from explainer.authoring import preview

KEEP_ALIVE_S = 15.0  # a comment line this often: a closed page is noticed, proxies keep the stream
LOOPBACK = "127.0.0.1"
PORT = 8765  # the preview's usual port


class Preview:
    """What the page shows now, and the pages listening for the next version."""

    def __init__(self, path: Path):
        self.path = path
        self.version = 0
        self.parts: dict[str, dict] = {}
        self.listeners: set[asyncio.Queue] = set()
        self.dirty = asyncio.Event()
        self.ready = asyncio.Event()  # the first version's text and diagram are built
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="preview-build")

    def publish(self, part: str, html: str) -> None:
        message = {"version": self.version, "part": part, "html": html}
        self.parts[part] = message
        for queue in self.listeners:
            queue.put_nowait(message)

    async def build_forever(self) -> None:
        """Rebuild on every change (``dirty``): the text part, then, if nothing changed meanwhile,
        the diagram part."""
        loop = asyncio.get_running_loop()
        while True:
            await self.dirty.wait()
            self.dirty.clear()
            self.version += 1
            text = await loop.run_in_executor(self.pool, preview.text_part, self.path)
            self.publish("text", text.html)
            if self.dirty.is_set():
                continue  # saved again: the next text first, this diagram is already stale
            self.publish("diagram", await loop.run_in_executor(self.pool, preview.diagram_part, text))
            self.ready.set()

    async def watch_forever(self, stop: asyncio.Event) -> None:
        """Mark the page dirty on every change in the watched folders; where the system's file
        events cannot be had (no inotify), poll the folders instead."""
        from watchfiles import awatch

        folders = preview.watched(self.path)
        for polling in (False, True):
            try:
                # step: how long to wait for more changes once one is seen (a save is several)
                changes = awatch(*folders, stop_event=stop, debounce=400, step=30, force_polling=polling)
                async for _ in changes:
                    self.dirty.set()
                return
            except OSError as exc:
                print(f"watching {', '.join(map(str, folders))}: {exc}; polling instead", file=sys.stderr)


class PageHandler(tornado.web.RequestHandler):
    def initialize(self, state: Preview):
        self.state = state

    def prepare(self):
        _same_host_only(self)

    async def get(self):
        self.set_header("Cache-Control", "no-store")
        await self.state.ready.wait()  # a first page that shows something, even to a reader with no script
        parts = self.state.parts
        self.write(
            preview.page(
                self.state.path,
                parts.get("text", {}).get("html", ""),
                parts.get("diagram", {}).get("html", ""),
            )
        )


class EventsHandler(tornado.web.RequestHandler):
    def initialize(self, state: Preview):
        self.state = state

    def prepare(self):
        _same_host_only(self)

    async def get(self):
        self.set_header("Content-Type", "text/event-stream; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        queue: asyncio.Queue = asyncio.Queue()
        for message in self.state.parts.values():  # what the page shows now, then each new part
            queue.put_nowait(message)
        self.state.listeners.add(queue)
        try:
            while True:
                try:
                    message = await asyncio.wait_for(queue.get(), KEEP_ALIVE_S)
                    self.write(f"data: {json.dumps(message)}\n\n")
                except TimeoutError:
                    self.write(": still here\n\n")
                await self.flush()
        except StreamClosedError:
            pass
        finally:
            self.state.listeners.discard(queue)


def _same_host_only(handler: tornado.web.RequestHandler) -> None:
    """Answer only requests addressed to the loopback server itself (no DNS rebinding)."""
    host = handler.request.host.rsplit(":", 1)[0].strip("[]")
    if host not in (LOOPBACK, "localhost"):
        raise tornado.web.HTTPError(403, "the preview answers on 127.0.0.1 only")


def make_app(state: Preview) -> tornado.web.Application:
    return tornado.web.Application(
        [(r"/", PageHandler, {"state": state}), (r"/events", EventsHandler, {"state": state})]
    )


async def _serve(path: Path, port: int | None) -> int:
    state = Preview(path)
    try:
        sockets = _listen(port)
    except OSError as exc:
        where = f"{LOOPBACK}:{port if port is not None else PORT}"
        print(f"error: cannot listen on {where} ({exc.strerror}); choose another --port", file=sys.stderr)
        return 2
    server = tornado.httpserver.HTTPServer(make_app(state))
    server.add_sockets(sockets)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    state.dirty.set()
    tasks = [asyncio.create_task(state.build_forever()), asyncio.create_task(state.watch_forever(stop))]
    url = f"http://{LOOPBACK}:{sockets[0].getsockname()[1]}/"
    print(f"Preview of {path} at {url} (Ctrl-C to stop)", flush=True)
    await stop.wait()
    server.stop()
    for task in tasks:
        task.cancel()
    state.pool.shutdown(wait=False, cancel_futures=True)
    return 0


def _listen(port: int | None) -> list:
    """Sockets on ``port`` (0: any free one); with no port given, :data:`PORT` or else any free one."""
    if port is not None:
        return bind_sockets(port, LOOPBACK)
    try:
        return bind_sockets(PORT, LOOPBACK)
    except OSError:  # another preview, or another program, has it
        return bind_sockets(0, LOOPBACK)


def serve(path: Path | str, port: int | None = None) -> int:
    """Serve the preview of ``path`` on 127.0.0.1:``port`` (0: any free port; None: :data:`PORT`
    if it is free, else any) until stopped."""
    return asyncio.run(_serve(Path(path), port))
