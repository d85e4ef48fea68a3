"""The kernel manager for a class on one Voilà server (``voila.json`` names it).

Voilà 0.5 tries to shut a page's kernel down when the page closes, but the request is
refused (``403 '_xsrf' argument missing from POST``, voila-dashboards/voila#1458), so
every visit would leave its kernel running. This manager makes jupyter_server's idle
culler do that job, and caps how many kernels one server runs:

- **A page gone is a kernel idle from then.** When a kernel's last connection closes, its
  ``last_activity`` is set to now, so the culler (``cull_connected=False``) shuts it down
  ``cull_idle_timeout`` seconds after the page left, not after the student's last click.
- **A kernel handed to a page is spared until the page connects.** Voilà's preheated pool
  keeps kernels that ran the notebook long ago; the one handed to a new page has no
  connection yet and an old ``last_activity``, so the culler could take it in the second
  before the page's websocket opens. A kernel the culler sees for the first time with no
  connection ever made starts its idle time then.
- **At most** ``max_kernels`` **kernels** (pool included): past it a new kernel is refused
  with HTTP 503 and a message saying the class is full, instead of the machine running
  out of memory for everyone. A pool refill refused at the limit is tried again each time
  a kernel is shut down, so the pool recovers when students leave.

- **A page connected but silent is culled too,** after ``silent_timeout`` seconds with no
  message to or from its kernel (a click, a step): a client that opens a websocket and sends
  nothing cannot hold a kernel for as long as it likes.
- **An edited pathway is served at once.** The preheated pool's kernels ran the notebook when
  they started; when a file under ``watch_paths`` (the pathways and articles) changes, every
  pooled kernel is shut down and the pool refills with kernels that read the new files.
  Pages already open keep what they have.

Voilà wraps this class with its pool (``VoilaKernelManager``), whose own
``cull_kernel_if_idle`` never passes a pooled kernel on to this one. Which client may use
which kernel, and the token, are :mod:`explainer.classroom.access`'s job.
"""

import asyncio
from pathlib import Path

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from tornado.ioloop import PeriodicCallback
from traitlets import Float, Int, List, Unicode

from explainer.loading.assets import ARTICLES, PATHWAYS

# Voilà's error page shows the status and this reason, nothing else.
FULL = (
    "The class server is full: it runs at most {n} live explorers. Close a tab you no longer "
    "use and reload in a minute, or use the offline explorer page"
)


