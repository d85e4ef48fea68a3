"""The 'what the research says' layer and the research view (a second pathway file)."""

import re
from html import escape

import pytest

from explainer.loading.assets import PATHWAYS
from explainer.loading.pathway import load_pathway
from explainer.outputs.figures import write_figures
from explainer.outputs.handout import write_handout
from explainer.outputs.page import write_explorer_page
from explainer.outputs.slides import Deck, write_slides
from explainer.widgets.explorer import Explorer
from explainer.words import text as tx

DOI = re.compile(r"^10\.\d{4,9}/\S+$")


@pytest.fixture(scope="module")
def research():
    return load_pathway(PATHWAYS / "ketamine-research.yaml")


def test_every_educator_note_cites_at_least_one_doi(pathway):
    noted = [s for s in pathway.steps if s.note]
    assert len(noted) == len(pathway.steps)
    for s in noted:
        assert s.note.cites
        for ref in s.note.cites:
            assert DOI.match(pathway.reference(ref).doi), (s.id, ref)


def test_contested_step_is_marked_in_the_text(pathway):
    k = pathway.step_index("gaba")
    assert pathway.steps[k].contested
    assert "contested" in tx.title_html(pathway, k)
    assert "Contested" in tx.note_html(pathway, k)


def test_notes_never_appear_inside_the_article_quotes(pathway):
    for k, s in enumerate(pathway.steps):
        quotes = tx.passages_html(pathway, k)
        assert escape(" ".join(s.note.text.split())) not in quotes
        assert "<blockquote" not in tx.note_html(pathway, k)
        assert "not from the article" in tx.note_html(pathway, k)


def test_note_is_its_own_panel_closed_for_students_open_for_presenters(pathway):
    student, presenter = Explorer(pathway, view="student"), Explorer(pathway, view="presenter")
    assert len(student.notes) == len(pathway.steps)
    closed, opened = '<details class="explainer-disclosure">', '<details class="explainer-disclosure" open>'
    assert all(n.startswith(closed) for n in student.notes)  # a disclosure the student opens
    assert all(n.startswith(opened) for n in presenter.notes)
    note_words = escape(" ".join(pathway.steps[0].note.text.split()))
    assert note_words not in student.shown_text  # off by default
    assert note_words in student.notes[0]  # inside the disclosure, shown when opened
    assert note_words in presenter.shown_text


def test_notes_go_to_the_speaker_notes(pathway):
    deck = Deck(pathway)
    for k, s in enumerate(pathway.steps):
        note = escape(" ".join(s.note.text.split()))
        assert note in deck.notes(k).data
        assert note not in deck.passages(k).data


def test_research_pathway_is_the_projects_words_with_citations(research):
    assert not research.quotes_article
    assert research.branches == ("rest_model", "metabolite")
    for k, s in enumerate(research.steps):
        html = tx.passages_html(research, k)
        assert "<blockquote" not in html and "the project's words" in html
        assert all(DOI.match(research.reference(r).doi) for p in s.passages for r in p.cites)
        assert "doi:10." in html


@pytest.mark.slow
def test_research_view_runs_through_the_same_code(research, tmp_path):
    ex = Explorer(research, view="student")
    ex.step = 1
    assert research.steps[1].title in ex.shown_text
    figures = write_figures(research, tmp_path / "figures")
    assert len(figures) == 2 * (len(research.steps) + 1)
    [handout] = write_handout(research, tmp_path)
    from pypdf import PdfReader

    pages = [" ".join(page.extract_text().split()) for page in PdfReader(handout).pages]
    assert len(pages) == 1 + len(research.steps)
    assert not any("From the article" in page for page in pages)  # its texts are not quotes
    assert all("doi:10." in page for page in pages[1:])


@pytest.mark.browser
def test_research_view_exports_and_opens_offline(research, tmp_path, offline_page):
    deck, [page_file] = write_slides(research, tmp_path)[-1], write_explorer_page(research, tmp_path)
    assert deck.name == "ketamine_research-slides.html"
    page = offline_page.page
    page.goto(deck.as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    assert page.evaluate("Reveal.getTotalSlides()") == len(research.steps) + 3
    page.goto(page_file.as_uri())
    page.wait_for_selector(".explainer-steps button", timeout=30_000)
    assert "Model 1" in page.evaluate("document.body.innerText")
    assert offline_page.requests == [] and offline_page.errors == []
