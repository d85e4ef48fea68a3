"""The presenter's shots, run where they are written: ``assets/frontend/camera.js``, in Node.

A step too big for one picture at the projector's floor is shown in shots (issue 22): the fewest
cameras of the frame's aspect, labels at the floor, every box of the step whole in one of them,
in the step's reading order. The pure functions are checked here on rectangles; the presenter's
page (tests/test_presenter_page.py) checks them drawn, in Chromium.
"""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.stepper_rules import StepperRules


@pytest.fixture(scope="module")
def camera():
    js = StepperRules("camera.js")
    yield js
    js.close()


def _rect(x, y, w, h):
    return {"x": x, "y": y, "width": w, "height": h}


def test_reading_order_follows_the_steps_links(camera):
    # a chain listed backwards in the pathway: each box after the boxes that link to it
    assert camera.call("readingOrder", ["a", "b", "c"], ["a", "b", "c"], [["c", "b"], ["b", "a"]]) == [
        "c",
        "b",
        "a",
    ]
    # a loop is entered at its first box in the pathway's order
    loop = [["g", "i"], ["i", "o"], ["o", "g"]]
    assert camera.call("readingOrder", ["x", "o", "g", "i"], ["g", "i", "o"], loop) == ["o", "g", "i"]
    # a current link with neither end current brings its target; boxes no link of the step touches
    # come after those it does (the step's story first), in the pathway's order
    assert camera.call("readingOrder", ["a", "b", "c", "d"], ["d", "a"], [["b", "c"]]) == ["c", "a", "d"]
    assert camera.call("readingOrder", ["a", "b", "c"], ["a", "b", "c"], [["c", "b"]]) == ["c", "b", "a"]


def _fits(rects, group, width, height):
    xs = [rects[i]["x"] for i in group] + [rects[i]["x"] + rects[i]["width"] for i in group]
    ys = [rects[i]["y"] for i in group] + [rects[i]["y"] + rects[i]["height"] for i in group]
    return max(xs) - min(xs) <= width + 1e-6 and max(ys) - min(ys) <= height + 1e-6


def _fewest(rects, width, height) -> int:
    """The fewest groups by brute force: every subset that fits, then the smallest cover."""
    n = len(rects)
    fitting = [set(g) for k in range(1, n + 1) for g in itertools.combinations(range(n), k)]
    fitting = [g for g in fitting if _fits(rects, g, width, height)]
    for k in range(1, n + 1):
        if any(set().union(*c) == set(range(n)) for c in itertools.combinations(fitting, k)):
            return k
    raise AssertionError("no cover")


RECTS = st.lists(
    st.tuples(st.integers(0, 120), st.integers(0, 80), st.integers(2, 14), st.integers(2, 8)),
    min_size=1,
    max_size=6,
)


@given(RECTS, st.integers(14, 60), st.integers(8, 40))
def test_fewest_groups_hold_every_box_in_as_few_frames_as_can(camera, rects, width, height):
    rects = [_rect(*r) for r in rects]
    if any(r["width"] > width or r["height"] > height for r in rects):
        return  # a box larger than a frame gets a shot of its own (stepShots), never a group
    groups = camera.call("fewestGroups", rects, width, height)
    assert sorted(set().union(*map(set, groups))) == list(range(len(rects)))
    assert all(_fits(rects, g, width, height) for g in groups), groups
    assert len(groups) == _fewest(rects, width, height), groups
    # in reading order: each group starts at the first box no earlier group holds
    for k, g in enumerate(groups):
        earlier = set().union(*map(set, groups[:k]))
        assert min(set(g) - earlier) == min(set(range(len(rects))) - earlier), groups


@given(RECTS, st.integers(8, 40))
def test_step_shots_show_every_box_whole_at_the_floor(camera, rects, floor):
    boxes = [_rect(*r) for r in rects]
    em, view = 4.0, [800, 450]
    drawn = _rect(-20, -20, 200, 140)
    shots = camera.call("stepShots", boxes, [], em, view, floor, drawn)
    width = em * view[0] / floor
    assert shots
    for x, y, w, h in shots:
        assert w / h == pytest.approx(view[0] / view[1])
        big = w > width + 1e-6  # only a box larger than a frame at the floor makes a shot larger
        assert not big or any(b["width"] + em > width or b["height"] + em > width * 9 / 16 for b in boxes)
        if w <= drawn["width"]:
            assert drawn["x"] - 1e-6 <= x and x + w <= drawn["x"] + drawn["width"] + 1e-6
        if h <= drawn["height"]:
            assert drawn["y"] - 1e-6 <= y and y + h <= drawn["y"] + drawn["height"] + 1e-6
    for b in boxes:  # whole, with half an em round it, in one shot
        assert any(
            x - 1e-6 <= b["x"] - em / 2
            and b["x"] + b["width"] + em / 2 <= x + w + 1e-6
            and y - 1e-6 <= b["y"] - em / 2
            and b["y"] + b["height"] + em / 2 <= y + h + 1e-6
            for x, y, w, h in shots
        ), (b, shots)


def test_a_step_whose_boxes_fit_at_the_floor_is_one_shot_and_one_that_does_not_is_two(camera):
    em, view, drawn = 10.0, [400, 200], _rect(-5, -5, 220, 30)
    left, right = _rect(0, 0, 10, 10), _rect(200, 0, 10, 10)
    assert len(camera.call("stepShots", [left, right], [], em, view, 10, drawn)) == 1
    shots = camera.call("stepShots", [left, right], [], em, view, 100, drawn)
    assert shots == [[-5, -5, 40, 20], [175, -5, 40, 20]]  # the floor's size, inside the drawing


def test_the_fewest_groups_are_searched_for_not_picked_greedily(camera):
    """Taking the group that holds most of what is left, box by box, makes three shots of these
    six boxes in a 33 x 18 frame; two are enough (found by a random search against _fewest)."""
    rects = [
        _rect(*r)
        for r in [(34, 32, 4, 2), (9, 16, 5, 6), (8, 7, 4, 5), (60, 39, 2, 2), (34, 17, 3, 3), (16, 4, 10, 2)]
    ]
    assert _fewest(rects, 33, 18) == 2
    assert len(camera.call("fewestGroups", rects, 33, 18)) == 2
