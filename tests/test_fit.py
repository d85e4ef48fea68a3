"""Any mechanism fits its frame: generated pathways drawn and checked on their artists."""

import shutil

import pytest

from explainer.loading.pathway import PathwayError, fit_warnings, load_pathway
from explainer.model.fit import (
    FLOOR,
    WHOLE_FLOOR_PX,
    drawing_problems,
    fit_findings,
    fit_layout,
    frame_geometry,
    missing_glyphs,
)
from explainer.model.graph import build_graph
from explainer.rendering.frames import frame_layout, make_frame
from tests.generate import FAMILY, TOO_BIG, generated
from tests.geometry import by_gid, check_frame


@pytest.mark.slow
@pytest.mark.parametrize("n,seed,labels", FAMILY, ids=[f"{n}nodes-seed{s}" for n, s, _ in FAMILY])
def test_generated_pathway_fits_its_frames(n, seed, labels):
    p = generated(n, seed, long_labels=labels)
    assert drawing_problems(p) == []
    lay = frame_layout(p)
    assert lay.fontsize >= FLOOR
    last = len(p.steps) - 1
    for step in sorted({None, 0, last}, key=lambda s: -1 if s is None else s):
        fig = make_frame(p, step)
        emphasised = () if step is None else p.steps[step].nodes
        counts = check_frame(fig, emphasised)
        assert counts["boxes"] == n and counts["edges"] == len(p.edges)
        labels_drawn = by_gid(fig.axes[0].texts, "label:")
        assert min(t.get_fontsize() for t in labels_drawn.values()) >= FLOOR


@pytest.mark.parametrize("n,seed,labels", TOO_BIG)
def test_too_big_pathway_is_drawn_and_warned_about_naming_what_costs_most(n, seed, labels):
    p = generated(n, seed, long_labels=labels)
    assert drawing_problems(p) == []  # never refused for its size
    [finding] = fit_findings(p)
    assert finding.loc == ("nodes",) and finding.label_px < WHOLE_FLOOR_PX
    assert "under 12 px" in finding.message and "still drawn" in finding.message
    assert "the longest labels: nodes[" in finding.message and "the longest chain:" in finding.message
    widest = max(p.nodes, key=lambda node: len(node.label))
    assert f"('{widest.id}')" in finding.message
    fig = make_frame(p, None)  # the whole pathway, every box and link, smaller
    counts = check_frame(fig)
    assert counts["boxes"] == n and counts["edges"] == len(p.edges)
    labels_drawn = by_gid(fig.axes[0].texts, "label:")
    smallest = min(t.get_fontsize() for t in labels_drawn.values())
    assert smallest == pytest.approx(finding.label_px * 0.6, rel=1e-3)  # 1920 px for 1152 pt


def test_a_pathway_that_fits_has_no_findings(ssri):
    assert fit_findings(ssri) == []
    assert fit_warnings(ssri) == []


@pytest.mark.slow
def test_ssri_frames_pass_every_geometric_check(ssri):
    counts = [
        check_frame(make_frame(ssri, k), ssri.steps[k].nodes) for k in (None, 0, 3, 4, 9) if k is not None
    ]
    counts.append(check_frame(make_frame(ssri, None)))
    assert counts[0]["boxes"] == 18
    assert all(c["pairs"] == 1 for c in counts)  # autoreceptor <-> desensitise: two curves


def _long_chain(folder, chain: int, title: str = "A long chain"):
    nodes = "\n".join(
        f"  - {{id: n{i}, label: Step number {i} of a long chain, kind: signal}}" for i in range(chain)
    )
    edges = "\n".join(
        f"  - {{source: n{i}, target: n{i + 1}, influence: positive, evidence: It rises.}}"
        for i in range(chain - 1)
    )
    (folder / "a.txt").write_text("Title\n\nSection\n\nIt rises.\n", encoding="utf-8")
    (folder / "long.yaml").write_text(
        f"id: long\ntitle: {title}\nsource: {{file: a.txt, title: T, publisher: P}}\n"
        f"nodes:\n{nodes}\nedges:\n{edges}\n"
        "steps:\n  - {id: s, title: S, nodes: [n0], passages: [{section: Section, text: It rises.}],"
        " question: 'What?', answer: It rises., prompt: P}\n",
        encoding="utf-8",
    )
    return folder / "long.yaml"


