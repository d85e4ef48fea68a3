"""One class room's rules: who leads, what a student may send, what everyone is told.

No network here: a connection is anything with ``send(message: dict, text: str | None = None)``
(``text``: the message already as JSON, when many get it), and the server
(:mod:`explainer.classroom.server`) hands each incoming message to :meth:`Room.receive` after
:func:`parse` has checked its shape. Only a presenter (a connection opened with the room's
key) changes the step or opens, closes and reveals a poll; a student joins, follows or not,
sets a nickname and answers the open poll. Every change is written to the
:class:`~explainer.classroom.store.ClassStore` before anyone hears of it.
"""

import json
import re
import time
from dataclasses import dataclass, field

from explainer.classroom.store import ClassStore, PollRecord, RoomRecord
from explainer.loading.schema import Pathway

UNDERSTANDING = ("Got it", "Not sure", "Lost")
UNDERSTANDING_QUESTION = "How well did you follow this step?"
MAX_MESSAGE_BYTES = 2048  # the largest message either side sends is well under 1 KB
NICKNAME_CHARS = 40
_STUDENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


class Refused(Exception):
    """A message the sender may not send, or one that makes no sense now; the text says why."""


@dataclass(frozen=True)
class StepPoll:
    """What a class can be asked about one step."""

    title: str
    question: str
    choices: tuple[str, ...]
    correct: int | None


def lesson_of(pathway: Pathway) -> tuple[StepPoll, ...]:
    """Each step's title, question and (where the pathway gives them) choices."""
    return tuple(
        StepPoll(s.title, s.question, s.choices, s.choices.index(s.correct) if s.choices else None)
        for s in pathway.steps
    )


class RateLimit:
    """A token bucket: ``burst`` messages at once, then ``per_second`` on average."""

    def __init__(self, per_second: float = 8.0, burst: int = 20, clock=time.monotonic):
        self.rate, self.burst, self.clock = per_second, burst, clock
        self.tokens, self.last = float(burst), clock()

    def allow(self) -> bool:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def parse(raw: str | bytes) -> dict:
    """A message as a dict with a text ``type``, or :class:`Refused` saying what is wrong."""
    if isinstance(raw, bytes):
        raise Refused("send text messages (JSON), not binary ones")
    if len(raw.encode("utf-8")) > MAX_MESSAGE_BYTES:
        raise Refused(f"message over {MAX_MESSAGE_BYTES} bytes")
    try:
        message = json.loads(raw)
    except ValueError:
        raise Refused("not JSON") from None
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise Refused("a message is a JSON object with a 'type'")
    return message


def clean_nickname(value) -> str:
    """A nickname as stored and shown (always as text): control and direction characters
    removed, spaces collapsed, at most 40 characters; anything not text is no nickname."""
    if not isinstance(value, str):
        return ""
    return " ".join(_CONTROL.sub("", value).split())[:NICKNAME_CHARS]


def _int(message: dict, name: str) -> int:
    value = message.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise Refused(f"'{name}' must be a whole number")
    return value


@dataclass(eq=False)
class Member:
    """One connection in the room: a presenter, or a student (known after their hello)."""

    conn: object
    presenter: bool
    student: str = ""
    nickname: str = ""
    following: bool = True
    limit: RateLimit = field(default_factory=RateLimit)


