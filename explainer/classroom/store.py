"""A class session's record: rooms, step changes, polls and every answer, in one SQLite file.

Each write is its own transaction, committed before the server tells anyone about it, and the
database runs in WAL mode: a server killed with SIGKILL loses nothing that a student or the
presenter was told was stored (the committed pages are in the operating system's hands).
Answers are appended, never updated: a student who changes their mind adds a row, and the
tally counts each student's latest answer. One process owns a file at a time.

>>> store = ClassStore(":memory:")
>>> store.create_room("ABC234", "secret", "ketamine.yaml", "Ketamine")
>>> poll = store.open_poll("ABC234", 0, "understanding", ("Got it", "Not sure", "Lost"), None)
>>> store.add_answer(poll, "s1", "", 0); store.add_answer(poll, "s1", "", 2)
>>> store.latest_answers(poll)
{'s1': 2}
"""

import csv
import io
import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS rooms (
  code TEXT PRIMARY KEY, key TEXT NOT NULL, pathway TEXT NOT NULL, title TEXT NOT NULL,
  created REAL NOT NULL, step INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS polls (
  id INTEGER PRIMARY KEY, room TEXT NOT NULL REFERENCES rooms(code), step INTEGER NOT NULL,
  kind TEXT NOT NULL, options TEXT NOT NULL, correct INTEGER, opened REAL NOT NULL,
  closed REAL, revealed REAL);
CREATE TABLE IF NOT EXISTS answers (
  id INTEGER PRIMARY KEY, poll INTEGER NOT NULL REFERENCES polls(id), student TEXT NOT NULL,
  nickname TEXT NOT NULL, choice INTEGER NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS answers_by_poll ON answers (poll, student);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY, room TEXT NOT NULL REFERENCES rooms(code), at REAL NOT NULL,
  kind TEXT NOT NULL, step INTEGER, poll INTEGER);
"""

CSV_COLUMNS = (
    "room",
    "poll",
    "step",
    "step_title",
    "question",
    "kind",
    "student",
    "nickname",
    "answer",
    "correct",
    "answered_at_utc",
)


@dataclass(frozen=True)
class RoomRecord:
    code: str
    key: str
    pathway: str
    title: str
    step: int


@dataclass(frozen=True)
class PollRecord:
    id: int
    step: int
    kind: str  # "question" (the step's own, as multiple choice) or "understanding" (got it / not sure / lost)
    options: tuple[str, ...]
    correct: int | None
    open: bool
    revealed: bool


class ClassStore:
    """The SQLite file of one or more class rooms (``":memory:"`` for a throwaway one)."""

    def __init__(self, path: Path | str):
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # Autocommit: every statement is committed when it returns (isolation_level=None).
        self.db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        # NORMAL: a commit survives the process being killed (no fsync per answer; a power cut
        # may lose the last moments, never corrupt the file).
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    # -- rooms and steps -------------------------------------------------------------------
    def create_room(self, code: str, key: str, pathway: str, title: str) -> None:
        self.db.execute(
            "INSERT INTO rooms (code, key, pathway, title, created) VALUES (?, ?, ?, ?, ?)",
            (code, key, pathway, title, time.time()),
        )

    def room(self, code: str) -> RoomRecord | None:
        row = self.db.execute("SELECT code, key, pathway, title, step FROM rooms WHERE code = ?", (code,))
        found = row.fetchone()
        return RoomRecord(*found) if found else None

    def set_step(self, code: str, step: int) -> None:
        with self.db:  # the room's step and the event together, or neither
            self.db.execute("BEGIN")
            self.db.execute("UPDATE rooms SET step = ? WHERE code = ?", (step, code))
            self._event(code, "step", step, None)

    def _event(self, code: str, kind: str, step: int | None, poll: int | None) -> None:
        self.db.execute(
            "INSERT INTO events (room, at, kind, step, poll) VALUES (?, ?, ?, ?, ?)",
            (code, time.time(), kind, step, poll),
        )

    def events(self, code: str) -> list[tuple[str, int | None, int | None]]:
        rows = self.db.execute("SELECT kind, step, poll FROM events WHERE room = ? ORDER BY id", (code,))
        return rows.fetchall()

    # -- polls -----------------------------------------------------------------------------
    def open_poll(
        self, code: str, step: int, kind: str, options: tuple[str, ...], correct: int | None
    ) -> int:
        """Close the room's open poll, if any, and open a new one; its id."""
        with self.db:
            self.db.execute("BEGIN")
            now = time.time()
            self.db.execute("UPDATE polls SET closed = ? WHERE room = ? AND closed IS NULL", (now, code))
            poll = self.db.execute(
                "INSERT INTO polls (room, step, kind, options, correct, opened) VALUES (?, ?, ?, ?, ?, ?)",
                (code, step, kind, json.dumps(list(options)), correct, now),
            ).lastrowid
            self._event(code, "poll-open", step, poll)
        return poll

    def close_poll(self, code: str, poll: int) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute(
                "UPDATE polls SET closed = ? WHERE id = ? AND closed IS NULL", (time.time(), poll)
            )
            self._event(code, "poll-close", None, poll)

    def reveal_poll(self, code: str, poll: int) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("UPDATE polls SET revealed = ? WHERE id = ?", (time.time(), poll))
            self._event(code, "reveal", None, poll)

    def latest_poll(self, code: str) -> PollRecord | None:
        """The room's most recent poll (open or closed), or None before the first."""
        row = self.db.execute(
            "SELECT id, step, kind, options, correct, closed IS NULL, revealed IS NOT NULL FROM polls "
            "WHERE room = ? ORDER BY id DESC LIMIT 1",
            (code,),
        ).fetchone()
        if row is None:
            return None
        pid, step, kind, options, correct, is_open, revealed = row
        return PollRecord(pid, step, kind, tuple(json.loads(options)), correct, bool(is_open), bool(revealed))

    # -- answers ---------------------------------------------------------------------------
    def add_answer(self, poll: int, student: str, nickname: str, choice: int) -> None:
        self.db.execute(
            "INSERT INTO answers (poll, student, nickname, choice, at) VALUES (?, ?, ?, ?, ?)",
            (poll, student, nickname, choice, time.time()),
        )

    def latest_answers(self, poll: int) -> dict[str, int]:
        """Each student's latest answer to ``poll``: ``{student: choice}``."""
        rows = self.db.execute("SELECT student, choice FROM answers WHERE poll = ? ORDER BY id", (poll,))
        return dict(rows.fetchall())

    def answer_count(self, code: str | None = None) -> int:
        if code is None:
            return self.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
        sql = "SELECT COUNT(*) FROM answers JOIN polls ON polls.id = answers.poll WHERE polls.room = ?"
        return self.db.execute(sql, (code,)).fetchone()[0]

    def csv_text(self, code: str, steps: list[tuple[str, str]]) -> str:
        """Every answer of room ``code``, one row each, oldest first (``steps``: each step's
        (title, question), to name them)."""
        rows = self.db.execute(
            "SELECT polls.id, polls.step, polls.kind, polls.options, polls.correct, answers.student, "
            "answers.nickname, answers.choice, answers.at FROM answers "
            "JOIN polls ON polls.id = answers.poll WHERE polls.room = ? ORDER BY answers.id",
            (code,),
        )
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for pid, step, kind, options, correct, student, nickname, choice, at in rows:
            options = json.loads(options)
            title, question = steps[step] if 0 <= step < len(steps) else ("", "")
            is_right = "" if correct is None else ("yes" if choice == correct else "no")
            when = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(at))
            cells = (
                code,
                pid,
                step + 1,
                title,
                question,
                kind,
                student,
                nickname,
                options[choice],
                is_right,
                when,
            )
            writer.writerow([_cell(c) for c in cells])
        return out.getvalue()


def _cell(value) -> str:
    """A CSV cell a spreadsheet shows as text: one starting with = + - @ (a formula) is quoted."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
