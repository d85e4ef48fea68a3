"""The accessible SVG: one focusable element per box and per link, named, in the walk's order;
each step's emphasis is the data's; text stays text, in an embedded font subset."""

import base64
import io
import re
import xml.etree.ElementTree as ET

import pytest
from fontTools.ttLib import TTFont

from explainer import load_pathway
from explainer.loading.assets import RESEARCH_PATHWAY
from explainer.model.graph import CURRENT, FUTURE, build_graph, step_state
from explainer.rendering.paint import PAINT
from explainer.rendering.svg_diagram import MIN_LABEL_PX, diagram_svg
from explainer.words.describe import item_name, item_order, panel_items
from tests.conftest import SSRI
from tests.synthetic import synthetic_pathway

NS = {"s": "http://www.w3.org/2000/svg"}


@pytest.fixture(scope="module", params=["ketamine", "research", "ssri", "x0", "x3", "x5"])
def any_pathway(request, tmp_path_factory):
    if request.param == "ketamine":
        return load_pathway()
    if request.param == "ssri":  # its labels fit at 12.8 units, not 16
        return load_pathway(SSRI)
    if request.param == "research":
        return load_pathway(RESEARCH_PATHWAY)
    return synthetic_pathway(tmp_path_factory.mktemp("synthetic"), int(request.param[1:]))


def _items(svg: str) -> list[ET.Element]:
    return ET.fromstring(svg).findall(".//s:g[@role='button']", NS)


def _classes(el) -> set[str]:
    return set(el.get("class").split())


def test_one_named_focusable_element_per_box_and_link(any_pathway):
    items = _items(diagram_svg(any_pathway))
    ids = [el.get("data-id") for el in items]
    expected = {f"node:{n.id}" for n in any_pathway.nodes} | {
        f"edge:{u}->{v}" for u, v in (e.key for e in any_pathway.edges)
    }
    assert sorted(ids) == sorted(expected)  # one each, no more
    for el in items:
        assert el.get("tabindex") == "0"
        assert el.get("aria-label") == item_name(any_pathway, el.get("data-id"))
        assert el.find("s:title", NS).text.startswith(el.get("aria-label"))
        assert int(el.get("data-index")) == panel_items(any_pathway).index(el.get("data-id"))


def test_tab_order_follows_the_walk(any_pathway):
    assert [el.get("data-id") for el in _items(diagram_svg(any_pathway))] == item_order(any_pathway)


def test_boxes_and_links_hold_their_drawing(any_pathway):
    g = build_graph(any_pathway)
    for el in _items(diagram_svg(any_pathway)):
        kind, _, key = el.get("data-id").partition(":")
        parts = [c.get("class") for c in el if c.tag.endswith("path") or c.tag.endswith("text")]
        if kind == "node":
            assert "exd-box" in parts and "exd-label" in parts
            label = " ".join(t.text for t in el.findall("s:text[@class='exd-label']", NS))
            assert label.split() == g.nodes[key]["label"].split()  # text stays text
            assert f"kind-{g.nodes[key]['kind']}" in _classes(el)
        else:
            influence = g.edges[tuple(key.split("->"))]["influence"]
            assert "exd-shaft" in parts and f"exd-head exd-head-{influence}" in parts
            assert ("exd-hedged" in _classes(el)) == g.edges[tuple(key.split("->"))]["hedged"]


def test_each_steps_emphasis_is_the_datas(any_pathway):
    g = build_graph(any_pathway)
    items = _items(diagram_svg(any_pathway))
    for k, step in enumerate(any_pathway.steps):
        nodes, edges = step_state(g, k)
        for state in (CURRENT, FUTURE):
            marked = {el.get("data-id") for el in items if f"st{k}-{state}" in _classes(el)}
            data = {f"node:{n}" for n, s in nodes.items() if s == state}
            data |= {f"edge:{u}->{v}" for (u, v), s in edges.items() if s == state}
            assert marked == data, (k, state)
        current = {el.get("data-id") for el in items if f"st{k}-current" in _classes(el)}
        assert current == {f"node:{n}" for n in step.nodes} | {f"edge:{u}->{v}" for u, v in step.edges}


