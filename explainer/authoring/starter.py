"""A starter for a new article: ``python -m explainer new ARTICLE.txt --id ID``.

Made from the article alone, and written beside it:

- ``ID.yaml``, the pathway: the source block filled in (the article's title; its headings listed,
  with ``opening`` for the passages before the first one), and a first node, link and step whose
  quotes are real sentences of the article, so that the file validates as written;
- ``ARTICLE.yaml``, the article's sidecar: passages *suggested* as never to show (phone numbers,
  e-mail and web addresses, calls to action, booking and contact lines), for the author to
  confirm; a passage listed there cannot be quoted, and no output shows it;
- ``ARTICLE-attribution.md``: where the article comes from, for the author to complete.

Nothing is overwritten: an existing pathway file is refused, an existing sidecar or attribution
is kept as it is.

>>> suggested_never_show("Title\\n\\nIt binds a receptor.\\n\\nBook a visit with our team: 0800 123 4567.")
['Book a visit with our team: 0800 123 4567.']
"""

import re
import textwrap
from pathlib import Path

import yaml

from explainer.loading import article as art
from explainer.loading.inputs import InputProblem
from explainer.loading.never_show import found_in
from explainer.loading.schema import ID_PATTERN
from explainer.model.fit import missing_glyphs
from explainer.outputs.files import ExportError, write_files

WIDTH = 92  # the starter's lines, for reading in an editor
MAX_SUGGESTED = 50  # a sidecar lists at most this many passages
SHORT_PARAGRAPH = 400  # a flagged paragraph up to this long is suggested whole, else its sentences
_FILE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,200}$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_DIGITS = re.compile(r"\d(?:[\d\s().+\-\u2010-\u2015\u2212]*\d)?")
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.\w|https?://|\bwww\.", re.IGNORECASE)
_CUE = re.compile(
    r"\b(call|phone|text us|contact|e-?mail|reach out|get in touch|book|booking|schedule|"
    r"appointment|sign up|subscribe|enrol+|register|get (?:professional )?help|speak (?:to|with)|"
    r"talk to|verify (?:your )?insurance|admissions?|free (?:consultation|assessment|trial)|"
    r"consultation|today|our (?:team|clinic|centre|center|specialists|staff|experts|programs?|"
    r"services|facility|website))\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(us|our|we)\b", re.IGNORECASE)
_MECHANISM = re.compile(
    r"\b(binds?|block\w*|activat\w*|inhibit\w*|increas\w*|decreas\w*|reduc\w*|releas\w*|"
    r"stimulat\w*|trigger\w*|leads? to|caus\w*|acts? (?:as|on))\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(may|might|could|appears? to|seems? to|(?:is|are) thought to|suggests?|possibly|"
    r"associated with)\b",
    re.IGNORECASE,
)


def suggested_never_show(article: str) -> list[str]:
    """Passages of ``article`` that look like promotion or contact lines, in article order."""
    paragraphs = art.paragraphs(article)[1:]  # the title is the article's name, not an advert
    found: list[str] = []
    for paragraph in paragraphs:
        if _flagged(paragraph) and len(paragraph) <= SHORT_PARAGRAPH:
            found.append(paragraph)
            continue
        found += [s for s in _sentences(paragraph) if _flagged(s)]
    return [p[:2000] for p in dict.fromkeys(found)][:MAX_SUGGESTED]


def _flagged(text: str) -> bool:
    """A phone number, an e-mail or web address, or a call to action (two cues, or one said by "us")."""
    if _ADDRESS.search(text) or any(len(re.sub(r"\D", "", m[0])) >= 7 for m in _DIGITS.finditer(text)):
        return True
    cues = {m.group(0).casefold() for m in _CUE.finditer(text)}
    return len(cues) >= 2 or (len(cues) == 1 and bool(_FIRST_PERSON.search(text)))


def _sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(paragraph) if s.strip()]


def _quotable(sentence: str, never: tuple[str, ...]) -> bool:
    """A sentence a starter can quote: whole words, drawable, and nothing never shown nor a number."""
    return (
        len(sentence.split()) >= 5
        and len(sentence) <= 400
        and all(c.isprintable() for c in sentence)
        and not missing_glyphs(sentence)
        and not _flagged(sentence)
        and found_in(sentence, never) is None
    )


def pick_quotes(article: str, never: tuple[str, ...]) -> tuple[tuple[str, str] | None, tuple[str, str]]:
    """``(opening quote or None, step quote)``, each ``(section, sentence)``.

    The step's sentence is the first one that reads like a mechanism ("binds", "blocks",
    "increases"...), after the opening where the article has headings; the opening's is its
    first quotable sentence. Raises :class:`ExportError` when no sentence can be quoted.
    """
    candidates = [
        (section, s)
        for section, paragraph in art.sections(article)
        for s in _sentences(paragraph)
        if _quotable(s, never)
    ]
    if not candidates:
        raise ExportError(
            "the article has no sentence of five words or more that can be quoted; "
            "check that it is the article's plain text, one paragraph per line"
        )
    in_sections = [c for c in candidates if c[0] != art.OPENING] or candidates
    step = next((c for c in in_sections if _MECHANISM.search(c[1])), in_sections[0])
    opening = next((c for c in candidates if c[0] == art.OPENING and c != step), None)
    return opening, step


