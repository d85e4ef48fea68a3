"""Every bad pathway file ends in one PathwayError that says where, what, and what to do.

Each file in ``tests/bad_pathways/`` is the small example of ``docs/authoring.md`` (or a
few lines) with one mistake, and starts with comment lines the test reads:

    # mistake: what is wrong, for the reader
    # expect:  a fragment the message must contain (what is wrong)
    # fix:     a fragment the message must contain (what to do)
    # item:    the item path the message must name, e.g. steps[1] ('gaba').nodes[1]  (optional)
    # line:    the line the message must give, as ``path:LINE:``  (optional)

Files too big to commit (over 1 MB, thousands of levels deep) are made here in tmp_path.
"""

import re
import time
from pathlib import Path

import pytest
import yaml

from explainer.assets import ARTICLES, DEFAULT_PATHWAY
from explainer.pathway import PathwayError, load_pathway
from explainer.yamlsafe import MAX_BYTES

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