def test_the_step_is_an_attribute_of_one_drawing(pathway):
    svgs = [diagram_svg(pathway, step=k) for k in range(len(pathway.steps))]
    assert ET.fromstring(svgs[3]).get("data-step") == "3"
    assert ET.fromstring(diagram_svg(pathway)).get("data-step") == "all"
    blank = {re.sub(r'data-step="[^"]*"', "", s, count=1) for s in svgs}
    assert len(blank) == 1  # the rest is the same drawing


def test_stylesheet_paints_each_state_from_the_style_table(pathway):
    css = ET.fromstring(diagram_svg(pathway)).find("s:style", NS).text
    colour, width = PAINT.nodes[CURRENT]["stroke"], PAINT.nodes[CURRENT]["width"]
    assert re.search(
        rf'\[data-step="2"\] \.st2-current\.exd-node \.exd-box[^{{]*{{stroke:{colour};stroke-width:{width:g}',
        css,
    )
    colour, width = PAINT.edge(FUTURE).stroke, PAINT.edge(FUTURE).width
    assert re.search(
        rf'\[data-step="0"\] \.st0-future\.exd-edge \.exd-shaft[^{{]*'
        rf"{{fill:none;stroke:{colour};stroke-width:{width:g}",
        css,
    )


def test_paint_lives_in_the_stylesheet_not_on_the_elements(pathway):
    for el in _items(diagram_svg(pathway)):
        for part in el:
            assert not re.search(r"(^|;)\s*(fill|stroke|stroke-width)\s*:", part.get("style", "")), (
                part.attrib
            )


def test_font_subset_is_embedded_and_covers_every_label(any_pathway):
    root = ET.fromstring(diagram_svg(any_pathway))
    css = root.find("s:style", NS).text
    fonts = re.findall(r"font-weight:(\d+);font-style:(\w+);src:url\(data:font/woff;base64,([^)]+)\)", css)
    assert fonts
    bold = next(TTFont(io.BytesIO(base64.b64decode(data))) for w, s, data in fonts if w == "700")
    cmap = bold.getBestCmap()
    drawn = "".join(
        t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if "exd-label" in t.get("class")
    )
    assert all(ord(c) in cmap for c in drawn)
    assert len(base64.b64decode(fonts[0][2])) < 40_000  # a subset, not the whole font


def test_no_ids_no_requests_and_labels_never_below_12px(any_pathway):
    svg = diagram_svg(any_pathway)
    assert (
        " id=" not in svg
        and "clip-path" not in svg
        and "href" not in svg
        and "http://" not in svg.split(">", 1)[1]
    )
    root = ET.fromstring(svg)
    width = float(root.get("viewBox").split()[2])
    style = root.get("style")
    min_width = float(re.search(r"min-width:(\d+)px", style).group(1))
    per_label = float(re.search(r"--exd-label-width:([\d.]+)px", style).group(1))
    labels = [
        float(re.search(r"font-size:\s*([\d.]+)px", t.get("style")).group(1))
        for t in root.iter("{http://www.w3.org/2000/svg}text")
        if t.get("class") == "exd-label"
    ]
    assert per_label == pytest.approx(width / min(labels), rel=1e-3)  # sizes are written to 0.01 px
    assert min(labels) * min_width / width >= MIN_LABEL_PX  # at its narrowest, labels of 12 px (rounded up)


def test_branches_are_a_state_of_the_one_drawing(any_pathway):
    """Every branch is drawn; the ``<svg>``'s ``data-hidden`` lists those the stylesheet hides."""
    full = diagram_svg(any_pathway)
    for shown in [(), *((b,) for b in any_pathway.branches)]:
        svg = diagram_svg(any_pathway, branches=shown)
        root = ET.fromstring(svg)
        hidden = set(root.get("data-hidden").split())
        assert hidden == set(any_pathway.branches) - set(shown)
        visible = [
            el.get("data-id") for el in _items(svg) if not hidden & set((el.get("data-branch") or "").split())
        ]
        assert visible == item_order(any_pathway, shown)  # the walk of what shows, in the same order
        blank = re.sub(r'data-hidden="[^"]*"|aria-label="[^"]*"', "", svg, count=2)
        assert blank == re.sub(r'data-hidden="[^"]*"|aria-label="[^"]*"', "", full, count=2)
        css = root.find("s:style", NS).text
        for b in hidden:
            assert f'svg.explainer-diagram[data-hidden~="{b}"] [data-branch~="{b}"]{{display:none}}' in css


