"""The PowerPoint deck, read back with python-pptx: slides, pictures' alt text, notes, quotes, fit.

Fit is checked independently of the code that laid the slides out: each text box's paragraphs
are broken into lines with matplotlib's own text measurement (``TextToPath``, DejaVu Sans,
the widest face the deck may be shown in), at the size and spacing stored in the file.
"""

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from pptx import Presentation
from pptx.util import Emu

from explainer import DISCLAIMER, load_pathway
from explainer.loading.article import normalise
from explainer.loading.assets import RESEARCH_PATHWAY
from explainer.loading.never_show import found_in
from explainer.outputs.files import ExportError
from explainer.outputs.pptx_deck import alt_text, pptx_files, write_pptx
from explainer.words.describe import link_sentence
from explainer.words.wording import node_name
from tests.other_drug import other_drug
from tests.synthetic import synthetic_pathway

pytestmark = pytest.mark.slow  # each deck is built once per module, seconds each

_TTP = TextToPath()
SERTRALINE = Path(__file__).parent / "second_mechanism" / "sertraline.yaml"


@pytest.fixture(
    scope="module",
    params=["ketamine", "research", "sertraline", "caffeine", "caffeine-long", "synthetic-3", "synthetic-8"],
)
def case(request, tmp_path_factory):
    """(pathway, presentation) for both shipped pathways, another drug and generated pathways."""
    if request.param == "ketamine":
        pathway = load_pathway()
    elif request.param == "research":
        pathway = load_pathway(RESEARCH_PATHWAY)
    elif request.param == "sertraline":  # a second real-world mechanism, with its own advert
        pathway = load_pathway(SERTRALINE)
    elif request.param.startswith("synthetic"):
        pathway = synthetic_pathway(tmp_path_factory.mktemp("synthetic"), int(request.param.split("-")[1]))
    else:
        folder = tmp_path_factory.mktemp(request.param)
        pathway = load_pathway(other_drug(folder, long_passages=3 if request.param.endswith("long") else 0))
    [path] = write_pptx(pathway, tmp_path_factory.mktemp("pptx"))
    return pathway, Presentation(str(path))


def _step_of(slide, pathway) -> int | None:
    m = re.match(r"Step (\d+) of \d+", _shape(slide, "Kind").text_frame.text) if _has(slide, "Kind") else None
    return int(m[1]) - 1 if m else None


def _has(slide, name) -> bool:
    return any(s.name == name for s in slide.shapes)


def _shape(slide, name):
    return next(s for s in slide.shapes if s.name == name)


def _further(kind: str) -> bool:
    """A step's further slide: its passages continued, or a second shot of its diagram."""
    return "(continued)" in kind or re.search(r" · part (?!1 of)\d+ of", kind) is not None


def test_sixteen_by_nine_and_one_slide_per_step_plus_four(case):
    pathway, prs = case
    assert prs.slide_width * 9 == prs.slide_height * 16
    steps = [_step_of(s, pathway) for s in prs.slides]
    more = sum(_further(_shape(s, "Kind").text_frame.text) for s in prs.slides if _has(s, "Kind"))
    assert len(prs.slides) == len(pathway.steps) + 3 + more
    assert sorted({k for k in steps if k is not None}) == list(range(len(pathway.steps)))
    assert steps[:2] == [None, None] and steps[-1] is None  # title, notation ... summary
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    assert titles[0] == pathway.title and titles[1].startswith("Notation")
    assert titles[-1] == f"The whole pathway: {pathway.title}"


def test_title_slide_attributes_and_disclaims(case):
    pathway, prs = case
    text = " ".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
    assert pathway.source.title in text and pathway.source.publisher in text
    assert DISCLAIMER in text
    for slide in prs.slides:
        assert DISCLAIMER in _shape(slide, "Footer").text_frame.text


