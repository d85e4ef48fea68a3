"""The article's opening (its lede, before the first heading) is quotable as ``section: opening``,
and every output says where such a quote comes from: "From the article's opening"."""

import io
import re
import shutil

import pytest
import yaml
from pypdf import PdfReader

from explainer.loading import article as art
from explainer.loading.assets import ARTICLES
from explainer.loading.pathway import PathwayError, load_pathway
from explainer.outputs.handout import handout_files
from explainer.outputs.pptx_text import passage_runs
from explainer.words import text as tx
from explainer.words.wording import quote_caption
from tests.test_cli import GUIDE

LEDE = (
    "Ketamine, traditionally known as an anesthetic, has emerged as a groundbreaking treatment in "
    "mental health."
)
CAPTION = "From the article's opening:"


def _example(tmp_path, introduction) -> "object":
    block = re.search(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)[1]
    data = yaml.safe_load(block)
    data["introduction"] = introduction
    for name in ("ketamine-article.txt", "ketamine-article.yaml"):
        shutil.copy(ARTICLES / name, tmp_path / name)
    path = tmp_path / "lede.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_the_opening_is_before_the_first_heading():
    text = (ARTICLES / "ketamine-article.txt").read_text(encoding="utf-8")
    assert art.in_opening(LEDE, text)
    assert not art.in_opening("Ketamine acts as an NMDA receptor antagonist", text)
    assert art.section_of(LEDE, text) is None


def test_a_lede_passage_is_accepted_and_labelled_in_every_output(tmp_path):
    path = _example(tmp_path, [{"section": "opening", "text": LEDE}])
    p = load_pathway(path)
    assert p.introduction[0].section == "opening"
    assert quote_caption("opening") == CAPTION
    assert quote_caption("GABA System") == "From the article, section “GABA System”:"
    html = tx.introduction_html(p)  # the explorer, the explorer page and the deck's title slide
    assert "From the article&#x27;s opening:" in html and LEDE in html
    assert "section “opening”" not in html
    runs = passage_runs(p, p.introduction[0], 20)  # PowerPoint
    assert runs[0].text == CAPTION
    pdf = next(data for name, data in handout_files(p).items() if name.endswith(".pdf"))
    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "the article's opening" in " ".join(words.replace("’", "'").split())


@pytest.mark.parametrize(
    "section,expect",
    [
        ("Ketamine: A Promising Path to Mental Resilience", "write section: opening"),
        ("GABA System", "write section: opening"),
    ],
)
def test_a_lede_passage_under_another_section_says_to_write_opening(tmp_path, section, expect):
    path = _example(tmp_path, [{"section": section, "text": LEDE}])
    with pytest.raises(PathwayError, match=expect):
        load_pathway(path)


def test_opening_is_refused_for_a_passage_under_a_heading(tmp_path):
    text = "The exact mechanism of how ketamine works in the brain is not fully understood"
    path = _example(tmp_path, [{"section": "opening", "text": text}])
    with pytest.raises(PathwayError, match="write section: How Ketamine Works in the Brain"):
        load_pathway(path)


def test_headings_of_other_styles():
    text = (
        "Title\n\nLede. More lede.\n\n## Marked ##\n\nOne.\n\n2. Numbered part\n\nTwo.\n\n"
        "Underlined\n----------\n\nThree.\n\n***\n\nFour.\n"
    )
    assert art.headings(text) == ("Marked", "2. Numbered part", "Underlined")
    assert art.is_heading("## Marked", text)
    assert [art.section_of(s, text) for s in ("One.", "Two.", "Three.", "Four.")] == [
        "Marked",
        "2. Numbered part",
        "Underlined",
        "Underlined",
    ]
    assert art.in_opening("More lede.", text)
