"""The frame cache: verified on every read, replaced when bad, keyed on all that shapes a frame,
bounded; random corruption never changes what an export writes."""

import os
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainer.outputs.figures import figures_files
from explainer.rendering import frame_cache, frames
from explainer.rendering.frames import _frames, figure_bytes, make_frame, render_frames


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty cache folder of its own, and no frames remembered in memory."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(folder))
    _frames.cache_clear()
    yield folder
    _frames.cache_clear()


def _no_drawing(monkeypatch):
    """From here on, any frame drawn fails the test: what comes back came from the disk."""

    def refuse(*args, **kwargs):
        raise AssertionError("a frame was drawn, not read from the cache")

    monkeypatch.setattr(frames, "make_frame", refuse)


def _entry(folder: Path) -> Path:
    (entry,) = folder.glob("*.entry")
    return entry


def test_frames_are_written_once_and_read_back(small_pathway, cache, monkeypatch):
    first = render_frames(small_pathway, ("gaba",))
    assert len(first) == len(small_pathway.steps)
    assert first[1] == figure_bytes(make_frame(small_pathway, 1, branches=("gaba",)))
    assert frame_cache.decode(_entry(cache).name[:32], _entry(cache).read_bytes()) == first
    _frames.cache_clear()
    _no_drawing(monkeypatch)
    assert render_frames(small_pathway, ("gaba",)) == first


