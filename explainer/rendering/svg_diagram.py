"""One accessible SVG per pathway, written from its scene; a step and the branches shown are
states of it (attributes of the ``<svg>``), not new pictures.

The writer reads :func:`explainer.model.scene.pathway_scene` and writes SVG elements directly: a
box is a rounded-rectangle ``<path class="exd-box">`` (an outcome adds ``.exd-box-inner``),
its lines ``<text class="exd-label">`` (and ``.exd-contested``), a link a ``.exd-shaft`` path
and a ``.exd-head .exd-head-INFLUENCE`` polygon. One ``<g>`` per box and per link, in the
order of the walk (:func:`explainer.words.describe.item_order`, so Tab follows the pathway), each a
focusable button with an accessible name, a ``<title>`` (full name and glossary) and
``data-id`` (``node:ID``, ``edge:SRC->TGT``). Paint is a stylesheet made from the style table
(:mod:`explainer.rendering.paint`): each item has a class per step in which it is current or later
(``st3-current``, ``st3-future``) and ``data-step`` on the ``<svg>`` selects which apply; an
item of a side branch has ``data-branch`` and ``data-hidden`` on the ``<svg>`` hides the
branches listed. Text stays text, in an embedded font subset (:mod:`explainer.rendering.svg_font`).
The ``<svg>``'s ``data-cameras`` holds each step's camera and the whole's (:mod:`explainer.model.camera`)
as viewBoxes, for a wide box and a narrow one: the explorer (``camera.js``) moves between them.

>>> from explainer import load_pathway
>>> svg = diagram_svg(load_pathway(), step=0)
>>> svg.count('role="button"')
22
"""

import json
import math
import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from html import escape
from pathlib import Path

from explainer.loading.assets import DIAGRAM_STYLE
from explainer.loading.pathway import Pathway
from explainer.model.camera import step_cameras, whole_camera
from explainer.model.graph import CURRENT, FUTURE, PAST
from explainer.model.scene import Box, Link, Scene, pathway_scene
from explainer.rendering import frame_cache
from explainer.rendering.paint import PAINT
from explainer.words.describe import diagram_label, item_hint, item_name, item_order, panel_items

SVG_NS = "http://www.w3.org/2000/svg"
ROOT_CLASS = "explainer-diagram"
MIN_LABEL_PX = 12.0  # the whole at 12 px or more (a min-width) until the explorer's camera sizes it
RING = PAINT.ring  # focus and selection ring (the style table's)
PAD = 9.0  # points around the drawing: room for the widest stroke and the focus ring
# The explorer's diagram boxes the cameras are made for, in CSS px: wide (a laptop's, 45% of 800 px
# high, at the whole diagram's aspect; projectors and tablets scale it) and narrow (a phone's).
# A step's camera zooms in no further than labels of CAMERA_MOST_PX in them.
WIDE_HEIGHT = 360.0
NARROW = (370.0, 300.0)
CAMERA_MOST_PX = 20.0


def _tag(name: str) -> str:
    """An element's tag: plain, the root's ``xmlns`` attribute puts it in the SVG namespace (no
    prefix from ElementTree's process-wide registry, which another module may have changed)."""
    return name


def diagram_svg(
    pathway: Pathway,
    branches=None,
    step: int | None = None,
    style: bool = True,
    interactive: bool = True,
    label: str | None = None,
) -> str:
    """The pathway's diagram as an SVG string, showing step ``step`` (``None``: the whole pathway).

    ``branches`` lists the side branches shown (``None``: all); the others are in the SVG,
    hidden by its ``data-hidden`` attribute. ``style=False`` leaves out the stylesheet and font
    (a page showing the same diagram many times needs them once, see :func:`diagram_style`).
    ``interactive=False`` makes a picture (``role="img"``, for slides) whose boxes and links are
    not buttons; ``label`` replaces its accessible name.
    """
    svg = _svg(pathway, style, interactive)
    hidden = " ".join(b for b in pathway.branches if branches is not None and b not in branches)
    svg = svg.replace('data-step="all"', f'data-step="{"all" if step is None else step}"', 1)
    svg = svg.replace('data-hidden=""', f'data-hidden="{hidden}"', 1)
    name = label if label is not None else diagram_label(pathway, branches, interactive)
    return re.sub(r'aria-label="[^"]*"', lambda _: f'aria-label="{escape(name, quote=True)}"', svg, count=1)


