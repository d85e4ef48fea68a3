"""One accessible SVG per pathway and branch set; a step is a state of it, not a new picture.

The diagram is drawn once by :func:`explainer.draw.draw_step` (the whole pathway, nothing
emphasised) and saved as SVG with text kept as ``<text>``. The drawing's gids become element
ids (``node:ID``, ``label:ID``, ``contested:ID``, ``edge:SRC->TGT``, ``head:SRC->TGT:INF``),
and this module regroups them: one ``<g>`` per box and one per link, in the order of the walk
(:func:`explainer.describe.item_order`, so Tab follows the pathway), each a focusable button
with an accessible name and a ``<title>`` (full name and glossary). Colours and line widths
leave the elements for a stylesheet generated from the drawing's own style tables: each item
carries a class per step in which it is current or later (``st3-current``, ``st3-future``),
and the ``data-step`` attribute of the ``<svg>`` selects which apply. Changing the step is
changing one attribute. The labels' font subset is embedded as WOFF, so text renders alike
everywhere.

>>> from explainer import load_pathway
>>> svg = diagram_svg(load_pathway(), step=0)
>>> svg.count('role="button"')
22
"""

import io
import math
import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from html import escape

from explainer import frame_cache
from explainer.assets import STYLE
from explainer.describe import diagram_label, item_hint, item_name, item_order, panel_items
from explainer.graph import CURRENT, FUTURE, PAST, build_graph, step_state
from explainer.pathway import Pathway

# Drawing (matplotlib, fontTools) is imported where it is used: a notebook whose diagram comes
# from the disk cache never loads it, which is most of its cold start.

SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
ROOT_CLASS = "explainer-diagram"
MIN_LABEL_PX = 12.0  # the diagram never shrinks its labels below this (it scrolls instead)
RING = "#0A2A66"  # focus and selection ring: 13.7:1 on the page, 4:1 or more on every box fill
PAINT = ("fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-dashoffset", "font-family")
PART_OF = {"node": "node", "label": "node", "contested": "node", "edge": "edge", "head": "edge"}
CLASS_OF = {"node": "exd-box", "label": "exd-label", "contested": "exd-contested", "edge": "exd-shaft"}


def _tag(name: str) -> str:
    return f"{{{SVG_NS}}}{name}"


def diagram_svg(
    pathway: Pathway,
    branches=None,
    step: int | None = None,
    style: bool = True,
    interactive: bool = True,
    label: str | None = None,
) -> str:
    """The pathway's diagram as an SVG string, showing step ``step`` (``None``: the whole pathway).

    ``branches`` limits the side branches drawn (``None``: all). ``style=False`` leaves out the
    stylesheet and font (a page showing the same diagram many times needs them once, see
    :func:`diagram_style`). ``interactive=False`` makes a picture (``role="img"``, for slides)
    whose boxes and links are not buttons; ``label`` replaces its accessible name.
    """
    key = None if branches is None else tuple(b for b in pathway.branches if b in branches)
    key = None if key == pathway.branches else key
    svg = _svg(pathway, key, style, interactive)
    svg = svg.replace('data-step="all"', f'data-step="{"all" if step is None else step}"', 1)
    if label is not None:
        svg = re.sub(r'aria-label="[^"]*"', f'aria-label="{escape(label, quote=True)}"', svg, count=1)
    return svg


def diagram_style(pathway: Pathway, branches=None) -> str:
    """The stylesheet (with the font) that the SVGs made with ``style=False`` rely on."""
    svg = ET.fromstring(diagram_svg(pathway, branches))
    return svg.find(_tag("style")).text


@lru_cache(maxsize=16)
def _svg(pathway: Pathway, branches: tuple | None, style: bool, interactive: bool = True) -> str:
    """Built once per process, and kept on disk across sessions (see :mod:`explainer.frame_cache`)."""
    entry = frame_cache.entry_key("diagram-svg", pathway.model_dump_json(), branches, style, interactive)
    cached = frame_cache.get(entry)
    if cached is not None and len(cached) == 1:
        return cached[0].decode("utf-8")
    svg = _build_svg(pathway, branches, style, interactive)
    frame_cache.put(entry, (svg.encode("utf-8"),))
    return svg


