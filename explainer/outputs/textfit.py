"""Will this text fit its box? Line breaking and heights from real font metrics.

Text is measured with DejaVu Sans (it ships with matplotlib): the deck asks for Arial, which
is narrower, so a box sized here still fits where PowerPoint, Keynote or Google Slides use
Arial, and it fits exactly where DejaVu Sans stands in for it (LibreOffice without Arial).
Line spacing is set in points on every paragraph, so a box's height does not depend on the
application's idea of "single" spacing.

>>> wrap("one two three", 12, width=40)
['one', 'two', 'three']
"""

from dataclasses import dataclass
from functools import lru_cache

from matplotlib import font_manager
from PIL import ImageFont

LINE = 1.2  # line spacing, times the font size
SLACK = 0.97  # use 97 % of a box's width: renderers differ by a hair in kerning and hinting
_SIZE = 200  # fonts are loaded at this size and widths scaled (one load per style)
MIN_LINES = 2  # the part of a split passage that goes on to the next slide holds this many lines, at least
SENTENCE_ENDS = (".", "!", "?", ";", ".”", "!”", "?”", ".)", ".’")


@dataclass(frozen=True)
class Run:
    """A paragraph to set: its text, size in points and style."""

    text: str
    size: float
    bold: bool = False
    italic: bool = False
    space_after: float = 0.0  # points after the paragraph


@lru_cache(maxsize=4)
def _font(bold: bool, italic: bool) -> ImageFont.FreeTypeFont:
    prop = font_manager.FontProperties(
        family="DejaVu Sans", weight="bold" if bold else "normal", style="italic" if italic else "normal"
    )
    return ImageFont.truetype(font_manager.findfont(prop, fallback_to_default=False), _SIZE)


def text_width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Width of ``text`` set on one line at ``size`` points, in points."""
    return _font(bold, italic).getlength(text) * size / _SIZE


@lru_cache(maxsize=65_536)
def _word_width(word: str, bold: bool, italic: bool) -> float:
    """A word's width at the loading size: each word is measured once (a deck measures the same
    words at every size it tries, for every box)."""
    return _font(bold, italic).getlength(word)


def wrap(text: str, size: float, width: float, bold: bool = False, italic: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points (greedy, at spaces).

    A word wider than the line on its own is broken between characters, as PowerPoint does.
    A line's width is the sum of its words' and spaces' widths (kerning across a space is nil).
    """
    return list(_wrap(text, size, width, bold, italic))


@lru_cache(maxsize=8_192)
def _wrap(text: str, size: float, width: float, bold: bool, italic: bool) -> tuple[str, ...]:
    width = width * SLACK * _SIZE / size  # in units of the loading size
    space = _word_width(" ", bold, italic)
    lines: list[str] = []
    line, line_width = "", 0.0
    for word in text.split():
        w = _word_width(word, bold, italic)
        if line and line_width + space + w <= width:
            line, line_width = f"{line} {word}", line_width + space + w
            continue
        if not line and w <= width:
            line, line_width = word, w
            continue
        if line:
            lines.append(line)
        line, line_width = word, w
        while line_width > width and len(line) > 1:
            cut = _longest_prefix(line, _SIZE, width, bold, italic)
            lines.append(line[:cut])
            line = line[cut:]
            line_width = _word_width(line, bold, italic)
    return tuple([*lines, line] if line or not lines else lines)


def _longest_prefix(word: str, size, width, bold, italic) -> int:
    cut = 1
    while cut < len(word) and text_width(word[: cut + 1], size, bold, italic) <= width:
        cut += 1
    return cut


def height(runs, width: float) -> float:
    """Height in points of the paragraphs ``runs`` set in a box ``width`` points wide."""
    return sum(
        len(wrap(r.text, r.size, width, r.bold, r.italic)) * r.size * LINE + r.space_after for r in runs
    )


def fits(runs, width: float, box_height: float) -> bool:
    return height(runs, width) <= box_height


def split_at(words, n: int, lines) -> int:
    """Where to split ``words`` when the first ``n`` fit a slide: the last sentence end from
    ``n // 2`` on that leaves :data:`MIN_LINES` lines or more to go on; else the last word that
    does. ``lines(rest)``: how many lines the words ``rest`` take on the next slide. The one rule
    of both decks (reveal.js and PowerPoint) for a passage too long for a slide.

    >>> split_at("One two. Three four five six".split(), 5, lambda rest: len(rest))
    2
    """
    goes_on = lambda m: lines(words[m:]) >= MIN_LINES  # noqa: E731
    ends = (m for m in range(n, max(n // 2, 1) - 1, -1) if words[m - 1].endswith(SENTENCE_ENDS))
    cut = next((m for m in ends if goes_on(m)), n)
    while cut > 1 and not goes_on(cut):
        cut -= 1
    return cut
