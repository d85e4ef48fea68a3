"""Drawing a pathway step onto a matplotlib ``Axes`` in SBGN Activity Flow notation.

matplotlib's artists for the :mod:`explainer.model.scene`, painted from the style table
(:mod:`explainer.rendering.paint`): the geometry and the paint are the ones the SVG and PowerPoint show.
Arrowheads by influence: open triangle (positive), flat bar (negative), open diamond
(unknown); dashed shafts where the article hedges. The current step's boxes get a thick
border and its edges a thick line; later steps are greyed and thin. One data unit is one
point (see :mod:`explainer.model.layout`).

Every artist carries a ``gid`` so tests (and people) can find it: ``node:ID``, ``inner:ID``
(an outcome's second border), ``label:ID`` (a label's first line; ``label:ID:K`` its line K),
``contested:ID``, ``edge:SRC->TGT`` and ``head:SRC->TGT:INFLUENCE``.
"""

from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, PathPatch, Polygon
from matplotlib.path import Path

from explainer.model.fit import fit_layout
from explainer.model.graph import CURRENT, FUTURE, PAST
from explainer.model.layout import FONT_SIZE, Layout
from explainer.model.scene import Box, Link, Scene, build_scene
from explainer.rendering.paint import PAINT

LEGEND_MARKERS = {  # a legend line's marker drawn like the arrowhead it explains
    "positive": {"marker": ">", "markersize": 14, "markerfacecolor": "white", "markeredgewidth": 2},
    "negative": {"marker": "|", "markersize": 18, "markeredgewidth": 4},
    "unknown": {"marker": "D", "markersize": 11, "markerfacecolor": "white", "markeredgewidth": 2},
}
INFLUENCE_MEANING = {
    "positive": "stimulates (positive)",
    "negative": "inhibits (negative)",
    "unknown": "modulates (unknown)",
}


def draw_step(g, step: int | None, ax, lay: Layout | None = None, branches=None, fontsize: float = FONT_SIZE):
    """Draw the pathway ``g`` with step ``step`` emphasised onto ``ax``; return its artists.

    The artists come back by ``gid`` (``node:ID``, ``label:ID``, ``edge:U->V``, ...), as
    networkx's drawing functions return what they drew; the axes' limits are set so that one
    data unit is one point.

    ``step=None`` draws the whole pathway with nothing emphasised. ``branches`` limits the
    side branches drawn (``None``: all); hidden nodes leave their place empty, so the picture
    does not move when a branch is switched off. ``lay`` defaults to the layout that fits the
    axes with labels of at most ``fontsize`` points (:func:`explainer.model.fit.fit_layout`: smaller
    when the pathway needs it, never cropped).
    """
    if lay is None:
        lay = fit_layout(g, *axes_size(ax), fontsize=fontsize)
    return draw_scene(build_scene(g, lay), step, ax, branches)


def draw_scene(
    scene: Scene, step: int | None, ax, branches=None, camera=None, zoom: float | None = None
) -> dict:
    """Draw ``scene`` in the state of step ``step`` with the side branches ``branches``.

    Without ``camera`` the whole scene is drawn centred, one data unit to one point. With one
    (a :class:`explainer.model.camera.Camera`) the axes show that part of the scene, centred, at
    ``zoom`` points a scene unit (default: as large as the camera fits the axes), as an SVG's
    ``viewBox`` does: labels, line widths and dashes grow with the zoom, nothing is laid out or
    routed again, and what lies outside the axes is clipped.
    """
    if camera is not None and zoom is None:
        w, h = axes_size(ax)
        zoom = min(w / camera.width, h / camera.height)
    z = 1.0 if camera is None else zoom
    artists = []
    for link in scene.links:
        if link.shown(branches):
            artists += _draw_link(ax, link, link.state(step), z)
    for box in scene.boxes:
        if box.shown(branches):
            artists += _draw_box(ax, box, box.state(step), z)
    if camera is None:
        fit_axes(ax, scene)
    else:
        w, h = axes_size(ax)
        cx, cy = camera.x + camera.width / 2, camera.y + camera.height / 2
        ax.set_xlim(cx - w / z / 2, cx + w / z / 2)
        ax.set_ylim(cy - h / z / 2, cy + h / z / 2)
        ax.set_aspect("equal", adjustable="box")
        for artist in artists:  # what the camera leaves out stays inside the axes
            artist.set_clip_on(True)
    ax.set_axis_off()
    return {a.get_gid(): a for a in artists if a.get_gid()}


def axes_size(ax) -> tuple[float, float]:
    """Width and height of ``ax`` in points."""
    bbox = ax.get_position()
    fw, fh = ax.figure.get_size_inches()
    return bbox.width * fw * 72, bbox.height * fh * 72