class ClassroomKernelManager(AsyncMappingKernelManager):
    """``AsyncMappingKernelManager`` with a kernel limit and culling counted from a page's departure."""

    max_kernels = Int(
        40,
        config=True,
        help="Most kernels this server runs at once, the preheated pool included; past it a page "
        "gets HTTP 503 with a message. 0 means no limit.",
    )

    silent_timeout = Int(
        1800,
        config=True,
        help="Seconds a connected page may stay silent (no message to or from its kernel) before "
        "its kernel is shut down. 0 means never.",
    )
    watch_paths = List(
        Unicode(),
        default_value=[str(PATHWAYS), str(ARTICLES)],
        config=True,
        help="Folders whose files the notebooks read: when one changes, the preheated pool restarts.",
    )
    watch_interval = Float(2.0, config=True, help="Seconds between looks at watch_paths.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._starting = 0  # kernels asked for and not yet running: concurrent starts count too
        self._ever_connected: set[str] = set()
        self._waiting_since: set[str] = set()  # handed out, never connected, idle time restarted
        self._closing = False
        self._sources = sources_fingerprint(self.watch_paths)
        self._watcher = None

    async def start_kernel(self, *args, kernel_id=None, **kwargs):
        if kernel_id is None or kernel_id not in self:
            running = len(self.list_kernel_ids()) + self._starting
            if self.max_kernels and running >= self.max_kernels:
                self.log.warning("Refused a kernel: %d running or starting, max_kernels", running)
                raise web.HTTPError(503, "max_kernels reached", reason=FULL.format(n=self.max_kernels))
        self._watch()
        self._starting += 1
        try:
            return await super().start_kernel(*args, kernel_id=kernel_id, **kwargs)
        finally:
            self._starting -= 1

    def notify_connect(self, kernel_id):
        super().notify_connect(kernel_id)
        self._ever_connected.add(kernel_id)

    def notify_disconnect(self, kernel_id):
        super().notify_disconnect(kernel_id)
        if kernel_id in self._kernels and not self._kernel_connections.get(kernel_id, 0):
            self._kernels[kernel_id].last_activity = utcnow()  # the page has gone: idle from now

    async def cull_kernel_if_idle(self, kernel_id):
        if (
            kernel_id in self._kernels
            and kernel_id not in self._ever_connected
            and kernel_id not in self._waiting_since
        ):
            self._waiting_since.add(kernel_id)
            self._kernels[kernel_id].last_activity = utcnow()
            return
        if self._silent_too_long(kernel_id):
            self.log.warning(
                "Culling kernel %s: connected but silent for %d s", kernel_id[:8], self.silent_timeout
            )
            await self.shutdown_kernel(kernel_id)
            return
        await super().cull_kernel_if_idle(kernel_id)

    def _silent_too_long(self, kernel_id) -> bool:
        kernel = self._kernels.get(kernel_id)
        if not self.silent_timeout or kernel is None or not self._kernel_connections.get(kernel_id, 0):
            return False
        return (utcnow() - kernel.last_activity).total_seconds() > self.silent_timeout

    def _watch(self) -> None:
        """Start looking at ``watch_paths`` (once, from the server's loop)."""
        if self._watcher is None and self.watch_paths and self.watch_interval > 0:
            self._watcher = PeriodicCallback(self._look, self.watch_interval * 1000)
            self._watcher.start()

    async def _look(self) -> None:
        now = sources_fingerprint(self.watch_paths)
        if now != self._sources:
            self._sources = now
            self.log.info("A pathway or article changed: restarting the preheated pool")
            await self.restart_pools()

    async def restart_pools(self) -> list[str]:
        """Shut down every pooled kernel (each refills); return their ids."""
        pools = getattr(self, "_pools", None) or {}
        gone = []
        for pool in list(pools.values()):
            for task in list(pool):
                try:
                    content = await asyncio.shield(task)
                except Exception:  # a start that failed: the refill replaces it
                    continue
                kernel_id = content.get("kernel_id")
                if kernel_id in self:
                    gone.append(kernel_id)
                    await self.shutdown_kernel(kernel_id)
        return gone

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        result = await super().shutdown_kernel(kernel_id, *args, **kwargs)
        self._refill_pools()
        return result

    async def shutdown_all(self, *args, **kwargs):
        self._closing = True
        if self._watcher is not None:
            self._watcher.stop()
        return await super().shutdown_all(*args, **kwargs)

    def _refill_pools(self) -> None:
        """Voilà's pool (when preheating) refills only when a page takes a kernel: drop the
        refills the limit refused, and start them again now that a kernel has gone."""
        pools = getattr(self, "_pools", None)
        if self._closing or pools is None:
            return
        for name, pool in list(pools.items()):
            pool[:] = [t for t in pool if not t.done() or (not t.cancelled() and t.exception() is None)]
            self.fill_if_needed(notebook_name=name)

    def remove_kernel(self, kernel_id):
        self._ever_connected.discard(kernel_id)
        self._waiting_since.discard(kernel_id)
        return super().remove_kernel(kernel_id)


def sources_fingerprint(folders) -> tuple:
    """What changes when a file in ``folders`` is edited, added or removed (names, sizes, times)."""
    found = []
    for folder in folders:
        try:
            entries = sorted(Path(folder).iterdir())
        except OSError:
            continue
        for path in entries:
            try:
                st = path.stat()
            except OSError:
                continue
            found.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(found)