def _build_svg(pathway: Pathway, branches: tuple | None, style: bool, interactive: bool) -> str:
    root = _matplotlib_svg(pathway, branches)
    g = build_graph(pathway)
    parts = _parts(root)
    body = ET.Element(_tag("g"), {"class": "exd-items"})
    index = {item: i for i, item in enumerate(panel_items(pathway))}
    for item in item_order(pathway, branches):
        body.append(_item(pathway, g, item, parts))
        body[-1].set("data-index", str(index[item]))
        if not interactive:  # a picture: the items keep their title (hover) but are not buttons
            for name in ("role", "tabindex", "aria-label"):
                body[-1].attrib.pop(name)
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    per_label_px = width / smallest_label(parts)  # the diagram's width per pixel of its smallest label
    out = ET.Element(
        _tag("svg"),
        {
            "viewBox": f"0 0 {width:g} {height:g}",
            "class": ROOT_CLASS,
            "role": "group" if interactive else "img",
            "aria-label": diagram_label(pathway, branches, interactive),
            "data-step": "all",
            # Pages size the diagram from its smallest label: width = --exd-label-width times the
            # label size in px (explorer.css: 24 px on a projector, 12 px at least for students).
            "style": f"min-width:{math.ceil(per_label_px * MIN_LABEL_PX)}px;"
            f"--exd-label-width:{per_label_px:.3f}px;--exd-aspect:{width / height:.4f}",
        },
    )
    if style:
        ET.SubElement(out, _tag("style")).text = diagram_css(pathway, parts)
    ET.SubElement(
        out, _tag("rect"), {"width": "100%", "height": "100%", "fill": "#ffffff", "aria-hidden": "true"}
    )
    out.append(body)
    return ET.tostring(out, encoding="unicode")


def _matplotlib_svg(pathway: Pathway, branches) -> ET.Element:
    """The whole pathway drawn by matplotlib, saved as SVG with text as text."""
    import matplotlib
    import matplotlib.style as mstyle

    from explainer.frames import make_diagram

    fig = make_diagram(pathway, None, branches=branches)
    _adopt_decorations(fig.axes[0])
    with mstyle.context(STYLE), matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "explainer"}):
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches=_content_inches(fig))
    return ET.fromstring(buf.getvalue())


