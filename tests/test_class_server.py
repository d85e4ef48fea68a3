"""The class server, started for real (``python -m explainer class``) and spoken to over
websockets: only the key leads, limits hold, answers survive SIGKILL, the CSV holds them all.
"""

import csv
import io
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from explainer.classroom.store import ClassStore
from tests.classroom import Client, class_server, presenter, run_async, start_class, student
from tests.conftest import SSRI
from tests.servers import ROOT

pytestmark = pytest.mark.slow  # each test starts a class server


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with class_server(tmp_path_factory.mktemp("class")) as running:
        yield running


def test_a_student_cannot_change_the_step_or_run_a_poll(server):
    async def run():
        lead = await presenter(server)
        one, two = await student(server, "one1"), await student(server, "two2")
        await lead.send({"type": "step", "step": 2})
        for s in (one, two):
            await s.wait_for(lambda m: m == {"type": "step", "step": 2})
        attempts = (
            {"type": "step", "step": 4},
            {"type": "poll", "kind": "understanding"},
            {"type": "reveal"},
        )
        for n, attempt in enumerate(attempts, 1):
            await one.send(attempt)
            await one.wait_for(lambda m, n=n: len([r for r in one.received if r["type"] == "refused"]) == n)
        refusals = [m["reason"] for m in one.received if m["type"] == "refused"]
        assert len(refusals) == 3 and all("only the presenter leads" in r for r in refusals)
        # A new student arriving now is told step 2: nothing the student sent moved the class.
        late = await student(server, "late3")
        assert late.received[0]["step"] == 2
        assert not [
            m
            for m in two.received
            if m.get("type") in ("poll", "results") or m == {"type": "step", "step": 4}
        ]
        for c in (lead, one, two, late):
            c.close()

    run_async(run())


def test_presenter_sees_connected_and_following_counts(server):
    async def run():
        lead = await presenter(server)
        a = await student(server, "count-a", nickname="Ada")
        b = await student(server, "count-b", following=False)
        presence = await lead.wait_for(lambda m: m["type"] == "presence" and m["connected"] >= 2)
        assert presence["following"] == presence["connected"] - 1
        assert "Ada" in presence["nicknames"]
        await b.send({"type": "follow", "following": True})
        await lead.wait_for(lambda m: m["type"] == "presence" and m["following"] == m["connected"])
        for c in (lead, a, b):
            c.close()

    run_async(run())


def test_wrong_key_unknown_room_and_foreign_origin_are_turned_away(server):
    status, page = _get(f"{server.base}/r/ZZZZZZ")
    assert status == 404 and "No class with this code" in page and "ZZZZZZ" in page
    status, page = _get(f"{server.base}/r/{server.code}/present?key=wrong")
    assert status == 403 and "presenter link is not right" in page
    status, _ = _get(f"{server.base}/r/{server.code}/answers.csv?key=wrong")
    assert status == 403
    assert server.key not in _get(server.join_url)[1]  # the student page never holds the key

    async def run():
        closed = await Client(server.ws_url("wrong")).connect()
        assert (await closed.wait_for(lambda m: m["type"] == "closed"))["code"] == 4403
        with pytest.raises(Exception, match="403"):
            await Client(server.ws_url(), origin="http://evil.example").connect()

    run_async(run())


def test_oversized_and_flooding_messages_are_cut_off(server):
    async def run():
        big = await student(server, "big-one")
        await big.send('{"type":"nickname","nickname":"' + "x" * 5000 + '"}')
        assert (await big.wait_for(lambda m: m["type"] == "closed"))["code"] == 1009
        flood = await student(server, "flooder")
        for _ in range(80):
            await flood.send({"type": "follow", "following": True})
        await flood.wait_for(lambda m: m["type"] == "refused" and "slow down" in m["reason"])
        assert (await flood.wait_for(lambda m: m["type"] == "closed"))["code"] == 1008

    run_async(run())


@pytest.mark.slow
def test_sigkill_mid_poll_loses_no_answer_and_everyone_reconnects(tmp_path):
    server = start_class(tmp_path, "--pathway", str(SSRI))
    restarted = None

    async def answer_all(students, poll_id, offset):
        for i, s in enumerate(students):
            await s.send({"type": "answer", "poll": poll_id, "choice": (i + offset) % 3})
        for s in students:
            await s.wait_for(lambda m: m["type"] == "stored" and m["poll"] == poll_id)

    async def run():
        nonlocal restarted
        lead = await presenter(server)
        await lead.send({"type": "poll", "kind": "understanding"})
        opened = await lead.wait_for(lambda m: m["type"] == "poll")
        poll_id = opened["poll"]["id"]
        students = [await student(server, f"kill-{i:03d}") for i in range(20)]
        await answer_all(students, poll_id, 0)
        server.kill(signal.SIGKILL)  # mid-poll: every answer above was acknowledged as stored
        restarted = start_class(tmp_path, "--room", server.code, port=server.port, db=server.db)
        # The students come back (as their page would) and the poll is still open: they answer again.
        back = [await student(restarted, f"kill-{i:03d}") for i in range(20)]
        state = back[0].received[0]
        assert state["poll"]["id"] == poll_id and state["poll"]["open"] and state["mine"] == 0
        await answer_all(back[:10], poll_id, 1)
        lead = await presenter(restarted)
        tally = lead.received[0]["tally"]
        assert tally["total"] == 20
        assert sum(tally["counts"]) == 20
        for c in (lead, *back):
            c.close()

    try:
        run_async(run())
    finally:
        server.kill(signal.SIGKILL)
        if restarted:
            restarted.kill(signal.SIGTERM)
    store = ClassStore(server.db)
    assert store.answer_count(server.code) == 30  # 20 before the kill, 10 changed answers after
    latest = store.latest_answers(store.latest_poll(server.code).id)
    assert len(latest) == 20 and latest["student-kill-000"] == 1 and latest["student-kill-019"] == 1
    store.close()


