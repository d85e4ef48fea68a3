"""A class room's rules and record, without a network: connections are lists of what they hear."""

import csv
import io
import json

import pytest

from explainer.classroom.room import (
    MAX_MESSAGE_BYTES,
    UNDERSTANDING,
    RateLimit,
    Refused,
    Room,
    clean_nickname,
    lesson_of,
    parse,
)
from explainer.classroom.store import ClassStore
from tests.generate import generated


class Conn:
    def __init__(self):
        self.heard: list[dict] = []

    def send(self, message: dict, text: str | None = None) -> None:
        assert text is None or json.loads(text) == message
        self.heard.append(message)

    def last(self, kind: str) -> dict:
        return next(m for m in reversed(self.heard) if m["type"] == kind)


def _room(pathway, store=None, code="ROOM22"):
    store = store or ClassStore(":memory:")
    if store.room(code) is None:
        store.create_room(code, "k" * 24, pathway.file or "x.yaml", pathway.title)
    return Room(store.room(code), lesson_of(pathway), store), store


def _join(room, name=None, **hello):
    conn = Conn()
    room.join(conn, presenter=name is None)
    if name is not None:
        room.receive(conn, {"type": "hello", "student": f"student-{name}", **hello})
    return conn


def test_only_the_presenter_changes_the_step_and_runs_polls(ssri):
    room, store = _room(ssri)
    lead, kid = _join(room), _join(room, "kid1")
    for message in (
        {"type": "step", "step": 3},
        {"type": "poll", "kind": "understanding"},
        {"type": "reveal"},
    ):
        with pytest.raises(Refused, match="only the presenter leads"):
            room.receive(kid, message)
    assert room.step == 0 and room.poll is None and store.events("ROOM22") == []
    room.receive(lead, {"type": "step", "step": 3})
    assert kid.last("step") == {"type": "step", "step": 3} and store.events("ROOM22") == [("step", 3, None)]
    with pytest.raises(Refused, match="no step 10"):
        room.receive(lead, {"type": "step", "step": 10})
    with pytest.raises(Refused, match="whole number"):
        room.receive(lead, {"type": "step", "step": True})


def test_a_step_without_choices_is_asked_got_it_not_sure_lost_only(ssri):
    room, _ = _room(ssri)
    lead = _join(room)
    room.receive(lead, {"type": "step", "step": 3})  # SSRI 'loop' has no choices
    with pytest.raises(Refused, match="'question' on a step with choices"):
        room.receive(lead, {"type": "poll", "kind": "question"})
    room.receive(lead, {"type": "poll", "kind": "understanding"})
    assert tuple(lead.last("poll")["poll"]["options"]) == UNDERSTANDING


def test_the_tally_counts_each_students_latest_answer_and_survives_a_restart(ssri):
    room, store = _room(ssri)
    lead = _join(room)
    kids = [_join(room, f"kid{i:02d}") for i in range(7)]
    room.receive(lead, {"type": "poll", "kind": "question"})
    poll = lead.last("poll")["poll"]
    assert poll["options"][ssri.steps[0].choices.index(ssri.steps[0].correct)] == ssri.steps[0].correct
    for i, kid in enumerate(kids):
        room.receive(kid, {"type": "answer", "poll": poll["id"], "choice": i % 3})
        assert kid.last("stored") == {"type": "stored", "poll": poll["id"], "choice": i % 3}
    room.receive(kids[0], {"type": "answer", "poll": poll["id"], "choice": 1})  # changed their mind
    with pytest.raises(Refused, match="no choice 3"):
        room.receive(kids[1], {"type": "answer", "poll": poll["id"], "choice": 3})
    room.flush()
    assert lead.last("tally") == {"type": "tally", "poll": poll["id"], "counts": [2, 3, 2], "total": 7}
    assert not [m for m in kids[2].heard if m["type"] in ("tally", "results")], "students see only reveals"

    again, _ = _room(ssri, store)  # the server restarted: a new Room on the same file
    back = _join(again, "kid00")
    state = back.last("state")
    assert state["poll"]["id"] == poll["id"] and state["poll"]["open"] and state["mine"] == 1
    assert _join(again).last("state")["tally"]["counts"] == [2, 3, 2]

    lead2 = _join(again)
    again.receive(lead2, {"type": "close"})
    with pytest.raises(Refused, match="that poll is closed"):
        again.receive(back, {"type": "answer", "poll": poll["id"], "choice": 0})
    again.receive(lead2, {"type": "reveal"})
    results = back.last("results")
    assert results["counts"] == [2, 3, 2] and results["correct"] == 0 and results["poll"]["revealed"]
    assert store.answer_count("ROOM22") == 8


