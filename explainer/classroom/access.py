"""Who may use the Voilà class server (``voila.json`` names it as Voilà's identity provider).

Voilà's own defaults let one client lock a class out: no token, and every page handed a kernel,
so about fifty plain GETs then an idle websocket per kernel held all of them (issue 25). This
provider, Voilà's token check plus three rules:

- **A token whenever the server listens beyond loopback.** Started on another address with no
  token, it makes one, and Voilà prints the address to share with it (``?token=...``); a
  browser that opened it once keeps a cookie. On loopback no token is needed.
- **Kernels per client address:** a page hands out a kernel; an address that already holds
  ``max_kernels_per_client`` (pages handed out and not yet gone) gets HTTP 429 and a page
  saying to close a tab. Loopback clients are not counted unless ``limit_loopback`` is set (a
  teacher's own laptop, the load test).
- **A kernel belongs to the address that first connected to it:** from any other address its
  websocket, its REST calls (read, interrupt, restart, shut down) and Voilà's query and
  shutdown URLs answer 404, as for a kernel that does not exist; a kernel id that leaks (in a
  log, a screenshot, a shared link) lets no one else read or stop it.
"""

import ipaddress
import re
import secrets
import time

from jupyter_server.auth.identity import PasswordIdentityProvider
from tornado import web
from traitlets import Bool, Float, Int

_KERNEL_URL = re.compile(r"/(?:api/kernels|voila/query|voila/api/shutdown)/([0-9a-f-]{36})(/channels)?/?$")
TOO_MANY = (
    "This device already has {n} explorers open on the class server. Close a tab you no longer "
    "use, then reload this page in a minute"
)


def is_loopback(address: str) -> bool:
    """True for 127.0.0.0/8, ::1 and the name localhost (what only this machine can reach)."""
    if address in ("localhost", ""):
        return address == "localhost"
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


class ClassroomIdentityProvider(PasswordIdentityProvider):
    """Voilà's token check, a token beyond loopback, kernels per address, kernels bound to one."""

    max_kernels_per_client = Int(
        3, config=True, help="Most kernels one client address holds at once (pages handed out included)."
    )
    limit_loopback = Bool(False, config=True, help="Count loopback clients too (tests; one-machine load).")
    handed_out_for = Float(
        120.0,
        config=True,
        help="Seconds a page handed out counts against its address before its kernel connects "
        "(the manager culls a kernel never connected in about this time).",
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        address = str(getattr(self.parent, "ip", "") or "127.0.0.1")
        if not is_loopback(address) and not self.token:
            self.token = secrets.token_urlsafe(24)
            self.token_generated = True
            self.log.warning(
                "The class server listens on %s, beyond this machine: every student needs the "
                "token; share the address Voilà prints with ?token=",
                address,
            )
        self._owner: dict[str, str] = {}  # kernel id -> the address that first connected to it
        self._handed: dict[str, list[float]] = {}  # address -> when pages were handed to it

    async def get_user(self, handler):
        user = super().get_user(handler)
        if hasattr(user, "__await__"):
            user = await user
        if user is not None:
            handler.current_user = handler._jupyter_current_user = user  # the error page needs it
            self.guard(handler.request.remote_ip or "", handler.request.path, handler)
        return user

    def guard(self, address: str, path: str, handler=None) -> None:
        """Raise ``HTTPError`` when ``address`` may not make this request (see the module)."""
        found = _KERNEL_URL.search(path)
        kernels = self._kernels(handler)
        if found:
            kernel_id, channels = found[1], bool(found[2])
            owner = self._owner.get(kernel_id)
            if owner is not None and owner != address:
                raise web.HTTPError(404, f"Kernel does not exist: {kernel_id[:8]}…")
            if owner is None and channels and kernel_id in kernels:
                self._owner[kernel_id] = address
                handed = self._handed.get(address, [])
                if handed:
                    handed.pop(0)  # the page handed out has connected: counted as a kernel now
        elif self._is_page(handler):
            if is_loopback(address) and not self.limit_loopback:
                return
            now = time.monotonic()
            handed = [t for t in self._handed.get(address, []) if now - t < self.handed_out_for]
            held = sum(1 for k, a in list(self._owner.items()) if a == address and k in kernels)
            for k in [k for k in self._owner if kernels and k not in kernels]:
                del self._owner[k]  # shut down since: forget it
            if held + len(handed) >= self.max_kernels_per_client:
                raise web.HTTPError(
                    429, "too many kernels", reason=TOO_MANY.format(n=self.max_kernels_per_client)
                )
            handed.append(now)
            self._handed[address] = handed

    @staticmethod
    def _kernels(handler) -> set[str]:
        manager = handler.settings.get("kernel_manager") if handler is not None else None
        return set(manager.list_kernel_ids()) if manager is not None else set()

    @staticmethod
    def _is_page(handler) -> bool:
        """A request for a notebook page (each one is handed a kernel)."""
        return handler is not None and any(c.__name__ == "VoilaHandler" for c in type(handler).__mro__)
