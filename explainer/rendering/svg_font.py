"""The font subset a diagram needs, as a CSS ``@font-face`` to embed in the SVG itself.

The labels are drawn in DejaVu Sans (matplotlib's own font, so the layout's box sizes are
measured with it). Embedding just the glyphs the labels use, as WOFF in a data URI, makes the
text render the same on every machine, with no request and a few kilobytes.

>>> css = font_face_css({(700, "normal"): "Ketamine"})
>>> css.startswith("@font-face{font-family:'Explainer Sans';font-weight:700;")
True
"""

import base64
import struct
import zlib
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


# No OpenType layout (kerning, ligatures): the layout measured the labels without it (glyph
# advances, as matplotlib draws). No hinting: the text is scaled, never drawn at one pixel size.
DROPPED_TABLES = ("GSUB", "GPOS", "GDEF", "FFTM")


@lru_cache(maxsize=64)
def woff_subset(path: str, chars: str) -> bytes:
    """The glyphs for ``chars`` (plus a space) from the font at ``path``, as WOFF bytes.

    HarfBuzz's subsetter (``hb-subset``, through uharfbuzz) makes the font in well under a
    millisecond; fontTools' took about 0.1 s to import and 20 ms a font, on the first SVG of a
    cold notebook (issue 21).
    """
    import uharfbuzz as hb

    with open(path, "rb") as f:
        face = hb.Face(hb.Blob(f.read()))
    plan = hb.SubsetInput()
    plan.unicode_set.update(ord(c) for c in set(chars + " "))
    plan.flags = hb.SubsetFlags.NO_HINTING
    plan.drop_table_tag_set.update(int.from_bytes(tag.encode("ascii"), "big") for tag in DROPPED_TABLES)
    subset = hb.subset(face, plan)
    if subset is None:
        raise ValueError(f"{path}: HarfBuzz could not subset this font")
    return woff(bytes(subset.blob.data))


def woff(sfnt: bytes) -> bytes:
    """A TrueType/OpenType font as WOFF 1.0 (https://www.w3.org/TR/WOFF/): each table
    zlib-compressed where that makes it smaller, in the sfnt's (sorted) table order."""
    flavor, count = struct.unpack_from(">IH", sfnt)
    records = sorted(struct.unpack_from(">4sIII", sfnt, 12 + 16 * i) for i in range(count))
    directory, blocks = [], []
    offset = 44 + 20 * count
    sfnt_size = 12 + 16 * count
    for tag, checksum, start, length in records:
        data = sfnt[start : start + length]
        packed = zlib.compress(data, 9)
        block = packed if len(packed) < length else data
        directory.append(struct.pack(">4sIIII", tag, offset, len(block), length, checksum))
        block += b"\0" * (-len(block) % 4)  # every block starts on a 4-byte boundary
        blocks.append(block)
        offset += len(block)
        sfnt_size += length + (-length % 4)
    header = struct.pack(">4sIIHHIHHIIIII", b"wOFF", flavor, offset, count, 0, sfnt_size, 1, 0, 0, 0, 0, 0, 0)
    return header + b"".join(directory) + b"".join(blocks)


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