def test_a_generated_pathway_without_choices_still_runs_a_class():
    pathway = generated(12, seed=5)
    room, store = _room(pathway)
    lead, kid = _join(room), _join(room, "kid-a", nickname="Al")
    last = len(pathway.steps) - 1
    room.receive(lead, {"type": "step", "step": last})
    room.receive(lead, {"type": "poll", "kind": "understanding"})
    room.receive(kid, {"type": "answer", "poll": kid.last("poll")["poll"]["id"], "choice": 2})
    rows = list(
        csv.DictReader(io.StringIO(store.csv_text("ROOM22", [(s.title, s.question) for s in pathway.steps])))
    )
    assert [(r["step"], r["nickname"], r["answer"]) for r in rows] == [(str(last + 1), "Al", "Lost")]
    assert rows[0]["step_title"] == pathway.steps[last].title


def test_presence_counts_students_once_and_following_as_they_say():
    pathway = generated(8, seed=2)
    room, _ = _room(pathway)
    lead = _join(room)
    a = _join(room, "same-one")
    _join(room, "same-one")  # a second tab of one student
    b = _join(room, "other-1", following=False, nickname="  Zed\u202e\n ")
    room.flush()
    assert lead.last("presence") == {"type": "presence", "connected": 2, "following": 1, "nicknames": ["Zed"]}
    room.receive(b, {"type": "follow", "following": True})
    room.leave(a)
    room.flush()
    assert lead.last("presence")["following"] == 2  # the other tab of 'same-one' is still there


def test_messages_are_checked_before_they_reach_the_room():
    with pytest.raises(Refused, match="not JSON"):
        parse("{")
    with pytest.raises(Refused, match="'type'"):
        parse("[1, 2]")
    with pytest.raises(Refused, match="over 2048 bytes"):
        parse('{"type": "x", "pad": "' + "é" * MAX_MESSAGE_BYTES + '"}')
    with pytest.raises(Refused, match="binary"):
        parse(b'{"type": "hello"}')
    assert parse('{"type": "hello"}') == {"type": "hello"}
    room, _ = _room(generated(8, seed=3))
    conn = Conn()
    room.join(conn, presenter=False)
    with pytest.raises(Refused, match="say hello first"):
        room.receive(conn, {"type": "answer", "poll": 1, "choice": 0})
    with pytest.raises(Refused, match="8 to 64 letters"):
        room.receive(conn, {"type": "hello", "student": "<script>"})


def test_nicknames_are_plain_short_text():
    assert clean_nickname("<b>Ann</b>") == "<b>Ann</b>"  # kept as typed: pages show it as text
    assert clean_nickname("a\u202eb\u0000c\n  d") == "abc d"
    assert clean_nickname("x" * 100) == "x" * 40
    assert clean_nickname(None) == "" and clean_nickname(["a"]) == ""


def test_the_rate_limit_allows_a_burst_then_a_steady_rate():
    now = [0.0]
    limit = RateLimit(per_second=2, burst=3, clock=lambda: now[0])
    assert [limit.allow() for _ in range(4)] == [True, True, True, False]
    now[0] += 0.5
    assert limit.allow() and not limit.allow()
