"""The class server: tornado (what Jupyter runs on) serving pages and websockets for rooms.

``python -m explainer class`` calls :func:`serve`. Students get the static explorer page (no
kernel) with the class script, and a websocket; the presenter gets the presenter page with
the room's key. Messages are checked by :mod:`explainer.classroom.room`, which keeps the rules;
this module only carries them: origins, sizes and rates are checked here, per connection.
"""

import contextlib
import gc
import gzip
import hmac
import ipaddress
import json
import re
import secrets
import socket
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from urllib.parse import urlsplit

from tornado import ioloop, web, websocket

from explainer.classroom import pages
from explainer.classroom.room import MAX_MESSAGE_BYTES, Refused, Room, lesson_of, parse
from explainer.classroom.store import ClassStore
from explainer.loading.pathway import load_pathway

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed on phones
CODE_LENGTH = 6
MAX_MEMBERS = 1000  # per room: far above a class, well below what exhausts the process
STRIKES = 40  # messages over the rate limit before a connection is closed
FLUSH_MS = 200  # how often presenters hear of presence and tally changes
MIN_KEY = 16  # characters of presenter key needed to listen beyond loopback


class ClassError(Exception):
    """The class cannot start as asked; the message says what to do."""


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ClassApp:
    """The rooms a process serves, their store and their pages."""

    def __init__(self, store: ClassStore, public_url: str):
        self.store, self.public_url = store, public_url.rstrip("/")
        self.rooms: dict[str, Room] = {}
        self.pathways: dict[str, tuple] = {}  # room code -> (pathway, lesson)
        self._pages: dict[str, object] = {}  # pathway file -> future of (raw, gzipped) bytes
        self._pool: ProcessPoolExecutor | None = None

    def add_room(self, code: str) -> Room:
        record = self.store.room(code)
        if record is None:
            raise ClassError(f"no room {code!r} in {self.store_path()}; check the code, or leave out --room")
        file = str(Path(record.pathway).resolve())  # rooms of one pathway share it, loaded once
        known = next((p for p in self.pathways.values() if p[0].file == file), None)
        if known is None:
            pathway = load_pathway(record.pathway)
            known = (pathway, lesson_of(pathway))
        pathway, lesson = known
        room = Room(record, lesson, self.store)
        self.rooms[code], self.pathways[code] = room, (pathway, lesson)
        return room

    def store_path(self) -> str:
        return self.store.db.execute("PRAGMA database_list").fetchone()[2] or ":memory:"

    def join_url(self, code: str) -> str:
        return f"{self.public_url}/r/{code}"

    def presenter_url(self, code: str) -> str:
        return f"{self.public_url}/r/{code}/present?key={self.rooms[code].key}"

    def student_page(self, code: str):
        """A future of the room's student page (built once per pathway, in another process,
        so the server never holds the drawing libraries)."""
        file = self.pathways[code][0].file
        if file not in self._pages:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
            self._pages[file] = ioloop.IOLoop.current().run_in_executor(self._pool, _build_page, file)
        return self._pages[file]

    def pages_built(self) -> None:
        if self._pool and all(f.done() for f in self._pages.values()):
            self._pool.shutdown(wait=False)
            self._pool = None

    def flush(self) -> None:
        for room in self.rooms.values():
            room.flush()


PAGE_FAILED = "The server could not build the students' page; the teacher sees why in the server's window:"


def _report_page_failure(future) -> None:
    if not future.cancelled() and future.exception() is not None:
        print(f"error: the students' page cannot be built: {future.exception()}", file=sys.stderr, flush=True)


def _build_page(file: str) -> tuple[bytes, bytes]:
    raw = pages.student_page(load_pathway(file))
    return raw, gzip.compress(raw, 6)


