"""Interactive explainers of a drug's mechanism of action.

The data flows one way, one module per arrow::

    assets/pathways/*.yaml --pathway--> Pathway --graph--> nx.DiGraph
        --layout--> pos --draw--> Axes --frames--> PNG per step
        --widgets--> Explorer --slides--> build/*.html

>>> from explainer import load_pathway
>>> load_pathway().steps[0].title
'Ketamine blocks the NMDA receptor'
"""

from explainer.pathway import Pathway, PathwayError, load_pathway

DISCLAIMER = "For education only, not medical advice."

__all__ = ["DISCLAIMER", "Pathway", "PathwayError", "load_pathway"]
