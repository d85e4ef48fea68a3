"""The source article: reading it, its headings, and matching quotes and terms against it.

Quotes are compared after normalising only Unicode composition (NFC), whitespace and typographic
quotes, so a passage wrapped over several YAML lines, typed with straight apostrophes, or with
its accents composed where the article's are decomposed, still matches.

>>> normalise("Ketamine’s   quick\\nimpact")
"Ketamine's quick impact"

A **heading** is a line of the article that stands on its own (a blank line, or the start or
end of the file, above and below it, or below it a line of ``=`` or ``-`` that underlines it),
is not the article's first line (its title), is at most :data:`HEADING_MAX` characters long,
has a letter or digit, has no sentence break inside (". ", "? ", "! ") and does not end in ".",
":", ";", ",", "!" or "…" (a sentence, or a line that introduces a list). A question is a
heading ("What Is Ketamine?"). A heading may be numbered ("2. How it works", "IV) Risks"), and
Markdown's ``#`` marks are not part of it ("## Risks" is the heading "Risks"). A passage's
section is the nearest heading above it;
a passage before the first heading is in the article's **opening** (its lede), written
``section: opening`` (:data:`OPENING`).

>>> text = "Title\\n\\nPart one\\n\\nA sentence. Another.\\n\\nPart two?\\n\\nMore here."
>>> headings(text)
('Part one', 'Part two?')
>>> section_of("Another.", text)
'Part one'
>>> in_opening("Title", text), in_opening("Another.", text)
(True, False)
"""

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

from explainer.loading.inputs import read_regular

_QUOTES = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'))
_SPACE = re.compile(r"\s+")
MAX_BYTES = 2_000_000  # a long article is a few hundred kilobytes
HEADING_MAX = 100
_SENTENCE_BREAK = re.compile(r"[.!?]\s")
_NOT_HEADING_END = re.compile(r"[.:;,!…]$")
_NUMBERED = re.compile(r"^(\d{1,3}|[IVXivx]{1,5}|[A-Za-z])[.)]\s+")  # "2. ", "IV) ", "b. "
_MARKS = re.compile(r"^#{1,6}\s+|\s+#+$")  # Markdown's heading marks
_UNDERLINE = re.compile(r"^(=+|-+)$")
OPENING = "opening"  # the section of a passage that comes before the article's first heading
NEAR_MISS = 15  # characters a quote must share with the article to be shown its closest stretch


def normalise(text: str) -> str:
    """Compose (Unicode NFC), collapse whitespace and straighten typographic quotes.

    Composing first means an "é" typed as one character matches an article saved with "e" and a
    combining accent (NFD, as some editors and macOS file names write it), and the other way.
    """
    text = unicodedata.normalize("NFC", text)
    for curly, straight in _QUOTES:  # str.replace: far quicker than translate on a large page
        text = text.replace(curly, straight)
    return _SPACE.sub(" ", text).strip()


def read_article(path: Path) -> str:
    """The article's text as stored (UTF-8), from a regular file of at most ``MAX_BYTES``.

    A leading byte-order mark is not part of the text. Raises
    :class:`explainer.loading.inputs.InputProblem` (not a regular file, too long, unreadable) or
    ``UnicodeDecodeError``.
    """
    raw = read_regular(path, MAX_BYTES, "an article", " (an article is plain text of a few pages)")
    return raw.decode("utf-8").removeprefix("\ufeff")


class _Article:
    """The article normalised once: its paragraphs joined by a space, and where headings start."""

    def __init__(self, article: str):
        lines = [line.strip() for line in article.removeprefix("\ufeff").splitlines()]
        first = next((i for i, line in enumerate(lines) if line), None)
        self.title = normalise(lines[first]) if first is not None else ""
        parts, self.heading_at, self.headings, self.starts, self.raw, at = [], [], [], [], [], 0
        for i, line in enumerate(lines):
            if not line:
                continue
            text = normalise(line)
            if i != first and _is_heading_line(lines, i):
                self.heading_at.append(at)
                self.headings.append(heading_text(text))
            parts.append(text)
            self.raw.append(" ".join(line.split()))
            self.starts.append(at)
            at += len(text) + 1
        self.text = " ".join(parts)
        self.paragraphs = tuple(parts)
        self.lines = frozenset(parts)

    def heading_before(self, at: int) -> str | None:
        """The nearest heading that starts at or before offset ``at``."""
        k = bisect_right(self.heading_at, at) - 1
        return self.headings[k] if k >= 0 else None

    def headings_inside(self, start: int, end: int) -> list[str]:
        """Headings that start strictly inside ``text[start:end]``."""
        return [h for at, h in zip(self.heading_at, self.headings, strict=True) if start < at < end]