class _Base(web.RequestHandler):
    def initialize(self, app: ClassApp):
        self.app = app

    def set_default_headers(self):
        self.set_header("Referrer-Policy", "no-referrer")  # the presenter's key is in its URL
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Content-Security-Policy", "frame-ancestors 'none'")
        self.set_header("Cache-Control", "no-store")

    def room(self, code: str) -> Room:
        room = self.app.rooms.get(code.upper())
        if room is None:
            self.set_status(404)
            self.finish(pages.message_page("No class with this code", pages.unknown_room_text(code)))
            raise web.Finish
        return room

    def presenter_room(self, code: str) -> Room:
        room = self.room(code)
        if not hmac.compare_digest(self.get_query_argument("key", "").encode(), room.key.encode()):
            self.set_status(403)
            self.finish(pages.message_page("This presenter link is not right", pages.WRONG_KEY_TEXT))
            raise web.Finish
        return room

    def write_error(self, status_code, **kwargs):
        self.finish(pages.message_page("Something went wrong", f"The server answered {status_code}."))


class JoinPage(_Base):
    def get(self):
        code = self.get_query_argument("code", "").strip().upper().replace(" ", "")
        if code:
            self.redirect(f"/r/{code}" if re.fullmatch(r"[A-Z0-9]{1,12}", code) else "/")
        else:
            self.finish(pages.join_page())


class StudentPage(_Base):
    async def get(self, code):
        room = self.room(code)
        try:
            raw, packed = await self.app.student_page(room.code)
        except Exception as exc:  # the build failed (e.g. node_modules missing): say so, not a bare 500
            self.set_status(503)
            self.finish(pages.message_page("The class page cannot be shown", PAGE_FAILED, str(exc)))
            return
        self.app.pages_built()
        self.set_header("Content-Type", "text/html; charset=utf-8")
        if "gzip" in self.request.headers.get("Accept-Encoding", ""):
            self.set_header("Content-Encoding", "gzip")
            self.finish(packed)
        else:
            self.finish(raw)


class PresenterPage(_Base):
    def get(self, code):
        room = self.presenter_room(code)
        join = self.app.join_url(room.code)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(pages.presenter_page(room, self.app.pathways[room.code][0], join))


class AnswersCsv(_Base):
    def get(self, code):
        room = self.presenter_room(code)
        self.set_header("Content-Type", "text/csv; charset=utf-8")
        self.set_header("Content-Disposition", f'attachment; filename="class-{room.code}-answers.csv"')
        steps = [(s.title, s.question) for s in room.lesson]
        self.finish(self.app.store.csv_text(room.code, steps).encode("utf-8-sig"))


class Socket(websocket.WebSocketHandler):
    """One student's or presenter's connection: JSON text messages both ways."""

    def initialize(self, app: ClassApp):
        self.app, self.room_, self.strikes = app, None, 0

    def check_origin(self, origin: str) -> bool:
        """Only pages of this server (the host the browser asked for, or the public URL)."""
        seen = urlsplit(origin).netloc.lower()
        return seen in (self.request.host.lower(), urlsplit(self.app.public_url).netloc.lower())

    def open(self, code):
        room = self.app.rooms.get(code.upper())
        if room is None:
            return self.close(4404, "no class with this code")
        key = self.get_query_argument("key", None)
        presenter = key is not None and hmac.compare_digest(key.encode(), room.key.encode())
        if key is not None and not presenter:
            return self.close(4403, "wrong presenter key")
        if len(room.members) >= MAX_MEMBERS:
            return self.close(4429, "the class is full")
        self.room_ = room
        room.join(self, presenter)

    def on_message(self, raw):
        if self.room_ is None:
            return
        member = self.room_.members.get(self)
        if member is None:
            return
        if not member.limit.allow():
            self.strikes += 1
            if self.strikes > STRIKES:
                return self.close(1008, "too many messages")
            return self.send({"type": "refused", "reason": "too many messages: slow down"})
        try:
            self.room_.receive(self, parse(raw))
        except Refused as exc:
            self.send({"type": "refused", "reason": str(exc)})

    def send(self, message: dict, text: str | None = None) -> None:
        if self.ws_connection is None or self.ws_connection.is_closing():
            return
        with contextlib.suppress(websocket.WebSocketClosedError):
            self.write_message(text or json.dumps(message, separators=(",", ":")))

    def on_close(self):
        if self.room_ is not None:
            self.room_.leave(self)