CORRUPTIONS = {
    "empty": lambda data: b"",
    "truncated": lambda data: data[: len(data) // 2],
    "truncated by one byte": lambda data: data[:-1],
    "garbage": lambda data: os.urandom(len(data)),
    "wrong checksum": lambda data: data[:-32] + bytes(32),
    "one byte flipped in a frame": lambda data: data[:-100] + bytes([data[-100] ^ 0x01]) + data[-99:],
    "bytes appended": lambda data: data + b"\0",
    "only the header": lambda data: data[: len(frame_cache.MAGIC) + 40],
}


@pytest.mark.parametrize("kind", CORRUPTIONS)
def test_a_corrupt_entry_is_a_miss_and_is_replaced(small_pathway, cache, kind):
    good = render_frames(small_pathway, None)
    entry = _entry(cache)
    sound = entry.read_bytes()
    entry.write_bytes(CORRUPTIONS[kind](sound))
    assert frame_cache.load(small_pathway, None, "png") is None
    assert not entry.exists()  # a bad entry is removed at once
    entry.write_bytes(CORRUPTIONS[kind](sound))
    _frames.cache_clear()
    assert render_frames(small_pathway, None) == good  # drawn afresh, not the corrupt bytes
    assert entry.read_bytes() == sound  # and the entry is whole again


@pytest.mark.slow
def test_a_valid_entry_under_another_key_is_refused(small_pathway, cache):
    png = render_frames(small_pathway, None, "png")
    render_frames(small_pathway, None, "svg")
    png_entry = cache / (frame_cache.key(small_pathway, None, "png") + frame_cache.SUFFIX)
    svg_entry = cache / (frame_cache.key(small_pathway, None, "svg") + frame_cache.SUFFIX)
    png_entry.write_bytes(svg_entry.read_bytes())  # a whole, checksummed entry, for other frames
    _frames.cache_clear()
    assert render_frames(small_pathway, None, "png") == png


def test_an_entry_that_is_a_fifo_or_a_folder_is_a_miss(small_pathway, cache):
    good = render_frames(small_pathway, None)
    entry = _entry(cache)
    entry.unlink()
    os.mkfifo(entry)  # would block a plain read forever
    _frames.cache_clear()
    assert render_frames(small_pathway, None) == good
    assert entry.is_file()


def test_key_changes_with_branches_format_and_content(pathway):
    base = frame_cache.key(pathway, ("gaba",), "png")
    assert base != frame_cache.key(pathway, ("inflammation",), "png")
    assert base != frame_cache.key(pathway, ("gaba",), "svg")
    other = pathway.model_copy(update={"title": "Another title"})
    assert base != frame_cache.key(other, ("gaba",), "png")


PACKAGE = Path(frame_cache.__file__).parent.parent  # explainer/, every subpackage


@pytest.mark.parametrize(
    ("module", "old", "new"),
    [
        ("words/wording.py", "For education only", "For teaching only"),  # the disclaimer on every frame
        ("loading/schema.py", "“{self.source.title}”, {self.source.publisher}", "{self.source.title}"),
        ("words/text.py", "def ", "def  "),
        ("rendering/draw.py", "def ", "def  "),
    ],
)
def test_key_changes_with_any_of_the_packages_code(tmp_path, module, old, new):
    copy = tmp_path / "explainer"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = frame_cache.code_fingerprint(copy)
    source = (copy / module).read_text(encoding="utf-8")
    assert old in source
    (copy / module).write_text(source.replace(old, new, 1), encoding="utf-8")
    assert frame_cache.code_fingerprint(copy) != before


def test_key_covers_the_style_and_the_fonts():
    fonts = frame_cache._style_fonts()
    assert fonts and all(Path(f).name.startswith("DejaVuSans") for f in fonts)
    assert any("Bold" in Path(f).name for f in fonts)


def test_the_cache_is_pruned_oldest_first(tmp_path):
    now = time.time()
    for k in range(10):
        path = tmp_path / f"{k:032x}.entry"
        path.write_bytes(frame_cache.encode(f"{k:032x}", (b"x" * 100,)))
        os.utime(path, (now - 1000 + k, now - 1000 + k))
    size = (tmp_path / f"{0:032x}.entry").stat().st_size
    frame_cache.prune(tmp_path, max_entries=4, max_total=10_000)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{k:032x}.entry" for k in (6, 7, 8, 9)]
    frame_cache.prune(tmp_path, max_entries=4, max_total=2 * size + 10)
    assert sorted(p.name for p in tmp_path.glob("*.entry")) == [f"{k:032x}.entry" for k in (8, 9)]


def test_pruning_removes_only_the_caches_own_entries(tmp_path):
    """Issue 25: a cache folder pointed at a folder of other files deleted every folder with a
    32-hex-digit name and everything in it. Now a file goes only if this user's key wrote it."""
    theirs = {
        f"{99:032x}": None,  # a folder named like the older format's entries
        f"{98:032x}.entry": b"x" * 100,  # a file named like an entry
        f"{97:032x}.entry": frame_cache.encode(f"{97:032x}", (b"y",), key=bytes(32)),  # another key's
        f"{96:032x}.entry": frame_cache.encode(f"{95:032x}", (b"z",)),  # ours, but under another name
        ".abc.entry.999999999.xyz.tmp": b"named like a temporary of a killed process",
        "notes.txt": b"not the cache's",
    }
    for name, data in theirs.items():
        if data is None:
            (tmp_path / name).mkdir()
            (tmp_path / name / "thesis.tex").write_text("years of work")
        else:
            (tmp_path / name).write_bytes(data)
    frame_cache.prune(tmp_path, max_entries=1, max_total=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(theirs)
    assert (tmp_path / f"{99:032x}" / "thesis.tex").read_text() == "years of work"


def test_a_hit_makes_an_entry_the_last_to_go(small_pathway, cache):
    render_frames(small_pathway, None)
    entry = _entry(cache)
    os.utime(entry, (1, 1))
    _frames.cache_clear()
    render_frames(small_pathway, None)
    assert entry.stat().st_mtime > time.time() - 60


def test_off_switch(pathway, monkeypatch):
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", "off")
    assert frame_cache.cache_dir() is None and frame_cache.load(pathway, None, "png") is None


@given(
    items=st.lists(st.binary(max_size=64), max_size=5),
    cut=st.integers(min_value=0),
    flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=1, max_value=255)), max_size=4),
    tail=st.binary(max_size=8),
)
@settings(max_examples=500, derandomize=True, database=None)
def test_decode_returns_the_items_or_nothing_never_other_bytes(items, cut, flips, tail):
    key = "0123456789abcdef" * 2
    data = bytearray(frame_cache.encode(key, tuple(items)))
    assert frame_cache.decode(key, bytes(data)) == tuple(items)
    for at, mask in flips:
        data[at % len(data)] ^= mask
    data = data[: cut % (len(data) + 1)] + tail
    assert frame_cache.decode(key, bytes(data)) in (None, tuple(items))


# -- the property the issue asks for: what an export writes never depends on the cache's state --

_REFERENCE = {}


def _export(pathway) -> dict[str, bytes]:
    _frames.cache_clear()  # a new process: only the disk remembers
    return figures_files(pathway)


@given(
    fmt=st.sampled_from(["png", "svg"]),
    how=st.sampled_from(["truncate", "flip", "garbage", "empty", "append", "swap"]),
    at=st.integers(min_value=0),
    junk=st.binary(min_size=1, max_size=256),
)
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@pytest.mark.slow
def test_random_cache_corruption_never_changes_an_exports_bytes(small_pathway, cache, fmt, how, at, junk):
    if "files" not in _REFERENCE:
        _REFERENCE["files"] = _export(small_pathway)  # the first export fills the cache
    entry = cache / (frame_cache.key(small_pathway, None, fmt) + frame_cache.SUFFIX)
    other = cache / (
        frame_cache.key(small_pathway, None, "svg" if fmt == "png" else "png") + frame_cache.SUFFIX
    )
    data = entry.read_bytes()
    at %= len(data)
    corrupt = {
        "truncate": data[:at],
        "flip": data[:at] + bytes([data[at] ^ (junk[0] or 1)]) + data[at + 1 :],
        "garbage": data[:at] + junk + data[at + len(junk) :],
        "empty": b"",
        "append": data + junk,
        "swap": other.read_bytes(),
    }[how]
    entry.write_bytes(corrupt)
    assert _export(small_pathway) == _REFERENCE["files"]
    assert entry.read_bytes() == data  # the bad entry was replaced by a good one


