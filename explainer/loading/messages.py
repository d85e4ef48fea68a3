"""Problems in a pathway file, in its author's words: where (file, line, item) and what to do."""

import datetime
import difflib
from dataclasses import dataclass
from pathlib import Path

from explainer.loading.schema import (
    Edge,
    GlossaryEntry,
    Node,
    Note,
    Passage,
    Pathway,
    Reference,
    Source,
    Step,
)

# The model each field name belongs to, to suggest the field an unknown one was meant to be.
_FIELDS_UNDER = {
    None: Pathway,
    "source": Source,
    "introduction": Passage,
    "passages": Passage,
    "nodes": Node,
    "edges": Edge,
    "steps": Step,
    "glossary": GlossaryEntry,
    "references": Reference,
    "note": Note,
}


def from_pydantic(path, err, lines, data) -> str:
    loc = tuple(err["loc"])
    item = loc[:-1] if err["type"] == "missing" and isinstance(loc[-1], str) else loc
    return where(path, line_of(lines, item), item, data) + _explain(err, _at(data, loc[:-1]))


def _at(data, loc: tuple):
    """The value at ``loc`` in the file's data, or None where there is none."""
    for part in loc:
        if isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def did_you_mean(word: str, known) -> str | None:
    """The known name closest to ``word``, a misspelling of it (difflib, whatever the case), or None.

    >>> did_you_mean("saftey", ["feedback", "safety"])
    'safety'
    >>> did_you_mean("NMDA2", ["nmda", "gaba"])
    'nmda'
    """
    folded = {}
    for name in sorted(known):
        folded.setdefault(name.casefold(), name)
    close = difflib.get_close_matches(word.casefold(), list(folded), n=1)
    return folded[close[0]] if close else None


def _cut_at_commas(name: str, mapping) -> str | None:
    """Where YAML's flow style cut a text at its commas (``{id: x, label: Aches, cramps, kind:
    outcome}`` reads ``cramps`` as a field of its own, with no value): the field whose text was
    cut, written whole in quotes; None where ``name`` is not such a piece of text."""
    if not isinstance(mapping, dict) or mapping.get(name) is not None or not isinstance(name, str):
        return None
    keys = list(mapping)
    before = keys[: keys.index(name)] if name in keys else []
    pieces = []
    for key in reversed(before):  # the field the text began in, then the pieces after it
        if mapping[key] is not None:
            if not isinstance(mapping[key], str):
                return None
            text = ", ".join([mapping[key], *reversed(pieces), name])
            quoted = f'"{text}"' if '"' not in text else "'" + text.replace("'", "''") + "'"
            return f"{key}: {clip(quoted)}"
        pieces.append(key)
    return None


def _explain(err, parent=None) -> str:
    """Pydantic's complaint in an author's words, ending with what to do about it; ``parent`` is
    the mapping or list the complaint is about an item of, as the file has it."""
    kind, loc, ctx, got = err["type"], tuple(err["loc"]), err.get("ctx", {}), err.get("input")
    field = next((part for part in reversed(loc) if isinstance(part, str)), None)
    pair = len(loc) >= 4 and loc[0] == "steps" and loc[2] == "edges"  # a step's [source, target]
    if pair and kind in ("missing", "too_long", "too_short", "tuple_type"):
        return f"expected [source, target], found {kind_of(got)}; write the edge as [source, target]"
    if kind == "missing":
        return f"missing field {loc[-1]!r}; add it"
    if kind == "extra_forbidden":
        under = next((part for part in reversed(loc[:-1]) if isinstance(part, str)), None)
        known = [f for f, info in _FIELDS_UNDER.get(under, Pathway).model_fields.items() if not info.exclude]
        if " " in str(loc[-1]).strip():  # words, not a field's name: a text cut at its commas
            whole = _cut_at_commas(loc[-1], parent)
            return (
                f"unknown field {loc[-1]!r}, which looks like words: inside {{ }} a comma ends a "
                "field, so a text with commas there must be in quotes"
                + (f"; write {whole}" if whole else "; put the text in quotes")
            )
        close = did_you_mean(str(loc[-1]), known)
        if close:
            return f"unknown field {loc[-1]!r}; did you mean {close!r}? correct the spelling or remove it"
        return f"unknown field {loc[-1]!r}; remove it or check its spelling (fields here: {', '.join(known)})"
    if kind == "string_type":
        return (
            f"expected text, found {kind_of(got)}; write text (in quotes if it looks like a number or yes/no)"
        )
    if kind == "bool_type":
        return f"expected true or false, found {kind_of(got)}; write true or false, without quotes"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list, found {kind_of(got)}; write one '- item' line per item, or [a, b]"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields, found {kind_of(got)}; write one 'field: value' line per field"
    if kind == "literal_error" and field == "lane" and got in ("above", "below"):
        return (
            f"lane {got!r} is no longer a choice: side boxes were always placed by the layout, next to "
            "the boxes they join, whatever their lane said; write lane: side"
        )
    if kind == "literal_error":
        return f"{kind_of(got)} is not allowed here; use one of {ctx['expected']}"
    if kind == "too_long" and field == "choices":
        return f"has {ctx.get('actual_length', 'too many')} choices, at most {ctx['max_length']}; remove some"
    if kind == "too_short" and field == "choices":
        return (
            f"has {ctx['actual_length']} choice(s), needs at least {ctx['min_length']}; "
            "add more, or remove choices and correct to keep the question open"
        )
    if kind == "too_short":
        return f"has {ctx['actual_length']} item(s), needs at least {ctx['min_length']}; add more"
    if kind == "too_long":
        return f"has too many items (at most {ctx['max_length']}); remove some or split the pathway"
    if kind == "string_too_short":
        return "is empty; write something"
    if kind == "string_too_long":
        return f"is {len(got):,} characters long, at most {ctx['max_length']} allowed; shorten it"
    if kind == "string_pattern_mismatch" and field == "file":
        return (
            f"{clip(str(got))!r} is not a plain file name; "
            "use only letters, digits, '.', '-' and '_', and no folders"
        )
    if kind == "string_pattern_mismatch" and field == "doi":
        return f"{clip(str(got))!r} is not a DOI; write it as 10.NNNN/suffix, without https://doi.org/"
    if kind == "string_pattern_mismatch" and field == "never_show":
        return (
            f"{clip(str(got))!r} is not a YAML file name; name a file next to this one or in "
            "assets/article/, e.g. never_show: ketamine-article.yaml (no folders)"
        )
    if kind == "string_pattern_mismatch":
        return (
            f"{clip(str(got))!r} is not a valid id; use lower-case letters, digits and '_', "
            "starting with a letter (at most 40 characters)"
        )
    return f"{err['msg']} (found {kind_of(got)}); correct the value"