def _is_heading_line(lines: list[str], i: int) -> bool:
    line = heading_text(lines[i])
    after = lines[i + 1] if i + 1 < len(lines) else ""
    underlined = len(after) >= 3 and _UNDERLINE.match(after) and (i + 2 >= len(lines) or not lines[i + 2])
    alone = (i == 0 or not lines[i - 1]) and (not after or underlined)
    return bool(
        alone
        and len(line) <= HEADING_MAX
        and any(c.isalnum() for c in line)
        and not _SENTENCE_BREAK.search(_NUMBERED.sub("", line))
        and not _NOT_HEADING_END.search(line)
    )


def heading_text(line: str) -> str:
    """A heading line without Markdown's ``#`` marks: ``## Risks ##`` is ``Risks``."""
    return _MARKS.sub("", line.strip()).strip() if line.lstrip().startswith("#") else line.strip()


@lru_cache(maxsize=8)
def _parsed(article: str) -> _Article:
    return _Article(article)


def title_line(article: str) -> str:
    """The article's first non-blank line: its title, never a section heading."""
    return _parsed(article).title


def headings(article: str) -> tuple[str, ...]:
    """The article's section headings, normalised, in order."""
    return tuple(_parsed(article).headings)


def paragraphs(article: str) -> tuple[str, ...]:
    """The article's paragraphs (its non-blank lines, the title and headings included) as it writes
    them (typographic quotes kept), with their whitespace collapsed."""
    return tuple(_parsed(article).raw)


def sections(article: str) -> list[tuple[str, str]]:
    """``(section, paragraph)`` for each paragraph of the article but its title and headings (as
    :func:`paragraphs` gives them): the heading above it, or :data:`OPENING` before the first."""
    parsed, out = _parsed(article), []
    headings_at = set(parsed.heading_at)
    for k, (start, paragraph) in enumerate(zip(parsed.starts, parsed.raw, strict=True)):
        if k == 0 or start in headings_at or not any(c.isalnum() for c in paragraph):
            continue
        out.append((parsed.heading_before(start) or OPENING, paragraph))
    return out


def occurs_in(passage: str, article: str) -> bool:
    """True when ``passage`` occurs verbatim in ``article`` (after normalising)."""
    return normalise(passage) in _parsed(article).text


def _occurrences(passage: str, article: str):
    text, quote = _parsed(article).text, normalise(passage)
    at = text.find(quote)
    while at >= 0 and quote:
        yield at, at + len(quote)
        at = text.find(quote, at + 1)


def is_heading(heading: str, article: str) -> bool:
    """True when ``heading`` is one of the article's section headings (its ``#`` marks optional)."""
    return heading_text(normalise(heading)) in _parsed(article).headings


def is_line(text: str, article: str) -> bool:
    """True when ``text`` is a whole line (paragraph) of ``article``."""
    return normalise(text) in _parsed(article).lines


def section_of(passage: str, article: str, section: str | None = None) -> str | None:
    """The heading above ``passage`` (the one nearest above it).

    Where the passage occurs more than once, an occurrence under ``section`` is preferred.
    """
    parsed, found = _parsed(article), None
    for start, _ in _occurrences(passage, article):
        found = parsed.heading_before(start)
        if section is not None and found == heading_text(normalise(section)):
            break
    return found


def in_opening(passage: str, article: str) -> bool:
    """True when ``passage`` occurs before the article's first heading (in its opening, or lede)."""
    parsed = _parsed(article)
    return any(parsed.heading_before(start) is None for start, _ in _occurrences(passage, article))


def is_opening(section: str | None) -> bool:
    """True when ``section`` names the article's opening (``section: opening``), not a heading."""
    return section is not None and normalise(section) == OPENING


def headings_spanned(passage: str, article: str) -> list[str]:
    """Headings inside the passage (empty when one occurrence of it stays in one section)."""
    parsed, spanned = _parsed(article), []
    for start, end in _occurrences(passage, article):
        inside = parsed.headings_inside(start, end)
        if not inside:
            return []
        spanned = spanned or inside
    return spanned


def char_name(c: str) -> str:
    """``'‑' (U+2011 NON-BREAKING HYPHEN)``: a character a reader can tell apart from its look-alikes."""
    if c.isascii() and c.isprintable() and c != " ":
        return repr(c)
    return f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')})"


