"""Interactive explainers of a drug's mechanism of action.

The data flows one way, one module per arrow::

    assets/pathways/*.yaml --pathway--> Pathway --graph--> nx.DiGraph
        --layout--> pos --draw--> Axes --frames--> PNG per step
        --widgets--> Explorer --slides--> build/*.html

>>> from explainer import load_pathway
>>> load_pathway().steps[0].title
'Ketamine blocks the NMDA receptor'
"""

DISCLAIMER = "For education only, not medical advice."  # before the imports: modules below use it

from explainer.pathway import Pathway, PathwayError, load_pathway  # noqa: E402

__all__ = ["DISCLAIMER", "Pathway", "PathwayError", "load_pathway"]
