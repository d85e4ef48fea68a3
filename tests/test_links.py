"""Links that read (issue 22), checked on the scene: pure data, every renderer draws it as is.

Heads touch their target's border; links meet a box at points spread along its sides; no shaft
runs through a box it does not join or across another link's head; no two heads overlap; no
wrapped label line holds only a symbol or one short word. On the shipped pathways, the SSRI
and metformin files and the generated family up to 60 nodes (``tests/generate.py``). How
often each rule breaks over 50 more generated pathways: ``python -m benchmarks.links``.
"""

import pytest

from explainer import load_pathway
from explainer.layout import lonely, wrap_label
from explainer.scene import pathway_scene
from tests.conftest import SSRI
from tests.generate import FAMILY, generated
from tests.link_rules import heads_off_border, lonely_lines

METFORMIN = SSRI.parent / "metformin.yaml"
NAMED = {"ketamine": "ketamine", "research": "ketamine-research", "ssri": SSRI, "metformin": METFORMIN}


@pytest.fixture(scope="module", params=[*NAMED, *(f"gen{n}s{seed}" for n, seed, _ in FAMILY)])
def drawn(request):
    """(pathway, scene) for a named pathway or one of the generated family."""
    name = request.param
    if name in NAMED:
        p = load_pathway(NAMED[name])
    else:
        n, seed, labels = next(f for f in FAMILY if f"gen{f[0]}s{f[1]}" == name)
        p = generated(n, seed, long_labels=labels)
    return p, pathway_scene(p)


def test_no_wrapped_line_holds_only_a_symbol_or_a_short_word(drawn):
    p, scene = drawn
    assert lonely_lines(scene, {n.id: n.label for n in p.nodes}) == []


def test_heads_touch_their_target_border(drawn):
    assert heads_off_border(drawn[1]) == []


@pytest.mark.parametrize(
    ("label", "width", "wrapped"),
    [
        ("Inflammation & immune system", 120, "Inflammation &\nimmune\nsystem"),  # not "& immune"
        ("Channel expression 5", 150, "Channel\nexpression 5"),  # not "5" alone
        ("Gut serotonin signalling", 96, "Gut serotonin\nsignalling"),  # "Gut" joins the next word
        ("Mood lifts (2–6 weeks)", 96, "Mood lifts\n(2–6 weeks)"),
        ("Insulin + glucagon", 70, "Insulin +\nglucagon"),
        ("A & B", 5, "A & B"),  # all short: one line, however narrow
        ("Synaptic plasticity", 60, "Synaptic\nplasticity"),  # long words still break
    ],
)
def test_wrapping_glues_leftovers_to_a_neighbour(label, width, wrapped):
    assert wrap_label(label, width, glue=True) == wrapped
    lines = wrapped.split("\n")
    assert len(lines) == 1 or not any(lonely(line) for line in lines)


def test_a_leftover_is_a_symbol_or_a_word_of_three_letters_at_most():
    assert lonely("&") and lonely(" / ") and lonely("5") and lonely("and") and lonely("(2–6")
    assert not lonely("BDNF") and not lonely("of AMPK") and not lonely("signalling")


def test_an_authors_own_line_breaks_are_kept():
    """ketamine's "BDNF / (up- / regulated)" is written so; only the wrapping's lines are glued."""
    p = load_pathway()
    scene = pathway_scene(p)
    assert [ln.text for ln in scene.box("node:bdnf").lines] == ["BDNF", "(up-", "regulated)"]
    assert lonely_lines(scene) == [("node:bdnf", "(up-")]
    assert lonely_lines(scene, {n.id: n.label for n in p.nodes}) == []