def test_every_diagram_and_picture_is_described_in_words(case):
    """Each step's diagram and the notation's legend (native shapes, one group each)."""
    pathway, prs = case
    described = 0
    for slide in prs.slides:
        k = _step_of(slide, pathway)
        for shape in (s for s in slide.shapes if s.name in ("Diagram", "Legend")):
            described += 1
            alt = alt_text(shape)
            assert len(alt) > 40, shape.name
            if shape.name == "Legend":  # drawn with the diagram's shapes: a sample and words per entry
                words = [s.text_frame.text for s in shape.shapes if s.has_text_frame]
                assert "stimulates (positive)" in words and "this step" in words
                assert {s.name for s in shape.shapes} >= {"Legend triangle", "Legend bar", "Legend diamond"}
            if k is None:
                continue
            step = pathway.steps[k]
            assert f"step {k + 1} of {len(pathway.steps)}: {step.title}" in alt
            for n in step.nodes:
                assert node_name(pathway, n) in alt
            for key in step.edges:  # each link's influence in words, "may" where it is hedged
                assert link_sentence(pathway, key) in alt
    assert described == len(prs.slides) - 1  # every slide but the title has its diagram or legend


def test_shapes_come_in_reading_order(case):
    """After the title, a screen reader meets the shapes from the top of the slide down."""
    _, prs = case
    for i, slide in enumerate(prs.slides):
        tops = [s.top for s in slide.shapes if not s.is_placeholder]
        assert tops == sorted(tops), i
        assert slide.shapes[0].is_placeholder and slide.shapes.title.text_frame.text


def test_notes_on_every_step_slide(case):
    pathway, prs = case
    for slide in prs.slides:
        k = _step_of(slide, pathway)
        if k is None:
            continue
        notes = slide.notes_slide.notes_text_frame.text
        step = pathway.steps[k]
        assert f"Teaching prompt: {step.prompt}" in notes
        assert f"Check question: {step.question}" in notes
        if step.note is not None:
            assert " ".join(step.note.text.split()) in notes
            for r in step.note.cites:
                assert pathway.reference(r).doi in notes
        assert notes.strip() not in " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_passages_are_editable_quoted_text_in_order(case):
    pathway, prs = case
    bodies: dict[int, list[str]] = {}
    for slide in prs.slides:
        k = _step_of(slide, pathway)
        for shape in slide.shapes:
            if k is not None and shape.name.startswith("Passage"):
                paras = shape.text_frame.paragraphs
                bodies.setdefault(k, []).append(paras[1].text)
                caption, source = paras[0].text, paras[2].text
                if pathway.quotes_article:
                    assert "From the article, section" in caption and pathway.source.title in source
                else:
                    assert "the project's words" in caption and "doi:" in source
    for k, step in enumerate(pathway.steps):
        joined = normalise(" ".join(bodies[k]))  # a long passage split over boxes joins up again
        for passage in step.passages:
            quoted = f"“{passage.text}”" if pathway.quotes_article else passage.text
            assert normalise(quoted) in joined, passage.text[:40]


@lru_cache(maxsize=100_000)
def _width(text: str, size: float, bold: bool, italic: bool) -> float:
    prop = FontProperties(
        family="DejaVu Sans",
        size=size,
        weight="bold" if bold else "normal",
        style="italic" if italic else "normal",
    )
    return _TTP.get_text_width_height_descent(text, prop, ismath=False)[0]


def _lines(text: str, size, bold, italic, width: float) -> int:
    lines, line = 0, ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if _width(candidate, size, bold, italic) <= width or not line:
            line = candidate
        else:
            lines, line = lines + 1, word
        while _width(line, size, bold, italic) > width and len(line) > 1:  # a word wider than the box
            cut = max(
                i for i in range(1, len(line) + 1) if _width(line[:i], size, bold, italic) <= width or i == 1
            )
            lines, line = lines + 1, line[cut:]
    return lines + 1


def _overflow(shape) -> float:
    """How many points the text needs beyond its box (negative: room to spare)."""
    tf = shape.text_frame
    width = Emu(shape.width - tf.margin_left - tf.margin_right).pt
    needed = 0.0
    for para in tf.paragraphs:
        runs = para.runs
        assert len(runs) == 1 and runs[0].font.size is not None, shape.name  # sizes are explicit
        font = runs[0].font
        spacing = para.line_spacing.pt  # an exact spacing in points, not a multiple
        needed += _lines(para.text, font.size.pt, bool(font.bold), bool(font.italic), width) * spacing
        needed += para.space_after.pt if para.space_after is not None else 0
    return needed - Emu(shape.height - tf.margin_top - tf.margin_bottom).pt


