"""The source article: reading it, matching quotes against it, and keeping its advert out.

Quotes are compared after normalising only whitespace and typographic quotes, so a passage
wrapped over several YAML lines, or typed with straight apostrophes, still matches.

>>> normalise("Ketamine’s   quick\\nimpact")
"Ketamine's quick impact"
"""

import re
from pathlib import Path

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_SPACE = re.compile(r"\s+")

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
    """The article's text as stored (UTF-8)."""
    return Path(path).read_text(encoding="utf-8")


def occurs_in(passage: str, article: str) -> bool:
    """True when ``passage`` occurs verbatim in ``article`` (after normalising)."""
    return normalise(passage) in normalise(article)


def occurs_after(passage: str, heading: str, article: str) -> bool:
    """True when ``heading`` is a line of ``article`` and ``passage`` occurs after it."""
    text = normalise(article)
    lines = {normalise(line) for line in article.splitlines()}
    if normalise(heading) not in lines:
        return False
    start = text.find(normalise(heading))
    return normalise(passage) in text[start:]


def is_heading(heading: str, article: str) -> bool:
    """True when ``heading`` is a whole line of ``article``."""
    return normalise(heading) in {normalise(line) for line in article.splitlines()}


def forbidden_in(text: str) -> list[str]:
    """The fragments of the article's advert found in ``text`` (empty when clean)."""
    return [m.group(0) for rx in FORBIDDEN for m in rx.finditer(text)]
