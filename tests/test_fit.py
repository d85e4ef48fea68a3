"""Any mechanism fits its frame: generated pathways drawn and checked on their artists."""

import shutil

import pytest

from explainer.fit import FLOOR, DoesNotFit, drawing_problems, fit_layout, frame_geometry, missing_glyphs
from explainer.frames import frame_layout, make_frame
from explainer.graph import build_graph
from explainer.pathway import PathwayError, load_pathway
from tests.generate import FAMILY, TOO_BIG, generated
from tests.geometry import by_gid, check_frame


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
def test_too_big_pathway_is_refused_naming_its_longest_chain(n, seed, labels):
    p = generated(n, seed, long_labels=labels)
    [(loc, message)] = drawing_problems(p)
    assert loc == ("nodes",)
    assert "does not fit a 16:9 frame with labels of 12 pt" in message
    assert "longest chain has" in message and "split the pathway" in message
    with pytest.raises(DoesNotFit):
        make_frame(p, None)  # no command can draw it cropped


def test_ssri_frames_pass_every_geometric_check(ssri):
    counts = [
        check_frame(make_frame(ssri, k), ssri.steps[k].nodes) for k in (None, 0, 3, 4, 9) if k is not None
    ]
    counts.append(check_frame(make_frame(ssri, None)))
    assert counts[0]["boxes"] == 18
    assert all(c["pairs"] == 1 for c in counts)  # autoreceptor <-> desensitise: two curves


def test_pathway_too_big_for_a_frame_is_refused_by_the_loader(tmp_path):
    chain = 34
    nodes = "\n".join(
        f"  - {{id: n{i}, label: Step number {i} of a long chain, kind: signal}}" for i in range(chain)
    )
    edges = "\n".join(
        f"  - {{source: n{i}, target: n{i + 1}, influence: positive, evidence: It rises.}}"
        for i in range(chain - 1)
    )
    (tmp_path / "a.txt").write_text("Title\n\nSection\n\nIt rises.\n", encoding="utf-8")
    (tmp_path / "long.yaml").write_text(
        "id: long\ntitle: A long chain\nsource: {file: a.txt, title: T, publisher: P}\n"
        f"nodes:\n{nodes}\nedges:\n{edges}\n"
        "steps:\n  - {id: s, title: S, nodes: [n0], passages: [{section: Section, text: It rises.}],"
        " question: 'What?', answer: It rises., prompt: P}\n",
        encoding="utf-8",
    )
    with pytest.raises(PathwayError) as exc:
        load_pathway(tmp_path / "long.yaml")
    message = str(exc.value)
    assert "long.yaml:5: nodes:" in message and "longest chain has 34 boxes" in message
    assert "split the pathway into two files, or shorten the labels" in message


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


def test_fit_layout_refuses_a_tiny_area(graph):
    with pytest.raises(DoesNotFit, match="at best"):
        fit_layout(graph, 200, 100)


SSRI_TEXT = __import__("tests.conftest", fromlist=["SSRI"]).SSRI
_ = build_graph


def test_svg_figures_keep_every_label_as_text(ssri):
    """A browser can measure and select the labels: each is a <text>, not glyph outlines."""
    import xml.etree.ElementTree as ET

    from explainer.frames import figure_bytes

    svg = ET.fromstring(figure_bytes(make_frame(ssri, 4), "svg"))
    ns = "{http://www.w3.org/2000/svg}"
    for node in ssri.nodes:
        group = svg.find(f".//*[@id='label:{node.id}']")
        assert group is not None, node.id
        words = " ".join("".join(t.itertext()) for t in group.iter(f"{ns}text"))
        assert words.split() == node.label.split(), node.id
