"""The slide deck: a notebook of slides made from the pathway, exported by nbconvert.

:class:`Deck` returns each slide part as an IPython display object, so the notebook it
builds is an ordinary executed notebook (its code cells call the same methods and are
hidden in the deck). ``SlidesExporter`` with the ``offline_reveal`` template under
``assets/templates`` turns it into one self-contained HTML file.

>>> from explainer import load_pathway
>>> nb = deck_notebook(load_pathway())
>>> nb.cells[1].metadata.slideshow["slide_type"]
'slide'
"""

import base64
import copy
import re
from html import escape
from pathlib import Path

import nbformat
from IPython.display import HTML, Image
from nbconvert import SlidesExporter

from explainer.loading.assets import DEFAULT_PATHWAY, PATHWAYS, ROOT, TEMPLATES
from explainer.loading.pathway import Pathway, load_pathway
from explainer.model.camera import label_size, part_cameras, step_shots, whole_camera
from explainer.model.graph import build_graph
from explainer.model.scene import pathway_scene
from explainer.outputs import textfit
from explainer.outputs.files import checked, placed_ids, write_files
from explainer.outputs.offline import REVEAL, node_modules_dir, package_dir
from explainer.rendering.frames import figure_bytes, make_legend
from explainer.rendering.svg_diagram import camera_viewbox, diagram_style, diagram_svg
from explainer.words import text as tx
from explainer.words import wording as wd
from explainer.words.wording import DISCLAIMER

TEMPLATE = "offline_reveal"
FRONTEND = ROOT / "frontend"


# A step slide (1280 x 720 CSS px, scaled to the screen): the passages go between the diagram
# (84 to 474) and the footer (694). Their heights are estimated from the font's metrics at the
# theme's sizes (explainer-theme.css; lines break a little early, see textfit.SLACK); what does
# not fit continues on the next slide, with the same diagram in the same place.
PASSAGE_ROOM = 215.0  # above a footer of one line; each more line of it takes FOOTER_LINE
PASSAGE_GAP = 4.0
# The footer stops FOOTER_CLEAR px short of the slide's right edge: reveal.js's navigation arrows
# (110 px square, 12 px from the window's corner, not scaled with the slide) stand there, over the
# slide's last 126 px at 1280x720 and 84 px at 1920x1080. A footer longer than a line wraps.
FOOTER_CLEAR, FOOTER_SIZE, FOOTER_LINE = 150.0, 16.0, 21.6
QUOTE_WIDTH, SUMMARY_WIDTH, REFS_WIDTH = 1240.0, 1246.0, 1180.0
# The diagram's box on every step slide and on the summary (CSS px of the slide, as in
# explainer-theme.css). A step slide shows its step's camera (explainer.model.camera) in it, labels
# of at most STEP_MOST px, STEP_MARGIN label ems around the step's part; reveal.js scales the
# slide by 1.46 at 1920x1080 and 1.03 at 1366x768, so STEP_FLOOR (17.4 px) here is 24 and 18 px
# there. A step too big for one camera at that floor is shown in shots, a slide each.
STEP_VIEW = (1280.0, 390.0)
WHOLE_VIEW = (1280.0, 600.0)  # under a one-line title; each more line of it takes TITLE_LINE
TITLE_SIZE, TITLE_LINE = 36.0, 41.4
STEP_TITLE_SIZES = (36, 30, 24)  # a step title on one line at the first that holds it, else 18 px
STEP_MOST, STEP_MARGIN, STEP_FLOOR = 24.0, 0.5, 17.4
WHOLE_LEAST = 8.3  # the summary's labels: 12 px at 1920x1080, or the summary goes on in parts


