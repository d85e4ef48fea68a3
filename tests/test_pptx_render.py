"""The .pptx opened by another application: LibreOffice converts it to PDF, which is read back.

Needs Debian's ``libreoffice-impress`` (``.ci/run`` installs it); skipped with a reason where
it is missing, failed instead when ``EXPLAINER_REQUIRE_OFFICE`` is set (as in CI).
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from explainer import DISCLAIMER, load_pathway
from explainer.article import normalise
from explainer.assets import RESEARCH_PATHWAY
from explainer.never_show import found_in
from explainer.pptx_deck import write_pptx

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


@pytest.mark.parametrize(
    "file", [None, RESEARCH_PATHWAY, SERTRALINE], ids=["ketamine", "research", "sertraline"]
)
def test_libreoffice_shows_every_slide_with_its_text(soffice, tmp_path, file):
    pathway = load_pathway() if file is None else load_pathway(file)
    pdf = _to_pdf(soffice, write_pptx(pathway, tmp_path)[0], tmp_path)
    assert len(pdf.pages) == len(pathway.steps) + 3
    pages = [_words(p) for p in pdf.pages]
    assert normalise(pathway.title) in pages[0] and normalise(pathway.source.publisher) in pages[0]
    assert "Notation" in pages[1] and "stimulates" in pages[1]
    for k, step in enumerate(pathway.steps):
        page = pages[k + 2]
        assert f"Step {k + 1} of {len(pathway.steps)}" in page and normalise(step.title) in page
        for passage in step.passages:
            assert normalise(" ".join(passage.text.split()[:6])) in page, passage.text[:40]
    for page in pages:
        assert normalise(DISCLAIMER) in page
        assert not found_in(page, pathway.never_show)