def test_a_cache_that_cannot_be_written_is_skipped(small_pathway, tmp_path, monkeypatch):
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder")
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(in_the_way))
    _frames.cache_clear()
    try:
        frames_drawn = render_frames(small_pathway, None)
    finally:
        _frames.cache_clear()
    assert frames_drawn[0] == figure_bytes(make_frame(small_pathway, 0))
    assert in_the_way.read_text() == "not a folder"


def test_putting_entries_keeps_the_cache_bounded(cache):
    keys = [frame_cache.entry_key("test", k) for k in range(frame_cache.MAX_ENTRIES + 3)]
    for k, key in enumerate(keys):
        frame_cache.put(key, (f"item {k}".encode(),))
        os.utime(cache / (key + frame_cache.SUFFIX), (1000 + k, 1000 + k))
    assert len(list(cache.iterdir())) == frame_cache.MAX_ENTRIES
    assert frame_cache.get(keys[0]) is None and frame_cache.get(keys[-1]) == (
        f"item {len(keys) - 1}".encode(),
    )


# -- a cache nobody else can poison (issue 25, case 3) ----------------------------------------


def _old_checksummed(entry: str, items) -> bytes:
    """An entry as the cache used to verify it: a SHA-256 anyone can compute."""
    import hashlib
    import struct

    head = frame_cache.MAGIC + entry.encode() + bytes(32) + struct.pack(">I", len(items))
    body = head + b"".join(struct.pack(">Q", len(i)) for i in items) + b"".join(items)
    return body + hashlib.sha256(body).digest()


@pytest.mark.slow
@pytest.mark.parametrize("forge", ["another key", "a plain checksum"])
def test_an_entry_planted_without_the_users_key_is_never_read(small_pathway, cache, forge):
    reference = _export(small_pathway)
    planted = 0
    for path in cache.glob("*.entry"):
        name = path.name.removesuffix(frame_cache.SUFFIX)
        items = tuple(
            i.replace(b"</svg>", b"<script>alert('planted')</script></svg>")
            for i in frame_cache.decode(name, path.read_bytes())
        )
        path.write_bytes(
            frame_cache.encode(name, items, key=b"\x01" * 32)
            if forge == "another key"
            else _old_checksummed(name, items)
        )
        planted += 1
    assert planted >= 2  # the PNG and the SVG frames
    again = _export(small_pathway)
    assert again == reference
    assert not any(b"planted" in data for data in again.values())


@pytest.fixture
def own_key(tmp_path, monkeypatch):
    """The cache key in a configuration folder of the test's own."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "explainer" / "cache-key"


def _refused(small_pathway, caplog, *words):
    with caplog.at_level("WARNING", logger="explainer.rendering.frame_cache"):
        _frames.cache_clear()
        drawn = render_frames(small_pathway, None)
    assert drawn[0] == figure_bytes(make_frame(small_pathway, 0))
    message = caplog.text
    assert "is not used" in message and "EXPLAINER_CACHE_DIR" in message, message
    assert all(w in message for w in words), message
    assert message.count("is not used") == 1  # one warning, however often the cache is asked


def test_a_folder_others_can_write_is_not_used(small_pathway, cache, own_key, caplog):
    cache.mkdir()
    cache.chmod(0o777)
    _refused(small_pathway, caplog, str(cache), "can be changed by others (mode 777)", "chmod go-w")
    render_frames(small_pathway, ("gaba",))
    assert list(cache.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a folder away needs root")
def test_a_folder_of_another_user_is_not_used(small_pathway, cache, own_key, caplog):
    cache.mkdir(mode=0o755)
    os.chown(cache, 65534, 65534)
    _refused(small_pathway, caplog, "belongs to another user (uid 65534)")
    assert list(cache.iterdir()) == []


def test_a_key_others_can_read_turns_the_cache_off(small_pathway, cache, own_key, caplog):
    frame_cache.put(frame_cache.entry_key("x"), (b"x",))
    assert own_key.stat().st_mode & 0o777 == 0o600  # made private on first use
    own_key.chmod(0o644)
    _refused(small_pathway, caplog, str(own_key), "mode 644")


def test_a_new_key_makes_every_old_entry_a_miss(small_pathway, cache, own_key, monkeypatch):
    render_frames(small_pathway, None)
    entries = list(cache.glob("*.entry"))
    own_key.unlink()
    _frames.cache_clear()
    _no_drawing(monkeypatch)
    with pytest.raises(AssertionError, match="a frame was drawn"):
        render_frames(small_pathway, None)
    assert entries