def _content_inches(fig, pad: float = 0.12):
    """The box around everything drawn with a gid, in inches, plus ``pad`` (room for strokes)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.transforms import Bbox

    renderer = FigureCanvasAgg(fig).get_renderer()
    drawn = [a for a in fig.axes[0].get_children() if a.get_gid() and a.get_visible()]
    box = Bbox.union([a.get_window_extent(renderer) for a in drawn])
    return box.transformed(fig.dpi_scale_trans.inverted()).padded(pad)


def _adopt_decorations(ax) -> None:
    """Give a box's gid-less decorations (the outcome's inner border) a gid in that box."""
    boxes = {p.get_gid(): p.get_extents() for p in ax.patches if (p.get_gid() or "").startswith("node:")}
    for patch in ax.patches:
        if patch.get_gid():
            continue
        extents = patch.get_extents()
        for gid, box in boxes.items():
            if (
                box.x0 <= extents.x0
                and extents.x1 <= box.x1
                and box.y0 <= extents.y0
                and extents.y1 <= box.y1
            ):
                patch.set_gid(f"{gid}:decor")
                break


def _parts(root: ET.Element) -> dict[str, list[ET.Element]]:
    """Each drawn element of an item, keyed by item id, with a class and without its paint."""
    parts: dict[str, list[ET.Element]] = {}
    for group in root.iter(_tag("g")):
        gid = group.get("id", "")
        prefix, _, rest = gid.partition(":")
        if prefix not in PART_OF:
            continue
        if prefix == "head":
            rest, _, influence = rest.rpartition(":")
            cls = f"exd-head exd-head-{influence}"
        elif rest.endswith(":decor"):
            rest, cls = rest.removesuffix(":decor"), "exd-box-inner"
        else:
            cls = CLASS_OF[prefix]
        for child in group:
            child.attrib.pop("clip-path", None)
            child.set("class", cls)
            child.set("style", _without_paint(child.get("style", "")))
            parts.setdefault(f"{PART_OF[prefix]}:{rest}", []).append(child)
    return parts


def smallest_label(parts: dict) -> float:
    """The font size of the smallest box label, in viewBox units (the fit shrinks labels to fit)."""
    labels = [
        el.get("style", "")
        for elements in parts.values()
        for el in elements
        if el.get("class") == "exd-label"
    ]
    return min(float(re.search(r"font-size:\s*([\d.]+)px", style)[1]) for style in labels)


def _without_paint(style: str) -> str:
    kept = [d for d in style.split(";") if d.split(":")[0].strip() not in PAINT and d.strip()]
    return ";".join(d.strip() for d in kept)


def _item(pathway: Pathway, g, item: str, parts: dict) -> ET.Element:
    """One box or link: a focusable button holding its drawn elements, a hit ring and a title."""
    kind, _, key = item.partition(":")
    data = g.nodes[key] if kind == "node" else g.edges[tuple(key.split("->"))]
    classes = ["exd-item", f"exd-{kind}"]
    if kind == "node":
        classes.append(f"kind-{data['kind']}")
    elif data["hedged"]:
        classes.append("exd-hedged")
    for k in range(len(g.graph["steps"])):
        states = step_state(g, k)[0 if kind == "node" else 1]
        state = states[key if kind == "node" else tuple(key.split("->"))]
        if state != PAST:
            classes.append(f"st{k}-{state}")
    el = ET.Element(
        _tag("g"),
        {
            "class": " ".join(classes),
            "data-id": item,
            "data-hint": item_hint(pathway, item),
            "role": "button",
            "tabindex": "0",
            "aria-label": item_name(pathway, item),
        },
    )
    ET.SubElement(el, _tag("title")).text = item_hint(pathway, item)
    drawn = parts.get(item, [])
    outline = next((e for e in drawn if e.get("class") in ("exd-box", "exd-shaft")), None)
    if outline is not None:  # under everything: a wide halo that shows focus and catches clicks
        ring = ET.SubElement(el, _tag("path"), {"d": outline.get("d"), "class": "exd-ring"})
        ring.set("aria-hidden", "true")
    el.extend(drawn)
    return el


def diagram_css(pathway: Pathway, parts: dict | None = None) -> str:
    """The diagram's stylesheet: paint by kind and by state, per step, from the drawing's tables."""
    from explainer.draw import EDGE_STYLE, FUTURE_FILL, KIND_FILL, NODE_STYLE
    from explainer.svg_font import FALLBACK, FAMILY, font_face_css

    r = f"svg.{ROOT_CLASS}"
    node_past, edge_past = NODE_STYLE[PAST], EDGE_STYLE[PAST]
    rules = [
        f"{r}{{width:100%;height:auto;display:block}}",
        f"{r} .exd-item{{cursor:pointer;outline:none}}",
        f"{r} text{{font-family:'{FAMILY}',{FALLBACK}}}",
        f"{r} .exd-ring{{fill:none;stroke:{RING};stroke-width:14;stroke-opacity:0;pointer-events:stroke}}",
        f"{r} .exd-edge .exd-ring{{stroke-width:18}}",
        f"{r} .exd-item:focus-visible .exd-ring,{r} .exd-item:hover .exd-ring{{stroke-opacity:1}}",
        f"{r} .exd-selected .exd-ring{{stroke-opacity:1;stroke-dasharray:6 4}}",
        f"{r} .exd-item:focus-visible.exd-selected .exd-ring{{stroke-dasharray:none}}",
        *_node_rules(r, "", node_past, None),
        *_edge_rules(r, "", edge_past),
        *(f"{r} .kind-{kind} .exd-box{{fill:{fill}}}" for kind, fill in KIND_FILL.items()),
    ]
    steps = range(len(pathway.steps))
    for state in (CURRENT, FUTURE):
        scope = ",".join(f'{r}[data-step="{k}"] .st{k}-{state}' for k in steps)
        rules += _node_rules(scope, ".exd-node", NODE_STYLE[state], FUTURE_FILL if state == FUTURE else None)
        rules += _edge_rules(scope, ".exd-edge", EDGE_STYLE[state])
    texts = _texts(parts or {})
    return font_face_css(texts) + "".join(rules)


def _each(scope: str, suffix: str) -> str:
    """``suffix`` under every selector of the comma-separated ``scope``."""
    return ",".join(f"{s}{suffix}" for s in scope.split(","))


def _node_rules(scope: str, on: str, style: tuple, fill: str | None) -> list[str]:
    colour, lw, text = style
    rules = [
        f"{_each(scope, on + ' .exd-box')}{{stroke:{colour};stroke-width:{lw:g}"
        + (f";fill:{fill}}}" if fill else "}"),
        f"{_each(scope, on + ' .exd-box-inner')}{{fill:none;stroke:{colour};stroke-width:1.2}}",
        f"{_each(scope, on + ' text')}{{fill:{text}}}",
    ]
    return rules


def _edge_rules(scope: str, on: str, style: tuple) -> list[str]:
    from explainer.draw import HEDGE_DASH

    colour, lw = style
    head = max(lw * 0.75, 1.5)
    return [
        f"{_each(scope, on + ' .exd-shaft')}{{fill:none;stroke:{colour};stroke-width:{lw:g}}}",
        f"{_each(scope, (on or ' ') + '.exd-hedged .exd-shaft')}"
        f"{{stroke-dasharray:{HEDGE_DASH[0]:g} {HEDGE_DASH[1]:g}}}",
        f"{_each(scope, on + ' .exd-head')}{{fill:#ffffff;stroke:{colour};stroke-width:{head:g}}}",
        f"{_each(scope, on + ' .exd-head-negative')}{{fill:{colour}}}",
    ]


def _texts(parts: dict) -> dict[tuple[int, str], str]:
    """The characters drawn, per (font weight, font style), to subset the font."""
    out: dict[tuple[int, str], str] = {}
    for elements in parts.values():
        for el in elements:
            if el.tag != _tag("text"):
                continue
            style = el.get("style", "")
            weight = 700 if re.search(r"font-weight:\s*(bold|700)", style) else 400
            slant = "italic" if re.search(r"font-style:\s*(italic|oblique)", style) else "normal"
            out[(weight, slant)] = out.get((weight, slant), "") + (el.text or "")
    return out
