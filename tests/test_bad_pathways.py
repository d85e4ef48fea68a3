"""Every bad pathway file ends in one PathwayError that says where, what, and what to do.

Each file in ``tests/bad_pathways/`` is the small example of ``docs/authoring.md`` (or a
few lines) with one mistake, and starts with comment lines the test reads:

    # mistake: what is wrong, for the reader
    # expect:  a fragment the message must contain (what is wrong)
    # fix:     a fragment the message must contain (what to do)
    # item:    the item path the message must name, e.g. steps[1] ('gaba').nodes[1]  (optional)
    # line:    the line the message must give, as ``path:LINE:``  (optional)
    # message: the whole of one line of the message after ``path:LINE: ``  (optional)

Files too big to commit (over 1 MB, thousands of levels deep) are made here in tmp_path.
The property tests mutate the good file and ask only that the loader never fails any
other way than with a PathwayError naming the file.
"""

import copy
import re
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainer.loading.assets import ARTICLES, DEFAULT_PATHWAY
from explainer.loading.pathway import PathwayError, load_pathway
from explainer.loading.yamlsafe import MAX_BYTES

BAD = Path(__file__).parent / "bad_pathways"
FILES = sorted(BAD.glob("*.yaml"))
HANG_GUARD_S = 10  # guards against a hang only: every file here loads in well under a second


def _header(path: Path) -> dict[str, str]:
    header = {}
    for line in path.read_bytes().decode("utf-8", "replace").splitlines():
        found = re.fullmatch(r"# (\w+): (.*)", line)
        if not found:
            break
        header[found[1]] = found[2]
    return header


def _refusal(path: Path) -> str:
    """The message of the PathwayError that loading ``path`` raises (and nothing else)."""
    start = time.monotonic()
    with pytest.raises(PathwayError) as info:
        load_pathway(path, articles=ARTICLES)
    assert time.monotonic() - start < HANG_GUARD_S
    assert info.value.file == str(path)
    message = str(info.value)
    for line in message.splitlines():
        assert line.startswith(f"{path}:"), line
    return message


def test_the_corpus_has_many_mistakes_each_described():
    assert len(FILES) >= 25
    for path in FILES:
        assert {"mistake", "expect", "fix"} <= _header(path).keys(), path.name


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_bad_file_is_refused_with_where_what_and_what_to_do(path):
    header = _header(path)
    message = _refusal(path)
    assert header["expect"] in message
    assert header["fix"] in message
    assert re.match(rf"{re.escape(str(path))}:\d+: ", message), "the first problem has a line"
    if "line" in header:
        assert f"{path}:{header['line']}: " in message
    if "item" in header:
        assert header["item"] in message
    if "message" in header:
        assert f"{path}:{header['line']}: {header['message']}" in message.splitlines(), message


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "huge.yaml"
    good = DEFAULT_PATHWAY.read_text(encoding="utf-8")
    path.write_text(good + "# padding\n" * (MAX_BYTES // 10), encoding="utf-8")
    assert path.stat().st_size > MAX_BYTES
    message = _refusal(path)
    assert f"may be at most {MAX_BYTES:,}" in message and "check it is the right file" in message


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10_000 + "]" * 10_000,
        "{a: " * 10_000 + "b" + "}" * 10_000,
        "- " * 10_000 + "x\n",
        "".join(f"{' ' * i}k:\n" for i in range(200)),
    ],
    ids=["flow-lists", "flow-mappings", "block-lists", "block-mappings"],
)
def test_deep_nesting_is_refused_with_its_line(tmp_path, text):
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    message = _refusal(path)
    assert "nesting is too deep" in message
    assert re.match(rf"{re.escape(str(path))}:\d+: ", message)


@pytest.mark.parametrize(
    "payload",
    ['!!python/object/apply:os.mkdir ["{}"]', '!!python/object/apply:os.mkdir {{args: ["{}"]}}'],
    ids=["list-form", "mapping-form"],
)
def test_a_python_tag_is_refused_and_never_run(tmp_path, payload):
    # The payload is live: PyYAML's unsafe loader really does create the folder...
    ran = tmp_path / "made-by-unsafe-load"
    yaml.unsafe_load(f"title: {payload.format(ran)}\n")
    assert ran.is_dir()
    # ...and the pathway loader refuses the same tag without running it.
    never = tmp_path / "must-not-exist"
    path = tmp_path / "tagged.yaml"
    good = DEFAULT_PATHWAY.read_text(encoding="utf-8")
    title = "title: Ketamine as a rapid-acting antidepressant"
    assert title in good
    path.write_text(good.replace(title, f"title: {payload.format(never)}", 1), encoding="utf-8")
    message = _refusal(path)
    assert "the tag !!python/object/apply:os.mkdir is not allowed" in message and "remove the tag" in message
    assert not never.exists()


# --- property tests: mutants of the good file load, or fail with a PathwayError -------------


def _copy_references(folder: Path) -> None:
    """The good file cites references.yaml next to it; its mutants get the same neighbour."""
    name = GOOD["references"]
    (folder / name).write_bytes((DEFAULT_PATHWAY.parent / name).read_bytes())