def _longest(found, n: int) -> int:
    """The largest k in 0..n with ``found(k)`` true, for a ``found`` true up to some k."""
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if found(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def difference(passage: str, article: str) -> str | None:
    """Where a near-miss quote first differs from the closest stretch of the article, in words.

    None when the quote shares fewer than :data:`NEAR_MISS` characters with the article at its
    start or end (then it is not a near miss: it is not there at all).

    >>> print(difference("Ketamine acts as an NMDA receptor agonist, inhibiting", "Ketamine acts as an "
    ...       "NMDA receptor antagonist, inhibiting these receptors."))
    at character 36 the article has 'n' where the quote has 'g': the article reads \
'…as an NMDA receptor antagonist, inhibiting…', the quote '…as an NMDA receptor agonist, inhibiting'
    """
    text, quote = _parsed(article).text, normalise(passage)
    head = _longest(lambda k: quote[:k] in text, len(quote))
    tail = _longest(lambda k: quote[len(quote) - k :] in text, len(quote))
    if max(head, tail) < min(NEAR_MISS, len(quote)) or head == len(quote):
        return None
    if head >= min(NEAR_MISS, len(quote)) or head >= tail:  # the first difference, where it can
        at = text.find(quote[:head]) + head
        i, ours, theirs = head, quote[head], text[at] if at < len(text) else None
    else:
        at = text.find(quote[len(quote) - tail :]) - 1
        i = len(quote) - tail - 1
        ours, theirs = quote[i], text[at] if at >= 0 else None
    if theirs is None:
        where = "the article ends where the quote goes on"
    else:
        where = f"the article has {char_name(theirs)} where the quote has {char_name(ours)}"
    return (
        f"at character {i + 1} {where}: the article reads {_around(text, at)!r}, "
        f"the quote {_around(quote, i)!r}"
    )


_SENTENCE = re.compile(r"[^.!?]+[.!?]?")
_WORDS = re.compile(r"\w+")


def nearest_sentence(passage: str, article: str) -> str | None:
    """The article's sentence most like ``passage`` by the words they share (three at least), if any.

    >>> nearest_sentence("Ketamine boosts GABA, calming the brain.", "Title\\n\\nIt is old. "
    ...     "Ketamine also interacts with the GABA system, calming things.")
    'Ketamine also interacts with the GABA system, calming things.'
    """
    want = {w.casefold() for w in _WORDS.findall(normalise(passage))}
    best, score = None, 0.0
    parsed = _parsed(article)
    for paragraph in parsed.paragraphs:
        if paragraph in parsed.headings or paragraph == parsed.title:
            continue
        for m in _SENTENCE.finditer(paragraph):
            words = {w.casefold() for w in _WORDS.findall(m.group(0))}
            shared = len(want & words)
            dice = 2 * shared / (len(want) + len(words))  # long sentences share more words by chance
            if shared >= 3 and dice > score:
                best, score = m.group(0).strip(), dice
    return best


def _around(text: str, i: int, n: int = 20) -> str:
    start, end = max(0, i - n), min(len(text), i + n)
    start = text.rfind(" ", 0, start) + 1 if start else 0  # whole words
    stop = text.find(" ", end)
    end = len(text) if stop < 0 else stop
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def term_pattern(term: str) -> re.Pattern:
    """``term`` as a word, with its plural and suffixed forms: "SSRIs", "5-HT1A", "GABAergic"."""
    return re.compile(rf"(?<![\w-]){re.escape(term)}\w*", re.IGNORECASE if term.islower() else 0)


def term_expansions(term: str, article: str) -> list[tuple[str, str]]:
    """Each ``(words before, written form)`` where the article writes "... (TERM)".

    ``written form`` is the term as the article writes it (e.g. "SSRIs"); ``words before`` is
    the stretch of text just before the bracket, up to the sentence start or the previous bracket.
    """
    text, found = _parsed(article).text, []
    for m in re.finditer(rf"\(({term_pattern(term).pattern})\)", text):
        before = text[: m.start()].rstrip()
        cut = max(before.rfind(c) for c in ".;:()")
        found.append((before[cut + 1 :].strip(), m.group(1)))
    return found


def term_written(term: str, article: str) -> list[str]:
    """The forms in which the article writes ``term`` as a word (empty when it never does)."""
    return sorted({m.group(0) for m in term_pattern(term).finditer(_parsed(article).text)})


def expands(term: str, expansion: str, article: str) -> bool:
    """True when the article writes ``expansion (TERM)``, the expansion perhaps in the plural."""
    want = normalise(expansion).casefold()
    for before, _ in term_expansions(term, article):
        before = f" {before.casefold()}"
        if any(before.endswith(f" {want}{s}") for s in ("", "s", "es")):
            return True
    return False
