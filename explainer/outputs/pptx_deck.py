"""The deck as an editable PowerPoint file (.pptx), made with python-pptx.

The slides follow :mod:`explainer.outputs.pptx_layout`; this module only fills them in. Every text is
a real text box (the article's passages quoted, with section and source), every diagram is
drawn in native shapes from the pathway's scene (:mod:`explainer.outputs.pptx_shapes`: boxes with
editable labels, links with their SBGN heads, one group with alternative text that says what
it shows), and each step's teaching prompt, question and research note are its speaker notes.
Nothing is written if any text would show the article's advert.

>>> from explainer import load_pathway
>>> prs = deck_presentation(load_pathway())
>>> len(prs.slides), prs.slide_width.inches > prs.slide_height.inches  # step 2 in two shots
(11, True)
"""

import copy
import io
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.util import Pt

from explainer.loading.pathway import Pathway
from explainer.model.scene import pathway_scene
from explainer.outputs.files import checked, write_files
from explainer.outputs.pptx_layout import HEIGHT, LEGEND, WIDTH, SlidePlan, deck_plan
from explainer.outputs.pptx_shapes import FONT, draw_diagram, draw_legend, draw_overview
from explainer.outputs.pptx_text import PAD_X, PAD_Y, TextBox
from explainer.outputs.textfit import LINE
from explainer.words import wording as wd
from explainer.words.describe import link_sentence, pathway_description, step_description
from explainer.words.wording import DISCLAIMER, node_name

TITLE_ONLY = 5  # the default template's "Title Only" layout: every slide gets a real title
ACCENT = RGBColor(0xD5, 0x5E, 0x00)  # Okabe-Ito vermillion, the diagram's "this step" colour


def step_notes(pathway: Pathway, k: int) -> str:
    """Speaker notes for step ``k``: the teaching prompt, the check question and the research note."""
    s = pathway.steps[k]
    answer = " ".join(s.answer.split())
    said = f"{wd.ARTICLE_SAYS} “{answer}”" if pathway.quotes_article else f"Answer: {answer}"
    parts = [f"Teaching prompt: {s.prompt}", f"Check question: {s.question}", said]
    if s.note is not None:
        refs = "\n".join(f"- {pathway.reference(r).citation}" for r in s.note.cites)
        parts.append(f"{wd.NOTE_LABEL}: {wd.note_lead(pathway, k)}{' '.join(s.note.text.split())}\n{refs}")
    parts.append(DISCLAIMER)
    return "\n\n".join(parts)


def summary_notes(pathway: Pathway) -> str:
    steps = "\n".join(wd.step_heading(pathway, k) for k in range(len(pathway.steps)))
    return f"The steps:\n{steps}\n\n{DISCLAIMER}"


def item_names(pathway: Pathway, scene) -> dict[str, str]:
    """Each box's and link's words (its shape's alternative text)."""
    names = {b.id: node_name(pathway, b.node) for b in scene.boxes}
    names |= {e.id: link_sentence(pathway, (e.source, e.target)) for e in scene.links}
    return names


def deck_presentation(pathway: Pathway) -> Presentation:
    """The deck as a python-pptx ``Presentation`` (not yet saved)."""
    scene = pathway_scene(pathway)
    alts = {k: step_description(pathway, k) for k in range(len(pathway.steps))}
    alts[None] = pathway_description(pathway)
    notes = {k: step_notes(pathway, k) for k in range(len(pathway.steps))}
    notes[None] = summary_notes(pathway)
    names = item_names(pathway, scene)

    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(WIDTH), Pt(HEIGHT)
    prs.core_properties.title = f"{pathway.title}: slides"
    prs.core_properties.subject = f"After {pathway.attribution}. {DISCLAIMER}"
    drawn: dict = {}
    for plan in deck_plan(pathway, scene, alts, notes):
        _add_slide(prs, plan, scene, names, drawn)
    return prs


