"""Every output says the same thing in the same words: the phrases come from one module.

The deck, the handout, the PowerPoint file and the explorer once each wrote their own
"whose words are these" line and contested badge, and they drifted ("ours" here, "the
project's" there). These tests read each output and look for the shared wording.
"""

import re
from html import unescape

import pytest
from matplotlib.text import Text

from explainer import load_pathway
from explainer.loading.assets import RESEARCH_PATHWAY
from explainer.outputs.handout import handout_pages
from explainer.outputs.page import explorer_page
from explainer.outputs.pptx_deck import deck_presentation, deck_texts
from explainer.outputs.slides import Deck
from explainer.widgets.explorer import Explorer
from explainer.words import wording as wd
from explainer.words.describe import item_html, panel_items


@pytest.fixture(scope="module", params=["article", "research", "ssri"])
def any_pathway(request, pathway, ssri):
    return {"article": pathway, "research": load_pathway(RESEARCH_PATHWAY), "ssri": ssri}[request.param]


def _plain(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _figure_text(fig) -> str:
    return " ".join(" ".join(t.get_text().split()) for t in fig.findobj(Text))


@pytest.mark.slow
def test_whose_words_is_said_alike_in_deck_handout_and_powerpoint(any_pathway):
    about = wd.about(any_pathway)
    assert "ours" not in about and "the project's" in about
    assert about in _plain(Deck(any_pathway).title().data)
    assert about in _figure_text(handout_pages(any_pathway)[0])
    assert any(about in " ".join(t.split()) for t in deck_texts(deck_presentation(any_pathway)))


@pytest.mark.slow
def test_a_contested_step_is_marked_alike_in_explorer_deck_and_powerpoint(pathway):
    contested = [k for k, s in enumerate(pathway.steps) if s.contested]
    plain = next(k for k, s in enumerate(pathway.steps) if not s.contested)
    assert contested, "the ketamine pathway has a contested step"
    ex, deck = Explorer(pathway), Deck(pathway)
    texts = deck_texts(deck_presentation(pathway))
    for k in contested:
        ex.step = k
        assert f"{wd.step_heading(pathway, k)} {wd.CONTESTED}" in _plain(ex.shown_text)
        assert f"{wd.step_kind(pathway, k)} {wd.CONTESTED}" in _plain(deck.step_title(k).data)
        assert any(f"{wd.step_kind(pathway, k)} · {wd.CONTESTED}" in t for t in texts)
    ex.step = plain
    assert wd.CONTESTED not in ex.shown_text and wd.CONTESTED not in deck.step_title(plain).data


def test_the_article_is_quoted_with_one_markup_in_every_panel(pathway):
    htmls = [item_html(pathway, item) for item in panel_items(pathway)]
    quotes = [q for h in htmls for q in re.findall(r'<figure class="explainer-quote">.*?</figure>', h, re.S)]
    assert quotes and all("<blockquote>" in q and f"<cite>{pathway.attribution}</cite>" in q for q in quotes)


@pytest.mark.slow
def test_a_research_pathway_never_speaks_of_an_article_it_does_not_have(pathway):
    research = load_pathway(RESEARCH_PATHWAY)
    for p, hedge, says in ((pathway, "the article hedges", "what the article says"), (research, None, None)):
        deck = Deck(p)
        legend = deck.step_title(0).data + _plain(deck.diagram(0).data)
        texts = " ".join(deck_texts(deck_presentation(p)))
        page = explorer_page(p)
        if hedge:
            assert hedge in legend and hedge in texts and says in page
        else:  # research: the hedge is the research's, and the panels say what the research says
            assert "hedged in the research" in legend and "hedged in the research" in texts
            assert "article hedges" not in legend + texts + page
            assert "what the research says about it" in page and "What the article says" not in page


def test_a_branch_no_step_is_about_is_named_by_where_it_leads(ssri, pathway):
    stepless = [b for b in ssri.branches if not any(s.branch == b for s in ssri.steps)]
    assert stepless == ["sexual"]  # the SSRI pathway's sexual side effects: boxes, no step
    assert wd.branch_label(ssri, "sexual") == "Sexual side effects"
    assert all(wd.branch_label(pathway, b) != b for b in pathway.branches)  # from their steps' titles
