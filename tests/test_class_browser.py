"""A class in Chromium: a presenter and two students on a real class server. The step follows
the presenter (not for a student who turned following off), a poll is counted and revealed,
a hostile nickname and hostile pathway text stay text, and a page reconnects after the server is
killed and catches up. Also the step bar's contract the class script relies on.
"""

import re
import signal

import pytest
import yaml

from explainer.outputs.page import explorer_page
from tests.chromium import OfflinePage
from tests.classroom import class_server, start_class
from tests.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE = "<img src=x onerror='__pwned=1'>Bob"  # 34 characters: under the 40 kept
# Every step change the explorer announces, as the class script hears it.
RECORD_STEPS = "document.addEventListener('explainer:step', e => (window.__steps ||= []).push(e.detail.step))"
CURRENT = ".explainer-steps [role=radio][aria-checked=true]"


def _open(browser, url: str, width=1280, height=900):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(RECORD_STEPS)
    page.goto(url)
    return context, page, errors


def _student(browser, server):
    context, page, errors = _open(browser, server.join_url)
    page.wait_for_selector(".explainer svg.explainer-diagram .exd-item", timeout=60_000)
    page.wait_for_selector(".class-bar[data-connection=connected]", timeout=30_000)
    return context, page, errors


def _current_step(page) -> int:
    return int(page.locator(CURRENT).inner_text()) - 1


def test_students_follow_the_presenter_answer_and_see_the_revealed_results(browser, tmp_path):
    with class_server(tmp_path) as server:
        lead_context, lead, lead_errors = _open(browser, server.presenter_url, 1400, 1000)
        lead.wait_for_selector("body[data-connection=connected]")
        a_context, a, a_errors = _student(browser, server)
        b_context, b, b_errors = _student(browser, server)
        a.fill("#class-nickname", HOSTILE)
        a.press("#class-nickname", "Enter")
        lead.wait_for_function("document.getElementById('connected').textContent === '2'")
        lead.wait_for_function("document.getElementById('following').textContent === '2'")

        b.uncheck("#class-follow")  # B explores alone
        lead.wait_for_function("document.getElementById('following').textContent === '1'")
        lead.click("#next")
        lead.click("#next")
        a.wait_for_function("(window.__steps || []).includes(2)")
        assert _current_step(a) == 2
        lead.wait_for_function("document.getElementById('step-title').textContent.startsWith('Step 3 of 7')")
        b.wait_for_selector(".class-note:has-text('class is at step 3')")
        assert _current_step(b) == 0, "a student who is not following stays where they are"

        lead.click("#ask-question")  # step 3 (BDNF) has choices
        a.wait_for_selector(".class-poll .class-choice")
        assert a.locator(".class-question").inner_text() == "What is BDNF, in the article's words?"
        a.get_by_role(
            "button", name="A protein involved in neurons’ growth, survival and maintenance"
        ).click()
        b.get_by_role("button", name="A receptor that ketamine blocks").click()
        a.wait_for_selector(".class-mine:has-text('Your answer (stored)')")
        lead.wait_for_function("document.querySelector('#results .class-total').textContent === '2 answers'")
        counts = lead.locator("#results .class-count").all_inner_texts()
        assert counts == ["1", "0", "1", "0"]
        assert not a.locator(".class-chart").count(), "students see results only when revealed"

        lead.click("#reveal")
        a.wait_for_selector(".class-chart")
        right = a.locator(".class-chart .class-correct")
        assert "✓ correct" in right.inner_text() and right.locator(".class-count").inner_text() == "1"
        assert b.locator(".class-chart .class-count").all_inner_texts() == ["1", "0", "1", "0"]
        lead.wait_for_selector("#reveal:disabled")
        assert lead.locator("#results .class-count").all_inner_texts() == ["1", "0", "1", "0"]
        assert lead.evaluate("document.querySelector('.qr img').naturalWidth") > 100, "the QR code shows"

        # B ticks following again and rejoins the class at step 3.
        b.check("#class-follow")
        b.wait_for_function("(window.__steps || []).includes(2)")
        assert _current_step(b) == 2

        # The nickname is text on the presenter page: shown as typed, never run.
        lead.wait_for_function("document.getElementById('nicknames').textContent.includes('Bob')")
        assert lead.locator("#nicknames").inner_text() == HOSTILE
        assert lead.locator("#nicknames img").count() == 0
        assert lead.evaluate("window.__pwned") is None and a.evaluate("window.__pwned") is None
        screenshot(lead, "class-presenter")
        screenshot(a, "class-student")
        assert not (lead_errors or a_errors or b_errors), (lead_errors, a_errors, b_errors)
        for context in (lead_context, a_context, b_context):
            context.close()


def test_a_student_who_moves_on_alone_stops_following_and_the_page_says_so(browser, tmp_path):
    with class_server(tmp_path) as server:
        context, page, errors = _student(browser, server)
        page.locator(".explainer-steps [role=radio]").nth(3).click()
        page.wait_for_selector(".class-note:not([hidden])")
        assert not page.is_checked("#class-follow")
        assert "exploring on your own" in page.locator(".class-note").inner_text()
        assert _current_step(page) == 3
        assert not errors
        context.close()


def test_unknown_room_gets_a_page_saying_so(browser, tmp_path):
    with class_server(tmp_path) as server:
        context, page, _ = _open(browser, f"{server.base}/r/NOSUCH")
        assert page.locator("h1").inner_text() == "No class with this code"
        assert re.search(r"no class with the code .NOSUCH.", page.locator("body").inner_text(), re.I)
        context.close()


