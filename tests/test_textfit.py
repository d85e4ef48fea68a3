"""Line breaking from font metrics: lines never wider than the box, words never lost."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explainer.outputs.textfit import SLACK, Run, height, text_width, wrap

WORDS = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzMW“”’-", min_size=1, max_size=30), max_size=60)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(WORDS, st.sampled_from([11.0, 14.0, 20.0, 28.0]), st.floats(40, 900))
def test_lines_fit_and_keep_every_character(words, size, width):
    text = " ".join(words)
    lines = wrap(text, size, width)
    for line in lines:
        assert text_width(line, size) <= width * SLACK or len(line) == 1
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_bold_is_wider_and_height_counts_lines_and_spacing():
    assert text_width("Ketamine", 20, bold=True) > text_width("Ketamine", 20)
    one = height([Run("short", 20)], 500)
    assert one == pytest.approx(24.0)
    assert height([Run("short " * 40, 20, space_after=6)], 500) == pytest.approx(
        one * len(wrap("short " * 40, 20, 500)) + 6
    )


def test_lines_measured_word_by_word_fit_when_measured_whole():
    """wrap sums cached word widths (issue 25: each word was measured with PIL hundreds of
    thousands of times); every line still fits when the whole line is measured."""
    import random

    from explainer.outputs.textfit import text_width, wrap
    from tests.largest import _text

    rng = random.Random(7)
    for _ in range(30):
        text, size, width = _text(rng, rng.randint(50, 2000)), rng.uniform(8, 40), rng.uniform(150, 900)
        for bold in (False, True):
            for line in wrap(text, size, width, bold=bold):
                assert text_width(line, size, bold=bold) <= width, (line, size, width)