class Deck:
    """The parts of each slide, as display objects."""

    def __init__(self, pathway: Pathway):
        self.pathway = pathway
        self.graph = build_graph(pathway)
        self.scene = pathway_scene(pathway)
        # each step's shots (one camera, or several for a step too big for one at the floor)
        self.shots = [
            step_shots(self.scene, k, STEP_VIEW, STEP_FLOOR, STEP_MOST, STEP_MARGIN)
            for k in range(len(pathway.steps))
        ]
        view = whole_view(pathway)
        small = label_size(self.scene, whole_camera(self.scene, view), view) < WHOLE_LEAST
        # a whole too small to read: the summary slide is followed by its parts at the floor
        self.parts = part_cameras(self.scene, view, WHOLE_LEAST) if small else []

    @classmethod
    def from_file(cls, path=DEFAULT_PATHWAY) -> "Deck":
        return cls(load_pathway(path))

    def _footer(self) -> str:
        return f'<p class="explainer-slide-footer">{escape(wd.footer_text(self.pathway))}</p>'

    def title(self) -> HTML:
        p = self.pathway
        return HTML(
            f"<h1>{escape(p.title)}</h1><p>{escape(wd.about(p))}</p>"
            f"{tx.introduction_html(p)}"
            f'<p class="explainer-disclaimer-big">{escape(DISCLAIMER)}</p>'
        )

    def notation(self) -> HTML:
        return HTML(
            '<p class="explainer-kind">How to read the diagram</p><h2>Notation (SBGN Activity Flow)</h2>'
            "<p>The arrowhead says how one thing influences the next; a dashed line marks a link "
            "that is hedged or hypothesised. The current step is drawn thick, later steps grey: "
            "shape and line, not colour alone, carry the meaning.</p>" + self._footer()
        )

    def legend(self) -> Image:
        return Image(data=figure_bytes(make_legend()), format="png")

    def step_slides(self, k: int) -> int:
        """How many slides step ``k`` takes: a slide a shot, more where its passages go on."""
        return max(len(self.shots[k]), len(passage_pages(self.pathway, k)))

    def step_title(self, k: int, slide: int = 0) -> HTML:
        """The title of step ``k``'s ``slide``-th slide: "Step 3 of 7", "Step 3 of 7 · part 2 of 2"
        (its second shot), "(continued)" where its passages go on with the same view."""
        n = len(self.shots[k])
        kind = wd.step_kind(self.pathway, k)
        if n > 1:
            kind += f" · part {min(slide, n - 1) + 1} of {n}"
        if slide >= n:
            kind += " (continued)"
        kind += tx.contested_html(self.pathway, k)
        return HTML(f'<p class="explainer-kind">{kind}</p>{self._step_heading(k)}' + self._footer())

    def _step_heading(self, k: int) -> str:
        """The step's title in the height of one line at the title's size (the diagram under it
        keeps its place): a smaller size for a long title, two lines at the least."""
        title = self.pathway.steps[k].title
        size = next((s for s in STEP_TITLE_SIZES if len(textfit.wrap(title, s, 1280.0, bold=True)) == 1), 18)
        return f'<h2 class="explainer-title-{size}">{escape(title)}</h2>{legend_line(self.pathway)}'

    def diagram_style(self) -> HTML:
        """The diagrams' stylesheet and font, once for the deck (each step's SVG relies on it),
        and the script of the side-branch switches every diagram gets (no kernel, keyboard too)."""
        return HTML(f"<style>{diagram_style(self.pathway)}</style>{branch_script(self.pathway)}")

    def diagram(self, k: int | None, shot: int = 0) -> HTML:
        """The vector diagram in the state of step ``k`` (``None``: the whole pathway).

        A step's diagram is the same picture framed by the step's camera (its ``viewBox``), in
        the same box on every step slide: the step's boxes and links large, the rest around them;
        ``shot``: the step's ``shot``-th camera, for a step shown in several (:attr:`shots`).
        """
        what = f"the whole pathway: {self.pathway.title}" if k is None else wd.step_heading(self.pathway, k)
        n = 1 if k is None else len(self.shots[k])
        part = f", part {shot + 1} of {n}" if n > 1 else ""
        label = (
            f"Diagram of {what}"
            if k is None
            else f"Diagram of the pathway with {what} emphasised, framed on its boxes and links{part}"
        )
        svg = diagram_svg(self.pathway, step=k, style=False, interactive=False, label=label)
        if k is None:
            height = f"height:{whole_view(self.pathway)[1]:g}px"
            return HTML(f'<div class="explainer-whole-diagram" style="{height}">{svg}</div>')
        box = camera_viewbox(self.scene, self.shots[k][shot])
        svg = re.sub(r'viewBox="[^"]*"', f'viewBox="{box}"', svg, count=1)
        return HTML(f'<div class="explainer-step-diagram">{svg}</div>')

    def passages(self, k: int, page: int = 0) -> HTML:
        """Step ``k``'s passages on its ``page``-th slide (see :func:`passage_pages`)."""
        pieces = passage_pages(self.pathway, k)[page]
        return HTML("".join(_piece_html(self.pathway, piece) for piece in pieces))

    def notes(self, k: int) -> HTML:
        s = self.pathway.steps[k]
        return HTML(
            f"<p><b>Teaching prompt:</b> {escape(s.prompt)}</p>"
            f"<p><b>Check question:</b> {escape(s.question)}</p>" + tx.note_html(self.pathway, k)
        )

    def summary_title(self, part: int | None = None) -> HTML:
        """The summary's title; ``part``: that of its ``part``-th part (see :attr:`parts`)."""
        kind = "Summary" if part is None else f"Summary · part {part + 1} of {len(self.parts)}"
        return HTML(
            f'<p class="explainer-kind">{kind}</p>'
            f"<h2>{escape(summary_heading(self.pathway))}</h2>" + self._footer()
        )

    def diagram_part(self, part: int) -> HTML:
        """The whole pathway's ``part``-th part, in the summary's box (labels of WHOLE_LEAST px)."""
        label = f"Diagram of the whole pathway: {self.pathway.title}, part {part + 1} of {len(self.parts)}"
        svg = diagram_svg(self.pathway, step=None, style=False, interactive=False, label=label)
        box = camera_viewbox(self.scene, self.parts[part])
        svg = re.sub(r'viewBox="[^"]*"', f'viewBox="{box}"', svg, count=1)
        height = f"height:{whole_view(self.pathway)[1]:g}px"
        return HTML(f'<div class="explainer-whole-diagram" style="{height}">{svg}</div>')


