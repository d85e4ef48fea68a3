"""A pathway is never too big to draw: 60 boxes through every output, none refused or cropped.

The whole view gets smaller (with a warning from ``validate``, see tests/test_fit.py); every
output still draws every box and link.
"""

import io
import json
import re

import pytest
from pptx import Presentation
from pypdf import PdfReader

from explainer.model.fit import fit_findings
from explainer.outputs.figures import figures_files
from explainer.outputs.handout import handout_files
from explainer.outputs.page import explorer_page_files
from explainer.outputs.pptx_deck import pptx_files
from explainer.outputs.slides import slides_files
from tests.generate import TOO_BIG, generated

pytestmark = pytest.mark.slow  # a 60-node pathway through every output


@pytest.fixture(scope="module")
def big():
    n, seed, labels = TOO_BIG[0]
    p = generated(n, seed, n_steps=3, long_labels=labels)
    assert len(p.nodes) == 60 and fit_findings(p)  # too big for 12 px labels in one picture
    return p


def _boxes_in_svg(svg: str) -> set[str]:
    return set(re.findall(r'data-id="node:([^"]+)"', svg))


def test_figures_draw_every_box_of_sixty(big):
    files = figures_files(big, formats=("svg",))
    assert len(files) == len(big.steps) + 1
    for name, svg in files.items():
        found = set(re.findall(r'id="node:([^"]+)"', svg.decode("utf-8")))
        assert found == {n.id for n in big.nodes}, name


def test_slides_and_page_carry_every_box_of_sixty(big):
    ids = {n.id for n in big.nodes}
    deck = slides_files(big)[f"{big.id}-slides.html"].decode("utf-8")
    assert _boxes_in_svg(deck) == ids
    page = explorer_page_files(big)[f"{big.id}-explorer.html"].decode("utf-8")
    state = re.search(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', page, re.S)
    svgs = [v["state"].get("svg", "") for v in json.loads(state[1])["state"].values()]
    assert any(_boxes_in_svg(s) == ids for s in svgs)


def test_handout_and_pptx_have_a_page_and_a_slide_per_step(big):
    reader = PdfReader(io.BytesIO(*handout_files(big).values()))
    assert len(reader.pages) >= 1 + len(big.steps)
    prs = Presentation(io.BytesIO(*pptx_files(big).values()))
    diagrams = [sh for s in prs.slides for sh in s.shapes if sh.name == "Diagram"]  # native shapes
    assert len(diagrams) >= len(big.steps) + 1  # each step's and the whole pathway's
    on_steps = [
        sh
        for s in prs.slides
        if any(k.name == "Kind" and k.text_frame.text.startswith("Step ") for k in s.shapes)
        for sh in s.shapes
        if sh.name == "Diagram"
    ]
    assert len(on_steps) >= len(big.steps)
    step_labels = [
        r.font.size.pt
        for d in on_steps
        for m in d.shapes
        for sh in (m.shapes if m.shape_type == 6 else [m])  # 6: a group (an outcome)
        if sh.has_text_frame
        for p in sh.text_frame.paragraphs
        for r in p.runs
    ]
    assert step_labels and min(step_labels) >= 14  # issue 22's floor for PowerPoint step slides