def diagram_style(pathway: Pathway, branches=None) -> str:
    """The stylesheet (with the font) that the SVGs made with ``style=False`` rely on."""
    return diagram_css(pathway)


@lru_cache(maxsize=16)
def _svg(pathway: Pathway, style: bool, interactive: bool = True) -> str:
    """Written once per process and kind (steps and branches only change attributes), and kept
    on disk across sessions (:mod:`explainer.rendering.frame_cache`): a notebook's cold start then needs no
    layout (Graphviz) and no font subsetting (fontTools)."""
    from explainer.rendering.svg_font import font_files

    paint = DIAGRAM_STYLE.read_bytes()  # the code's fingerprint covers the code, not this table
    fonts = [(path, Path(path).stat().st_size) for path in font_files()]
    entry = frame_cache.entry_key("diagram-svg", pathway.model_dump_json(), paint, fonts, style, interactive)
    cached = frame_cache.get(entry)
    if cached is not None and len(cached) == 1:
        return cached[0].decode("utf-8")
    svg = write_svg(pathway, pathway_scene(pathway), style, interactive)
    frame_cache.put(entry, (svg.encode("utf-8"),))
    return svg


def write_svg(pathway: Pathway, scene: Scene, style: bool = True, interactive: bool = True) -> str:
    """The SVG of ``scene`` (every branch drawn, none hidden, no step emphasised)."""
    x0, x1, y0, y1 = scene.bounds
    width, height = x1 - x0 + 2 * PAD, y1 - y0 + 2 * PAD

    def at(p) -> str:
        return f"{_num(p[0] - x0 + PAD)} {_num(y1 - p[1] + PAD)}"

    per_label_px = width / scene.font_size  # the diagram's width per pixel of its labels
    out = ET.Element(
        _tag("svg"),
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {_num(width)} {_num(height)}",
            "class": ROOT_CLASS,
            "role": "group" if interactive else "img",
            "aria-label": "",
            "data-step": "all",
            "data-hidden": "",
            # Pages size the diagram from its labels: width = --exd-label-width times the label
            # size in px (explorer.css: 24 px on a projector, 12 px at least for students).
            "style": f"min-width:{math.ceil(per_label_px * MIN_LABEL_PX)}px;"
            f"--exd-label-width:{per_label_px:.3f}px;--exd-aspect:{width / height:.4f};"
            f"--exd-narrow-aspect:{NARROW[0] / NARROW[1]:.4f}",
            "data-cameras": json.dumps(camera_data(scene), separators=(",", ":")),
        },
    )
    if style:
        ET.SubElement(out, _tag("style")).text = diagram_css(pathway)
    back = {"width": "100%", "height": "100%", "fill": PAINT.background, "aria-hidden": "true"}
    ET.SubElement(out, _tag("rect"), back)
    body = ET.SubElement(out, _tag("g"), {"class": "exd-items"})
    items, index = scene.items(), {item: i for i, item in enumerate(panel_items(pathway))}
    for item in item_order(pathway):
        el = _item(pathway, items[item], at)
        el.set("data-index", str(index[item]))
        if not interactive:  # a picture: the items keep their title (hover) but are not buttons
            for name in ("role", "tabindex", "aria-label"):
                el.attrib.pop(name)
        body.append(el)
    return ET.tostring(out, encoding="unicode")


def camera_viewbox(scene: Scene, camera) -> str:
    """The ``viewBox`` that shows ``camera`` (:mod:`explainer.model.camera`, scene units) on the SVG
    :func:`write_svg` makes of ``scene``: a step's view is the same picture, framed."""
    x0, _, _, y1 = scene.bounds
    x, y = camera.x - x0 + PAD, y1 - camera.top + PAD
    return f"{_num(x)} {_num(y)} {_num(camera.width)} {_num(camera.height)}"