def _once(slide, drawn: dict, key, draw, *args) -> None:
    """Draw a group once per deck: a step's continuation slides show the same diagram and
    overview, so a later slide gets a copy of the first one's group with fresh shape ids
    (drawing again cost python-pptx an id and path lookup per shape: the largest accepted
    pathway's deck took 84 s)."""
    tree = slide.shapes._spTree
    if key not in drawn:
        drawn[key] = copy.deepcopy(draw(slide.shapes, *args)._element)
        return
    group = copy.deepcopy(drawn[key])
    free = max((int(e.get("id")) for e in tree.iter(qn("p:cNvPr"))), default=1) + 1
    for k, e in enumerate(group.iter(qn("p:cNvPr"))):
        e.set("id", str(free + k))
    tree.insert_element_before(group, "p:extLst")


def _add_slide(prs: Presentation, plan: SlidePlan, scene, names: dict, drawn: dict) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    # Shapes are added top to bottom, so a screen reader meets them in reading order (after the title).
    top = min((p.y for p in (*plan.pictures, *plan.diagrams, *plan.overview)), default=HEIGHT)
    for b in (b for b in plan.boxes if b.y < top):
        _fill_text(slide.shapes.title if b.title else slide.shapes.add_textbox(*_place(b)), b)
    for p in plan.pictures:  # the notation's legend
        draw_legend(slide.shapes, p, LEGEND)
    for small in plan.overview:
        view = plan.diagrams[0]
        _once(slide, drawn, ("overview", small, view), draw_overview, scene, small, view)
    for d in plan.diagrams:
        _once(slide, drawn, ("diagram", d), draw_diagram, scene, d, names)
    for b in (b for b in plan.boxes if b.y >= top):
        _fill_text(slide.shapes.title if b.title else slide.shapes.add_textbox(*_place(b)), b)
    if plan.notes:
        slide.notes_slide.notes_text_frame.text = plan.notes


def _place(b: TextBox):
    return Pt(b.x), Pt(b.y), Pt(b.w), Pt(b.h)


def _fill_text(shape, b: TextBox) -> None:
    shape.left, shape.top, shape.width, shape.height = _place(b)
    shape.name = b.name
    if b.fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(b.fill)
        shape.line.color.rgb = ACCENT
        shape.line.width = Pt(1.5)
    tf = shape.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.vertical_anchor = MSO_ANCHOR.TOP
    tf.margin_left = tf.margin_right = Pt(PAD_X)
    tf.margin_top = tf.margin_bottom = Pt(PAD_Y)
    for i, r in enumerate(b.runs):
        para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        para.line_spacing = Pt(r.size * LINE)
        para.space_before = Pt(0)
        para.space_after = Pt(r.space_after)
        run = para.add_run()
        run.text = r.text
        run.font.name = FONT
        run.font.size = Pt(r.size)
        run.font.bold = r.bold
        run.font.italic = r.italic
        run.font.color.rgb = RGBColor(0, 0, 0)


def alt_text(shape) -> str:
    """A shape's alternative text (``descr`` of its non-visual properties), or ``""``."""
    props = shape._element.xpath("./*[1]/p:cNvPr")
    return props[0].get("descr", "") if props else ""


def deck_texts(prs: Presentation) -> list[str]:
    """Every text a reader can meet in the file: boxes, diagram labels, alt texts, speaker notes."""
    texts = []
    for slide in prs.slides:
        texts += _shape_texts(slide.shapes)
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return texts


def _shape_texts(shapes) -> list[str]:
    texts = []
    for shape in shapes:
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        texts.append(alt_text(shape))
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:  # a diagram, a link, an outcome's box
            texts += _shape_texts(shape.shapes)
    return texts


def pptx_files(pathway: Pathway) -> dict[str, bytes]:
    """``{name: bytes}`` of the PowerPoint deck, ``<id>.pptx``; an ExportError if any of its texts
    (boxes, alt texts, speaker notes) would show a passage never shown."""
    prs = deck_presentation(pathway)
    checked("\n".join(deck_texts(prs)), "the PowerPoint deck", pathway.never_show)
    buf = io.BytesIO()
    prs.save(buf)
    return {f"{pathway.id}.pptx": buf.getvalue()}


def write_pptx(pathway: Pathway, out: Path) -> list[Path]:
    """Write ``OUT/<id>.pptx``."""
    return write_files(out, pptx_files(pathway))