def whole_view(pathway: Pathway) -> tuple[float, float]:
    """The summary's diagram box (CSS px of the slide): the room under its title, above the footer."""
    lines = len(textfit.wrap(summary_heading(pathway), TITLE_SIZE, WHOLE_VIEW[0], bold=True))
    return WHOLE_VIEW[0], WHOLE_VIEW[1] - TITLE_LINE * (lines - 1) - FOOTER_LINE * (footer_lines(pathway) - 1)


def summary_heading(pathway: Pathway) -> str:
    return f"The whole pathway: {pathway.title}"


def branch_script(pathway: Pathway) -> str:
    """The switches' script: the diagram widget's own functions, called on the deck's diagrams."""
    if not pathway.branches:
        return ""
    labels = tx.json_in_html({b: wd.branch_label(pathway, b) for b in pathway.branches})
    code = "".join((FRONTEND / f).read_text(encoding="utf-8") for f in ("diagram.js", "deck_branches.js"))
    return f'<script type="module">{code}\ndeckBranches({labels});</script>'


def footer_lines(pathway: Pathway) -> int:
    """How many lines the slides' footer takes (explainer-theme.css: 16 px, FOOTER_CLEAR short)."""
    return len(textfit.wrap(wd.footer_text(pathway), FOOTER_SIZE, WHOLE_VIEW[0] - FOOTER_CLEAR))


def passage_room(pathway: Pathway) -> float:
    """CSS px for a step slide's passages: under the diagram, above the footer."""
    return PASSAGE_ROOM - FOOTER_LINE * (footer_lines(pathway) - 1)


def passage_pages(pathway: Pathway, k: int) -> list[list[tuple]]:
    """Step ``k``'s passages as slides, each a list of pieces ``(passage, text)`` that fit.

    A passage taller than a whole slide's room is cut into verbatim parts where PowerPoint's deck
    cuts it (:func:`explainer.outputs.textfit.split_at`): at a sentence end, never leaving a scrap.
    """
    pages, used, room = [[]], 0.0, passage_room(pathway)
    for passage in pathway.steps[k].passages:
        for text in _parts(pathway, passage, room):
            need = _piece_height(pathway, passage, text) + (PASSAGE_GAP if pages[-1] else 0.0)
            if pages[-1] and used + need > room:
                pages.append([])
                used, need = 0.0, need - PASSAGE_GAP
            pages[-1].append((passage, text))
            used += need
    return pages


