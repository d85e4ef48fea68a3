"""Interactive explainers of a drug's mechanism of action.

The first line in a notebook is one call on this module, as with networkx or ipywidgets::

    >>> import explainer
    >>> p = explainer.load_pathway("ketamine-research")   # a shipped name, or a file's path
    >>> p.id, len(explainer.shipped_pathways()) >= 2
    ('ketamine_research', True)

``explainer.Explorer(p)`` is the interactive explorer (a widget); ``p`` as the last value of a
cell shows its diagram; ``explainer.draw(p, step=3, ax=ax)`` draws on matplotlib axes and
returns the artists by ``gid``. ``import explainer`` itself loads none of the heavy parts
(matplotlib, Graphviz, the widgets): each name is imported when first used.

The data flows one way (``docs/architecture.md`` draws it; ``tests/test_architecture.py``
checks that no import closes a loop and that imports point up the layers)::

    assets/pathways/*.yaml --pathway (every check, one error type)--> Pathway --graph--> nx.DiGraph
        --layout (Graphviz dot), fit (the 16:9 frame)--> Layout
        --scene--> Scene: boxes, label lines, links and heads, with ids, steps and branches
    Renderers read the scene, none copying another's formulas; paint comes from one style table:
        svg_diagram --> one accessible SVG (text in an embedded font subset); a step and the side
                        branches shown are attributes of it, so changing them redraws nothing
        draw        --> matplotlib artists by gid (frames: PNG and SVG figures, the PDF handout)
        pptx_shapes --> native PowerPoint shapes (boxes with editable labels, links with heads)
    widgets.Explorer: the stepper owns step and branches; the diagram and the step panels follow
        it by jslink in the browser (no kernel round trip, live or on the static page)
    figures, slides, page, handout, pptx_deck, lms, quiz, sbgn, site: {name: bytes}, checked,
        --outputs.write_files (every file or none)--> build/
"""

import importlib
import sys

# name: (module, attribute), imported on first use
_LAZY = {
    "load_pathway": ("explainer.loading.pathway", "load_pathway"),
    "Pathway": ("explainer.loading.schema", "Pathway"),
    "PathwayError": ("explainer.loading.pathway", "PathwayError"),
    "DISCLAIMER": ("explainer.words.wording", "DISCLAIMER"),
    "Explorer": ("explainer.widgets.explorer", "Explorer"),
    "shipped_pathways": ("explainer.loading.pathway", "shipped_pathways"),
}

__all__ = [*_LAZY, "draw"]


def draw(pathway, step: int | None = None, ax=None, branches=None) -> dict:
    """Draw ``pathway`` with step ``step`` (0-based; ``None``: the whole pathway) on ``ax``.

    Returns the artists drawn by ``gid`` (``node:ID``, ``label:ID``, ``edge:U->V``, ...), as
    networkx's ``draw`` functions return what they drew. ``ax=None`` draws on pyplot's current
    axes, as ``nx.draw`` does; ``branches`` limits the side branches drawn (``None``: all).

    >>> import explainer
    >>> from matplotlib.figure import Figure
    >>> ax = Figure(figsize=(16, 9)).add_subplot()
    >>> artists = explainer.draw(explainer.load_pathway(), step=0, ax=ax)
    >>> artists["node:ketamine"].get_linewidth() > artists["node:bdnf"].get_linewidth()
    True
    """
    from matplotlib import style as mstyle

    from explainer.loading.assets import STYLE
    from explainer.model.graph import build_graph
    from explainer.rendering.draw import draw_step

    if ax is None:
        import matplotlib.pyplot as plt

        ax = plt.gca()
    with mstyle.context(STYLE):
        return draw_step(build_graph(pathway), step, ax, branches=branches)


def _pathway_svg(pathway) -> str:
    """A pathway as a notebook shows it: the whole diagram, a picture (no buttons)."""
    from explainer.rendering.svg_diagram import diagram_svg

    return diagram_svg(pathway, interactive=False)


def _show_pathways_as_diagrams() -> None:
    """In IPython (a notebook's kernel), a ``Pathway`` that ends a cell shows its diagram.

    Registered by the class's name, so neither the model nor the drawing code is imported here
    (and the model, below the drawing in the layers, never imports it)."""
    shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    if shell is not None:
        svg = shell.display_formatter.formatters["image/svg+xml"]
        svg.for_type_by_name("explainer.loading.schema", "Pathway", _pathway_svg)


def __getattr__(name: str):
    if name in _LAZY:
        module, attribute = _LAZY[name]
        value = getattr(importlib.import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'explainer' has no attribute {name!r}")


def __dir__():
    return sorted({*globals(), *_LAZY})


_show_pathways_as_diagrams()
