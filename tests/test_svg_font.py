"""The embedded font: HarfBuzz's subset of DejaVu Sans, wrapped as WOFF 1.0 by svg_font.woff."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from explainer.rendering.svg_font import DROPPED_TABLES, font_face_css, font_file, woff, woff_subset

TEXT = "Ketamine blocks NMDA (5-HT₁A, Ca²⁺ influx) β-arrestin"


@pytest.mark.parametrize("weight,style", [(700, "normal"), (400, "italic")])
def test_subset_holds_exactly_the_glyphs_asked_for_and_no_layout_tables(weight, style):
    font = TTFont(io.BytesIO(woff_subset(font_file(weight, style), TEXT)))
    assert font.flavor == "woff"
    assert set(font.getBestCmap()) == {ord(c) for c in TEXT + " "}
    assert not set(DROPPED_TABLES) & set(font.keys())
    whole = TTFont(font_file(weight, style))
    advance = {c: whole["hmtx"][whole.getBestCmap()[ord(c)]][0] for c in TEXT}
    assert {c: font["hmtx"][font.getBestCmap()[ord(c)]][0] for c in TEXT} == advance  # same metrics


def test_woff_holds_every_table_of_the_font_byte_for_byte():
    """The WOFF container (https://www.w3.org/TR/WOFF/): header, sorted directory, each table
    zlib-compressed where smaller, 4-byte aligned; read back, every table is the font's own."""
    sfnt = Path(font_file(400, "italic")).read_bytes()
    data = woff(sfnt)
    signature, flavor, length, count = struct.unpack_from(">4sIIH", data)
    assert (signature, flavor, length) == (b"wOFF", struct.unpack_from(">I", sfnt)[0], len(data))
    original = TTFont(io.BytesIO(sfnt))
    entries = [struct.unpack_from(">4sIIII", data, 44 + 20 * i) for i in range(count)]
    assert [e[0] for e in entries] == sorted(e[0] for e in entries)
    assert {e[0].decode() for e in entries} == set(original.reader.keys())
    for tag, offset, comp, orig, _ in entries:
        assert offset % 4 == 0
        block = data[offset : offset + comp]
        table = zlib.decompress(block) if comp < orig else block
        assert table == original.reader[tag.decode()], tag
    assert TTFont(io.BytesIO(data)).flavor == "woff"  # fontTools reads it as a WOFF font


def test_font_face_css_has_one_rule_per_face_used():
    css = font_face_css({(700, "normal"): "BDNF", (400, "italic"): "contested", (400, "normal"): ""})
    assert css.count("@font-face") == 2 and "font-style:italic" in css
    assert "data:font/woff;base64," in css