class Room:
    """A lesson in progress: the step on show, the latest poll and everyone connected."""

    def __init__(self, record: RoomRecord, lesson: tuple[StepPoll, ...], store: ClassStore):
        self.code, self.key, self.title = record.code, record.key, record.title
        self.lesson, self.store = lesson, store
        self.step = min(record.step, len(lesson) - 1)
        self.poll: PollRecord | None = store.latest_poll(self.code)
        self.answers: dict[str, int] = store.latest_answers(self.poll.id) if self.poll else {}
        self.members: dict[object, Member] = {}
        self.changed = False  # presence or tally changed since the presenters last heard

    # -- who is here ------------------------------------------------------------------------
    def join(self, conn, presenter: bool) -> Member:
        member = self.members[conn] = Member(conn, presenter)
        if presenter:
            conn.send(self._presenter_state())
        return member

    def leave(self, conn) -> None:
        if self.members.pop(conn, None):
            self.changed = True

    def students(self) -> dict[str, Member]:
        """Connected students by id (two tabs of one student count once: the newer one)."""
        return {m.student: m for m in self.members.values() if not m.presenter and m.student}

    def presence(self) -> dict:
        students = self.students()
        names = sorted(m.nickname for m in students.values() if m.nickname)
        following = sum(m.following for m in students.values())
        return {"type": "presence", "connected": len(students), "following": following, "nicknames": names}

    # -- messages in --------------------------------------------------------------------------
    def receive(self, conn, message: dict) -> None:
        """Act on one parsed message from ``conn``; :class:`Refused` if it may not be sent."""
        member = self.members[conn]
        kind = message["type"]
        if kind == "hello" and not member.presenter:
            return self._hello(member, message)
        if kind in ("step", "poll", "close", "reveal"):
            if not member.presenter:
                raise Refused("only the presenter leads the class: the step and the polls are theirs")
            return getattr(self, f"_{kind}")(message)
        if member.presenter:
            raise Refused(f"unknown message {kind!r} for a presenter")
        if not member.student:
            raise Refused("say hello first")
        if kind == "follow":
            member.following = message.get("following") is True
            self.changed = True
        elif kind == "nickname":
            member.nickname = clean_nickname(message.get("nickname"))
            self.changed = True
        elif kind == "answer":
            self._answer(member, message)
        else:
            raise Refused(f"unknown message {kind!r}")

    def _hello(self, member: Member, message: dict) -> None:
        student = message.get("student")
        if not isinstance(student, str) or not _STUDENT_ID.match(student):
            raise Refused("'student' must be 8 to 64 letters, digits, '-' or '_'")
        member.student = student
        member.nickname = clean_nickname(message.get("nickname"))
        member.following = message.get("following") is not False
        self.changed = True
        member.conn.send(self._student_state(student))

    def _step(self, message: dict) -> None:
        step = _int(message, "step")
        if not 0 <= step < len(self.lesson):
            raise Refused(f"no step {step}: steps are 0 to {len(self.lesson) - 1}")
        self.store.set_step(self.code, step)
        self.step = step
        self._to_all({"type": "step", "step": step})

    def _poll(self, message: dict) -> None:
        kind = message.get("kind")
        here = self.lesson[self.step]
        if kind == "question" and here.choices:
            options, correct = here.choices, here.correct
        elif kind == "understanding":
            options, correct = UNDERSTANDING, None
        else:
            raise Refused("kind is 'understanding', or 'question' on a step with choices")
        poll_id = self.store.open_poll(self.code, self.step, kind, options, correct)
        self.poll = PollRecord(poll_id, self.step, kind, options, correct, True, False)
        self.answers = {}
        self._to_all({"type": "poll", "poll": self._poll_view()})
        self._to_presenters(self._tally())

    def _close(self, message: dict) -> None:
        if self.poll and self.poll.open:
            self.store.close_poll(self.code, self.poll.id)
            self.poll = _replace(self.poll, open=False)
            self._to_all({"type": "poll", "poll": self._poll_view()})

    def _reveal(self, message: dict) -> None:
        if not self.poll:
            raise Refused("there is no poll to reveal yet")
        self.store.reveal_poll(self.code, self.poll.id)
        self.poll = _replace(self.poll, revealed=True)
        self._to_all(self._results())

    def _answer(self, member: Member, message: dict) -> None:
        poll, choice = _int(message, "poll"), _int(message, "choice")
        if not self.poll or poll != self.poll.id or not self.poll.open:
            raise Refused("that poll is closed")
        if not 0 <= choice < len(self.poll.options):
            raise Refused(f"no choice {choice}")
        self.store.add_answer(poll, member.student, member.nickname, choice)
        self.answers[member.student] = choice
        self.changed = True
        member.conn.send({"type": "stored", "poll": poll, "choice": choice})

    # -- messages out ----------------------------------------------------------------------
    def _poll_view(self) -> dict | None:
        if not self.poll:
            return None
        p = self.poll
        here = self.lesson[p.step] if p.step < len(self.lesson) else None
        question = UNDERSTANDING_QUESTION if p.kind == "understanding" else (here.question if here else "")
        return {
            "id": p.id,
            "step": p.step,
            "kind": p.kind,
            "question": question,
            "options": list(p.options),
            "open": p.open,
            "revealed": p.revealed,
        }

    def _tally(self) -> dict:
        counts = [0] * (len(self.poll.options) if self.poll else 0)
        for choice in self.answers.values():
            counts[choice] += 1
        return {
            "type": "tally",
            "poll": self.poll.id if self.poll else None,
            "counts": counts,
            "total": len(self.answers),
        }

    def _results(self) -> dict:
        tally = self._tally()
        return {**tally, "type": "results", "poll": self._poll_view(), "correct": self.poll.correct}

    def _student_state(self, student: str) -> dict:
        poll = self._poll_view()
        return {
            "type": "state",
            "step": self.step,
            "steps": len(self.lesson),
            "poll": poll,
            "mine": self.answers.get(student) if poll else None,
            "results": self._results() if poll and poll["revealed"] else None,
        }

    def _presenter_state(self) -> dict:
        return {
            "type": "state",
            "step": self.step,
            "poll": self._poll_view(),
            "tally": self._tally(),
            "presence": self.presence(),
            "correct": self.poll.correct if self.poll else None,
        }

    def flush(self) -> None:
        """Tell the presenters of presence and tally changes since the last flush (the server
        calls this a few times a second, so 300 answers are not 300 messages each)."""
        if self.changed:
            self.changed = False
            self._to_presenters(self.presence())
            if self.poll:
                self._to_presenters(self._tally())

    def _to_all(self, message: dict) -> None:
        text = json.dumps(message, separators=(",", ":"))  # once, for a whole class
        for member in list(self.members.values()):
            member.conn.send(message, text)

    def _to_presenters(self, message: dict) -> None:
        for member in list(self.members.values()):
            if member.presenter:
                member.conn.send(message)


def _replace(poll: PollRecord, **changes) -> PollRecord:
    return PollRecord(**{**poll.__dict__, **changes})