def kind_of(value) -> str:
    """What a value looks like to the author of the YAML file."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off as true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {clip(value)!r}"
    if isinstance(value, list):
        return f"a list of {len(value)} item(s)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, datetime.date):
        return f"the date {value}"
    return f"a {type(value).__name__}"


def line_of(lines: dict, loc: tuple) -> int | None:
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get(())


def where(path, line, loc, data=None) -> str:
    head = f"{path}:{line}: " if line else f"{path}: "
    if not loc:
        return head
    return head + _describe(loc, data) + ": "


def _describe(loc: tuple, data) -> str:
    """``steps[3] ('bdnf').nodes[0]``: the item's path, with ids where they help."""
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                out += f" ({node['id']!r})"
        else:
            out += f".{clip(str(part), 40)}" if out else clip(str(part), 40)
            node = node.get(part) if isinstance(node, dict) else None
    return out


def clip(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


MAX_SHOWN = 20  # problems shown in one message


@dataclass(frozen=True)
class Problem:
    """One problem, where it is: ``text`` is the whole line, ``file:line: item: what; what to do``.

    A ``warning`` (how the diagram draws: its labels small) refuses nothing; ``text`` says
    ``warning:`` after the item.
    """

    file: str
    line: int | None
    loc: tuple
    text: str
    warning: bool = False

    def __str__(self) -> str:
        return self.text


class PathwayError(ValueError):
    """A pathway file is unusable; the message says where and what to do.

    ``problems`` holds one line per problem, each starting ``file:line:``, in file order
    (``found``: the same as :class:`Problem` items); the message shows the first
    :data:`MAX_SHOWN` of them, so that a badly broken file stays readable.
    """

    def __init__(self, file: Path | str, problems: list):
        self.file = str(file)
        self.found = [p if isinstance(p, Problem) else problem_in(self.file, p) for p in problems]
        self.problems = [str(p) for p in self.found]
        shown = self.problems[:MAX_SHOWN]
        if len(problems) > MAX_SHOWN:
            more = len(problems) - MAX_SHOWN
            shown.append(f"{file}: and {more:,} more problems; fix the ones above and validate again")
        super().__init__("\n".join(shown))


def problem_in(file: str, text: str) -> Problem:
    """A message line made elsewhere (``file:line: ...``) as a :class:`Problem`."""
    line = text[len(file) :].split(":", 2)[1] if text.startswith(f"{file}:") else ""
    return Problem(file, int(line) if line.isdigit() else None, (), text)


def in_file_order(file: str, problems: list) -> tuple[Problem, ...]:
    """``file``'s problems by line, then other files' (a sidecar, a references file)."""
    return tuple(sorted(problems, key=lambda p: (p.file != file, p.file, p.line or 0)))
