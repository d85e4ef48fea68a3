"""The PowerPoint diagram as native shapes, read back from the saved file with python-pptx.

Every step slide's diagram is one group: a shape per box and link of the scene in view, named
by its id, the box's label as text runs, painted from the style table; the same place and
rectangle on every step slide (tests/test_pptx_camera.py: its camera), labels of 14 pt or more;
a 28-node pathway's file under 2 MB.
"""

import io
from pathlib import Path

import pytest
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn
from pptx.util import Emu

from explainer import load_pathway
from explainer.loading.assets import RESEARCH_PATHWAY
from explainer.model.scene import pathway_scene
from explainer.outputs.pptx_deck import alt_text, pptx_files
from explainer.outputs.pptx_view import FLOOR, WHOLE_FLOOR
from explainer.rendering.paint import PAINT
from tests.generate import TOO_BIG, generated

pytestmark = pytest.mark.slow  # each deck is built once per module, seconds each

SERTRALINE = Path(__file__).parent / "second_mechanism" / "sertraline.yaml"
BIG = (28, 5)  # a generated 28-node pathway (nodes, seed): too wide for the slide at 14 pt
WHOLE = {"sertraline"}  # fit a step slide whole at 14 pt beside its passages; the others get a camera
# (ketamine since 7807e1a: its diagram gives up room to its passages, so its step slides show a part)


@pytest.fixture(scope="module", params=["ketamine", "research", "sertraline", "generated-28"])
def deck(request):
    """(name, pathway, its scene, the saved file's bytes, the file read back)."""
    if request.param == "ketamine":
        pathway = load_pathway()
    elif request.param == "research":
        pathway = load_pathway(RESEARCH_PATHWAY)
    elif request.param == "sertraline":
        pathway = load_pathway(SERTRALINE)
    else:
        pathway = generated(*BIG, n_steps=13, long_labels=False)
    data = next(iter(pptx_files(pathway).values()))
    return request.param, pathway, pathway_scene(pathway), data, Presentation(io.BytesIO(data))


def _diagram(slide):
    found = [s for s in slide.shapes if s.name == "Diagram"]
    return found[0] if found else None


def _step_slides(prs):
    """(step index, diagram group) of every step slide, continuations included."""
    out = []
    for slide in prs.slides:
        kind = next((s for s in slide.shapes if s.name == "Kind"), None)
        if kind is not None and kind.text_frame.text.startswith("Step "):
            k = int(kind.text_frame.text.split()[1]) - 1
            out.append((k, _diagram(slide)))
    return out


def _box_shape(member):
    """The rounded rectangle that holds a box's label (an outcome's is inside its group)."""
    if member.shape_type == MSO_SHAPE_TYPE.GROUP:
        return next(s for s in member.shapes if s.name == member.name)
    return member


def _label_runs(shape):
    return [r for p in shape.text_frame.paragraphs for r in p.runs]


def _line_colour(shape) -> str:
    return shape._element.spPr.find(qn("a:ln")).find(qn("a:solidFill"))[0].get("val")


def _fill_colour(shape) -> str | None:
    fill = shape._element.spPr.find(qn("a:solidFill"))
    return None if fill is None else fill[0].get("val")


def test_a_step_slide_has_one_shape_per_box_and_link_with_its_label_as_text(deck):
    name, pathway, scene, _, prs = deck
    items = scene.items()
    for k, group in _step_slides(prs):
        assert group is not None, k
        names = [m.name for m in group.shapes]
        assert len(names) == len(set(names)) and set(names) <= set(items), k
        current = {b.id for b in scene.boxes if b.state(k) == "current"}
        for member in group.shapes:
            item = items[member.name]
            if member.name.startswith("node:"):
                runs = _label_runs(_box_shape(member))
                assert [r.text for r in runs] == [line.text for line in item.lines]
                assert [bool(r.font.bold) for r in runs] == [line.bold for line in item.lines]
            else:
                assert member.shape_type == MSO_SHAPE_TYPE.GROUP
                assert {s.name.split()[-1] for s in member.shapes} <= {"line", "triangle", "bar", "diamond"}
        assert current & set(names), k  # a camera on the step: its boxes, the rest as context