def camera_data(scene: Scene) -> dict:
    """The explorer's cameras as viewBoxes of the SVG (``[x, y, width, height]``, y down): for
    each box shape (``wide``, ``narrow``) its ``aspect``, the ``whole`` pathway and every step's;
    ``em`` is the labels' size in the SVG's units (``camera.js`` keeps them readable with it).

    >>> from explainer import load_pathway
    >>> d = camera_data(pathway_scene(load_pathway()))
    >>> [s["name"] for s in d["sets"]], len(d["sets"][0]["steps"])
    (['wide', 'narrow'], 7)
    """
    x0, x1, y0, y1 = scene.bounds
    aspect = (x1 - x0 + 2 * PAD) / (y1 - y0 + 2 * PAD)  # the SVG's own
    views = {"wide": (WIDE_HEIGHT * aspect, WIDE_HEIGHT), "narrow": NARROW}

    def box(c) -> list[float]:
        return [float(v) for v in camera_viewbox(scene, c).split()]

    sets = [
        {
            "name": name,
            "aspect": round(view[0] / view[1], 4),
            "whole": box(whole_camera(scene, view)),
            "steps": [box(c) for c in step_cameras(scene, view, CAMERA_MOST_PX)],
        }
        for name, view in views.items()
    ]
    return {"em": round(scene.font_size, 3), "sets": sets}


def _num(v: float) -> str:
    return f"{round(v, 2) + 0.0:g}"


def _item(pathway: Pathway, item: Box | Link, at) -> ET.Element:
    """One box or link: a focusable button holding its drawing, a hit ring and a title."""
    is_box = isinstance(item, Box)
    classes = ["exd-item", "exd-node" if is_box else "exd-edge"]
    classes += [f"kind-{item.kind}"] if is_box else (["exd-hedged"] if item.hedged else [])
    classes += [f"st{k}-{s}" for k, s in enumerate(item.states) if s != PAST]
    attrs = {
        "class": " ".join(classes),
        "data-id": item.id,
        "data-hint": item_hint(pathway, item.id),
        "role": "button",
        "tabindex": "0",
        "aria-label": item_name(pathway, item.id),
    }
    branches = (item.branch,) if is_box and item.branch else () if is_box else item.branches
    if branches:
        attrs["data-branch"] = " ".join(branches)
    el = ET.Element(_tag("g"), attrs)
    ET.SubElement(el, _tag("title")).text = item_hint(pathway, item.id)
    outline = _box_d(item, at) if is_box else _path_d(item.path, at)
    # under everything: a wide halo that shows focus and catches clicks
    ET.SubElement(el, _tag("path"), {"d": outline, "class": "exd-ring", "aria-hidden": "true"})
    if is_box:
        ET.SubElement(el, _tag("path"), {"d": outline, "class": "exd-box"})
        if item.inner:
            x, y, w, h, r = item.inner
            inner = _rounded_d(x, y, w, h, r, at)
            ET.SubElement(el, _tag("path"), {"d": inner, "class": "exd-box-inner"})
        for line in item.lines:
            text = ET.SubElement(el, _tag("text"), _text_attrs(line, at))
            text.text, text.tail = line.text, "\n"  # lines read apart (the name is the label on one line)
    else:
        ET.SubElement(el, _tag("path"), {"d": _path_d(item.path, at), "class": "exd-shaft"})
        head = "M " + " L ".join(at(p) for p in item.head.points[:-1]) + " Z"
        ET.SubElement(el, _tag("path"), {"d": head, "class": f"exd-head exd-head-{item.influence}"})
    return el


def _text_attrs(line, at) -> dict:
    x, y = at((line.x, line.y)).split()
    style = f"font-size:{_num(line.size)}px;font-weight:{700 if line.bold else 400}"
    if line.italic:
        style += ";font-style:italic"
    return {"x": x, "y": y, "text-anchor": "middle", "class": f"exd-{line.role}", "style": style}


def _box_d(box: Box, at) -> str:
    return _rounded_d(box.x, box.y, box.width, box.height, box.rounding, at)


def _rounded_d(x, y, w, h, r, at) -> str:
    """A rounded rectangle (lower-left ``x``, ``y`` in scene units) as path data."""
    top, right = y + h, x + w
    arc = f"A {_num(r)} {_num(r)} 0 0 1"
    return (
        f"M {at((x + r, top))} L {at((right - r, top))} {arc} {at((right, top - r))} "
        f"L {at((right, y + r))} {arc} {at((right - r, y))} L {at((x + r, y))} {arc} {at((x, y + r))} "
        f"L {at((x, top - r))} {arc} {at((x + r, top))} Z"
    )


