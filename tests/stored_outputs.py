"""How ``make notebook`` stores outputs: only what a fresh run reproduces, so a re-run is no diff.

nbconvert's own options do most of it (``record_timing=False``: no run timestamps in the cells'
metadata). What they leave is each widget's view: ``{"model_id": <a new random id each run>}``,
pointing at a model that lived only in the kernel that ran the notebook, since its state is not
stored (``store_widget_state=False``, as Voilà runs it). :class:`WidgetViewsWithoutState` drops
those views and keeps the widget's plain-text form; nbval never compares them (those cells are
not tagged ``nbval-check-output``).

    jupyter nbconvert --to notebook --execute --inplace \\
      --NotebookExporter.preprocessors=tests.stored_outputs.WidgetViewsWithoutState NOTEBOOK
"""

import copy

from nbconvert.preprocessors import Preprocessor

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


class WidgetViewsWithoutState(Preprocessor):
    """Remove widget views whose models the notebook does not store (all, when it stores none)."""

    def preprocess(self, nb, resources):
        nb = copy.deepcopy(nb)  # never change the caller's notebook
        stored = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                view = output.get("data", {}).get(WIDGET_VIEW)
                if view is not None and view.get("model_id") not in stored:
                    del output["data"][WIDGET_VIEW]
        return nb, resources
