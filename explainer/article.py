"""The source article: reading it, matching quotes against it, and keeping its advert out.

Quotes are compared after normalising only whitespace and typographic quotes, so a passage
wrapped over several YAML lines, or typed with straight apostrophes, still matches.

>>> normalise("Ketamine’s   quick\\nimpact")
"Ketamine's quick impact"
"""

import re
from functools import lru_cache
from pathlib import Path

from explainer.inputs import read_regular

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_SPACE = re.compile(r"\s+")
MAX_BYTES = 2_000_000  # a long article is a few hundred kilobytes

# The article's promotional call to action and phone number: content must never show them.
FORBIDDEN = (
    re.compile(r"\(?\b844\)?[\s.-]*650[\s.-]*0064\b"),
    re.compile(r"call us at", re.IGNORECASE),
    re.compile(r"get professional help at", re.IGNORECASE),
    re.compile(r"to experience the change", re.IGNORECASE),
)


def normalise(text: str) -> str:
    """Collapse whitespace and straighten typographic quotes."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


def read_article(path: Path) -> str:
    """The article's text as stored (UTF-8), from a regular file of at most ``MAX_BYTES``.

    Raises :class:`explainer.inputs.InputProblem` (not a regular file, too long, unreadable)
    or ``UnicodeDecodeError``.
    """
    raw = read_regular(path, MAX_BYTES, "an article", " (an article is plain text of a few pages)")
    return raw.decode("utf-8")


@lru_cache(maxsize=8)
def _normalised(article: str) -> tuple[str, frozenset[str]]:
    """The article normalised once, and its normalised lines (a loader checks dozens of quotes)."""
    return normalise(article), frozenset(normalise(line) for line in article.splitlines())


def occurs_in(passage: str, article: str) -> bool:
    """True when ``passage`` occurs verbatim in ``article`` (after normalising)."""
    return normalise(passage) in _normalised(article)[0]


def occurs_after(passage: str, heading: str, article: str) -> bool:
    """True when ``heading`` is a line of ``article`` and ``passage`` occurs after it."""
    text, lines = _normalised(article)
    if normalise(heading) not in lines:
        return False
    start = text.find(normalise(heading))
    return normalise(passage) in text[start:]


def is_heading(heading: str, article: str) -> bool:
    """True when ``heading`` is a whole line of ``article``."""
    return normalise(heading) in _normalised(article)[1]


def forbidden_in(text: str) -> list[str]:
    """The fragments of the article's advert found in ``text`` (empty when clean)."""
    return [m.group(0) for rx in FORBIDDEN for m in rx.finditer(text)]
