"""Bounded work (issue 25, case 10): the largest pathway the loader accepts goes through every
command; one step more, or more text, is refused with what to do.

The issue's largest file (60 steps of 20 passages of 2,000 characters) made ``pptx`` run 799 s
and ``handout`` 243 s. ``limits.MAX_STEP_ITEMS`` and ``limits.MAX_TEXT`` bound the work; the
times are reported by the slow test (``build/largest-times.json``), not asserted: the timeout is
a hang guard only.
"""

import json
import time

import pytest

from explainer.loading.limits import MAX_STEP_ITEMS, MAX_TEXT
from explainer.loading.pathway import PathwayError, load_pathway
from tests.commands import ROOT, explainer
from tests.largest import largest_pathway

COMMANDS = ["figures", "slides", "handout", "pptx", "lms", "quiz", "sbgn"]


def test_the_largest_accepted_pathway_loads_and_one_more_step_is_refused(tmp_path):
    path = largest_pathway(tmp_path)
    p = load_pathway(path)
    items = len(p.nodes) + len(p.edges)
    assert len(p.steps) == MAX_STEP_ITEMS // items  # the most steps the limit allows
    over = tmp_path / "over"
    over.mkdir()
    with pytest.raises(PathwayError) as info:
        load_pathway(largest_pathway(over, over=True))
    message = str(info.value)
    more = (MAX_STEP_ITEMS // 260 + 1) * 260  # 60 boxes and 200 links
    assert (
        f"draw {more:,} boxes and links; at most {MAX_STEP_ITEMS:,}" in message
        and "split the mechanism" in message
    )
    assert f"at most {MAX_TEXT:,}" in message and "shorten the passages" in message


@pytest.mark.slow
def test_every_command_finishes_for_the_largest_accepted_pathway(tmp_path):
    path = largest_pathway(tmp_path)
    times = {}
    for command in COMMANDS:
        start = time.monotonic()
        run = explainer(
            command,
            "--pathway",
            path,
            "--out",
            tmp_path / "out",
            timeout=900,
            EXPLAINER_CACHE_DIR="off",
            EXPLAINER_PROGRESS="1",
        )
        times[command] = round(time.monotonic() - start, 1)
        assert run.returncode == 0, run.stderr[-2000:]
        if times[command] > 10:  # progress was shown for anything that took a while
            assert f"{command}: working, " in run.stderr and f"{command}: done in " in run.stderr
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "largest-times.json").write_text(json.dumps(times, indent=1), encoding="utf-8")
