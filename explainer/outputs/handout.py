"""A printable handout (PDF, A4 landscape): the whole pathway and its legend, then a page a step.

No diagram's labels are under :data:`STEP_FLOOR` on paper: a whole pathway too large for that on
the overview page is drawn on pages of its own, whole, or in parts at that size
(:func:`explainer.model.camera.part_cameras`, every box whole in one), each part with the whole
drawn small beside its title and the part framed in it. A step page frames the step's part at
that size or more; a step too big for one picture there goes on in shots
(:func:`explainer.model.camera.step_shots`), a page each, its text going on under the next shot.

Drawn from the one scene every output shares (every box keeps its place), in black and white
(arrowheads and line styles carry the influences, line weight the emphasis), fonts embedded.
"""

import io
from pathlib import Path

import matplotlib.style as mstyle
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from explainer.loading.assets import STYLE
from explainer.loading.pathway import Pathway
from explainer.model.camera import Camera, label_size, part_cameras, step_boxes, step_shots, whole_camera
from explainer.model.fit import wrap_text
from explainer.model.scene import pathway_scene
from explainer.outputs.files import write_files
from explainer.rendering.draw import axes_size, draw_scene, legend_handles
from explainer.words import wording as wd

PAGE = (11.69, 8.27)  # A4 landscape, inches
FONT = 10.0  # diagram labels on paper
STEP_FLOOR = 9.0  # a step page's labels: below this, the page's camera frames the step's part
STEP_TEXT_TOP = 0.41  # where a step page's text starts, under its diagram
PRINT_RC = {"pdf.fonttype": 42, "figure.figsize": PAGE, "font.size": 11}
DIAGRAM_RECT = (0.03, 0.43, 0.94, 0.42)
OVERVIEW_RECT = (0.03, 0.30, 0.94, 0.485)
LEGEND_WIDTH = 372.0  # points: the overview's legend, two columns at 10 pt, right of the step list
MIN_OVERVIEW = 0.22  # the overview diagram's least height (page fraction) under a long introduction
LEFT = 0.03  # text's left edge, as a fraction of the page width
TEXT_WIDTH = PAGE[0] * 72 * 0.94  # points
TITLE, FOOTER = 18.0, 10.0
CONTINUED_TOP = 0.86  # where text starts on a continuation page
STEPS_TOP = 0.29  # the overview page's step list and legend, under the diagram
INSET_WIDTH = 170.0  # points: the whole pathway, small, beside a part's title
INSET_RECT = (LEFT + 0.94 - INSET_WIDTH / 72 / PAGE[0], 0.865, INSET_WIDTH / 72 / PAGE[0], 0.11)
INSET_LINES = 0.3  # the small whole's line widths, times the diagram's


def handout_pages(pathway: Pathway) -> list[Figure]:
    """The handout's pages as figures: the overview first, then each step.

    Text flows: a step list or a step's passages that do not fit on one page continue on
    the next, under the same title marked "(continued)".
    """
    pages = _overview(pathway)
    for k in range(len(pathway.steps)):
        pages += _step_pages(pathway, k)
    return pages


def handout_files(pathway: Pathway) -> dict[str, bytes]:
    """``{name: bytes}`` of the handout, ``<id>-handout.pdf``."""
    buf = io.BytesIO()
    metadata = {"Title": f"{pathway.title}: handout", "CreationDate": None}
    with mstyle.context([STYLE, PRINT_RC]), PdfPages(buf, metadata=metadata) as pdf:
        for fig in handout_pages(pathway):
            pdf.savefig(fig)
    return {f"{pathway.id}-handout.pdf": buf.getvalue()}


def write_handout(pathway: Pathway, out: Path) -> list[Path]:
    """Write ``OUT/<id>-handout.pdf``."""
    return write_files(out, handout_files(pathway))


def _page(pathway: Pathway, title: str, width: float = TEXT_WIDTH) -> Figure:
    """A page with its title (``width`` points wide at most) and footer."""
    with mstyle.context([STYLE, PRINT_RC]):
        fig = Figure(figsize=PAGE)
        size = TITLE if len(wrap_text(title, TITLE, "bold", width).split("\n")) <= 2 else TITLE * 0.75
        fig.text(
            LEFT,
            0.955,
            wrap_text(title, size, "bold", width),
            fontsize=size,
            fontweight="bold",
            va="top",
            linespacing=1.15,
            parse_math=False,
        )
        fig.text(
            LEFT,
            0.02,
            wrap_text(wd.footer_text(pathway), FOOTER, width=TEXT_WIDTH),
            fontsize=FOOTER,
            va="bottom",
            parse_math=False,
        )
    return fig