def make_app(app: ClassApp) -> web.Application:
    code = r"([A-Za-z0-9]{1,12})"
    return web.Application(
        [
            (r"/", JoinPage, {"app": app}),
            (rf"/r/{code}/?", StudentPage, {"app": app}),
            (rf"/r/{code}/present", PresenterPage, {"app": app}),
            (rf"/r/{code}/answers\.csv", AnswersCsv, {"app": app}),
            (rf"/r/{code}/ws", Socket, {"app": app}),
        ],
        websocket_max_message_size=MAX_MESSAGE_BYTES,
        websocket_ping_interval=10,
        websocket_ping_timeout=30,
        xheaders=False,
    )


def _guess_lan_address() -> str:
    """This machine's address on the local network (no packet is sent), else 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def open_rooms(store: ClassStore, pathway: Path, resume: list[str], key: str | None = None) -> list[str]:
    """The codes to serve: those in ``resume`` (each must exist), else one new room with ``key``
    (default: a new random one; ``""``: no key, anyone who can reach the server leads)."""
    if resume:
        return [c.upper() for c in resume]
    title = load_pathway(pathway).title
    code = new_code()
    while store.room(code):
        code = new_code()
    store.create_room(
        code, secrets.token_urlsafe(18) if key is None else key, str(Path(pathway).resolve()), title
    )
    return [code]


def check_listen(host: str, keys: list[str]) -> None:
    """Beyond loopback, every room needs a key nobody can guess; else :class:`ClassError`."""
    if not is_loopback(host) and any(len(k) < MIN_KEY for k in keys):
        raise ClassError(
            f"--host {host} lets other machines reach the class, and a room's presenter key is empty "
            f"or shorter than {MIN_KEY} characters; leave out --key (a random key is made), "
            "or serve on --host 127.0.0.1"
        )


def serve(
    pathway: Path,
    host: str,
    port: int,
    db: Path,
    resume: list[str],
    public_url: str | None = None,
    key: str | None = None,
) -> None:
    """Serve a class until interrupted; prints the join and presenter addresses."""
    if not is_loopback(host) and not public_url and host in ("0.0.0.0", "::"):
        public_url = f"http://{_guess_lan_address()}:{port}"
    if not resume and key is not None:
        check_listen(host, [key])  # before the room is made
    store = ClassStore(db)
    codes = open_rooms(store, pathway, resume, key)
    check_listen(host, [store.room(c).key for c in codes if store.room(c)])
    app = ClassApp(store, public_url or f"http://{'127.0.0.1' if host == 'localhost' else host}:{port}")
    for code in codes:
        app.add_room(code)
    server = make_app(app).listen(port, host)
    for code, room in app.rooms.items():
        # Start building the page now, not at the first student; a failure is printed at once.
        app.student_page(code).add_done_callback(_report_page_failure)
        print(f"Class {code}: {room.title}", flush=True)
        print(f"  students join at  {app.join_url(code)}   (room code {code})", flush=True)
        print(f"  presenter (keep private): {app.presenter_url(code)}", flush=True)
    print(f"Answers are stored in {db}; after class: python -m explainer class-report --db {db}", flush=True)
    print("Press Ctrl+C to end the class.", file=sys.stderr, flush=True)
    ioloop.PeriodicCallback(app.flush, FLUSH_MS).start()
    # What is loaded now (modules, the pathway, templates) stays for the whole class: out of the
    # collector's way, so a full collection during a step change does not walk it.
    gc.collect()
    gc.freeze()
    try:
        ioloop.IOLoop.current().start()
    except KeyboardInterrupt:
        print(f"Class ended. Every answer is in {db}.", file=sys.stderr, flush=True)
    finally:
        server.stop()
        store.close()