def starter_names(article: Path, pathway_id: str) -> tuple[str, str, str]:
    """The file names ``new`` writes beside ``article``: pathway (always ``ID.yaml``), sidecar and
    attribution. When the pathway takes the sidecar's name (``--id`` is the article's name), the
    suggestions go in the pathway's own ``source.never_show`` instead."""
    return f"{pathway_id}.yaml", article.with_suffix(".yaml").name, f"{article.stem}-attribution.md"


def starter_files(article: Path | str, pathway_id: str, publisher: str | None = None) -> dict[str, bytes]:
    """``{name: bytes}`` of the starter for ``article`` (nothing written; see :func:`write_starter`).

    The sidecar and attribution are left out when a file of that name is already beside the
    article (the existing sidecar is the one the pathway is checked against).
    """
    article = Path(article)
    if not re.fullmatch(ID_PATTERN, pathway_id):
        raise ExportError(
            f"--id {pathway_id!r} is not an id; use lower-case letters, digits and '_', starting with a "
            "letter (at most 40 characters), e.g. --id naloxone"
        )
    if not _FILE_NAME.match(article.name):
        raise ExportError(
            f"the article's file name {article.name!r} is not a plain file name; rename it with only "
            "letters, digits, '.', '-' and '_' (a pathway names its article so), e.g. my-article.txt"
        )
    try:
        text = art.read_article(article)
    except UnicodeDecodeError:
        raise ExportError(f"{article} is not UTF-8 text; save it as UTF-8 plain text") from None
    except (InputProblem, OSError) as exc:
        raise ExportError(f"{article}: {exc}") from None
    pathway_name, sidecar_name, attribution_name = starter_names(article, pathway_id)
    existing = article.parent / sidecar_name
    inline = pathway_name == sidecar_name  # then the suggestions go in the pathway itself
    suggested = suggested_never_show(text)
    never = tuple(suggested) + (() if inline else _listed(existing))
    opening, step = pick_quotes(text, never)
    title = _clean(art.title_line(text))
    if not title or _flagged(title) or found_in(title, never):  # an advert for a title: not shown
        title = "A new mechanism"
    publisher = _clean(publisher or "") or "Write the publisher here"
    files = {
        pathway_name: _pathway_yaml(
            pathway_name, article.name, pathway_id, (title, publisher), text, (opening, step), existing, never
        )
    }
    if suggested and not existing.exists() and not inline:
        files[sidecar_name] = _sidecar_yaml(article.name, suggested)
    if not (article.parent / attribution_name).exists():
        files[attribution_name] = _attribution(article.name, title, publisher)
    return {name: data.encode("utf-8") for name, data in files.items()}


def write_starter(article: Path | str, pathway_id: str, publisher: str | None = None) -> list[Path]:
    """Write the starter beside ``article``; refuse (:class:`ExportError`) if its pathway file exists."""
    article = Path(article)
    target = article.parent / starter_names(article, pathway_id)[0]
    if target.exists():
        raise ExportError(
            f"{target} already exists; nothing was written: choose another --id, or move it away"
        )
    return write_files(article.parent, starter_files(article, pathway_id, publisher))


def _listed(sidecar: Path) -> tuple[str, ...]:
    """The passages an existing sidecar lists (none when there is none, or it cannot be read)."""
    try:
        data = yaml.safe_load(sidecar.read_text(encoding="utf-8")) if sidecar.is_file() else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ()
    listed = data.get("never_show") if isinstance(data, dict) else None
    return tuple(p for p in listed if isinstance(p, str)) if isinstance(listed, list) else ()


def _clean(text: str, n: int = 200) -> str:
    """``text`` as a title: printable, drawable characters only, at most ``n`` of them."""
    kept = "".join(c for c in text if c.isprintable() and c not in missing_glyphs(c))
    kept = " ".join(kept.split())
    return kept if len(kept) <= n else kept[: n - 1].rsplit(" ", 1)[0] + "…"


def _q(text: str) -> str:
    """A double-quoted YAML scalar (every character escaped as YAML needs)."""
    return yaml.safe_dump(text, default_style='"', allow_unicode=True, width=1 << 30).strip()


