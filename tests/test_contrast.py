"""Contrast of the diagram's text and focus ring, computed from the style table (explainer.rendering.paint).

WCAG 2 contrast: text needs 4.5:1 on its background (7:1 is the aim for a projector, which
washes colours out); a focus ring needs 3:1 against what is next to it: the page, and the fill
of any box it goes round. The browser measures the same on the page (tests/test_controls_offline.py).
"""

import re

import pytest

from explainer import load_pathway
from explainer.loading.assets import EXPLORER_CSS
from explainer.model.graph import CURRENT, FUTURE, PAST
from explainer.rendering.paint import PAINT
from explainer.rendering.svg_diagram import RING, diagram_css
from tests.conftest import SSRI

PAGE = "#FFFFFF"


def luminance(colour: str) -> float:
    """WCAG relative luminance of ``#RRGGBB``."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio, from 1 (same) to 21 (black on white).

    >>> round(contrast("#000000", "#FFFFFF"))
    21
    """
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on_box() -> dict[tuple[str, str], float]:
    """Each (state, box kind) of the drawing with its label's contrast on the box's fill."""
    out = {}
    for state in (CURRENT, PAST, FUTURE):
        for kind in PAINT.kind_fill:
            paint = PAINT.node(kind, state)
            out[(state, kind)] = contrast(paint.text, paint.fill)
    return out


def test_contrast_is_wcag():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the known AA grey
    assert contrast("#6E6E6E", "#F4F4F4") == pytest.approx(4.64, abs=0.01)  # the old "later" label


def test_every_label_reads_on_its_box():
    ratios = text_on_box()
    assert min(ratios.values()) >= 4.5, ratios
    # Later steps' labels are grey on grey, and stay readable on a projector.
    assert min(r for (state, _), r in ratios.items() if state == FUTURE) >= 7, ratios


@pytest.mark.parametrize("path", [None, SSRI], ids=["ketamine", "ssri"])
def test_the_stylesheet_paints_only_the_tables_colours(path):
    """The SVG's stylesheet is generated from the tables: no other text or box colour appears in it."""
    css = re.sub(r"@font-face\{[^}]*\}", "", diagram_css(load_pathway(path) if path else load_pathway()))
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", css)
    text_fills = {re.search(r"fill:(#\w+)", d)[1] for s, d in rules if s.endswith(" text") and "fill:" in d}
    box_fills = {
        re.search(r"(?:^|;)fill:(#\w+)", d)[1] for s, d in rules if s.endswith(".exd-box") and "fill:" in d
    }
    assert text_fills == {PAINT.nodes[s]["text"] for s in (CURRENT, PAST, FUTURE)}
    assert box_fills == {*PAINT.kind_fill.values(), PAINT.nodes[FUTURE]["fill"]}
    future_text = [d for s, d in rules if "-future.exd-node text" in s]
    assert future_text == [f"fill:{PAINT.nodes[FUTURE]['text']}"]
    assert f"stroke:{RING}" in css


def test_focus_ring_stands_out_from_the_page_and_every_box():
    for background in (PAGE, *PAINT.kind_fill.values(), PAINT.nodes[FUTURE]["fill"]):
        assert contrast(RING, background) >= 3, background


def test_the_pages_focus_outlines_stand_out_from_the_page_and_the_buttons():
    """explorer.css's focus outlines, 3 px or more, on the white page and on Jupyter's grey buttons."""
    css = EXPLORER_CSS.read_text(encoding="utf-8")
    outlines = re.findall(r"outline:\s*(\d+)px solid (#[0-9A-Fa-f]{6})", css)
    assert outlines
    for width, colour in outlines:
        assert int(width) >= 3, colour
        for background in (PAGE, "#EEEEEE"):  # the page, a button (--jp-layout-color2)
            assert contrast(colour, background) >= 3, (colour, background)
