import unicodedata
from pathlib import Path

import pytest

from explainer.loading import article as art
from explainer.loading import never_show
from explainer.loading.assets import ARTICLES
from explainer.loading.pathway import load_pathway
from tests.synthetic import synthetic_pathway

ARTICLE = (ARTICLES / "ketamine-article.txt").read_text(encoding="utf-8")
ADVERT = (
    "To resume your life with renewed will, get professional help at Indiana Center for Recovery. "
    "Call us at (844) 650-0064 to experience the change.",
)


def test_normalise_straightens_quotes_and_whitespace():
    assert art.normalise("  Ketamine’s\n  quick “impact”  ") == 'Ketamine\'s quick "impact"'


def test_every_passage_is_verbatim(pathway):
    quotes = [p.text for s in pathway.steps for p in s.passages]
    quotes += [e.evidence for e in pathway.edges] + [s.answer for s in pathway.steps]
    quotes += [p.text for p in pathway.introduction]
    assert len(quotes) > 20
    for q in quotes:
        assert art.occurs_in(q, ARTICLE), q


def test_each_passage_is_under_its_own_section_heading(pathway):
    passages = [*pathway.introduction, *(p for s in pathway.steps for p in s.passages)]
    for p in passages:
        assert art.is_heading(p.section, ARTICLE), p.section
        assert art.section_of(p.text, ARTICLE) == p.section
        assert not art.headings_spanned(p.text, ARTICLE)


def test_headings_are_short_lines_of_their_own_not_the_title_nor_sentences():
    found = art.headings(ARTICLE)
    assert found[0] == "Key Takeaways" and "GABA System" in found
    assert "How does ketamine work in treating mental health disorders?" in found
    assert art.title_line(ARTICLE) == "Ketamine: A Promising Path to Mental Resilience"
    assert art.title_line(ARTICLE) not in found
    # a short paragraph ends in a full stop; a line introducing a list ends in a colon
    assert (
        "This effect contributes to the overall alteration of glutamatergic neurotransmission." not in found
    )
    assert "Psychological Effects:" not in found
    assert not any(h.startswith("Here are some") for h in found)


def test_a_passage_section_is_the_nearest_heading_above_it():
    text = "Title\n\nFirst\n\nOne. Two.\n\nSecond\n\nThree.\n\nFirst\n\nFour."
    assert art.section_of("Two.", text) == "First"
    assert art.section_of("Three.", text) == "Second"
    assert art.section_of("Four.", text) == "First"
    assert art.headings_spanned("Two. Second Three.", text) == ["Second"]
    assert art.section_of("Title", text) is None


def test_a_byte_order_mark_is_not_part_of_the_article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffTitle\n\nHeading\n\nText.".encode())
    text = art.read_article(path)
    assert text.startswith("Title")
    assert art.headings("\ufeff" + text) == ("Heading",) and art.title_line("\ufeff" + text) == "Title"


def test_a_changed_word_is_not_verbatim_and_the_difference_is_shown():
    assert not art.occurs_in("Ketamine acts as an NMDA receptor agonist", ARTICLE)
    said = art.difference("Ketamine acts as an NMDA receptor agonist, inhibiting", ARTICLE)
    assert said.startswith("at character 36 the article has 'n' where the quote has 'g'")
    assert "antagonist, inhibiting" in said


def test_a_look_alike_character_is_named():
    quote = "This leads to a disruption of normal glutamate signal\u2011ing"
    said = art.difference(quote, ARTICLE)
    assert "the quote has '\u2011' (U+2011 NON-BREAKING HYPHEN)" in said
    assert art.difference("Ketamine acts as an NMDA receptor\u00adantagonist", ARTICLE).count(
        "U+00AD SOFT HYPHEN"
    )


def test_a_difference_at_the_start_is_found_from_the_end():
    said = art.difference("Xetamine acts as an NMDA receptor antagonist", ARTICLE)
    assert said.startswith("at character 1 the article has 'K' where the quote has 'X'")


def test_unrelated_text_is_no_near_miss():
    assert art.difference("Nothing like this is written anywhere at all.", ARTICLE) is None