def _parts(pathway: Pathway, passage, room: float) -> list[str]:
    """The passage's words in as few parts as fit a slide each (one part, usually)."""
    words, parts = " ".join(passage.text.split()).split(" "), []
    width = QUOTE_WIDTH if pathway.quotes_article else SUMMARY_WIDTH
    while words:
        lo, hi = 1, len(words)
        while lo < hi:  # the most words that fit
            mid = (lo + hi + 1) // 2
            if _piece_height(pathway, passage, " ".join(words[:mid])) <= room:
                lo = mid
            else:
                hi = mid - 1
        if lo < len(words):
            lo = textfit.split_at(words, lo, lambda rest: _lines(" ".join(rest), 21, width))
        parts.append(" ".join(words[:lo]))
        words = words[lo:]
    return parts


def _lines(text: str, size: float, width: float, italic: bool = False) -> int:
    return len(textfit.wrap(text, size, width, italic=italic))


def _piece_height(pathway: Pathway, passage, text: str) -> float:
    """CSS px of one passage (or part) on a slide (explainer-theme.css)."""
    more, goes_on = tx.part_words(_part(passage, text))
    if pathway.quotes_article:
        caption = more + wd.quote_caption(passage.section) if passage.section or more else ""
        source = _lines(pathway.attribution + goes_on, 14, QUOTE_WIDTH)
        h = 10.5 + 27.3 * _lines(text, 21, QUOTE_WIDTH) + 18.9 * source
        h += 20.25 * _lines(caption, 15, QUOTE_WIDTH, italic=True) if caption else 0
    else:
        refs = sum(_lines(pathway.reference(c).citation, 14, REFS_WIDTH) for c in passage.cites)
        label = 20.25 * _lines(more + wd.SUMMARY_LABEL, 15, SUMMARY_WIDTH, italic=True)
        h = 17.15 + label + 28.35 * _lines(text, 21, SUMMARY_WIDTH) + 18.9 * refs + (18.9 if goes_on else 0.0)
    return h


def _part(passage, text: str) -> str:
    """Which part of ``passage`` the verbatim ``text`` is: whole, first, middle or last."""
    whole = " ".join(passage.text.split())
    if text == whole:
        return "whole"
    return "first" if whole.startswith(text) else "last" if whole.endswith(text) else "middle"


def _piece_html(pathway: Pathway, piece: tuple) -> str:
    passage, text = piece
    if pathway.quotes_article:
        return tx.quote_html(passage.section, text, pathway, _part(passage, text))
    return tx.summary_html(text, passage.cites, pathway, _part(passage, text))


def legend_line(pathway: Pathway) -> str:
    """The notation in one line, on every step slide (the full legend is the notation slide's picture)."""
    return (
        '<p class="explainer-legend-line" aria-label="Legend">'
        "<span>▷ stimulates</span> <span>⊣ inhibits</span> <span>◇ modulates</span> "
        f"<span>- - - {wd.hedged(pathway)}</span> <span><b>thick</b>: this step</span> "
        "<span>grey: later steps</span></p>"
    )


def _output(obj, alt: str | None = None) -> nbformat.NotebookNode:
    if isinstance(obj, Image):
        data = {
            "image/png": base64.b64encode(obj.data).decode("ascii"),
            "text/plain": "<IPython.core.display.Image object>",
        }
        return nbformat.v4.new_output("display_data", data=data, metadata={"alt": alt or "Diagram"})
    data = {"text/html": obj.data, "text/plain": "<IPython.core.display.HTML object>"}
    return nbformat.v4.new_output("display_data", data=data)


