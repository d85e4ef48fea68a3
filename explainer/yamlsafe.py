"""Reading YAML safely: bounded in size, depth and alias expansion, with a line per item.

PyYAML's safe loader never executes anything, but it expands aliases without limit (the
"billion laughs") and does not say which line an item came from. Here the file is composed
into nodes by the safe loader, then turned into plain data by hand, counting every value
produced (aliases included) and recording the line of each item's path.
"""

from pathlib import Path

import yaml

MAX_BYTES = 1_000_000
MAX_VALUES = 100_000
MAX_DEPTH = 50


class YamlProblem(Exception):
    """A problem with the file as YAML; ``line`` is 1-based or None."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def read_yaml(path: Path) -> tuple[object, dict[tuple, int]]:
    """Parse ``path``; return the data and ``{item path: line}``.

    An item path is a tuple of keys and indices, e.g. ``("steps", 3, "title")``.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise YamlProblem(f"cannot read the file ({exc.strerror})") from None
    if size > MAX_BYTES:
        raise YamlProblem(f"file is {size:,} bytes; a pathway file may be at most {MAX_BYTES:,}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlProblem(f"file is not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise YamlProblem(f"cannot read the file ({exc.strerror})") from None
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YamlProblem(f"invalid YAML: {exc.problem or exc.context}", line) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlProblem(f"nesting is too deep (more than {MAX_DEPTH} levels)") from None
    finally:
        loader.dispose()
    if root is None:
        return None, {}
    lines: dict[tuple, int] = {}
    budget = [MAX_VALUES]
    return _plain(root, (), lines, budget, loader), lines


def _plain(node, path, lines, budget, loader):
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlProblem(
            f"more than {MAX_VALUES:,} values once aliases are expanded (an alias bomb?)",
            node.start_mark.line + 1,
        )
    if len(path) > MAX_DEPTH:
        raise YamlProblem(
            f"nesting is too deep (more than {MAX_DEPTH} levels)", node.start_mark.line + 1
        )
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem("a mapping key must be a plain value", key_node.start_mark.line + 1)
            key = _scalar(key_node, loader)
            if key in out:
                raise YamlProblem(f"duplicate key {key!r}", key_node.start_mark.line + 1)
            out[key] = _plain(value_node, (*path, key), lines, budget, loader)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_plain(v, (*path, i), lines, budget, loader) for i, v in enumerate(node.value)]
    return _scalar(node, loader)


def _scalar(node, loader):
    try:
        return loader.construct_object(node)
    except yaml.YAMLError as exc:
        raise YamlProblem(f"bad value: {exc}", node.start_mark.line + 1) from None
