"""The diagram as native PowerPoint shapes, read from the scene and painted from the style table.

A box is a rounded rectangle with its label as editable text (one paragraph per label line,
the scene's size times the view's scale); an outcome is a group of that box and its inner
border (SBGN's phenotype). A link is a group of its shaft (a freeform along the scene's path,
dashed when the source hedges it) and its SBGN head (the scene's triangle, bar or diamond).
Every shape is named by the scene's id (``node:ID``, ``edge:SRC->TGT``) and says in its
alternative text what it is; the diagram is one group, described in words as a whole. A
teacher can move a box, fix a label or recolour an arrow as with any drawing of their own.

Nothing here computes geometry: positions, heads and label lines come from
:mod:`explainer.model.scene`, colours and widths from :mod:`explainer.rendering.paint`, and where the diagram
goes on the slide (and which part of the scene it shows) from :class:`explainer.outputs.pptx_view.Diagram`.
"""

import math

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.shapes.autoshape import CT_Shape
from pptx.util import Emu, Pt

from explainer.model.scene import SHAPES, Box, Link, Scene, head_polygon
from explainer.outputs.pptx_view import Diagram
from explainer.rendering.paint import PAINT, Paint

FONT = "Arial"  # as every text of the deck; the scene measured labels in the wider DejaVu Sans
SAMPLES = 12  # points per cubic Bézier segment of a shaft (PowerPoint's freeforms are polylines)
INFLUENCES = {shape: influence for influence, shape in SHAPES.items()}
OVERVIEW_LINES = 0.3  # the overview's line widths, times the style table's (it is a few times smaller)
LINE_PITCH = 1.2  # a one-line label's spacing, times its size (more lines: the scene's pitch)


def label_size(line, diagram: Diagram) -> float:
    """A label line's size on the slide, in points, rounded up to a tenth (never under the scene's
    size times the scale, so a floor asked of the layout is kept)."""
    return math.ceil(line.size * diagram.scale * 10 - 1e-6) / 10


def draw_diagram(shapes, scene: Scene, diagram: Diagram, names: dict | None = None, paint: Paint = PAINT):
    """Add ``diagram`` (a step of ``scene``, or the whole pathway) to ``shapes`` as one group.

    Items wholly outside the diagram's view are left out; a link that leaves the view is cut at
    its edge (its head only drawn when it is in view). ``names`` maps an item id to its words
    (alternative text). Returns the group.
    """
    names = names or {}
    start = len(shapes._spTree)
    for link in scene.links:
        if diagram.shows_link(link):
            _link(shapes, link, diagram, paint, names.get(link.id, ""))
    for box in scene.boxes:
        if diagram.shows_box(box):
            _box(shapes, box, diagram, paint, names.get(box.id, ""))
    return _group(shapes, start, "Diagram", diagram.alt)


def _group(shapes, start: int, name: str, words: str):
    """Group the shapes added to ``shapes`` since it had ``start`` elements.

    Shapes are drawn on the slide and moved into the group once: python-pptx recomputes a
    group's extents on every shape added to it, which made a 60-shape diagram quadratic.
    """
    drawn = [e for e in list(shapes._spTree)[start:] if e.tag != qn("p:extLst")]
    group = shapes.add_group_shape()
    group.name = name
    _describe(group, words)
    for element in drawn:
        group._element.append(element)
    group._element.recalculate_extents()
    _number(shapes._spTree, group._element)
    return group


def _number(tree, group) -> None:
    """Give the shapes of ``group`` numbered 0 (:func:`_freeform`'s) ids no other shape of
    ``tree`` has: one look at the tree per group, not one per shape."""
    unnumbered = [e for e in group.iter(qn("p:cNvPr")) if e.get("id") == "0"]
    if unnumbered:
        free = max(int(e.get("id")) for e in tree.iter(qn("p:cNvPr"))) + 1
        for k, e in enumerate(unnumbered):
            e.set("id", str(free + k))


def draw_overview(shapes, scene: Scene, small: Diagram, view: Diagram, paint: Paint = PAINT):
    """Add the whole of ``scene``, small (``small``), with the part ``view`` shows framed.

    No labels or heads at that size: the boxes and links painted in the step's states, and
    the frame in the focus ring's colour. Returns the group (named ``Overview``).
    """
    start = len(shapes._spTree)
    for link in scene.links:
        p = paint.edge(link.state(small.step))
        line = _freeform(shapes, [[small.to_slide(q) for q in polyline(link.path, 4)]], close=False)
        line.name = f"{link.id} line"
        _paint(line, None, p.stroke, p.width * OVERVIEW_LINES)
    for box in scene.boxes:
        p = paint.node(box.kind, box.state(small.step))
        left, top = small.to_slide((box.x, box.y + box.height))
        w, h = box.width * small.scale, box.height * small.scale
        shape = shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Pt(left), Pt(top), Pt(w), Pt(h))
        shape.name = box.id
        shape.adjustments[0] = min(box.rounding / min(box.width, box.height), 0.5)
        _paint(shape, p.fill, p.stroke, p.width * OVERVIEW_LINES)
    x0, y0 = small.to_slide((view.left, view.top))
    x1, y1 = small.to_slide((view.left + view.w / view.scale, view.top - view.h / view.scale))
    x0, y0 = max(x0, small.x), max(y0, small.y)
    x1, y1 = min(x1, small.x + small.w), min(y1, small.y + small.h)
    frame = shapes.add_shape(MSO_SHAPE.RECTANGLE, Pt(x0), Pt(y0), Pt(x1 - x0), Pt(y1 - y0))
    frame.name = "View"
    _paint(frame, None, paint.ring, 1.5)
    return _group(shapes, start, "Overview", small.alt)