def _block(text: str, indent: int) -> str:
    """A long text as a folded block (``>-``), wrapped; double-quoted if it holds unusual characters."""
    if any(not c.isprintable() or c in "\u2028\u2029\ufeff" for c in text) or text != text.strip():
        return _q(text)
    pad = " " * indent
    lines = textwrap.wrap(text, WIDTH - indent, break_long_words=False, break_on_hyphens=False)
    return ">-\n" + "\n".join(pad + line for line in lines)


def _comment(text: str) -> str:
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _pathway_yaml(name, file, pathway_id, names, text, quotes, existing, never) -> str:
    (title, publisher), (opening, (section, sentence)) = names, quotes
    hedged = "true" if _HEDGE.search(sentence) else "false"
    headings = [h for h in art.headings(text) if found_in(h, never) is None]
    lede = sum(1 for s, _ in art.sections(text) if s == art.OPENING)
    paragraphs = f"{lede} paragraph{'s' * (lede != 1)}"
    listed = [f"#     {art.OPENING}   ({paragraphs} before the first heading)"] if lede else []
    listed += [f"#     {_comment(h)}" for h in headings]
    inline = name == existing.name
    if inline and never:
        sidecar = "is listed below, under never_show (suggested: confirm it)."
    elif inline:
        sidecar = "goes below, under never_show: (none was found; see the guide)."
    elif existing.exists():
        sidecar = f"is listed in the article's sidecar, {existing.name}."
    elif never:
        sidecar = f"is listed in the article's sidecar, {existing.name} (suggested: confirm it)."
    else:
        sidecar = f"goes in the article's sidecar, {existing.name} (none was found: see the guide)."
    out = [
        f"# A starter for {file}, written by `python -m explainer new`. Make it your explainer:",
        "# every field is in docs/authoring.md. Quotes (text, evidence, answer) are the article's words,",
        "# verbatim; titles, labels, questions and prompts are your own. Watch it as you edit with",
        f"#   python -m explainer preview {name}",
        f"id: {pathway_id}",
        f"title: {_q(title)}  # your own words",
        "source:",
        f"  file: {file}",
        f"  title: {_q(title)}  # the article's title",
        f"  publisher: {_q(publisher)}  # who published it: shown with every quote",
        "  # A passage's section is the heading above it in the article, one of:",
        *[f"  {line}" for line in listed],
        "  # What no output may show (adverts, phone numbers, contact lines)",
        f"  # {sidecar}",
    ]
    if inline and never:  # the article's sidecar would have this file's name: listed here instead
        out += ["  never_show:  # SUGGESTED by new: keep the adverts and contact lines, delete the rest"]
        out += [f"    - {_block(p, 6)}" for p in never]
    if opening:
        out += [
            "introduction:  # shown before the first step: here, a sentence of the article's opening",
            f"  - section: {art.OPENING}",
            f"    text: {_block(opening[1], 6)}",
        ]
    out += [
        "nodes:  # the boxes: labels are your own words",
        "  - id: first",
        '    label: "First box"',
        "    kind: drug  # drug, receptor, signal, molecule, process, outcome or system",
        "  - id: second",
        '    label: "Second box"',
        "    kind: outcome",
        "edges:  # the links, each with the article's words for it",
        "  - source: first",
        "    target: second",
        "    influence: unknown  # positive (stimulates), negative (inhibits) or unknown",
        f"    hedged: {hedged}  # true where the article hedges the link (may, appears to)",
        f"    evidence: {_block(sentence, 6)}",
        "steps:  # the walk through the diagram, in order",
        "  - id: first_step",
        '    title: "A first step"',
        "    nodes: [first, second]",
        "    edges: [[first, second]]",
        "    passages:",
        f"      - section: {_q(section)}",
        f"        text: {_block(sentence, 10)}",
        '    question: "What does the article say happens here?"',
        f"    answer: {_block(sentence, 6)}",
        '    prompt: "Ask the class to put this sentence in their own words."',
        "",
    ]
    return "\n".join(out)


def _sidecar_yaml(file: str, passages: list[str]) -> str:
    out = [
        f"# What in {file} is not content: no output shows a passage listed here, and no pathway may",
        "# quote it (five words in a row of it, or its phone number). SUGGESTED by",
        "# `python -m explainer new`: keep each one that is an advert, a call to action or a contact",
        "# line, and delete the others. Each passage is copied exactly from the article.",
        "never_show:",
    ]
    out += [f"  - {_block(p, 4)}" for p in passages]
    return "\n".join(out) + "\n"


def _attribution(file: str, title: str, publisher: str) -> str:
    return (
        "# Source article\n\n"
        f"`{file}` is “{title}”, published by {publisher}, copied as supplied. Write here where it\n"
        "was found (its address and the date), and on what terms it is quoted.\n\n"
        "Its call to action and contact lines are not content: they are listed in its sidecar\n"
        f"(`{Path(file).stem}.yaml`), and the explainer never shows them.\n\n"
        "This project is for education, not medical advice.\n"
    )