def test_the_csv_holds_every_answer_and_class_report_writes_it(tmp_path):
    with class_server(tmp_path, "--pathway", str(SSRI)) as server:

        async def run():
            lead = await presenter(server)
            students = [await student(server, f"csv-{i:03d}", nickname=n) for i, n in enumerate(NAMES)]
            await lead.send({"type": "poll", "kind": "question"})  # SSRI step 1 has choices
            poll = (await lead.wait_for(lambda m: m["type"] == "poll"))["poll"]
            for i, s in enumerate(students):
                await s.send({"type": "answer", "poll": poll["id"], "choice": i % 3})
                await s.wait_for(lambda m: m["type"] == "stored")
            await students[0].send({"type": "answer", "poll": poll["id"], "choice": 2})  # a change of mind
            await students[0].wait_for(lambda m: m["type"] == "stored" and m["choice"] == 2)
            await lead.send({"type": "step", "step": 1})
            await lead.send({"type": "poll", "kind": "understanding"})
            poll2 = (await lead.wait_for(lambda m: m["type"] == "poll" and m["poll"]["id"] != poll["id"]))[
                "poll"
            ]
            await students[1].send({"type": "answer", "poll": poll2["id"], "choice": 1})
            await students[1].wait_for(lambda m: m["type"] == "stored" and m["poll"] == poll2["id"])
            for c in (lead, *students):
                c.close()

        run_async(run())
        status, text = _get(f"{server.base}/r/{server.code}/answers.csv?key={server.key}")
        assert status == 200
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == len(NAMES) + 2
    assert [r["answer"] for r in rows[:3]] == [
        "The serotonin transporter (SERT)",
        "Serotonin receptors on the next neuron",
        "The enzyme that makes serotonin",
    ]
    assert rows[0]["correct"] == "yes" and rows[1]["correct"] == "no"
    assert rows[0]["question"] == "What does an SSRI bind to?" and rows[-1]["answer"] == "Not sure"
    # A nickname that a spreadsheet would run as a formula is kept as text.
    assert rows[2]["nickname"] == '\'=HYPERLINK("http://x")'
    report = subprocess.run(
        [
            sys.executable,
            "-m",
            "explainer",
            "class-report",
            "--db",
            str(server.db),
            "--out",
            str(tmp_path / "r.csv"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert f"({len(NAMES) + 2} answers)" in report.stdout
    assert (tmp_path / "r.csv").read_bytes().decode("utf-8-sig") == text.lstrip("\ufeff")


NAMES = ["Ada", "", '=HYPERLINK("http://x")', "<b>Bo</b>", "Zoë"]


def test_the_server_will_not_listen_beyond_loopback_without_a_key(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "explainer",
            "class",
            "--host",
            "0.0.0.0",
            "--key",
            "",
            "--db",
            str(tmp_path / "c"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "presenter key is empty or shorter than 16 characters" in result.stderr
    assert not (tmp_path / "c").exists()  # refused before any room was made


def test_the_join_form_takes_a_code_as_typed_on_a_phone(server):
    status, page = _get(f"{server.base}/")
    assert status == 200 and "Join a class" in page and 'name="code"' in page
    status, page = _get(f"{server.base}/?code={server.code.lower()[:3]}%20{server.code.lower()[3:]}")
    assert status == 200 and "application/vnd.jupyter.widget-state+json" in page  # the explorer page
    assert "explainer:go-to-step" in page  # with the class script
    status, page = _get(f"{server.base}/?code=%C3%84%C3%96")
    assert status == 200 and "Join a class" in page  # not a code: back to the form


def test_a_page_that_cannot_be_built_is_explained_on_the_page_and_in_the_console(tmp_path):
    empty = tmp_path / "no_node_modules"
    empty.mkdir()
    server = start_class(tmp_path, env={"EXPLAINER_NODE_MODULES": str(empty)})
    try:
        status, page = _get(server.join_url)
        assert status == 503 and "cannot be shown" in page and "npm ci" in page
        assert "error: the students' page cannot be built" in server.log.read_text()
    finally:
        server.kill(signal.SIGTERM)