def draw_legend(shapes, place, entries, paint: Paint = PAINT):
    """Add the notation's key in ``place`` (a :class:`~explainer.outputs.pptx_layout.Picture` rectangle):
    per entry (head, state, hedged, words) a sample link drawn as the diagram draws one (the
    scene's head polygon, the style table's paint) and its words. Returns the group (``Legend``)."""
    start = len(shapes._spTree)
    rows = math.ceil(len(entries) / 2)
    pitch, sample = place.h / rows, min(72.0, place.w / 8)
    size = min(18.0, pitch * 0.6)
    for i, (shape, state, hedged, words) in enumerate(entries):
        x = place.x + (i // rows) * place.w / 2
        y = place.y + (i % rows + 0.5) * pitch
        p = paint.edge(state)
        end = x + sample
        if shape is not None:
            head = head_polygon(shape, (x + sample, y), (1.0, 0.0))
            end = min(q[0] for q in head)
            tip = _freeform(shapes, [list(head[:-1])], close=True)
            tip.name = f"Legend {shape}"
            _paint(tip, paint.head_fill(INFLUENCES[shape], state), p.stroke, p.head_width)
        line = _freeform(shapes, [[(x, y), (end, y)]], close=False)
        line.name = f"Legend line {i + 1}"
        _paint(line, None, p.stroke, p.width)
        if hedged:
            _dash(line, paint.hedge_dash, p.width)
        text = shapes.add_textbox(
            Pt(x + sample + 10), Pt(y - size), Pt(place.w / 2 - sample - 10), Pt(2 * size)
        )
        text.name = f"Legend words {i + 1}"
        tf = text.text_frame
        tf.vertical_anchor = MSO_ANCHOR.MIDDLE
        tf.margin_top = tf.margin_bottom = 0
        tf.paragraphs[0].alignment = PP_ALIGN.LEFT
        run = tf.paragraphs[0].add_run()
        run.text = words
        run.font.name, run.font.size = FONT, Pt(size)
        run.font.color.rgb = RGBColor(0, 0, 0)
    return _group(shapes, start, "Legend", place.alt)


def _describe(shape, words: str) -> None:
    """Alternative text: ``descr`` of the shape's non-visual properties (python-pptx has no API)."""
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", words)


def _emu(point) -> tuple[Emu, Emu]:
    return Emu(round(Pt(point[0]))), Emu(round(Pt(point[1])))


def _box(shapes, box: Box, d: Diagram, paint: Paint, words: str) -> None:
    state = box.state(d.step)
    p = paint.node(box.kind, state)
    left, top = d.to_slide((box.x, box.y + box.height))
    w, h = box.width * d.scale, box.height * d.scale
    target = shapes
    if box.inner is not None:
        target = shapes.add_group_shape()
        target.name = box.id
        _describe(target, words)
        target = target.shapes
    shape = target.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Pt(left), Pt(top), Pt(w), Pt(h))
    shape.name = box.id
    _describe(shape, words)
    shape.adjustments[0] = min(box.rounding * d.scale / min(w, h), 0.5)
    _paint(shape, p.fill, p.stroke, p.width * d.scale)
    _label(shape.text_frame, box, d, p.text)
    if box.inner is not None:
        x, y, iw, ih, r = box.inner
        il, it = d.to_slide((x, y + ih))
        inner = target.add_shape(
            MSO_SHAPE.ROUNDED_RECTANGLE, Pt(il), Pt(it), Pt(iw * d.scale), Pt(ih * d.scale)
        )
        inner.name = f"{box.id} inner border"
        inner.adjustments[0] = min(r / min(iw, ih), 0.5)
        _paint(inner, None, p.stroke, paint.inner_width * d.scale)


