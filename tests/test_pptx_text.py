"""PowerPoint's passages split between slides: every piece fits its room, the words are the
passage's own in order, a split falls at a sentence end where one is near, and the part that
goes on is never a scrap of a line ("modified.”" alone on a slide)."""

from pathlib import Path

import pytest

from explainer import load_pathway
from explainer.outputs.pptx_text import (
    BODY_SIZES,
    INNER,
    PAD_X,
    box_height,
    groups,
    pieces,
    stacked,
    text_slides,
)
from explainer.outputs.textfit import MIN_LINES, SENTENCE_ENDS, wrap
from tests.other_drug import other_drug

HERE = Path(__file__).parent


@pytest.fixture(scope="module", params=["ketamine", "metformin", "caffeine-long"])
def pathway(request, tmp_path_factory):
    if request.param == "ketamine":
        return load_pathway()
    if request.param == "metformin":
        return load_pathway(HERE / "pathways" / "metformin.yaml")
    return load_pathway(other_drug(tmp_path_factory.mktemp("caffeine"), long_passages=2))


def _body(runs) -> str:
    return runs[1].text.strip("“”")


def _lines(runs) -> int:
    return len(wrap(runs[1].text, runs[1].size, INNER - 2 * PAD_X))


def _rooms(size: float) -> range:
    """Rooms from one that holds a caption, a source of two lines and two lines of text, up."""
    return range(int(6.5 * size), 400, 7)


def _splits(pathway, size):
    """(passage, its pieces' paragraphs, room) for every passage that splits in some room."""
    for room in _rooms(size):
        for step in (*pathway.steps, pathway):
            passages = step.passages if step is not pathway else pathway.introduction
            got = pieces(pathway, passages, size, room)
            for i, p in enumerate(passages):
                mine = [runs for j, runs in got if j == i]
                if len(mine) > 1:
                    yield p, mine, room


@pytest.mark.parametrize("size", [BODY_SIZES[0], BODY_SIZES[-1]])
def test_split_pieces_fit_keep_the_words_and_never_leave_a_scrap(pathway, size):
    seen = 0
    for p, mine, room in _splits(pathway, size):
        seen += 1
        assert all(box_height(runs) <= room for runs in mine[:-1]), (p.text[:40], room)
        assert " ".join(_body(r) for r in mine).split() == p.text.split()
        for runs in mine[1:]:  # what goes on to the next slide
            assert _lines(runs) >= MIN_LINES, (p.text[:40], room, runs[1].text)
    assert seen or pathway.id == "metformin"  # its passages are a sentence or two: none splits


def test_a_split_falls_at_a_sentence_end_when_one_is_in_the_second_half():
    """Ketamine step 4's passage in the room that split it before "modified.”" now splits after a
    sentence, or gives the next slide two lines at least."""
    pathway = load_pathway()
    for room in _rooms(BODY_SIZES[-1]):
        for step in pathway.steps:
            got = pieces(pathway, step.passages, BODY_SIZES[-1], room)
            for (i, runs), (j, _) in zip(got, got[1:], strict=False):
                if i != j:
                    continue
                text = _body(runs)
                words = text.split()
                ends = [w for w in words[len(words) // 2 :] if w.endswith(SENTENCE_ENDS)]
                if ends:
                    assert text.endswith(SENTENCE_ENDS), (room, text[-40:])


def test_groups_fill_a_slide_with_a_gap_between_boxes_not_after_the_last(pathway):
    for step in pathway.steps:
        got = pieces(pathway, step.passages, BODY_SIZES[-1], 200)
        for group in groups(got, 200):
            used = sum(box_height(r) for _, r in group) + 8 * (len(group) - 1)
            assert used <= 200 or len(group) == 1
        whole = stacked(pathway, step.passages, BODY_SIZES[-1])
        whole_pieces = pieces(pathway, step.passages, BODY_SIZES[-1], whole)
        assert len(groups(whole_pieces, whole)) == 1  # exactly the stacked height: one slide


def test_text_slides_is_one_where_the_passages_fit_whole_at_some_size(pathway):
    for step in pathway.steps:
        need = stacked(pathway, step.passages, BODY_SIZES[-1])
        assert text_slides(pathway, step.passages, need) == 1
        assert text_slides(pathway, step.passages, need - 1) >= 2