GOOD_TEXT = DEFAULT_PATHWAY.read_text(encoding="utf-8")
GOOD = yaml.safe_load(GOOD_TEXT)
NODE_IDS = [n["id"] for n in GOOD["nodes"]]
# derandomize: the same examples on every run, so CI is reproducible (and no database).
MUTANTS = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.dates(),
    st.text(max_size=30),
    st.sampled_from([*NODE_IDS, "", "NMDA2", "yes", "2024-01-01", "positive", "main"]),
    st.lists(st.text(max_size=8), max_size=3),
    st.dictionaries(
        st.one_of(st.text(max_size=8), st.integers(), st.booleans()), st.text(max_size=8), max_size=2
    ),
)
# Bytes that mean something to YAML (or to a UTF-8 decoder), to splice into the good file.
_INDICATORS = [b"\t", b"[", b"]", b"{", b"}", b": ", b"- ", b"&a ", b"*a", b"<<: *a", b'"', b"'", b"#", b"|"]
_TAGS = [b"!!int ", b"!!bool ", b"!!timestamp ", b"!!binary ", b"!!set ", b"!!python/name:os.system ", b"!x "]
_ODD = [b"2024-13-45", b"0x", b"1e999", b"9" * 5000, b"\x00", b"\x1b", b"\r", b"\xef\xbb\xbf", b"\xff"]
YAML_JUNK = st.one_of(st.sampled_from(_INDICATORS + _TAGS + _ODD), st.binary(min_size=1, max_size=4))


def _paths(data, prefix=()):
    """Every item path in ``data``, e.g. ``("steps", 2, "nodes", 0)``."""
    yield prefix
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        yield from _paths(value, (*prefix, key))


def _at(data, path):
    for key in path:
        data = data[key]
    return data


def _names_a_node(path) -> bool:
    """An id, an edge's end, or an entry in a step's list of nodes."""
    return path[-1] in ("id", "source", "target") or (len(path) == 4 and path[2] == "nodes")


def _rename_everywhere(data, old, new):
    if isinstance(data, dict):
        return {k: _rename_everywhere(v, old, new) for k, v in data.items()}
    if isinstance(data, list):
        return [_rename_everywhere(v, old, new) for v in data]
    return new if data == old else data


@st.composite
def mutants(draw):
    """The good pathway with one to three random changes to its data."""
    data = copy.deepcopy(GOOD)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(data) if p]
        how = draw(st.sampled_from(["delete", "replace", "transplant", "duplicate", "rename", "rename_all"]))
        if how == "rename_all":  # consistent: may well load
            old = draw(st.sampled_from(NODE_IDS))
            data = _rename_everywhere(data, old, draw(st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)))
            continue
        if how == "rename":  # one place only: an id or a reference to one
            paths = [p for p in paths if _names_a_node(p)]
        if how == "duplicate":
            paths = [p for p in paths if isinstance(p[-1], int)] or paths
        path = draw(st.sampled_from(paths))
        parent, key = _at(data, path[:-1]), path[-1]
        if how == "delete":
            del parent[key]
        elif how == "replace":
            parent[key] = draw(ANY_VALUE)
        elif how == "transplant":  # a real value of the wrong shape, e.g. a step where a label goes
            parent[key] = copy.deepcopy(_at(data, draw(st.sampled_from(paths))))
        elif how == "duplicate" and isinstance(parent, list):
            parent.insert(draw(st.integers(0, len(parent))), copy.deepcopy(parent[key]))
        else:
            parent[key] = draw(st.sampled_from([*NODE_IDS, "NMDA2", "nmda ", "Nmda"]))
    return data


@st.composite
def garbled(draw):
    """The good file's bytes with one to three random edits: lines cut, doubled or swapped, bytes
    inserted (tabs, brackets, YAML indicators, invalid UTF-8), or the file truncated."""
    lines = GOOD_TEXT.encode("utf-8").splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["cut", "double", "swap", "insert", "truncate"]))
        if how == "cut":
            del lines[i]
        elif how == "double":
            lines.insert(i, lines[i])
        elif how == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif how == "insert":
            line, spots = lines[i], st.integers(0, len(lines[i]))
            if b": " in line:  # where a value starts, so that a tag or a number lands on it
                spots = st.just(line.index(b": ") + 2) | spots
            at = draw(spots)
            lines[i] = line[:at] + draw(YAML_JUNK) + line[at:]
        else:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
            del lines[i + 1 :]
        if not lines:
            break
    return b"".join(lines)


def _load_or_refuse(path: Path, outcomes: Counter) -> None:
    try:
        load_pathway(path, articles=ARTICLES)
    except PathwayError as exc:
        assert path.name in str(exc)
        assert all(line.startswith(f"{path}:") for line in str(exc).splitlines())
        outcomes["refused"] += 1
    else:
        outcomes["loaded"] += 1


@pytest.mark.slow
def test_mutated_data_loads_or_is_refused_cleanly(tmp_path_factory, record_property):
    path = tmp_path_factory.mktemp("mutants") / "mutant.yaml"
    _copy_references(path.parent)
    outcomes = Counter()

    @MUTANTS
    @given(mutants())
    def check(data):
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        _load_or_refuse(path, outcomes)

    check()
    record_property("examples", dict(outcomes))  # in the JUnit XML; -s shows the print
    print(f"data mutants: {sum(outcomes.values())} examples, {dict(outcomes)}")
    assert sum(outcomes.values()) >= 200 and outcomes["loaded"] and outcomes["refused"]


@pytest.mark.slow
def test_garbled_text_loads_or_is_refused_cleanly(tmp_path_factory, record_property):
    path = tmp_path_factory.mktemp("garbled") / "garbled.yaml"
    _copy_references(path.parent)
    outcomes = Counter()

    @MUTANTS
    @given(garbled())
    def check(raw):
        path.write_bytes(raw)
        _load_or_refuse(path, outcomes)

    check()
    record_property("examples", dict(outcomes))  # in the JUnit XML; -s shows the print
    print(f"garbled text: {sum(outcomes.values())} examples, {dict(outcomes)}")
    assert sum(outcomes.values()) >= 200 and outcomes["loaded"] and outcomes["refused"]
