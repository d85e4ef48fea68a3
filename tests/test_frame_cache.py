"""Frames are rendered once and kept on disk; any change to their inputs renders afresh."""

from explainer import frame_cache
from explainer.frames import _frames, figure_bytes, make_frame, render_frames


def test_frames_are_written_once_and_read_back(pathway, tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(tmp_path))
    _frames.cache_clear()
    first = render_frames(pathway, ("gaba",))
    assert len(first) == len(pathway.steps)
    assert first[2] == figure_bytes(make_frame(pathway, 2, branches=("gaba",)))
    entries = list(tmp_path.iterdir())
    assert len(entries) == 1 and (entries[0] / "count").read_text() == str(len(pathway.steps))
    _frames.cache_clear()
    (entries[0] / "001.png").write_bytes(b"marker")  # prove the second read comes from disk
    assert render_frames(pathway, ("gaba",))[1] == b"marker"
    _frames.cache_clear()


def test_key_changes_with_branches_format_and_content(pathway):
    base = frame_cache.key(pathway, ("gaba",), "png")
    assert base != frame_cache.key(pathway, ("inflammation",), "png")
    assert base != frame_cache.key(pathway, ("gaba",), "svg")
    other = pathway.model_copy(update={"title": "Another title"})
    assert base != frame_cache.key(other, ("gaba",), "png")


def test_partial_entry_is_a_miss_and_off_switch(pathway, tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(tmp_path))
    entry = tmp_path / frame_cache.key(pathway, None, "png")
    entry.mkdir()
    (entry / "000.png").write_bytes(b"half written")
    assert frame_cache.load(pathway, None, "png") is None
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", "off")
    assert frame_cache.cache_dir() is None and frame_cache.load(pathway, None, "png") is None