def _setup_code(source: Path | None) -> str:
    """The deck notebook's first cell: it loads the pathway without naming a folder of the machine
    that built it (a shipped pathway by its place in the package, another one beside the notebook)."""
    if source is None or source.resolve() == DEFAULT_PATHWAY.resolve():
        return "from explainer.outputs.slides import Deck\ndeck = Deck.from_file()"
    if source.resolve().parent == PATHWAYS.resolve():
        return (
            "from explainer.loading.assets import PATHWAYS\nfrom explainer.outputs.slides import Deck\n"
            f"deck = Deck.from_file(PATHWAYS / {source.name!r})"
        )
    beside = "  # the file beside this notebook"
    return f"from explainer.outputs.slides import Deck\ndeck = Deck.from_file({source.name!r}){beside}"


def deck_notebook(pathway: Pathway, source: Path | None = None) -> nbformat.NotebookNode:
    """The slides as a notebook with outputs: each code cell's output is what running it gives."""
    deck = Deck(pathway)
    cells = []

    def cell(method: str, args: tuple, slide_type: str, alt: str | None = None):
        """A cell calling ``deck.METHOD(*ARGS)``, with the output that call gives (no eval)."""
        obj = getattr(deck, method)(*args)
        code = f"deck.{method}({', '.join(repr(a) for a in args)})"
        c = nbformat.v4.new_code_cell(code, outputs=[_output(obj, alt)])
        c.metadata["slideshow"] = {"slide_type": slide_type}
        cells.append(c)

    setup = nbformat.v4.new_code_cell(_setup_code(source))
    setup.metadata["slideshow"] = {"slide_type": "skip"}
    cells.append(setup)
    cell("title", (), "slide")
    cell("notation", (), "slide")
    cell("diagram_style", (), "-")
    cell(
        "legend",
        (),
        "-",
        wd.legend_words(pathway),
    )
    for k in range(len(pathway.steps)):
        # a slide a shot of the step (one, mostly) and a slide a page of its passages, whichever
        # are more: the last shot stays for passages that go on, the last page for later shots
        shots, pages = len(deck.shots[k]), len(passage_pages(pathway, k))
        for j in range(deck.step_slides(k)):
            cell("step_title", (k, j) if j else (k,), "slide")
            cell("diagram", (k, min(j, shots - 1)) if j and shots > 1 else (k,), "-")
            cell("passages", (k, min(j, pages - 1)) if j else (k,), "fragment" if j < pages else "-")
            cell("notes", (k,), "notes")
    cell("summary_title", (), "slide")
    cell("diagram", (None,), "-")
    for part in range(len(deck.parts)):
        cell("summary_title", (part,), "slide")
        cell("diagram_part", (part,), "-")
    nb = placed_ids(nbformat.v4.new_notebook(cells=cells))
    nb.metadata["title"] = f"{pathway.title}: slides"
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def export_html(nb: nbformat.NotebookNode, node_modules: Path | None = None) -> str:
    """The deck as one self-contained HTML string (reveal.js and the theme inlined)."""
    package_dir(REVEAL, node_modules)
    node_modules = node_modules_dir(node_modules)
    exporter = SlidesExporter(
        template_name=TEMPLATE,
        extra_template_basedirs=[str(TEMPLATES)],
        extra_template_paths=[str(node_modules)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(copy.deepcopy(nb), resources={"metadata": {"name": "slides"}})
    return body


def slides_files(pathway: Pathway, node_modules: Path | None = None) -> dict[str, bytes]:
    """``{name: bytes}`` of the deck: ``<id>-slides.ipynb`` and ``<id>-slides.html``.

    Both are checked before either is returned (and so before either is written).
    """
    nb = deck_notebook(pathway, Path(pathway.file) if pathway.file else None)
    html = checked(export_html(nb, node_modules), "the deck", pathway.never_show)
    notebook = checked(nbformat.writes(nb), "the deck notebook", pathway.never_show)
    return {f"{pathway.id}-slides.ipynb": notebook, f"{pathway.id}-slides.html": html}


def write_slides(pathway: Pathway, out: Path, node_modules: Path | None = None) -> list[Path]:
    """Write ``OUT/<id>-slides.ipynb`` and ``OUT/<id>-slides.html`` (the last path): both or neither."""
    return write_files(out, slides_files(pathway, node_modules))