def _label(tf, box: Box, d: Diagram, colour: str) -> None:
    tf.word_wrap = False  # the scene broke the label into lines
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.vertical_anchor = MSO_ANCHOR.MIDDLE
    tf.margin_left = tf.margin_right = tf.margin_top = tf.margin_bottom = 0
    lines = box.lines
    pitch = (lines[0].y - lines[1].y) if len(lines) > 1 else lines[0].size * LINE_PITCH
    for i, line in enumerate(lines):
        para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        para.alignment = PP_ALIGN.CENTER
        para.line_spacing = Pt(pitch * d.scale)
        para.space_before = para.space_after = Pt(0)
        run = para.add_run()
        run.text = line.text
        run.font.name = FONT
        run.font.size = Pt(label_size(line, d))
        run.font.bold = line.bold
        run.font.italic = line.italic
        run.font.color.rgb = RGBColor.from_string(colour[1:])


def _paint(shape, fill: str | None, stroke: str, width: float) -> None:
    if fill is None:
        shape.fill.background()
    else:
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(fill[1:])
    shape.line.color.rgb = RGBColor.from_string(stroke[1:])
    shape.line.width = Pt(width)
    style = shape._element.find(qn("p:style"))
    if style is not None:  # the theme's style references (a shadow, a blue outline): paint is all explicit
        shape._element.remove(style)


def _link(shapes, link: Link, d: Diagram, paint: Paint, words: str) -> None:
    p = paint.edge(link.state(d.step))
    pieces = d.clip([d.to_slide(q) for q in polyline(link.path)])
    head = [d.to_slide(q) for q in link.head.points]
    if not pieces and not d.holds(head):
        return
    group = shapes.add_group_shape()
    group.name = link.id
    _describe(group, words)
    if pieces:
        shaft = _freeform(group.shapes, pieces, close=False)
        shaft.name = f"{link.id} line"
        _paint(shaft, None, p.stroke, p.width * d.scale)
        if link.hedged:
            _dash(shaft, paint.hedge_dash, p.width)
    if d.holds(head):
        tip = _freeform(group.shapes, [head[:-1]], close=True)
        tip.name = f"{link.id} {link.head.shape}"
        _paint(tip, paint.head_fill(link.influence, link.state(d.step)), p.stroke, p.head_width * d.scale)
    group._element.recalculate_extents()  # freeforms do not update their group (python-pptx 1.0)


def polyline(path, samples: int = SAMPLES) -> list:
    """The cubic Bézier ``path`` (control points ``1 + 3k``) as points along it.

    >>> polyline([(0, 0), (0, 3), (3, 3), (3, 0)], samples=2)
    [(0.0, 0.0), (1.5, 2.25), (3.0, 0.0)]
    """
    out = [tuple(map(float, path[0]))]
    for i in range(0, len(path) - 1, 3):
        p0, p1, p2, p3 = path[i : i + 4]
        for k in range(1, samples + 1):
            t = k / samples
            a, b, c, e = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
            out.append(
                (
                    a * p0[0] + b * p1[0] + c * p2[0] + e * p3[0] + 0.0,
                    a * p0[1] + b * p1[1] + c * p2[1] + e * p3[1] + 0.0,
                )
            )
    return out


def _freeform(shapes, contours, close: bool):
    """One freeform of the polylines ``contours`` (slide points), as python-pptx's
    ``build_freeform`` makes it (the same ``a:custGeom`` path, the shape at the points' bounds)
    but in one pass: the builder looked up a free shape id in the whole slide and the bounds
    again for every point (a 60-box, 30-step deck spent a third of its time there). The shape's
    id is 0 until :func:`_group` numbers it."""
    pts = [[_emu(q) for q in contour] for contour in contours]
    x0, y0 = min(p[0] for c in pts for p in c), min(p[1] for c in pts for p in c)
    w, h = max(p[0] for c in pts for p in c) - x0, max(p[1] for c in pts for p in c) - y0
    sp = CT_Shape.new_freeform_sp(0, "Freeform", x0, y0, w, h)
    shapes._spTree.insert_element_before(sp, "p:extLst")
    path = sp.add_path(w=Emu(w), h=Emu(h))
    for contour in pts:
        for k, (x, y) in enumerate(contour):
            point = etree.SubElement(etree.SubElement(path, qn("a:lnTo" if k else "a:moveTo")), qn("a:pt"))
            point.set("x", str(x - x0))
            point.set("y", str(y - y0))
        if close:
            etree.SubElement(path, qn("a:close"))
    return shapes._shape_factory(sp)


def _dash(shape, dash: tuple, width: float) -> None:
    """A custom dash: ``dash`` (on, off) in points whatever the line's width (OOXML counts in
    thousandths of a percent of the width)."""
    ln = shape.line._get_or_add_ln()
    for old in ln.findall(qn("a:prstDash")) + ln.findall(qn("a:custDash")):
        ln.remove(old)
    cust = etree.SubElement(ln, qn("a:custDash"))
    ds = etree.SubElement(cust, qn("a:ds"))
    ds.set("d", str(round(dash[0] / width * 100000)))
    ds.set("sp", str(round(dash[1] / width * 100000)))
    # a:custDash must come before the line's ends and joins (CT_LineProperties' sequence)
    fill = ln.find(qn("a:solidFill"))
    if fill is not None:
        fill.addnext(cust)