def _footer_top(pathway: Pathway) -> float:
    """Where the footer's first line starts, as a fraction of the page height, plus a gap."""
    lines = wrap_text(wd.footer_text(pathway), FOOTER, width=TEXT_WIDTH).count("\n") + 1
    return 0.02 + (lines * FOOTER * 1.2 + 10) / 72 / PAGE[1]


def _diagram(fig: Figure, pathway: Pathway, step, rect=DIAGRAM_RECT, cam: Camera | None = None) -> None:
    with mstyle.context([STYLE, PRINT_RC]):
        _view(pathway, step, fig.add_axes(rect), cam)


def _view(pathway: Pathway, step, ax, cam: Camera | None = None) -> None:
    """The scene every output shares (:func:`explainer.model.scene.pathway_scene`), zoomed, so each box
    keeps its place relative to the others on every page: the whole pathway with labels of at
    most FONT (the overview, and a step page when its labels are STEP_FLOOR or more), else
    ``cam``, one of the step's shots (:func:`_step_shots`), the rest of the pathway around it."""
    view = axes_size(ax)
    scene = pathway_scene(pathway)
    if cam is None:
        cam = _step_shots(scene, step, view)[0]
    label = min(FONT, label_size(scene, cam, view))
    draw_scene(scene, step, ax, camera=cam, zoom=label / scene.font_size)


class _Flow:
    """Text blocks placed down the page; a block that would reach the footer goes on on a new page.

    A block's own line breaks are kept (each line is wrapped to the page's width on its own).
    """

    def __init__(
        self,
        pathway: Pathway,
        first: Figure,
        title: str,
        top: float,
        bottom: float | None = None,
        width: float = TEXT_WIDTH,
    ):
        self.pathway, self.title, self.width = pathway, title, width
        self.pages, self.y = [first], top
        self.first_bottom = bottom  # on the first page, text stops here (a picture is below)
        self.bottom = _footer_top(pathway) if bottom is None else bottom
        self.pending: list = []  # (page, top): pages made already (a picture above top) to go on on first

    def add(self, text: str, size: float, style: dict) -> None:
        paragraphs = text.split("\n")  # each line of the block wrapped on its own
        lines = [
            ln
            for p in paragraphs
            for ln in wrap_text(" ".join(p.split()), size, width=self.width).split("\n")
        ]
        line, gap = size * 1.3 / 72 / PAGE[1], 6 / 72 / PAGE[1]
        while lines:
            room = int((self.y - self.bottom) / line + 1e-9)
            fresh = self.y == CONTINUED_TOP
            if not fresh and (room < 1 or room < min(2, len(lines))):  # no lone line at a page's foot
                self._next_page()
                continue
            chunk, lines = lines[: max(room, 1)], lines[max(room, 1) :]
            self.pages[-1].text(
                LEFT,
                self.y,
                "\n".join(chunk),
                fontsize=size,
                va="top",
                linespacing=1.3,
                parse_math=False,
                **style,
            )
            self.y -= len(chunk) * line + gap
            if lines:
                self._next_page()

    def _next_page(self) -> None:
        if self.pending:
            page, self.y = self.pending.pop(0)
            self.pages.append(page)
        else:
            self.pages.append(_page(self.pathway, f"{self.title} (continued)"))
            self.y = CONTINUED_TOP
        self.bottom = _footer_top(self.pathway)


def _overview(pathway: Pathway) -> list[Figure]:
    """The overview page (and its text's continuations); the whole pathway on it where its labels
    reach :data:`STEP_FLOOR` there, else on the pages after it (:func:`_whole_pages`)."""
    return _overview_pages(pathway, True) or [
        *_overview_pages(pathway, False),
        *_whole_pages(pathway),
    ]