@pytest.mark.parametrize("which", ["ketamine", "ssri"])
def test_the_step_bar_moves_on_request_and_announces_every_change(browser, tmp_path, which, pathway, ssri):
    """The DOM contract: ``explainer:go-to-step`` on the step bar moves it; every change of step,
    from it or from the page (Next, a click), bubbles up as ``explainer:step``."""
    chosen = {"ketamine": pathway, "ssri": ssri}[which]
    path = tmp_path / "explorer.html"
    path.write_text(explorer_page(chosen), encoding="utf-8")
    offline = OfflinePage(browser)
    page = offline.page
    page.add_init_script(RECORD_STEPS)
    page.goto(path.as_uri())
    page.wait_for_selector(CURRENT)
    last = len(chosen.steps) - 1
    page.evaluate(
        f"document.querySelector('.explainer-steps').dispatchEvent("
        f"new CustomEvent('explainer:go-to-step', {{detail: {{step: {last}}}}}))"
    )
    assert _current_step(page) == last
    page.evaluate(
        "document.querySelector('.explainer-steps').dispatchEvent("
        "new CustomEvent('explainer:go-to-step', {detail: {step: 999}}))"
    )
    assert _current_step(page) == last, "a step that does not exist is ignored"
    page.locator(".explainer-steps [role=radio]").nth(1).click()
    assert page.evaluate("window.__steps").count(last) == 1
    assert page.evaluate("window.__steps")[-1] == 1
    assert not offline.requests and not offline.errors
    offline.close()


def test_hostile_pathway_text_is_text_on_the_presenter_and_student_pages(browser, tmp_path):
    """Titles, questions and choices holding script, HTML and template syntax are shown as typed."""
    from tests.test_hostile_text import HOSTILE as BAD
    from tests.test_hostile_text import SENTENCES

    (tmp_path / "hostile-article.txt").write_text(
        "A hostile article\n\nSection one\n\n" + "\n\n".join(SENTENCES) + "\n", encoding="utf-8"
    )
    steps = [
        {
            "id": f"s{i}",
            "title": f"Step {h}",
            "nodes": ["a", "b"],
            "edges": [["a", "b"]],
            "passages": [{"section": "Section one", "text": SENTENCES[i]}],
            "question": f"Question {h}?",
            "answer": SENTENCES[i],
            "prompt": "Ask.",
            "choices": [f"Right {h}", f"Wrong {h}"],
            "correct": f"Right {h}",
        }
        for i, h in enumerate(BAD)
    ]
    data = {
        "id": "hostile",
        "title": f"Title {BAD[0]}",
        "source": {"file": "hostile-article.txt", "title": f"Article {BAD[1]}", "publisher": BAD[3]},
        "nodes": [{"id": "a", "label": "A", "kind": "drug"}, {"id": "b", "label": "B", "kind": "receptor"}],
        "edges": [{"source": "a", "target": "b", "influence": "negative", "evidence": SENTENCES[0]}],
        "steps": steps,
    }
    (tmp_path / "hostile.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with class_server(tmp_path, "--pathway", str(tmp_path / "hostile.yaml")) as server:
        lead_context, lead, lead_errors = _open(browser, server.presenter_url)
        lead.wait_for_selector("body[data-connection=connected]")
        context, student, errors = _student(browser, server)
        for k, text in enumerate(BAD):
            lead.locator("#step-list button").nth(k).click()
            lead.wait_for_function(
                f"document.getElementById('step-title').textContent.startsWith('Step {k + 1} of')"
            )
            assert lead.locator("#step-title").inner_text().endswith(f"Step {text}")
            assert lead.locator("#step-question").inner_text() == f"Question {text}?"
            lead.click("#ask-question")
            student.wait_for_function(
                "want => document.querySelector('.class-question')?.textContent === want",
                arg=f"Question {text}?",
            )
            assert student.locator(".class-choice").all_inner_texts() == [f"Right {text}", f"Wrong {text}"]
        assert lead.evaluate("window.__pwned") is None and student.evaluate("window.__pwned") is None
        assert not lead_errors and not errors, (lead_errors, errors)
        lead_context.close()
        context.close()


def test_a_student_page_reconnects_after_sigkill_and_catches_up(browser, tmp_path):
    server = start_class(tmp_path)
    restarted = None
    try:
        lead_context, lead, _ = _open(browser, server.presenter_url)
        lead.wait_for_selector("body[data-connection=connected]")
        context, page, errors = _student(browser, server)
        lead.click("#ask-understanding")
        page.get_by_role("button", name="Not sure").click()
        page.wait_for_selector(".class-mine:has-text('Your answer (stored): Not sure')")
        server.kill(signal.SIGKILL)
        page.wait_for_selector(".class-bar[data-connection=reconnecting]")
        assert "reconnecting" in page.locator(".class-state").inner_text().lower()
        restarted = start_class(tmp_path, "--room", server.code, port=server.port, db=server.db)
        lead.wait_for_selector("body[data-connection=connected]", timeout=20_000)  # the presenter too
        lead.click("#step-list button >> nth=4")
        page.wait_for_selector(".class-bar[data-connection=connected]", timeout=20_000)
        page.wait_for_function("(window.__steps || []).includes(4)")
        assert _current_step(page) == 4
        # The poll opened before the kill is still open, with this student's stored answer.
        assert page.locator(".class-mine").inner_text() == "Your answer (stored): Not sure"
        assert page.get_by_role("button", name="Not sure").get_attribute("aria-pressed") == "true"
        assert not errors
        lead_context.close()
        context.close()
    finally:
        server.kill(signal.SIGKILL)
        if restarted:
            restarted.kill(signal.SIGTERM)
