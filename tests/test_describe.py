"""The diagram in words: link sentences, the walk's order, the text alternative, item texts."""

import re
from html import escape

import pytest

from explainer import load_pathway
from explainer.loading.assets import RESEARCH_PATHWAY
from explainer.words.describe import (
    diagram_text_html,
    item_hint,
    item_html,
    item_order,
    link_sentence,
    panel_items,
    step_links_html,
)
from tests.synthetic import synthetic_pathway


def test_link_sentences_say_influence_and_hedging(pathway):
    assert link_sentence(pathway, ("ketamine", "nmda")) == "Ketamine inhibits NMDA receptor (blocked)"
    assert link_sentence(pathway, ("ketamine", "gaba")).startswith("Ketamine stimulates GABA system")
    assert link_sentence(pathway, ("ampa", "glutamate_release")) == (
        "AMPA receptor (enhanced) may stimulate Glutamate release (increased) (the article hedges)"
    )
    assert link_sentence(pathway, ("gaba", "glutamate_pfc")).endswith(
        "may modulate Prefrontal glutamate signalling (disrupted) (direction not given; the article hedges)"
    )


def test_research_links_are_not_said_to_be_the_articles():
    research = load_pathway(RESEARCH_PATHWAY)
    hedged = [e for e in research.edges if e.hedged]
    for e in hedged:
        assert "article" not in link_sentence(research, e.key)
    for e in research.edges:
        assert "<blockquote>" not in item_html(research, f"edge:{e.source}->{e.target}")


@pytest.mark.parametrize("seed", range(8))
def test_walk_order_holds_every_item_once_and_starts_with_the_first_step(tmp_path, seed):
    p = synthetic_pathway(tmp_path, seed)
    order = item_order(p)
    assert sorted(order) == sorted(panel_items(p))
    first = p.steps[0]
    assert order[0] == f"node:{first.nodes[0]}"
    for item in order:  # a link comes after at least one of its ends
        if item.startswith("edge:"):
            u, v = item[5:].split("->")
            assert min(order.index(f"node:{u}"), order.index(f"node:{v}")) < order.index(item)


def test_each_step_lists_its_links(pathway):
    for k, step in enumerate(pathway.steps):
        html = step_links_html(pathway, k)
        for u, v in step.edges:
            assert escape(link_sentence(pathway, (u, v))) in html


def test_diagram_as_text_covers_the_whole_pathway(pathway):
    html = diagram_text_html(pathway)
    for e in pathway.edges:
        assert escape(link_sentence(pathway, e.key)) in html
    assert len(re.findall("<li>", html)) == len(pathway.edges)
    assert "Ketamine → NMDA receptor (blocked)" in html


def test_a_links_text_quotes_its_evidence_with_attribution(pathway):
    html = item_html(pathway, "edge:ketamine->nmda")
    assert "<blockquote>Ketamine acts as an NMDA receptor antagonist" in html
    assert escape(pathway.attribution) in html
    assert "NMDA Receptor Modulation" in html


def test_hint_adds_the_glossary(pathway):
    assert item_hint(pathway, "node:nmda") == "NMDA receptor (blocked). NMDA: N-methyl-D-aspartate"
    assert item_hint(pathway, "node:ketamine") == "Ketamine"