def test_labels_on_step_slides_are_14_pt_or_more(deck):
    *_, prs = deck
    sizes = [
        r.font.size.pt
        for _, group in _step_slides(prs)
        for m in group.shapes
        if m.name.startswith("node:")
        for r in _label_runs(_box_shape(m))
    ]
    assert sizes and min(sizes) >= FLOOR


def test_paint_comes_from_the_style_table(deck):
    _, _, scene, _, prs = deck
    items = scene.items()
    k, group = _step_slides(prs)[0]
    seen = set()
    for member in group.shapes:
        item = items[member.name]
        state = item.state(k)
        if member.name.startswith("node:"):
            paint = PAINT.node(item.kind, state)
            box = _box_shape(member)
            assert _line_colour(box) == paint.stroke[1:] and _fill_colour(box) == paint.fill[1:]
            assert abs(box.line.width.pt - paint.width * _scale(box, item)) < 0.05
            assert {str(r.font.color.rgb) for r in _label_runs(box)} == {paint.text[1:]}
            if item.kind == "outcome":  # SBGN's phenotype: a second border inside
                assert len(member.shapes) == 2
            seen.add(state)
            continue
        paint = PAINT.edge(state)
        parts = {s.name.split()[-1]: s for s in member.shapes}
        line = parts.get("line")
        if line is not None:
            assert _line_colour(line) == paint.stroke[1:] and _fill_colour(line) is None
            dashed = line._element.spPr.find(qn("a:ln")).find(qn("a:custDash")) is not None
            assert dashed == item.hedged, member.name
        head = parts.get(item.head.shape)
        if head is not None:
            assert _fill_colour(head) == PAINT.head_fill(item.influence, state)[1:]
    assert "current" in seen


def _scale(box, item) -> float:
    return Emu(box.width).pt / item.width


def test_every_diagram_is_described_in_words(deck):
    _, pathway, _, _, prs = deck
    for k, group in _step_slides(prs):
        assert alt_text(group).startswith(f"Diagram, step {k + 1} of {len(pathway.steps)}")
        for member in group.shapes:
            assert alt_text(member), member.name  # each box and link says what it is
    assert alt_text(_diagram(prs.slides[-1])).startswith("Diagram of the whole pathway")


