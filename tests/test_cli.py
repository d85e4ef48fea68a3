"""The command line as an author runs it: ``python -m explainer validate FILE...``.

Each test starts a real ``python -m explainer`` in a scratch folder, so it also shows that
nothing depends on the current directory.
"""

import re
import subprocess
from pathlib import Path

import pytest

from explainer.loading.assets import DEFAULT_PATHWAY
from tests.commands import explainer

ROOT = Path(__file__).resolve().parent.parent
BAD = Path(__file__).parent / "bad_pathways"
GUIDE = ROOT / "docs" / "authoring.md"


def _explainer(*args, cwd: Path) -> subprocess.CompletedProcess:
    return explainer(*args, cwd=cwd, timeout=120)


@pytest.fixture
def guide_example(tmp_path) -> Path:
    """The annotated example of docs/authoring.md, as a file."""
    block = re.search(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    path = tmp_path / "example.yaml"
    path.write_text(block[1], encoding="utf-8")
    return path


def _ok(path, p) -> str:
    return f"{path}: OK ({len(p.nodes)} nodes, {len(p.edges)} edges, {len(p.steps)} steps)"


@pytest.mark.slow  # the command in a new process
def test_validate_a_good_file(tmp_path, pathway):
    run = _explainer("validate", DEFAULT_PATHWAY, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout == _ok(DEFAULT_PATHWAY, pathway) + "\n"
    assert run.stderr == ""


@pytest.mark.slow
def test_validate_a_bad_file(tmp_path):
    bad = BAD / "unknown-node-in-step.yaml"
    run = _explainer("validate", bad, cwd=tmp_path)
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr == (
        f"{bad}:66: steps[1] ('gaba').nodes[1]: refers to unknown node 'bdnf'; "
        "add it under nodes or correct the id\n"
    )


@pytest.mark.slow
def test_validate_several_files_reports_each_and_fails_if_any_fails(tmp_path, guide_example, pathway):
    tab, scalar = BAD / "yaml-tab-indent.yaml", BAD / "only-a-scalar.yaml"
    run = _explainer("validate", DEFAULT_PATHWAY, tab, guide_example, scalar, cwd=tmp_path)
    assert run.returncode == 2
    assert run.stdout.splitlines() == [
        _ok(DEFAULT_PATHWAY, pathway),
        f"{guide_example}: OK (4 nodes, 4 edges, 2 steps)",
    ]
    problems = run.stderr.splitlines()
    assert len(problems) == 2
    assert problems[0].startswith(f"{tab}:") and "indent with spaces, not tabs" in problems[0]
    assert (
        problems[1].startswith(f"{scalar}:") and "start from the example in docs/authoring.md" in problems[1]
    )
    assert "Traceback" not in run.stderr


@pytest.mark.slow
def test_the_guides_example_and_the_good_file_both_pass(tmp_path, guide_example):
    run = _explainer("validate", guide_example, DEFAULT_PATHWAY, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.count(": OK (") == 2


@pytest.mark.slow
def test_a_python_tag_is_refused_through_the_command_line(tmp_path):
    never = tmp_path / "must-not-exist"
    path = tmp_path / "tagged.yaml"
    path.write_text(f'id: x\ntitle: !!python/object/apply:os.mkdir ["{never}"]\n', encoding="utf-8")
    run = _explainer("validate", path, cwd=tmp_path)
    assert run.returncode == 2
    assert "the tag !!python/object/apply:os.mkdir is not allowed" in run.stderr
    assert not never.exists()


@pytest.mark.slow  # the command in a new process
def test_a_missing_file_is_a_message_not_a_traceback(tmp_path):
    run = _explainer("validate", tmp_path / "nope.yaml", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.startswith(f"{tmp_path / 'nope.yaml'}: cannot read the file (")
    assert run.stderr.endswith("); check the path\n")


@pytest.mark.slow  # the command in a new process
def test_validate_needs_at_least_one_file(tmp_path):
    run = _explainer("validate", cwd=tmp_path)
    assert run.returncode == 2
    assert "usage: python -m explainer validate" in run.stderr


@pytest.mark.slow
def test_pptx_for_another_drug_from_a_scratch_folder(tmp_path, guide_example):
    from pptx import Presentation

    from tests.other_drug import other_drug

    for source, pathway_id in ((other_drug(tmp_path), "caffeine"), (guide_example, "ketamine_short")):
        run = _explainer("pptx", "--pathway", source, "--out", "out", cwd=tmp_path)
        assert run.returncode == 0, run.stderr
        written = tmp_path / "out" / f"{pathway_id}.pptx"
        assert run.stdout.startswith(f"out/{written.name} (")
        assert len(Presentation(str(written)).slides) == 2 + 3  # two steps, title, notation, summary


@pytest.mark.slow
def test_pptx_with_a_bad_file_says_where(tmp_path):
    run = _explainer("pptx", "--pathway", BAD / "unknown-node-in-step.yaml", "--out", "out", cwd=tmp_path)
    assert run.returncode == 2
    assert "refers to unknown node 'bdnf'" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_validate_the_shipped_folder_as_a_folder_and_as_a_pattern(tmp_path):
    folder = ROOT / "assets" / "pathways"
    expected = sorted(folder.glob("*.yaml"))
    for arg in (folder, folder / "*.yaml"):  # a pattern the shell did not expand (quoted)
        run = _explainer("validate", arg, cwd=tmp_path)
        assert run.returncode == 0, run.stderr
        assert [line.split(": OK (")[0] for line in run.stdout.splitlines()] == list(map(str, expected))
        assert f"{folder / 'references.yaml'}: OK (" in run.stdout and " references)" in run.stdout


@pytest.mark.slow  # the command in a new process
def test_a_references_file_is_validated_as_one(tmp_path):
    refs = tmp_path / "refs.yaml"
    refs.write_text(
        "- id: a2000\n  authors: A\n  year: 2000\n  journal: J\n  doi: not-a-doi\n", encoding="utf-8"
    )
    run = _explainer("validate", refs, cwd=tmp_path)
    assert run.returncode == 2
    assert (
        run.stderr
        == f"{refs}:5: [0] ('a2000').doi: 'not-a-doi' is not a DOI; write it as 10.NNNN/suffix, without https://doi.org/\n"
    )
    assert "Traceback" not in run.stderr


@pytest.mark.slow
def test_a_pattern_or_folder_with_nothing_to_check_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    run = _explainer("validate", tmp_path / "empty", tmp_path / "none-*.yaml", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.splitlines() == [
        f"{tmp_path / 'empty'}: no .yaml files in this folder; name the pathway files to check",
        f"{tmp_path / 'none-*.yaml'}: no file matches this pattern; check the folder and the pattern",
    ]


@pytest.mark.slow  # the command in a new process
def test_present_writes_the_presenter_notebook_of_another_pathway(tmp_path):
    """``python -m explainer present --pathway FILE`` (what ``make present PATHWAY=FILE`` serves):
    a notebook whose one code cell loads that file by its absolute path, in the presenter view,
    and whose note names that pathway and its source, never ketamine's."""
    import nbformat

    from explainer import load_pathway
    from explainer.words.wording import footer_text
    from tests.other_drug import other_drug

    source = other_drug(tmp_path)
    run = _explainer("present", "--pathway", source.name, "--out", "out", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    nb = nbformat.read(tmp_path / "out" / f"{source.stem}-present.ipynb", as_version=4)
    code, note = nb.cells
    assert f'explainer.load_pathway({str(source.resolve())!r}), view="presenter")' in code.source
    pathway = load_pathway(source)
    assert pathway.title in note.source and footer_text(pathway) in note.source
    assert "etamine" not in note.source + code.source


@pytest.mark.slow  # the command in new processes
@pytest.mark.parametrize("command", ["present", "lms"])
def test_a_build_makes_the_same_bytes_every_time(tmp_path, command):
    """Two builds of one pathway are the same files (a rebuild leaves no diff to commit or serve):
    the presenter's notebook's cells are named by their places, not by nbformat's random ids, and
    the explorer page's widget models (in the SCORM package) by their order, not the kernel's."""
    from tests.conftest import SSRI
    from tests.other_drug import other_drug

    for source in (other_drug(tmp_path), SSRI):
        built = []
        for out in ("one", "two"):
            run = _explainer(command, "--pathway", str(source), "--out", out, cwd=tmp_path)
            assert run.returncode == 0, run.stderr
            built.append({p.name: p.read_bytes() for p in (tmp_path / out).iterdir()})
        assert built[0] and built[0] == built[1], source.name
