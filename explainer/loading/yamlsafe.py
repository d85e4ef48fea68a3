"""Reading YAML safely: bounded in size, depth and alias expansion, with a line per item.

PyYAML's safe loader never executes anything, but it expands aliases without limit (the
"billion laughs"), recurses once per level of nesting, and does not say which line an item
came from. Here the file is composed into nodes by the safe loader, at most ``MAX_DEPTH``
levels deep, then turned into plain data by hand: only the plain YAML types are accepted
(a tag such as ``!!python/object`` is refused, never constructed), keys must be text, every
value produced is counted (aliases included) and the line of each item's path is recorded.
"""

from pathlib import Path

import yaml

from explainer.loading.inputs import InputProblem, read_regular

MAX_BYTES = 1_000_000
MAX_VALUES = 100_000
MAX_DEPTH = 50

_STD = "tag:yaml.org,2002:"
_MAP_TAGS = {_STD + "map"}
_SEQ_TAGS = {_STD + "seq"}
_KINDS = {
    _STD + "null": "nothing",
    _STD + "bool": "true or false",
    _STD + "int": "a whole number",
    _STD + "float": "a number",
    _STD + "str": "text",
    _STD + "timestamp": "a date",
}
_SCALAR_TAGS = set(_KINDS)

_TOO_DEEP = (
    f"nesting is too deep (more than {MAX_DEPTH} levels, aliases included); a pathway needs "
    "only a few: close the brackets left open, or remove an alias (*name) that contains itself"
)

# Advice for PyYAML's commonest complaints, matched against its own words.
_ADVICE = (
    ("'\\t'", "indent with spaces, not tabs"),
    ("undefined alias", "define the anchor (&name) before the alias (*name), or write the value out"),
    ("mapping values are not allowed", "check the indentation, and quote a value that contains ': '"),
    ("could not find expected ':'", "check the indentation, and put ': ' after each field name"),
    ("expected ',' or ']'", "close the list with ']' and separate its items with ','"),
    ("expected ',' or '}'", "close the mapping with '}' and separate its items with ','"),
    ("end of stream", "close the quote or bracket that is still open"),
)
_DEFAULT_ADVICE = "check the indentation, colons, quotes and brackets on this line and the one above"


class YamlProblem(Exception):
    """A problem with the file as YAML; ``line`` is 1-based or None, ``loc`` the item path."""

    def __init__(self, message: str, line: int | None = None, loc: tuple = ()):
        super().__init__(message)
        self.message = message
        self.line = line
        self.loc = loc


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing to compose nodes nested more than ``MAX_DEPTH`` deep.

    PyYAML's composer recurses once per level, so ten thousand ``[`` would otherwise end
    in a RecursionError; stopping early also gives the line.
    """

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        if self._depth >= MAX_DEPTH:
            raise YamlProblem(_TOO_DEEP, self.peek_event().start_mark.line + 1)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def read_yaml(path: Path, what: str = "a pathway file") -> tuple[object, dict[tuple, int]]:
    """Parse ``path``; return the data and ``{item path: line}``.

    ``path`` must be a regular file of at most ``MAX_BYTES`` (``what`` names it in messages).
    An item path is a tuple of keys and indices, e.g. ``("steps", 3, "title")``.
    """
    try:
        raw = read_regular(
            path,
            MAX_BYTES,
            what,
            " (the article's text goes in its own file, not in the pathway)",
        )
    except InputProblem as exc:
        raise YamlProblem(str(exc)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlProblem(
            f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save it as UTF-8",
            raw.count(b"\n", 0, exc.start) + 1,
        ) from None
    root, loader = _compose(text)
    if root is None:
        return None, {}
    lines: dict[tuple, int] = {}
    budget = [MAX_VALUES]
    return _plain(root, (), lines, budget, loader), lines


def _compose(text: str):
    """The root node (or None for an empty document) and the loader that made it."""
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        raise YamlProblem(
            f"the character U+{exc.character:04X} cannot appear in a YAML file; delete it",
            text.count("\n", 0, exc.position) + 1,
        ) from None
    try:
        return loader.get_single_node(), loader
    except yaml.MarkedYAMLError as exc:
        raise _invalid(exc) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"invalid YAML: {exc}; {_DEFAULT_ADVICE}") from None
    finally:
        loader.dispose()


def _invalid(exc: yaml.MarkedYAMLError) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context
    if exc.context and exc.problem and exc.context_mark and exc.context_mark.line != mark.line:
        problem += f" ({exc.context} that starts on line {exc.context_mark.line + 1})"
    said = f"{exc.context} {exc.problem}"
    advice = next((a for words, a in _ADVICE if words in said), _DEFAULT_ADVICE)
    return YamlProblem(f"invalid YAML: {problem}; {advice}", mark.line + 1 if mark else None)


def _plain(node, path, lines, budget, loader):
    line = node.start_mark.line + 1
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlProblem(
            f"more than {MAX_VALUES:,} values once aliases are expanded (an alias bomb?); "
            "write the values out instead of repeating aliases (*name)",
            line,
        )
    if len(path) > MAX_DEPTH:  # only an alias can get here: the composer stops earlier
        raise YamlProblem(_TOO_DEEP, line)
    _check_tag(node, path)
    lines.setdefault(path, line)
    if isinstance(node, yaml.MappingNode):
        out, first = {}, {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem("a key must be a plain word, not a list or mapping; fix it", key_line, path)
            _check_tag(key_node, path)
            key = _scalar(key_node, path, loader)
            if not isinstance(key, str):
                raise YamlProblem(
                    f"the key {key_node.value!r} is not a field name; "
                    "field names are words such as title: rename it",
                    key_line,
                    path,
                )
            if key in out:
                raise YamlProblem(
                    f"duplicate key {key!r}; keep only one (the first is on line {first[key]})",
                    key_line,
                    (*path, key),
                )
            first[key] = key_line
            out[key] = _plain(value_node, (*path, key), lines, budget, loader)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_plain(v, (*path, i), lines, budget, loader) for i, v in enumerate(node.value)]
    return _scalar(node, path, loader)


def _check_tag(node, path) -> None:
    """Refuse any tag but the plain types, on a value of the kind the tag names."""
    if isinstance(node, yaml.MappingNode):
        allowed = _MAP_TAGS
    elif isinstance(node, yaml.SequenceNode):
        allowed = _SEQ_TAGS
    else:
        allowed = _SCALAR_TAGS
    if node.tag == _STD + "merge":
        raise YamlProblem(
            "merge keys (<<) are not supported; write the fields out in full",
            node.start_mark.line + 1,
            path,
        )
    if node.tag not in allowed:
        raise YamlProblem(
            f"the tag {_short(node.tag)} is not allowed: a pathway file holds only text, numbers, "
            "true/false, lists and mappings; remove the tag",
            node.start_mark.line + 1,
            path,
        )


def _scalar(node, path, loader):
    try:
        return loader.construct_object(node)
    except Exception:
        # PyYAML's safe constructors fail in several ways on a value that does not fit its
        # tag (`!!int x` is a ValueError, `!!bool x` a KeyError, `2024-13-45` a ValueError,
        # a 5000-digit number a ValueError); all of them mean the same thing here.
        raise YamlProblem(
            f"cannot read {_clip(node.value)!r} as {_KINDS.get(node.tag, _short(node.tag))}; "
            "put it in quotes if it is text, or correct it",
            node.start_mark.line + 1,
            path,
        ) from None


def _short(tag: str) -> str:
    return "!!" + tag[len(_STD) :] if tag.startswith(_STD) else tag


def _clip(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
