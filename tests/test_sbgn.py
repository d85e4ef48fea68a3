"""The SBGN-ML export: a valid Activity Flow map with a glyph per box and an arc per link.

The file validates with libsbgnpy (the SBGN-ML schema, the language's classes and libsbgn's
schematron rules) and reads back with the pathway's boxes, links, labels and the layout's
positions; its notes attribute the source and say it is for education.
"""

import pytest
from libsbgnpy import read_sbgn_from_string, validate, validate_schematron

from explainer import load_pathway
from explainer.loading.assets import RESEARCH_PATHWAY
from explainer.model.graph import build_graph
from explainer.model.layout import layout
from explainer.outputs.files import ExportError
from explainer.outputs.sbgn import MARGIN, sbgn_files, write_sbgn
from explainer.words.wording import DISCLAIMER
from tests.conftest import SSRI
from tests.synthetic import synthetic_pathway

AF_CLASSES = {"drug": "perturbation", "outcome": "phenotype"}  # a drug no link points to
ARCS = {"positive": "positive influence", "negative": "negative influence", "unknown": "unknown influence"}


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sbgn")
    pathways = {
        "ketamine": load_pathway(),
        "research": load_pathway(RESEARCH_PATHWAY),
        "ssri": load_pathway(SSRI),
        "generated": synthetic_pathway(folder, seed=11),
    }
    return {name: (p, write_sbgn(p, folder / name)[0]) for name, p in pathways.items()}


@pytest.mark.parametrize("name", ["ketamine", "research", "ssri", "generated"])
def test_map_is_valid_sbgn_ml(cases, name):
    _, path = cases[name]
    assert validate(path) == []  # the schema, and every class one of Activity Flow's
    assert validate_schematron(path) == []  # libsbgn's rules for Activity Flow maps


@pytest.mark.parametrize("name", ["ketamine", "research", "ssri", "generated"])
def test_map_reads_back_as_the_pathway(cases, name):
    pathway, path = cases[name]
    (the_map,) = read_sbgn_from_string(path.read_text(encoding="utf-8")).map
    assert the_map.language.value == "activity flow"
    glyphs = {g.id: g for g in the_map.glyph}
    assert list(glyphs) == [f"glyph_{n.id}" for n in pathway.nodes]
    targets = {e.target for e in pathway.edges}
    for node in pathway.nodes:
        glyph = glyphs[f"glyph_{node.id}"]
        assert glyph.label.text == node.label
        kind = "influenced" if node.id in targets and node.kind == "drug" else node.kind
        assert glyph.class_value.value == AF_CLASSES.get(kind, "biological activity")
    arcs = [(a.source, a.target, a.class_value.value) for a in the_map.arc]
    assert arcs == [(f"glyph_{e.source}", f"glyph_{e.target}", ARCS[e.influence]) for e in pathway.edges]
    hedged = [a.notes is not None for a in the_map.arc]
    assert hedged == [e.hedged for e in pathway.edges]


@pytest.mark.parametrize("name", ["ketamine", "ssri"])
def test_positions_come_from_the_layout(cases, name):
    pathway, path = cases[name]
    (the_map,) = read_sbgn_from_string(path.read_text(encoding="utf-8")).map
    lay = layout(build_graph(pathway))
    xmin, _, _, ymax = lay.bounds
    for glyph, node in zip(the_map.glyph, pathway.nodes, strict=True):
        (x, y), (w, h) = lay.pos[node.id], lay.sizes[node.id]
        centre = (glyph.bbox.x + glyph.bbox.w / 2, glyph.bbox.y + glyph.bbox.h / 2)
        assert centre == pytest.approx((x - xmin + MARGIN, ymax - y + MARGIN), abs=0.02)  # y down
        assert (glyph.bbox.w, glyph.bbox.h) == pytest.approx((w, h), abs=0.01)
    for arc in the_map.arc:  # each arc runs from its source's box to its target's
        source = next(g for g in the_map.glyph if g.id == arc.source)
        assert (
            source.bbox.x - 10 <= arc.start.x <= source.bbox.x + source.bbox.w + 10
        )  # dot keeps a clearance


def test_notes_attribute_the_source_and_disclaim(cases):
    pathway, path = cases["ketamine"]
    text = path.read_text(encoding="utf-8")
    notes = text[text.index("<notes>") : text.index("</notes>")]
    assert pathway.source.title in notes and pathway.source.publisher in notes
    assert DISCLAIMER in notes and "project" in notes
    assert not any(p[:40] in text for p in pathway.never_show)


def test_hostile_labels_stay_text(tmp_path):
    pathway = load_pathway()
    nodes = tuple(n.model_copy(update={"label": f'{n.label} <b>&"x"</b>'}) for n in pathway.nodes)
    hostile = pathway.model_copy(update={"nodes": nodes})
    (data,) = sbgn_files(hostile).values()
    (the_map,) = read_sbgn_from_string(data.decode("utf-8")).map
    assert [g.label.text for g in the_map.glyph] == [n.label for n in nodes]


def test_never_shown_text_stops_the_export():
    pathway = load_pathway().model_copy(update={"never_show": ("For education only, not medical advice.",)})
    with pytest.raises(ExportError, match="SBGN-ML"):
        sbgn_files(pathway)
