"""The pathway as an SBGN-ML Activity Flow map (``<id>.sbgn``), written with ``libsbgnpy``.

SBGN-ML is the exchange format of the notation the diagram draws: SBGN editors (Newt,
CellDesigner's SBGN view, VANTED/SBGN-ED) open it. Each box is a glyph of its Activity
Flow class (a drug a *perturbation*, unless a link points to it; an outcome a *phenotype*; any other a
*biological activity*), each link an arc of its influence (*positive*, *negative* or
*unknown influence*: what the diagram draws as an open triangle, a bar and an open diamond),
placed where the Graphviz layout puts them (SBGN-ML's y axis points down). Labels are as
written in the pathway file. The map's notes carry the source's attribution, the words that
are the project's, and the disclaimer; a hedged link says so in its own notes.

The map declares Activity Flow Level 1 Version 1.0, the version whose node classes include
the perturbation glyph (Version 1.2 keeps it as a deprecated class).

>>> from explainer import load_pathway
>>> doc = sbgn_document(load_pathway())
>>> doc.map[0].glyph[0].class_value.value, doc.map[0].arc[0].class_value.value
('perturbation', 'negative influence')
"""

from html import escape
from pathlib import Path

from libsbgnpy import (
    Arc,
    ArcClass,
    Bbox,
    Glyph,
    GlyphClass,
    Label,
    Map,
    MapLanguage,
    MapVersion,
    Sbgn,
    write_sbgn_to_string,
)

from explainer.loading.pathway import Pathway
from explainer.model.graph import build_graph
from explainer.model.layout import layout
from explainer.outputs.files import checked, write_files
from explainer.words import wording as wd

VERSION = MapVersion.HTTP_IDENTIFIERS_ORG_COMBINE_SPECIFICATIONS_SBGN_AF_LEVEL_1_VERSION_1_0
GLYPH_CLASS = {  # a node's kind: its Activity Flow glyph class (every other kind: biological activity)
    "drug": GlyphClass.PERTURBATION,
    "outcome": GlyphClass.PHENOTYPE,
}
ARC_CLASS = {
    "positive": ArcClass.POSITIVE_INFLUENCE,
    "negative": ArcClass.NEGATIVE_INFLUENCE,
    "unknown": ArcClass.UNKNOWN_INFLUENCE,
}
XHTML = "http://www.w3.org/1999/xhtml"
HEDGED = "A hedged link (dashed in the explainer): the source says it may happen, not that it does."
MARGIN = 20.0  # points of canvas around the drawing


def glyph_class(kind: str, influenced: bool = False) -> GlyphClass:
    """The Activity Flow glyph class of a node of ``kind``. A perturbation acts from outside, so
    a drug that a link points to (a metabolite, say) is a biological activity (AF rule af10102)."""
    if kind == "drug" and influenced:
        return GlyphClass.BIOLOGICAL_ACTIVITY
    return GLYPH_CLASS.get(kind, GlyphClass.BIOLOGICAL_ACTIVITY)


def _notes(*paragraphs: str) -> Sbgn.Notes:
    """SBGN-ML notes: an XHTML body, one paragraph each (escaped: content is text, never markup)."""
    body = "".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs)
    return Sbgn.Notes(w3_org_1999_xhtml_element=[f'<body xmlns="{XHTML}">{body}</body>'])


def map_notes(pathway: Pathway) -> tuple[str, ...]:
    """What the map's notes say, in plain text."""
    return (
        f"{pathway.title}. {wd.about(pathway)}",
        f"{wd.source_label(pathway)}: {pathway.attribution}.",
        "Layout and notation: the project's. A dashed link in the explainer is one the source "
        "hedges; here such an arc says so in its notes.",
        wd.DISCLAIMER,
    )


def sbgn_document(pathway: Pathway) -> Sbgn:
    """The SBGN-ML document: one Activity Flow map, a glyph per box and an arc per link."""
    g = build_graph(pathway)
    lay = layout(g)
    xmin, xmax, ymin, ymax = lay.bounds

    def corner(x: float, y: float) -> tuple[float, float]:  # layout points (y up) to SBGN-ML (y down)
        return round(x - xmin + MARGIN, 2), round(ymax - y + MARGIN, 2)

    glyphs, targets = [], {e.target for e in pathway.edges}
    for node in pathway.nodes:
        (cx, cy), (w, h) = lay.pos[node.id], lay.sizes[node.id]
        x, y = corner(cx - w / 2, cy + h / 2)
        glyphs.append(
            Glyph(
                id=f"glyph_{node.id}",
                class_value=glyph_class(node.kind, node.id in targets),
                label=Label(text=node.label),
                bbox=Bbox(x=x, y=y, w=round(w, 2), h=round(h, 2)),
            )
        )
    arcs = []
    for i, edge in enumerate(pathway.edges):
        start, end = corner(*lay.edges[edge.key][0]), corner(*lay.tips[edge.key])
        arcs.append(
            Arc(
                id=f"arc_{i}_{edge.source}_{edge.target}",
                class_value=ARC_CLASS[edge.influence],
                source=f"glyph_{edge.source}",
                target=f"glyph_{edge.target}",
                start=Arc.Start(x=start[0], y=start[1]),
                end=Arc.End(x=end[0], y=end[1]),
                notes=_notes(HEDGED) if edge.hedged else None,
            )
        )
    canvas = Bbox(x=0.0, y=0.0, w=round(xmax - xmin + 2 * MARGIN, 2), h=round(ymax - ymin + 2 * MARGIN, 2))
    the_map = Map(
        id=f"map_{pathway.id}",
        language=MapLanguage.ACTIVITY_FLOW,
        version=VERSION,
        bbox=canvas,
        glyph=glyphs,
        arc=arcs,
        notes=_notes(*map_notes(pathway)),
    )
    return Sbgn(map=[the_map])


def sbgn_files(pathway: Pathway) -> dict[str, bytes]:
    """``{name: bytes}`` of the SBGN-ML map, ``<id>.sbgn``, checked."""
    xml = write_sbgn_to_string(sbgn_document(pathway))
    return {f"{pathway.id}.sbgn": checked(xml, "the SBGN-ML map", pathway.never_show)}


def write_sbgn(pathway: Pathway, out: Path) -> list[Path]:
    """Write ``OUT/<id>.sbgn``."""
    return write_files(out, sbgn_files(pathway))
