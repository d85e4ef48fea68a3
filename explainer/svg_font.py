"""The font subset a diagram needs, as a CSS ``@font-face`` to embed in the SVG itself.

The labels are drawn in DejaVu Sans (matplotlib's own font, so the layout's box sizes are
measured with it). Embedding just the glyphs the labels use, as WOFF in a data URI, makes the
text render the same on every machine, with no request and a few kilobytes.

>>> css = font_face_css({(700, "normal"): "Ketamine"})
>>> css.startswith("@font-face{font-family:'Explainer Sans';font-weight:700;")
True
"""

import base64
import io
from functools import lru_cache

FAMILY = "Explainer Sans"
FALLBACK = "'DejaVu Sans', Verdana, sans-serif"


def font_file(weight: int, style: str) -> str:
    """The DejaVu Sans file matplotlib draws this weight and style with."""
    from matplotlib.font_manager import FontProperties, findfont

    prop = FontProperties(family="DejaVu Sans", weight=weight, style=style)
    return findfont(prop, fallback_to_default=False)


def font_files() -> list[str]:
    """Every font file the labels may be drawn with (bold, and italic for "contested")."""
    return sorted({font_file(700, "normal"), font_file(400, "italic")})


@lru_cache(maxsize=64)
def woff_subset(path: str, chars: str) -> bytes:
    """The glyphs for ``chars`` (plus a space) from the font at ``path``, as WOFF bytes."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff"
    options.hinting = False
    options.desubroutinize = True
    # No OpenType layout (kerning, ligatures): the layout measured the labels without it (glyph
    # advances, as matplotlib draws), and decoding DejaVu's GPOS/GSUB tables is most of the time.
    options.drop_tables += ["FFTM", "GSUB", "GPOS", "GDEF"]
    options.layout_features = []
    out = io.BytesIO()
    with TTFont(path, lazy=True) as font:  # lazy: the file stays open until it is closed here
        subsetter = subset.Subsetter(options)
        subsetter.populate(text="".join(sorted(set(chars + " "))))
        subsetter.subset(font)
        font.flavor = "woff"
        font.save(out)
    return out.getvalue()


def font_face_css(texts: dict[tuple[int, str], str]) -> str:
    """One ``@font-face`` per (weight, style) with the glyphs of its text, all under :data:`FAMILY`."""
    rules = []
    for (weight, style), chars in sorted(texts.items()):
        if not chars:
            continue
        data = base64.b64encode(woff_subset(font_file(weight, style), chars)).decode("ascii")
        rules.append(
            f"@font-face{{font-family:'{FAMILY}';font-weight:{weight};font-style:{style};"
            f"src:url(data:font/woff;base64,{data}) format('woff');}}"
        )
    return "".join(rules)
