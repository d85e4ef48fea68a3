"""Which characters a pathway's text may hold: those every output can show.

A control character (``\\v``, ``\\f``, U+001C to U+001F...), an invisible formatting character
(U+FEFF, a zero-width space, a direction mark), a line or paragraph separator, a private-use,
surrogate or unassigned code point breaks an output (an XML parser refuses the deck, PowerPoint
refuses the file, the PDF backend fails) or shows nothing where the author sees nothing either.
YAML lets them in through escapes (``"\\v"``) and pasted text; the loader refuses each by name.
A line break is text (a label's line break is where it wraps); a tab is not (no font draws it).

A **word** (characters between spaces) may be at most :data:`LONGEST_WORD` characters: a
figure, a slide and a handout wrap text at spaces, so a longer one ran off both edges of the
whole-pathway figure. A hyphen or a slash is a place to wrap too.

>>> unshowable("Ketamine\\ufeff blocks")
('\\ufeff', 'U+FEFF ZERO WIDTH NO-BREAK SPACE (an invisible formatting character: a byte-order mark)')
>>> unshowable("5-HT₁A receptor, β-arrestin, naïve T cells") is None
True
"""

import re
import unicodedata

ALLOWED = frozenset("\n")
LONGEST_WORD = 40
_PIECES = re.compile(r"[^\s/\-\u2010-\u2014]+")
_CATEGORIES = {
    "Cc": "a control character",
    "Cf": "an invisible formatting character",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
    "Co": "a private-use character, whose look depends on the font",
    "Cs": "half of a surrogate pair, not a character",
    "Cn": "not a character: unassigned in Unicode",
}
_DELETE = "delete it (retype the text around it if you cannot see it)"
_FIXES = {
    "Zl": "write a line break instead",
    "Zp": "write a blank line instead",
    "\t": "write a space instead",
}
# Control characters have no Unicode name; these are the ones a paste or an escape brings.
_CONTROL_NAMES = {
    0x09: "CHARACTER TABULATION",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x1C: "INFORMATION SEPARATOR FOUR",
    0x1D: "INFORMATION SEPARATOR THREE",
    0x1E: "INFORMATION SEPARATOR TWO",
    0x1F: "INFORMATION SEPARATOR ONE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}
_NOTES = {0xFEFF: ": a byte-order mark", 0xFFFD: ": a sign of text decoded with the wrong encoding"}


def describe(ch: str) -> str:
    """``U+XXXX NAME`` of one character."""
    name = unicodedata.name(ch, "") or _CONTROL_NAMES.get(ord(ch), "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def unshowable(text: str) -> tuple[str, str] | None:
    """``(the first character no output can show, what it is)``, or None when every one can be."""
    for ch in text:
        if ch in ALLOWED:
            continue
        category = unicodedata.category(ch)
        what = _CATEGORIES.get(category, "the replacement character" if ch == "\ufffd" else None)
        if what:
            return ch, f"{describe(ch)} ({what}{_NOTES.get(ord(ch), '')})"
    return None


def problem(text: str) -> str | None:
    """What is wrong with ``text``'s characters, and what to do, or None."""
    found = unshowable(text)
    if found is None:
        return None
    ch, what = found
    at = text.index(ch)
    before = text[max(0, at - 20) : at].split("\n")[-1]
    where = f" after {before!r}" if before.strip() else " at the start" if at == 0 else ""
    fix = _FIXES.get(ch, _FIXES.get(unicodedata.category(ch), _DELETE))
    return f"holds {what}{where}, which no output can show; {fix}"


def long_word(text: str) -> str | None:
    """What is wrong when ``text`` has a word longer than :data:`LONGEST_WORD`, or None.

    >>> long_word("N-methyl-D-aspartate receptor") is None
    True
    >>> long_word("x" * 50)[:28]
    'has a word of 50 characters '
    """
    longest = max(_PIECES.findall(text), key=len, default="")
    if len(longest) <= LONGEST_WORD:
        return None
    return (
        f"has a word of {len(longest)} characters ({longest[:24] + '…'!r}), longer than a line of a "
        f"figure or a slide holds; put spaces (or hyphens) in it, at most {LONGEST_WORD} characters a word"
    )
