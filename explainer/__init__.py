"""Interactive explainers of a drug's mechanism of action.

The data flows one way (``docs/architecture.md`` draws it; ``tests/test_architecture.py``
checks that no import closes a loop and that imports point up the layers)::

    assets/pathways/*.yaml --pathway--> Pathway --graph--> nx.DiGraph
        --layout, fit--> Layout --draw--> artists --frames, svg_diagram--> frame bytes, one SVG
        --widgets--> Explorer;  figures, slides, page, handout, pptx_deck, site --outputs--> build/

>>> from explainer import load_pathway
>>> load_pathway().steps[0].title
'Ketamine blocks the NMDA receptor'
"""

from explainer.pathway import Pathway, PathwayError, load_pathway
from explainer.wording import DISCLAIMER

__all__ = ["DISCLAIMER", "Pathway", "PathwayError", "load_pathway"]