def _path_d(points, at) -> str:
    """Cubic Bézier control points (``1 + 3k``) as path data."""
    rest = [" ".join(at(p) for p in points[i : i + 3]) for i in range(1, len(points) - 2, 3)]
    return f"M {at(points[0])} " + " ".join(f"C {c}" for c in rest)


def diagram_css(pathway: Pathway) -> str:
    """The diagram's stylesheet: paint by kind, by state per step, and hidden branches."""
    from explainer.rendering.svg_font import FALLBACK, FAMILY, font_face_css

    r = f"svg.{ROOT_CLASS}"
    box_ring, link_ring = PAINT.ring_widths
    rules = [
        f"{r}{{width:100%;height:auto;display:block}}",
        f"{r} .exd-item{{cursor:pointer;outline:none}}",
        f"{r} text{{font-family:'{FAMILY}',{FALLBACK}}}",
        f"{r} .exd-ring{{fill:none;stroke:{RING};stroke-width:{box_ring:g};stroke-opacity:0;"
        "pointer-events:stroke}",
        f"{r} .exd-edge .exd-ring{{stroke-width:{link_ring:g}}}",
        f"{r} .exd-item:focus-visible .exd-ring,{r} .exd-item:hover .exd-ring{{stroke-opacity:1}}",
        f"{r} .exd-selected .exd-ring{{stroke-opacity:1;stroke-dasharray:6 4}}",
        f"{r} .exd-item:focus-visible.exd-selected .exd-ring{{stroke-dasharray:none}}",
        *_node_rules(r, "", PAST),
        *_edge_rules(r, "", PAST),
        *(f"{r} .kind-{kind} .exd-box{{fill:{fill}}}" for kind, fill in PAINT.kind_fill.items()),
    ]
    steps = range(len(pathway.steps))
    for state in (CURRENT, FUTURE):
        scope = ",".join(f'{r}[data-step="{k}"] .st{k}-{state}' for k in steps)
        rules += _node_rules(scope, ".exd-node", state)
        rules += _edge_rules(scope, ".exd-edge", state)
    rules += [f'{r}[data-hidden~="{b}"] [data-branch~="{b}"]{{display:none}}' for b in pathway.branches]
    return font_face_css(_texts(pathway_scene(pathway))) + "".join(rules)


def _each(scope: str, suffix: str) -> str:
    """``suffix`` under every selector of the comma-separated ``scope``."""
    return ",".join(f"{s}{suffix}" for s in scope.split(","))


def _node_rules(scope: str, on: str, state: str) -> list[str]:
    paint = PAINT.nodes[state]
    fill = f";fill:{paint['fill']}" if "fill" in paint else ""
    return [
        f"{_each(scope, on + ' .exd-box')}{{stroke:{paint['stroke']};stroke-width:{paint['width']:g}{fill}}}",
        f"{_each(scope, on + ' .exd-box-inner')}{{fill:none;stroke:{paint['stroke']};"
        f"stroke-width:{PAINT.inner_width:g}}}",
        f"{_each(scope, on + ' text')}{{fill:{paint['text']}}}",
    ]


def _edge_rules(scope: str, on: str, state: str) -> list[str]:
    paint = PAINT.edge(state)
    dash, gap = PAINT.hedge_dash
    return [
        f"{_each(scope, on + ' .exd-shaft')}{{fill:none;stroke:{paint.stroke};stroke-width:{paint.width:g}}}",
        f"{_each(scope, (on or ' ') + '.exd-hedged .exd-shaft')}{{stroke-dasharray:{dash:g} {gap:g}}}",
        f"{_each(scope, on + ' .exd-head')}{{fill:{PAINT.open_fill};stroke:{paint.stroke};"
        f"stroke-width:{paint.head_width:g};stroke-linejoin:miter}}",
        f"{_each(scope, on + ' .exd-head-negative')}{{fill:{PAINT.head_fill('negative', state)}}}",
    ]


def _texts(scene: Scene) -> dict[tuple[int, str], str]:
    """The characters drawn, per (font weight, font style), to subset the font."""
    out: dict[tuple[int, str], str] = {}
    for box in scene.boxes:
        for line in box.lines:
            key = (700 if line.bold else 400, "italic" if line.italic else "normal")
            out[key] = out.get(key, "") + line.text
    return out