def test_the_name_counts_what_shows(pathway):
    root = ET.fromstring(diagram_svg(pathway, branches=("gaba",)))
    assert "9 boxes and 10 links" in root.get("aria-label")


def test_the_diagram_is_named_for_what_it_shows(pathway):
    root = ET.fromstring(diagram_svg(pathway))
    assert root.get("role") == "group"
    assert pathway.title in root.get("aria-label") and "10 boxes and 12 links" in root.get("aria-label")


def test_a_picture_for_slides_has_no_buttons_and_its_own_name(pathway):
    svg = diagram_svg(pathway, step=2, style=False, interactive=False, label='Step 3 <of> "7"')
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-label") == 'Step 3 <of> "7"'
    assert root.find("s:style", NS) is None
    assert _items(svg) == [] and "tabindex" not in svg
    assert len(root.findall(".//s:g[@data-id]", NS)) == len(item_order(pathway))


def test_the_svg_is_kept_on_disk_across_sessions_and_follows_the_style_table(pathway, monkeypatch, tmp_path):
    """A cold notebook takes the SVG from the frame cache (no Graphviz, no fontTools); a change
    to the style table (not code, so not in the code's fingerprint) makes a new one."""
    from explainer.rendering import frame_cache, svg_diagram

    if frame_cache.cache_dir() is None:
        pytest.skip("the frame cache is off in this run")
    svg_diagram._svg.cache_clear()
    first = diagram_svg(pathway)
    svg_diagram._svg.cache_clear()  # a new session: the process's memory is gone, the disk is not

    def no_drawing(*args, **kwargs):
        raise AssertionError("drawn again")

    monkeypatch.setattr(svg_diagram, "write_svg", no_drawing)
    assert diagram_svg(pathway) == first
    svg_diagram._svg.cache_clear()
    table = tmp_path / "diagram.toml"
    table.write_bytes(svg_diagram.DIAGRAM_STYLE.read_bytes() + b"\n# another paint\n")
    monkeypatch.setattr(svg_diagram, "DIAGRAM_STYLE", table)
    with pytest.raises(AssertionError, match="drawn again"):
        diagram_svg(pathway)
    svg_diagram._svg.cache_clear()


def test_subsetting_closes_the_font_file():
    """The font is read lazily (faster); the file is closed once the subset is made (an open one
    is a ResourceWarning when it is collected, which this run's warnings turn into a failure)."""
    import gc
    import warnings

    from explainer.rendering.svg_font import font_file, woff_subset

    woff_subset.cache_clear()
    gc.collect()  # garbage an earlier test left (an unclosed file anywhere) is not this test's
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        assert woff_subset(font_file(700, "normal"), "Ketamine")[:4] == b"wOFF"
        gc.collect()


def test_the_svg_is_in_the_svg_namespace_whatever_prefixes_others_registered():
    """ElementTree's namespace prefixes are one registry for the whole process: a library that
    registers its own prefix for SVG must not turn the diagram into ``<zz:svg>``, which a browser
    does not draw inline."""
    from explainer.model.scene import pathway_scene
    from explainer.rendering.svg_diagram import SVG_NS, write_svg

    pathway = load_pathway(SSRI)
    before = dict(ET._namespace_map)
    ET.register_namespace("zz", SVG_NS)
    try:
        svg = write_svg(pathway, pathway_scene(pathway))
    finally:
        ET._namespace_map.clear()
        ET._namespace_map.update(before)
    assert svg.startswith(f'<svg xmlns="{SVG_NS}" ') and "zz:" not in svg
    root = ET.fromstring(svg)
    assert root.tag == f"{{{SVG_NS}}}svg" and root.find(f".//{{{SVG_NS}}}g") is not None