def _overview_pages(pathway: Pathway, diagram: bool) -> list[Figure]:
    """The overview page: introduction, the whole pathway (``diagram``), legend and step list;
    none when the diagram's labels would come out under :data:`STEP_FLOOR`."""
    title = f"{pathway.title}: the whole pathway"
    fig = _page(pathway, title)
    x, bottom, w, h = OVERVIEW_RECT
    # The introduction goes above the diagram, never over it: the diagram gives up height (down to
    # MIN_OVERVIEW), and what still does not fit goes on to the next page.
    intro = _Flow(pathway, fig, title, 0.86, bottom=bottom + (MIN_OVERVIEW + 0.01 if diagram else 0.0))
    intro.add(wd.about(pathway), 11, {})
    for block in (b for p in pathway.introduction for b in _passage_blocks(pathway, p)):
        intro.add(*block)
    if diagram:
        top = bottom + MIN_OVERVIEW if len(intro.pages) > 1 else min(bottom + h, intro.y - 0.01)
        rect = (x, bottom, w, top - bottom)
        scene, view = pathway_scene(pathway), (w * PAGE[0] * 72, (top - bottom) * PAGE[1] * 72)
        if min(FONT, label_size(scene, whole_camera(scene, view), view)) < STEP_FLOOR:
            return []
        _diagram(fig, pathway, None, rect)
    else:
        intro.add(WHOLE_LATER, 11, {"style": "italic"})
    # under the diagram, or under the introduction where the diagram is on pages of its own
    steps_top = STEPS_TOP if diagram or len(intro.pages) > 1 else max(STEPS_TOP, intro.y - 0.02)
    with mstyle.context([STYLE, PRINT_RC]):
        fig.legend(  # beside the step list: the diagram gets the height
            handles=legend_handles(),
            loc="upper right",
            ncol=2,
            fontsize=10,
            bbox_to_anchor=(LEFT + TEXT_WIDTH / 72 / PAGE[0], steps_top),
            borderaxespad=0,
            frameon=True,
        )
    steps = _Flow(pathway, fig, title, steps_top, width=TEXT_WIDTH - LEGEND_WIDTH - 12)
    steps.add("The steps (each on its own page):", 10, {"fontweight": "bold"})
    steps.add("\n".join(wd.step_heading(pathway, k) for k in range(len(pathway.steps))), 10, {})
    return _merge(intro.pages, steps.pages)


WHOLE_LATER = (
    "The diagram of the whole pathway is on the pages after this one (in parts where it is too large "
    "to read on one page, each with the whole drawn small and the part framed in it)."
)


def _whole_pages(pathway: Pathway) -> list[Figure]:
    """The whole pathway on pages of its own, between the title and the footer: whole, with
    labels of :data:`FONT` at most, where they reach :data:`STEP_FLOOR`; else in parts at that
    size, each titled "part i of n" with the whole drawn small beside the title."""
    scene = pathway_scene(pathway)
    bottom = _footer_top(pathway)
    rect = (LEFT, bottom, 0.94, CONTINUED_TOP - bottom)
    view = (rect[2] * PAGE[0] * 72, rect[3] * PAGE[1] * 72)
    whole = whole_camera(scene, view)
    label = min(FONT, label_size(scene, whole, view))
    cams = [whole] if label >= STEP_FLOOR else part_cameras(scene, view, STEP_FLOOR)
    label = max(label, STEP_FLOOR)
    title = f"{pathway.title}: the whole pathway"
    if len(cams) == 1:
        fig = _page(pathway, f"{title} (diagram)")
        _camera_view(fig, pathway, scene, whole, label, rect)
        return [fig]
    pages = []
    for i, cam in enumerate(cams):
        fig = _page(pathway, f"{title}, part {i + 1} of {len(cams)}", TEXT_WIDTH - INSET_WIDTH - 12)
        _camera_view(fig, pathway, scene, cam, label, rect)
        _inset(fig, pathway, scene, cam)
        pages.append(fig)
    return pages


def _camera_view(fig: Figure, pathway: Pathway, scene, cam: Camera, label: float, rect) -> None:
    """The whole pathway framed by ``cam`` (its view fills ``rect``), labels of ``label`` points:
    the one scene scaled, every box where it is on every other page."""
    with mstyle.context([STYLE, PRINT_RC]):
        draw_scene(scene, None, fig.add_axes(rect), camera=cam, zoom=label / scene.font_size)


