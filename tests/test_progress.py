"""A long export is never silent: progress lines on standard error, then how long it took."""

import io
import time

from explainer.progress import working


def test_lines_while_working_then_the_time_it_took():
    out = io.StringIO()
    with working("pptx", stream=out, after=0.1, every=0.1, enabled=True):
        time.sleep(0.45)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("pptx: working, ") and len(lines) >= 3
    assert lines[-1].startswith("pptx: done in ")


def test_quiet_when_quick_or_not_on_a_terminal(monkeypatch):
    out = io.StringIO()
    with working("figures", stream=out, after=5, enabled=True):
        pass
    monkeypatch.delenv("EXPLAINER_PROGRESS", raising=False)
    with working("figures", stream=out, after=0, every=0.01):  # a StringIO is not a terminal
        time.sleep(0.05)
    assert out.getvalue() == ""
