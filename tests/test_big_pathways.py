"""A pathway is never too big to draw: 60 boxes through every output, none refused or cropped.

The whole view gets smaller (with a warning from ``validate``, see tests/test_fit.py); every
output still draws every box and link. A pathway of issue 22's size (60 boxes, 80 links,
30 steps) is not refused.
"""

import io
import json
import random
import re

import pytest
import yaml
from pptx import Presentation
from pypdf import PdfReader

from explainer.loading.pathway import check_pathway, load_pathway
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


def _sized(folder, nodes: int, links: int, steps: int, seed: int = 9):
    """A generated pathway of ``nodes`` boxes, ``links`` links and ``steps`` steps (a teacher's
    walk), written as a research summary (the project's words with a citation) for the loader."""
    data = generated(nodes, seed, n_steps=steps, long_labels=None, walk=True).model_dump(
        mode="json", exclude_defaults=True
    )
    rng, ids = random.Random(seed), [n["id"] for n in data["nodes"]]
    have = {(e["source"], e["target"]) for e in data["edges"]}
    while len(data["edges"]) < links:
        a, b = rng.sample(ids, 2)
        if (a, b) not in have and (b, a) not in have:
            have.add((a, b))
            data["edges"].append(
                {"source": a, "target": b, "influence": "positive", "evidence": "Generated."}
            )
    for e in data["edges"]:
        e["cites"] = ["r1"]
    for s in data["steps"]:
        s["passages"] = [{"text": f"Generated text of {s['id']}.", "cites": ["r1"]}]
    data["source"] = {"kind": "research", "title": "Research", "publisher": "Nobody"}
    data["references"] = [
        {"id": "r1", "authors": "Someone A", "year": 2020, "journal": "A J", "doi": "10.1000/abc"}
    ]
    path = folder / "sized.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_sixty_boxes_eighty_links_thirty_steps_are_not_refused(tmp_path):
    """Issue 22: "No refusal for size up to 60 nodes, 80 links and 30 steps"; ``validate``
    may warn (the whole view's labels small), never refuse."""
    path = _sized(tmp_path, 60, 80, 30)
    refused = [p.text for p in check_pathway(path).problems if not p.warning]
    assert refused == []
    p = load_pathway(path)
    assert (len(p.nodes), len(p.edges), len(p.steps)) == (60, 80, 30)