def test_no_text_box_overflows_at_its_font_size(case):
    _, prs = case
    boxes = 0
    for i, slide in enumerate(prs.slides):
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text:
                boxes += 1
                assert _overflow(shape) <= 0.5, (i, shape.name, shape.text_frame.text[:60])
                assert shape.top >= 0 and shape.top + shape.height <= prs.slide_height, (i, shape.name)
                assert shape.left >= 0 and shape.left + shape.width <= prs.slide_width, (i, shape.name)
    assert boxes >= 4 * len(prs.slides) - 3


def test_a_passage_that_goes_on_leaves_no_scrap(case):
    """What goes on to a continuation slide is two lines or more of text (measured here, as
    LibreOffice sets it in DejaVu Sans), never "modified.”" alone: ketamine's step 4 did that."""
    _, prs = case
    for i, slide in enumerate(prs.slides):
        for shape in slide.shapes:
            paras = shape.text_frame.paragraphs if shape.name.startswith("Passage") else []
            if paras and paras[0].text.startswith("(continued)"):
                font, tf = paras[1].runs[0].font, shape.text_frame
                width = Emu(shape.width - tf.margin_left - tf.margin_right).pt
                lines = _lines(paras[1].text, font.size.pt, bool(font.bold), bool(font.italic), width)
                assert lines >= 2, (i, paras[1].text)


def test_long_passages_continue_on_further_slides(tmp_path):
    pathway = load_pathway(other_drug(tmp_path, long_passages=3))
    prs = Presentation(io.BytesIO(*pptx_files(pathway).values()))
    kinds = [_shape(s, "Kind").text_frame.text for s in prs.slides if _has(s, "Kind")]
    assert kinds.count("Step 2 of 2 (continued)") >= 3  # three ~1,900-character passages
    sources = [
        p.text
        for s in prs.slides
        for sh in s.shapes
        if sh.name.startswith("Passage")
        for p in sh.text_frame.paragraphs[2:]
    ]
    assert sum(t.endswith("(continues on the next slide)") for t in sources) >= 3
    sizes = {
        r.font.size.pt
        for s in prs.slides
        for sh in s.shapes
        if sh.has_text_frame
        for p in sh.text_frame.paragraphs
        for r in p.runs
    }
    assert min(sizes) >= 11  # shrunk, never below the footer's size


def _every_text_in_the_file(prs) -> str:
    """Every text run and alt text in every XML part of the saved file, read without python-pptx's
    shape model (and without ``deck_texts``, which the export's own check uses)."""
    buf = io.BytesIO()
    prs.save(buf)
    texts = []
    with zipfile.ZipFile(buf) as z:
        for name in (n for n in z.namelist() if n.endswith(".xml")):
            for el in ET.fromstring(z.read(name)).iter():
                if el.tag.endswith("}t") and el.text:
                    texts.append(el.text)
                texts.append(el.get("descr", ""))
    return "\n".join(texts)


@pytest.mark.parametrize("case", ["ketamine", "sertraline"], indirect=True)  # the articles with an advert
def test_no_text_shows_the_advert(case):
    pathway, prs = case
    assert pathway.never_show
    everything = _every_text_in_the_file(prs)
    assert normalise(pathway.steps[0].prompt) in normalise(everything)  # notes are read too
    assert not found_in(everything, pathway.never_show)


def test_the_advert_is_refused_wherever_it_hides(pathway):
    for field, value in (("title", "Call us at (844) 650-0064"),):
        with pytest.raises(ExportError, match="which is never shown"):
            pptx_files(pathway.model_copy(update={field: value}))
    step = pathway.steps[0].model_copy(update={"prompt": "Tell them to call us at 844 650 0064."})
    with pytest.raises(ExportError, match="which is never shown"):
        pptx_files(pathway.model_copy(update={"steps": (step, *pathway.steps[1:])}))
    node = pathway.nodes[-1].model_copy(update={"label": "Call us at 844 650 0064"})  # a diagram label
    with pytest.raises(ExportError, match="which is never shown"):
        pptx_files(pathway.model_copy(update={"nodes": (*pathway.nodes[:-1], node)}))


def test_a_second_mechanisms_own_advert_is_refused():
    pathway = load_pathway(SERTRALINE)
    advert = pathway.never_show[0]
    step = pathway.steps[-1].model_copy(update={"prompt": f"Then say: {advert}"})
    with pytest.raises(ExportError, match="which is never shown"):
        pptx_files(pathway.model_copy(update={"steps": (*pathway.steps[:-1], step)}))