def fit_axes(ax, drawing) -> None:
    """Set limits so one data unit is one point, centred on ``drawing``'s bounds (a scene or layout)."""
    x0, x1, y0, y1 = drawing.bounds
    w_pt, h_pt = axes_size(ax)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    ax.set_xlim(cx - w_pt / 2, cx + w_pt / 2)
    ax.set_ylim(cy - h_pt / 2, cy + h_pt / 2)
    ax.set_aspect("equal", adjustable="box")


def _add(ax, patch) -> None:
    """Add ``patch`` to ``ax`` as ``add_patch`` does, without growing the data limits by its
    extent: :func:`draw_scene` sets the limits itself, and matplotlib's limit update (the
    patch's path transformed and its curves' extrema solved) was a third of a 60-box, 30-step
    handout's time."""
    ax.add_artist(patch)


def _draw_box(ax, box: Box, state: str, zoom: float = 1.0) -> list:
    paint = PAINT.node(box.kind, state)
    patch = FancyBboxPatch(
        (box.x, box.y),
        box.width,
        box.height,
        boxstyle=f"round,pad=0,rounding_size={box.rounding:.3f}",
        facecolor=paint.fill,
        edgecolor=paint.stroke,
        linewidth=paint.width * zoom,
        zorder=3,
        gid=box.id,
    )
    _add(ax, patch)
    artists = [patch]
    if box.inner:  # SBGN's phenotype gets a double border
        x, y, w, h, r = box.inner
        inner = FancyBboxPatch(
            (x, y),
            w,
            h,
            boxstyle=f"round,pad=0,rounding_size={r:.3f}",
            facecolor="none",
            edgecolor=paint.stroke,
            linewidth=PAINT.inner_width * zoom,
            zorder=3.1,
            gid=f"inner:{box.node}",
        )
        _add(ax, inner)
        artists.append(inner)
    for k, line in enumerate(box.lines):
        if line.role == "contested":  # a word, not a colour: it survives black-and-white print
            gid = f"contested:{box.node}"
        else:
            gid = f"label:{box.node}" + (f":{k}" if k else "")
        text = ax.text(
            line.x,
            line.y,
            line.text,
            ha="center",
            va="baseline",
            fontsize=line.size * zoom,
            fontweight="bold" if line.bold else "normal",
            fontstyle="italic" if line.italic else "normal",
            color=paint.text,
            zorder=4,
            gid=gid,
            parse_math=False,  # content is text: a "$" is a dollar sign, never mathtext
        )
        artists.append(text)
    return artists


def _draw_link(ax, link: Link, state: str, zoom: float = 1.0) -> list:
    """The shaft along the scene's path, and the SBGN head on the target's border."""
    paint = PAINT.edge(state)
    codes = [Path.MOVETO] + [Path.CURVE4] * (len(link.path) - 1)
    shaft = PathPatch(
        Path(link.path, codes),
        facecolor="none",
        edgecolor=paint.stroke,
        linewidth=paint.width * zoom,
        linestyle=hedge_linestyle(paint.width) if link.hedged else "-",  # dashes scale with the width
        zorder=2,
        gid=link.id,
        capstyle="butt",
    )
    _add(ax, shaft)
    head = Polygon(
        link.head.points[:-1],
        closed=True,
        zorder=2.5,
        facecolor=PAINT.head_fill(link.influence, state),
        edgecolor=paint.stroke,
        linewidth=paint.head_width * zoom,
        joinstyle="miter",
        gid=f"head:{link.source}->{link.target}:{link.influence}",
    )
    _add(ax, head)
    return [shaft, head]


def hedge_linestyle(lw: float) -> tuple:
    """matplotlib's dash pattern for a hedged link of width ``lw`` (it scales dashes by the width)."""
    dash, gap = PAINT.hedge_dash
    return (0, (dash / lw, gap / lw))


def legend_handles():
    """Legend entries for the notation: influences, hedging and emphasis."""
    ink = PAINT.nodes[PAST]["text"]
    handles = [
        Line2D([], [], color=ink, lw=2, label=INFLUENCE_MEANING[influence], **marker)
        for influence, marker in LEGEND_MARKERS.items()
    ] + [
        Line2D([], [], color=ink, lw=2, linestyle=hedge_linestyle(2), label='hedged or hypothesised ("may")'),
    ]
    for state, label in ((CURRENT, "this step"), (PAST, "earlier steps"), (FUTURE, "later steps")):
        paint = PAINT.edge(state)
        handles.append(Line2D([], [], color=paint.stroke, lw=paint.width, label=label))
    return handles


__all__ = ["CURRENT", "FUTURE", "PAST", "axes_size", "draw_scene", "draw_step", "fit_axes", "legend_handles"]