def _inset(fig: Figure, pathway: Pathway, scene, cam: Camera) -> None:
    """The whole pathway, small and without words, beside the title, with ``cam``'s part framed."""
    from matplotlib.patches import Rectangle

    with mstyle.context([STYLE, PRINT_RC]):
        ax = fig.add_axes(INSET_RECT)
        view = axes_size(ax)
        whole = whole_camera(scene, view)
        draw_scene(scene, None, ax, camera=whole)
        for text in list(ax.texts):  # labels far under the floor: the shapes alone
            text.remove()
        for patch in ax.patches:
            patch.set_linewidth(patch.get_linewidth() * INSET_LINES)
        frame = Rectangle(
            (cam.x, cam.y),
            cam.width,
            cam.height,
            fill=False,
            edgecolor="black",
            linewidth=1.5,
            gid="part",
            clip_on=True,
        )
        ax.add_patch(frame)
        ax.set_gid("inset")


def _merge(*flows) -> list[Figure]:
    """The pages of several flows that started on the same page, in order, each once."""
    out = []
    for pages in flows:
        out += [p for p in pages if all(p is not q for q in out)]
    return out


def _step_shots(scene, step, view: tuple[float, float]) -> list[Camera]:
    """The cameras a step's diagram shows in ``view`` (points): the whole where its labels reach
    STEP_FLOOR (and on the overview, ``step`` None); else the step's shots at STEP_FLOOR or more,
    labels of FONT at most (:func:`explainer.model.camera.step_shots`): one camera on its boxes
    and links, or, for a step too big for one picture, a page a shot."""
    whole = whole_camera(scene, view)
    if step is None or label_size(scene, whole, view) >= STEP_FLOOR:
        return [whole]
    return step_shots(scene, step, view, STEP_FLOOR, most=FONT)


def _step_pages(pathway: Pathway, k: int) -> list[Figure]:
    """Step ``k``'s pages: its diagram, its passages and question under it; a step in several
    shots has a page a shot ("part 2 of 2", the step's boxes it shows named under it), which
    its text goes on on before any page of text alone."""
    step = pathway.steps[k]
    title = wd.step_heading(pathway, k)
    scene = pathway_scene(pathway)
    cams = _step_shots(scene, k, (DIAGRAM_RECT[2] * PAGE[0] * 72, DIAGRAM_RECT[3] * PAGE[1] * 72))
    n, figs = len(cams), []
    for j, cam in enumerate(cams):
        fig = _page(pathway, title if n == 1 else f"{title}, part {j + 1} of {n}")
        _diagram(fig, pathway, k, cam=cam)
        figs.append(fig)
    flow = _Flow(pathway, figs[0], title, STEP_TEXT_TOP)
    names = ", ".join(wd.node_name(pathway, n) for n in step.nodes)
    flow.add(f"Highlighted: {names}", 10, {})
    for j, (fig, cam) in enumerate(zip(figs[1:], cams[1:], strict=True), start=2):
        held = [b for b in step_boxes(scene, k) if cam.holds(b.x, b.x + b.width, b.y, b.y + b.height, 1e-3)]
        shows = ", ".join(wd.node_name(pathway, b.node) for b in held)
        line = wrap_text(f"Part {j} of {n} of this step shows: {shows}", 10, width=TEXT_WIDTH)
        fig.text(LEFT, STEP_TEXT_TOP, line, fontsize=10, va="top", linespacing=1.3, parse_math=False)
        top = STEP_TEXT_TOP - ((line.count("\n") + 1) * 10 * 1.3 + 6) / 72 / PAGE[1]
        flow.pending.append((fig, top))
    for block in (b for p in step.passages for b in _passage_blocks(pathway, p)):
        flow.add(*block)
    flow.add(f"{wd.CHECK_YOURSELF} {step.question}", 11, {"fontweight": "bold"})
    return flow.pages + [fig for fig, _ in flow.pending]


def _passage_blocks(pathway: Pathway, passage) -> list:
    """A quote from the article with its section, or a research summary with its citations."""
    text = " ".join(passage.text.split())
    if pathway.quotes_article:
        return [
            (wd.quote_caption(passage.section), 10, {"style": "italic"}),
            (f"“{text}”", 11, {}),
        ]
    refs = "; ".join(pathway.reference(r).citation for r in passage.cites)
    return [
        (wd.SUMMARY_LABEL, 10, {"style": "italic"}),
        (text, 11, {}),
        (refs, 9, {}),
    ]
