"""The .pptx opened by another application: LibreOffice converts it to PDF, which is read back.

Needs Debian's ``libreoffice-impress`` (``.ci/run`` installs it); skipped with a reason where
it is missing, failed instead when ``EXPLAINER_REQUIRE_OFFICE`` is set (as in CI).
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from explainer import DISCLAIMER, load_pathway
from explainer.loading.article import normalise
from explainer.loading.assets import RESEARCH_PATHWAY
from explainer.loading.never_show import found_in
from explainer.model.scene import pathway_scene
from explainer.outputs.pptx_deck import write_pptx
from tests.generate import generated

SOFFICE = os.environ.get("EXPLAINER_SOFFICE", "soffice")


@pytest.fixture(scope="module")
def soffice():
    path = shutil.which(SOFFICE)
    if path is None:
        reason = f"LibreOffice ({SOFFICE}) not found: install it with `apt-get install libreoffice-impress`"
        if os.environ.get("EXPLAINER_REQUIRE_OFFICE"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def _to_pdf(soffice: str, pptx, tmp_path) -> PdfReader:
    profile = tmp_path / "lo-profile"  # its own profile: never shares a lock with a running office
    run = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(pptx),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        start_new_session=True,
    )
    pdf = tmp_path / f"{pptx.stem}.pdf"
    assert run.returncode == 0 and pdf.is_file(), run.stdout + run.stderr
    return PdfReader(pdf)


def _words(page) -> str:
    return normalise(page.extract_text())


SERTRALINE = Path(__file__).parent / "second_mechanism" / "sertraline.yaml"


def _kinds(pptx) -> list[str]:
    """Each slide's kind line ("Step 2 of 7", "Step 2 of 7 (continued)"), or "" (read with python-pptx)."""
    from pptx import Presentation

    return [
        next((s.text_frame.text for s in slide.shapes if s.name == "Kind"), "")
        for slide in Presentation(str(pptx)).slides
    ]


@pytest.mark.parametrize(
    "file", [None, RESEARCH_PATHWAY, SERTRALINE], ids=["ketamine", "research", "sertraline"]
)
@pytest.mark.slow
def test_libreoffice_shows_every_slide_with_its_text(soffice, tmp_path, file):
    pathway = load_pathway() if file is None else load_pathway(file)
    pptx = write_pptx(pathway, tmp_path)[0]
    pdf = _to_pdf(soffice, pptx, tmp_path)
    kinds = _kinds(pptx)
    further = sum("(continued)" in k or re.search(r" · part (?!1 of)\d+ of", k) is not None for k in kinds)
    assert len(pdf.pages) == len(kinds) == len(pathway.steps) + 3 + further
    pages = [_words(p) for p in pdf.pages]
    assert normalise(pathway.title) in pages[0] and normalise(pathway.source.publisher) in pages[0]
    assert "Notation" in pages[1] and "stimulates" in pages[1]
    scene = pathway_scene(pathway)
    for k, step in enumerate(pathway.steps):
        shown = [p for p, kind in zip(pages, kinds, strict=True) if kind.startswith(f"Step {k + 1} of ")]
        page = " ".join(shown)
        assert f"Step {k + 1} of {len(pathway.steps)}" in shown[0] and normalise(step.title) in shown[0]
        for passage in step.passages:
            assert normalise(" ".join(passage.text.split()[:6])) in page, passage.text[:40]
        for n in step.nodes:  # the diagram's labels are text, drawn by LibreOffice on a step's page
            assert normalise(scene.box(f"node:{n}").lines[0].text) in page, n
    for page in pages:
        assert normalise(DISCLAIMER) in page
        assert not found_in(page, pathway.never_show)


@pytest.mark.slow
def test_libreoffice_draws_a_28_node_pathways_shapes(soffice, tmp_path):
    """A generated 28-node pathway whose steps pick boxes anywhere: LibreOffice draws every
    current box's label on one of its step's slides (a step too big for one camera at 14 pt is
    shown in shots, a slide each)."""
    pathway = generated(28, 5, n_steps=13, long_labels=False)
    pptx = write_pptx(pathway, tmp_path)[0]
    pages = [_words(p) for p in _to_pdf(soffice, pptx, tmp_path).pages]
    kinds = _kinds(pptx)
    assert len(pages) == len(kinds)
    assert any(" · part 2 of " in k for k in kinds)
    scene = pathway_scene(pathway)
    for k in range(len(pathway.steps)):
        shown = " ".join(
            p for p, kind in zip(pages, kinds, strict=True) if kind.startswith(f"Step {k + 1} of ")
        )
        for b in scene.boxes:
            if b.state(k) == "current":
                assert normalise(b.lines[0].text) in shown, (k, b.id)
