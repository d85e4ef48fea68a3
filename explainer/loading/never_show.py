"""Text that is not content: an article's promotion and contact lines, never shown anywhere.

Which passages these are is data: the article's sidecar (``ARTICLE.yaml`` beside
``ARTICLE.txt``) and the pathway's ``source.never_show`` list them (see ``docs/authoring.md``).
A text *shows* one of them when, after the normalisation used for quotes (whitespace,
typographic quotes) and ignoring case and punctuation, it repeats :data:`WORDS` consecutive
words of it (or all the words of a shorter one), or the last :data:`PHONE_DIGITS` digits of a
phone number in it, however the digits are grouped or separated.

>>> advert = ("Book a visit at Sunrise Clinic: ring 0800 123 4567 to feel better.",)
>>> found_in("Ring 0800-123-4567 today", advert)
('0800-123-4567', 0)
>>> found_in("book a  visit at Sunrise clinic now", advert)
('book a visit at Sunrise clinic', 0)
>>> found_in("a dose of 0.5 to 1.0 mg/kg", advert) is None
True
"""

import re
from functools import lru_cache

import phonenumbers

from explainer.loading.article import normalise

WORDS = 5
PHONE_DIGITS = 7
_WORD = re.compile(r"\w+")
# Digits with the separators a phone number is written with: spaces, brackets, dots, dashes.
_NUMBER = re.compile(r"\d(?:[\d\s().+\-\u2010-\u2015\u2212]*\d)?")


@lru_cache(maxsize=16)
def _index(passages: tuple[str, ...]):
    grams: dict[tuple[str, ...], int] = {}
    short: list[tuple[tuple[str, ...], int]] = []
    numbers: dict[str, int] = {}
    for k, passage in enumerate(passages):
        words = [w.casefold() for w in _WORD.findall(normalise(passage))]
        if 0 < len(words) < WORDS:
            short.append((tuple(words), k))
        for i in range(len(words) - WORDS + 1):
            grams.setdefault(tuple(words[i : i + WORDS]), k)
        for m in _NUMBER.finditer(normalise(passage)):
            digits = re.sub(r"\D", "", m.group(0))
            if len(digits) >= PHONE_DIGITS:
                numbers.setdefault(digits[-PHONE_DIGITS:], k)
    return grams, short, numbers


def found_in(text: str, passages: tuple[str, ...]) -> tuple[str, int] | None:
    """``(the fragment as ``text`` writes it, index of the passage it repeats)``, or None."""
    if not passages:
        return None
    grams, short, numbers = _index(tuple(passages))
    norm = normalise(text)
    words = [w.casefold() for w in _WORD.findall(norm)]  # strings: a page is megabytes of words
    firsts = {g[0] for g in grams} | {run[0] for run, _ in short}
    for i in (i for i, w in enumerate(words) if w in firsts):  # a page is mostly other words
        k = grams.get(tuple(words[i : i + WORDS]))
        if k is not None:
            j = i + WORDS
            while j < len(words) and tuple(words[j - WORDS + 1 : j + 1]) in grams:
                j += 1
            return _fragment(norm, i, j), k
        for run, k in short:
            if tuple(words[i : i + len(run)]) == run:
                return _fragment(norm, i, i + len(run)), k
    for m in _NUMBER.finditer(norm):
        if len(m.group(0)) < PHONE_DIGITS:
            continue
        digits = "".join(c for c in m.group(0) if c.isdigit())
        for tail, k in numbers.items():
            if tail in digits:
                return m.group(0), k
    return None


def _fragment(norm: str, i: int, j: int) -> str:
    """``norm`` from its ``i``-th word to its ``j - 1``-th (words as :func:`found_in` counts them)."""
    tokens = [m for _, m in zip(range(j), _WORD.finditer(norm), strict=False)]
    return norm[tokens[i].start() : tokens[j - 1].end()]


# Contact details in any text: a phone number (valid for one of these regions, or written with
# its country code) or an e-mail address. A pathway shows one only if it lists it as allowed.
REGIONS = ("US", "GB", "DE", "FR", "IN", "AU")
_MAYBE_PHONE = re.compile(r"\d(?:[\s().\-/]{0,3}\d){6,}")  # seven digits or more: worth parsing
EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")


def contacts_in(text: str) -> list[str]:
    """The phone numbers and e-mail addresses in ``text``, as written there.

    >>> contacts_in("Call 020 7946 0958 or write to help@example.org; 2010-2015, 0.5 mg/kg")
    ['020 7946 0958', 'help@example.org']
    """
    found = []
    if _MAYBE_PHONE.search(text):
        for region in REGIONS:
            for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
                if match.raw_string not in found:
                    found.append(match.raw_string)
    return found + [m.group(0) for m in EMAIL.finditer(text) if m.group(0) not in found]


def contact_key(contact: str) -> str:
    """What two spellings of one contact share: a phone's digits, an address in lower case."""
    return contact.casefold() if "@" in contact else re.sub(r"\D", "", contact)