def test_pathway_too_big_for_a_frame_loads_and_validate_warns(tmp_path, capsys):
    from explainer.cli import main

    path = _long_chain(tmp_path, 60)
    p = load_pathway(path)  # no refusal for size
    [warning] = fit_warnings(p)
    assert warning.startswith(f"{path}:5: nodes: warning: the whole-pathway view's labels are ")
    assert "longest chain: 60 boxes" in warning
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "OK (60 nodes, 59 edges, 1 steps)" in out and "warning: the whole-pathway view" in out


def test_a_wrapping_title_is_named_with_what_one_line_would_give(tmp_path):
    short = load_pathway(_long_chain(tmp_path, 40))
    long = load_pathway(_long_chain(tmp_path, 40, title="A very long title that wraps " * 4))
    [f_short], [f_long] = fit_findings(short), fit_findings(long)
    assert "the title" not in f_short.message
    (loc, text), *_ = f_long.costs
    assert loc == ("title",) and "the title wraps to 2 lines" in text
    one_line = float(text.rsplit("on one line: ", 1)[1].split(" px")[0])
    assert one_line == pytest.approx(f_short.label_px, abs=0.05) and f_long.label_px < one_line


def test_a_label_the_font_cannot_draw_is_refused_by_name(tmp_path):
    text = (load_path := SSRI_TEXT).read_text(encoding="utf-8")
    (tmp_path / "ssri.yaml").write_text(
        text.replace("label: BDNF expression", "label: BDNF 🧠"), encoding="utf-8"
    )
    shutil.copy(load_path.parent / "ssri-article.txt", tmp_path)
    with pytest.raises(PathwayError) as exc:
        load_pathway(tmp_path / "ssri.yaml")
    message = str(exc.value)
    assert "U+1F9E0 BRAIN" in message and "nodes[9] ('bdnf').label" in message
    assert ".yaml:21:" in message
    assert missing_glyphs("β-arrestin Ca²⁺ cAMP–CREB µ") == []
    assert missing_glyphs("a 💊 b 脳") == ["💊", "脳"]


def test_long_titles_and_sources_wrap_and_the_diagram_makes_room(ssri):
    long = ssri.model_copy(
        update={
            "title": "A very long title " * 9,
            "source": ssri.source.model_copy(update={"title": "An article with a long title " * 8}),
        }
    )
    short, tall = frame_geometry(ssri), frame_geometry(long)
    assert tall.title_lines >= 2 and tall.footer_lines >= 2
    assert tall.area[1] < short.area[1]
    check_frame(make_frame(long, None))
    check_frame(make_frame(long, 0), long.steps[0].nodes)


def test_fit_layout_prefers_full_size_when_it_fits(graph):
    lay = fit_layout(graph, 5000, 3000)
    assert lay.fontsize == 16


def test_fit_layout_draws_a_tiny_area_smaller_rather_than_refuse(graph):
    lay = fit_layout(graph, 200, 100)
    assert lay.width <= 200 + 1e-6 and lay.height <= 100 + 1e-6 and lay.fontsize < 4


SSRI_TEXT = __import__("tests.conftest", fromlist=["SSRI"]).SSRI
_ = build_graph


def test_svg_figures_keep_every_label_as_text(ssri):
    """A browser can measure and select the labels: each is a <text>, not glyph outlines."""
    import xml.etree.ElementTree as ET

    from explainer.rendering.frames import figure_bytes

    svg = ET.fromstring(figure_bytes(make_frame(ssri, 4), "svg"))
    ns = "{http://www.w3.org/2000/svg}"
    for node in ssri.nodes:
        groups = [g for g in svg.iter() if g.get("id", "").split(":")[:2] == ["label", node.id]]
        assert groups, node.id  # one per line: label:ID, label:ID:1...
        words = " ".join("".join(t.itertext()) for group in groups for t in group.iter(f"{ns}text"))
        assert words.split() == node.label.split(), node.id
