"""A printable handout (PDF, A4 landscape): the whole pathway and its legend, then a page a step.

Drawn with the same :func:`explainer.draw.draw_step` as the frames, at a print font size. It
reads in black and white: arrowheads and line styles carry the influences, line weight the
emphasis. Fonts are embedded as TrueType so the text can be searched and read back.
"""

import io
import textwrap
from pathlib import Path

import matplotlib.style as mstyle
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from explainer import text as tx
from explainer.assets import STYLE
from explainer.draw import draw_step, legend_handles
from explainer.export import write_files
from explainer.graph import build_graph
from explainer.pathway import Pathway

PAGE = (11.69, 8.27)  # A4 landscape, inches
FONT = 10.0  # diagram labels on paper
PRINT_RC = {"pdf.fonttype": 42, "figure.figsize": PAGE, "font.size": 11}
DIAGRAM_RECT = (0.03, 0.43, 0.94, 0.42)
OVERVIEW_RECT = (0.03, 0.385, 0.94, 0.40)
WRAP = 125  # characters per line of quoted text at 11 pt


def handout_pages(pathway: Pathway) -> list[Figure]:
    """The handout's pages as figures: the overview first, then one page per step."""
    g = build_graph(pathway)
    pages = [_overview(pathway, g)]
    pages += [_step_page(pathway, g, k) for k in range(len(pathway.steps))]
    return pages


def handout_bytes(pathway: Pathway) -> bytes:
    buf = io.BytesIO()
    metadata = {"Title": f"{pathway.title}: handout", "CreationDate": None}
    with mstyle.context([STYLE, PRINT_RC]), PdfPages(buf, metadata=metadata) as pdf:
        for fig in handout_pages(pathway):
            pdf.savefig(fig)
    return buf.getvalue()


def write_handout(pathway: Pathway, out: Path) -> Path:
    """Write ``OUT/<id>-handout.pdf`` atomically."""
    return write_files(out, {f"{pathway.id}-handout.pdf": handout_bytes(pathway)})[0]


def _page(pathway: Pathway, title: str) -> Figure:
    with mstyle.context([STYLE, PRINT_RC]):
        fig = Figure(figsize=PAGE)
        fig.text(0.03, 0.955, title, fontsize=18, fontweight="bold", va="top", parse_math=False)
        fig.text(
            0.03,
            0.02,
            tx.footer_text(pathway),
            fontsize=10,
            va="bottom",
            parse_math=False,
        )
    return fig


def _diagram(fig: Figure, g, step, rect=DIAGRAM_RECT) -> None:
    with mstyle.context([STYLE, PRINT_RC]):
        draw_step(g, step, fig.add_axes(rect), fontsize=FONT)


def _stack(fig: Figure, blocks, top: float) -> float:
    """Place text blocks (text, size, style) from ``top`` down; return where the next one starts."""
    height = fig.get_size_inches()[1]
    y = top
    for text, size, style in blocks:
        lines = textwrap.wrap(text, WRAP if size <= 11 else int(WRAP * 11 / size)) or [""]
        fig.text(
            0.03, y, "\n".join(lines), fontsize=size, va="top", linespacing=1.3, parse_math=False, **style
        )
        y -= (len(lines) * size * 1.3 + 6) / 72 / height
    return y


def _overview(pathway: Pathway, g) -> Figure:
    fig = _page(pathway, f"{pathway.title}: the whole pathway")
    about = (
        f"The mechanism as described in the article {pathway.attribution}. "
        "Quotes are the article's words; titles and questions are the project's."
        if pathway.quotes_article
        else f"{pathway.attribution}: every text is the project's summary, each with its citations."
    )
    top = [(about, 11, {})]
    for p in pathway.introduction:
        top += _passage_blocks(pathway, p)
    _stack(fig, top, 0.9)
    _diagram(fig, g, None, OVERVIEW_RECT)
    with mstyle.context([STYLE, PRINT_RC]):
        fig.legend(
            handles=legend_handles(),
            loc="upper center",
            ncol=4,
            fontsize=10,
            bbox_to_anchor=(0.5, 0.385),
            frameon=True,
        )
    blocks = [("The steps (one page each):", 10, {"fontweight": "bold"})]
    blocks += [(tx.step_heading(pathway, k), 10, {}) for k in range(len(pathway.steps))]
    _stack(fig, blocks, 0.29)
    return fig


def _step_page(pathway: Pathway, g, k: int) -> Figure:
    step = pathway.steps[k]
    fig = _page(pathway, tx.step_heading(pathway, k))
    _diagram(fig, g, k)
    names = ", ".join(tx.node_name(pathway, n) for n in step.nodes)
    blocks = [(f"Highlighted: {names}", 10, {})]
    for p in step.passages:
        blocks += _passage_blocks(pathway, p)
    blocks.append((f"Check yourself: {step.question}", 11, {"fontweight": "bold"}))
    _stack(fig, blocks, 0.41)
    return fig


def _passage_blocks(pathway: Pathway, passage) -> list:
    """A quote from the article with its section, or a research summary with its citations."""
    text = " ".join(passage.text.split())
    if pathway.quotes_article:
        return [
            (f"From the article, section “{passage.section}”:", 10, {"style": "italic"}),
            (f"“{text}”", 11, {}),
        ]
    refs = "; ".join(pathway.reference(r).citation for r in passage.cites)
    return [
        ("Summary of published research (the project's words):", 10, {"style": "italic"}),
        (text, 11, {}),
        (refs, 9, {}),
    ]