@pytest.mark.parametrize(
    ("term", "text", "forms"),
    [
        ("SSRI", "selective serotonin reuptake inhibitors (SSRIs) help", ["SSRIs"]),
        ("5-HT", "the 5-HT1A receptor and 5-HT", ["5-HT", "5-HT1A"]),
        ("GABA", "GABAergic transmission", ["GABAergic"]),
        ("HT", "the 5-HT1A receptor", []),  # inside another term, not a word of its own
    ],
)
def test_terms_are_matched_as_words_with_plural_and_suffixed_forms(term, text, forms):
    assert art.term_written(term, f"Title\n\n{text}") == forms


def test_an_expansion_may_be_written_in_the_plural():
    text = "Title\n\nThey are selective serotonin reuptake inhibitors (SSRIs)."
    assert art.expands("SSRI", "selective serotonin reuptake inhibitor", text)
    assert art.expands("SSRI", "Selective serotonin reuptake inhibitors", text)
    assert not art.expands("SSRI", "serotonin reuptake blocker", text)
    assert not art.expands("SSRI", "ctive serotonin reuptake inhibitor", text)


def test_the_advert_is_found_however_it_is_spaced_or_cut():
    assert never_show.found_in(ADVERT[0], ADVERT)
    assert never_show.found_in("get  professional\nhelp at Indiana Center", ADVERT)
    assert never_show.found_in("RENEWED WILL, GET PROFESSIONAL HELP", ADVERT)
    assert not never_show.found_in("Indiana Center for Recovery", ADVERT)  # the publisher, four words
    assert not never_show.found_in("to experience the change in mood", ("Call us now.",))


@pytest.mark.parametrize(
    "number", ["844-650-0064", "844.650.0064", "(844)650 0064", "8446500064", "650\u20110064"]
)
def test_phone_number_variants_are_found(number):
    fragment, k = never_show.found_in(f"ring {number} now", ADVERT)
    assert fragment.endswith("0064") and k == 0


def test_numbers_that_are_not_the_phone_number_pass():
    for text in ("a dose of 0.5 to 1.0 mg/kg", "doi:10.1523/JNEUROSCI.2213-07.2007", "844 patients, 650 mg"):
        assert not never_show.found_in(text, ADVERT), text


def test_a_short_passage_is_found_whole():
    assert never_show.found_in("Please call us today!", ("Call us today",)) == ("call us today", 0)


@pytest.mark.parametrize(
    ("paraphrase", "nearest"),
    [
        (
            "Ketamine blocks NMDA receptors and so disrupts glutamate signalling.",
            "Ketamine acts as an NMDA receptor antagonist, inhibiting these receptors' activity.",
        ),
        (
            "Ketamine boosts AMPA receptor activity and glutamate release.",
            "Ketamine appears to enhance AMPA receptor activity, leading to increased glutamate release.",
        ),
    ],
)
def test_a_paraphrase_is_shown_the_nearest_sentence_of_the_article(paraphrase, nearest):
    assert art.nearest_sentence(paraphrase, ARTICLE) == nearest  # normalised, as quotes are compared


def test_nothing_alike_has_no_nearest_sentence_and_headings_are_never_offered():
    assert art.nearest_sentence("Nothing whatsoever alike.", ARTICLE) is None
    assert "How Ketamine Works in the Brain" in art.headings(ARTICLE)  # all but one word of the question
    offered = art.nearest_sentence("How does ketamine work in the brain?", ARTICLE)
    assert offered is not None and offered not in art.headings(ARTICLE)


@pytest.mark.parametrize("typed, saved", [("NFC", "NFD"), ("NFD", "NFC")])
def test_a_quote_matches_whatever_the_unicode_composition(tmp_path, typed, saved):
    """A quote typed with "é" as one character matches an article saved with "e" + U+0301."""
    pathway = synthetic_pathway(tmp_path, seed=3)
    article = tmp_path / "x3-article.txt"
    yaml_file = Path(pathway.file)
    word = "café naïve"
    article.write_text(
        article.read_text(encoding="utf-8").replace(
            "Sentence 0 of", f"Sentence 0 ({unicodedata.normalize(saved, word)}) of"
        ),
        encoding="utf-8",
    )
    yaml_file.write_text(
        yaml_file.read_text(encoding="utf-8").replace(
            "Sentence 0 of", f"Sentence 0 ({unicodedata.normalize(typed, word)}) of"
        ),
        encoding="utf-8",
    )
    assert unicodedata.normalize(typed, word) != unicodedata.normalize(saved, word)
    loaded = load_pathway(yaml_file)
    assert unicodedata.normalize(typed, word) in loaded.edges[0].evidence
