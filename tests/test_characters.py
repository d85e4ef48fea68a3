"""Any text the schema accepts renders in every output; the rest is refused by name.

The refusals themselves are files in ``tests/bad_pathways/`` (a vertical tab, a form feed,
U+001C and U+001F, U+FEFF, a zero-width space, U+2028, a tab, a right-to-left override).
"""

import re
import sys
import warnings
import xml.etree.ElementTree as ET

import pytest
import yaml

from explainer.loading import characters
from explainer.loading.pathway import load_pathway
from explainer.outputs.figures import figures_files
from explainer.outputs.handout import handout_files
from explainer.outputs.page import explorer_page_files
from explainer.outputs.pptx_deck import pptx_files
from explainer.outputs.slides import slides_files
from tests.conftest import guide_example_text

# XML 1.0's Char production: what python-pptx, the deck's parser and every SVG reader accept.
_XML_CHAR = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@pytest.mark.slow
def test_every_character_let_through_is_xml_compatible():
    let_through = (chr(c) for c in range(sys.maxunicode + 1) if characters.unshowable(chr(c)) is None)
    bad = [f"U+{ord(c):04X}" for c in let_through if not _XML_CHAR.fullmatch(c)]
    assert bad == []


@pytest.mark.parametrize("ch", ["\v", "\f", "\x1c", "\x1f", "\ufeff", "\u200b", "\u2060", "\u00ad", "\ue000"])
def test_invisible_and_control_characters_are_named(ch):
    found = characters.problem(f"a{ch}b")
    assert f"U+{ord(ch):04X}" in found and "delete it" in found


# Text the loader accepts, from many scripts and symbol sets (each has a glyph in DejaVu Sans).
ACCEPTED = [
    "naïve café (composed)",
    "nai\u0308ve cafe\u0301 (decomposed)",
    "Ca²⁺ → cAMP ⇄ PKA ≥ 5 µM ± 0.5",
    "β-arrestin Δ5 Ω ∑ √x ∞",
    "Na⁺/K⁺ 5-HT₁A",
    "מוסר · مرحبا",
    "ﬁne em\u2003space ‘quote’ “double” — dash … ellipsis",
    "Лекарство действует",
    "ÆØÅ ĳ Ǆ",
    "<!-- & ]]> </script>",
]


@pytest.fixture(scope="module")
def many_scripts(tmp_path_factory):
    data = yaml.safe_load(guide_example_text())
    data["title"] = ACCEPTED[0] + " " + ACCEPTED[5]
    for k, node in enumerate(data["nodes"]):
        node["label"] = ACCEPTED[(k + 1) % len(ACCEPTED)]
    for k, step in enumerate(data["steps"]):
        step["title"] = ACCEPTED[(k + 3) % len(ACCEPTED)]
        step["prompt"] = " ".join(ACCEPTED)
        step["question"] = " ".join(ACCEPTED[:5]) + "?"
    path = tmp_path_factory.mktemp("scripts") / "scripts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_pathway(path)


@pytest.mark.parametrize(
    "make",
    [figures_files, slides_files, explorer_page_files, handout_files, pptx_files],
    ids=lambda f: f.__name__,
)
@pytest.mark.slow
def test_accepted_text_renders_in_every_output(many_scripts, make):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a warning: here a failure
        files = make(many_scripts)
    for name, data in files.items():
        assert data, name
        if name.endswith(".svg"):
            ET.fromstring(data)  # a browser shows only a well-formed SVG


def test_a_word_as_long_as_allowed_stays_inside_the_figures(tmp_path):
    """Longer words are refused (tests/bad_pathways/*-one-long-word.yaml); the longest allowed fits."""
    from explainer.loading.characters import LONGEST_WORD
    from explainer.rendering.frames import make_diagram, make_frame

    word = ("Pneumonoultramicroscopic" * 3)[:LONGEST_WORD]
    data = yaml.safe_load(guide_example_text())
    data["title"] = f"{word} {word}"
    data["nodes"][1]["label"] = word
    data["steps"][0]["title"] = word
    path = tmp_path / "long.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    pathway = load_pathway(path)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for fig in (make_frame(pathway, 0), make_diagram(pathway, None)):
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        box, renderer = fig.bbox, canvas.get_renderer()
        for text in fig.findobj(lambda a: hasattr(a, "get_text") and a.get_text() and a.get_visible()):
            extent = text.get_window_extent(renderer)
            assert extent.x0 >= box.x0 - 1 and extent.x1 <= box.x1 + 1, text.get_text()