def test_a_28_node_pathways_deck_is_under_2_mb(deck):
    _, _, scene, data, prs = deck
    if len(scene.boxes) >= 28:
        assert len(data) <= 2_000_000, len(data)
    pictures = [s.name for sl in prs.slides for s in sl.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert pictures == []  # every diagram and the legend are shapes


def test_a_camera_shows_the_whole_pathway_small_with_its_view_framed(deck):
    """Where the diagram shows a part, the whole pathway is beside the title, small, with a frame
    around each box the diagram draws; where it shows the whole, there is no overview."""
    name, _, scene, _, prs = deck
    for slide in prs.slides:
        kind = next((s for s in slide.shapes if s.name == "Kind"), None)
        if kind is None or not kind.text_frame.text.startswith("Step "):
            continue
        small = [s for s in slide.shapes if s.name == "Overview"]
        if name in WHOLE:
            assert small == []
            continue
        [small] = small
        assert alt_text(small) and small.top + small.height <= _diagram(slide).top
        assert alt_text(_diagram(slide)).endswith("the whole pathway is drawn small beside the title.")
        members = {m.name: m for m in small.shapes}
        assert set(members) >= {b.id for b in scene.boxes}
        view = members["View"]
        for m in _diagram(slide).shapes:
            if m.name.startswith("node:"):
                twin = members[m.name]
                cx, cy = twin.left + twin.width / 2, twin.top + twin.height / 2
                assert view.left <= cx <= view.left + view.width and view.top <= cy <= view.top + view.height


def test_every_label_line_fits_its_box_in_the_widest_font(deck):
    """Measured apart from the scene's code: matplotlib's DejaVu Sans (wider than Arial, what
    LibreOffice may fall back to) at the run's size and weight, against the box's width."""
    *_, prs = deck
    ttp = TextToPath()
    for _, group in _step_slides(prs):
        for member in group.shapes:
            if not member.name.startswith("node:"):
                continue
            box = _box_shape(member)
            for run in _label_runs(box):
                prop = FontProperties(
                    family="DejaVu Sans",
                    size=run.font.size.pt,
                    weight="bold" if run.font.bold else "normal",
                    style="italic" if run.font.italic else "normal",
                )
                width = ttp.get_text_width_height_descent(run.text, prop, ismath=False)[0]
                assert width <= Emu(box.width).pt - box.line.width.pt, (member.name, run.text)


def test_every_slide_has_unique_shape_ids_and_continuations_repeat_their_step(deck):
    """A step's continuation slide gets a copy of its diagram (drawn once per deck): the copy's
    shapes take fresh ids (PowerPoint repairs a file whose slide repeats one) and match the first."""
    _, _, _, _, prs = deck
    for n, slide in enumerate(prs.slides, 1):
        ids = [e.get("id") for e in slide.shapes._spTree.iter(qn("p:cNvPr"))]
        assert len(ids) == len(set(ids)), f"slide {n} repeats a shape id"
    first = {}
    for slide in prs.slides:
        kind = next((s for s in slide.shapes if s.name == "Kind"), None)
        if kind is None or not kind.text_frame.text.startswith("Step "):
            continue
        shot = kind.text_frame.text.replace(" (continued)", "")  # "Step 3 of 7 · part 2 of 2"
        shapes = [(s.name, s.left, s.top, s.width, s.height) for s in _diagram(slide).shapes]
        assert first.setdefault(shot, shapes) == shapes, f"{shot}'s continuation differs"


@pytest.fixture(scope="module", params=["ketamine", "metformin", "generated-60"])
def summary(request):
    """(name, scene, the summary slides read back) of a deck whose whole view fits the slide
    (ketamine) and of two whose whole is under 9 pt there (metformin, 60 nodes of long labels)."""
    if request.param == "ketamine":
        pathway = load_pathway()
    elif request.param == "metformin":
        pathway = load_pathway(Path(__file__).parent / "pathways" / "metformin.yaml")
    else:
        n, seed, labels = TOO_BIG[0]
        pathway = generated(n, seed, n_steps=3, long_labels=labels)
    prs = Presentation(io.BytesIO(next(iter(pptx_files(pathway).values()))))
    slides = [
        sl
        for sl in prs.slides
        if any(s.name == "Kind" and s.text_frame.text.startswith("Summary") for s in sl.shapes)
    ]
    return request.param, pathway_scene(pathway), slides


def test_the_summary_is_never_under_9_pt_and_shows_every_box_whole(summary):
    """The whole view's floor: one slide when the whole fits at 9 pt or more, else parts at 9 pt,
    each with the whole small beside the title, every box whole on one of them."""
    name, scene, slides = summary
    sizes = [
        r.font.size.pt
        for sl in slides
        for m in _diagram(sl).shapes
        if m.name.startswith("node:")
        for r in _label_runs(_box_shape(m))
    ]
    assert sizes and min(sizes) >= WHOLE_FLOOR, (name, min(sizes))
    shown = {m.name for sl in slides for m in _diagram(sl).shapes if m.name.startswith("node:")}
    assert shown == {b.id for b in scene.boxes}
    kinds = [next(s for s in sl.shapes if s.name == "Kind").text_frame.text for sl in slides]
    if name == "ketamine":
        assert kinds == ["Summary"] and not any(s.name == "Overview" for s in slides[0].shapes)
        return
    assert len(slides) > 1 and kinds == [
        f"Summary · part {i + 1} of {len(slides)}" for i in range(len(slides))
    ]
    for sl in slides:
        [small] = [s for s in sl.shapes if s.name == "Overview"]
        assert small.top + small.height <= _diagram(sl).top
        assert alt_text(_diagram(sl)).endswith("the whole pathway is drawn small beside the title.")
