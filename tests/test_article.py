from explainer import article as art
from explainer.assets import ARTICLES

ARTICLE = (ARTICLES / "ketamine-article.txt").read_text(encoding="utf-8")


def test_normalise_straightens_quotes_and_whitespace():
    assert art.normalise("  Ketamine’s\n  quick “impact”  ") == 'Ketamine\'s quick "impact"'


def test_every_passage_is_verbatim(pathway):
    quotes = [p.text for s in pathway.steps for p in s.passages]
    quotes += [e.evidence for e in pathway.edges] + [s.answer for s in pathway.steps]
    quotes += [p.text for p in pathway.introduction]
    assert len(quotes) > 20
    for q in quotes:
        assert art.occurs_in(q, ARTICLE), q


def test_each_passage_comes_after_its_section_heading(pathway):
    for s in pathway.steps:
        for p in s.passages:
            assert art.is_heading(p.section, ARTICLE), p.section
            assert art.occurs_after(p.text, p.section, ARTICLE)


def test_a_changed_word_is_not_verbatim():
    assert not art.occurs_in("Ketamine acts as an NMDA receptor agonist", ARTICLE)


def test_the_advert_is_detected_in_the_article_itself():
    found = art.forbidden_in(ARTICLE)
    assert "(844) 650-0064" in found
    assert any(f.lower() == "call us at" for f in found)


def test_phone_number_variants_are_detected():
    for number in ("844-650-0064", "844.650.0064", "(844)650 0064"):
        assert art.forbidden_in(f"ring {number} now"), number
    assert not art.forbidden_in("a dose of 0.5 to 1.0 mg/kg")
