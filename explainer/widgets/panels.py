"""Many HTML panels in one widget, one on show: the steps' words, or the text of each box and link.

One model in place of a ``Tab`` or ``Stack`` of ``HTML`` widgets (each of those brings its own
layout and style models: an explorer made about 150 models, and started slower). ``index`` is
joined by ``jslink`` to what chooses the panel (the stepper's ``step``, the picker, the diagram),
so the browser swaps panels with no kernel, live or on the static page. ``paged`` (the presenter's
projector) fits the panel to its box: a passage longer than the box goes on in pages that the
stepper's Next reaches before the next step (``assets/frontend/panels.js``).

>>> p = Panels(pages=["<p>one</p>", "<p>two</p>"], index=1); p.shown
'<p>two</p>'
"""

import anywidget
from traitlets import Bool, Int, List, TraitError, Unicode, validate

from explainer.loading.assets import ROOT

FRONTEND = ROOT / "frontend"


class Panels(anywidget.AnyWidget):
    """HTML ``pages``, of which ``index`` is on show (None: ``empty``)."""

    _esm = Unicode((FRONTEND / "panels.js").read_text(encoding="utf-8")).tag(sync=True)
    pages = List(Unicode(), help="Each panel's HTML (escaped by explainer.words.text)").tag(sync=True)
    index = Int(0, allow_none=True, help="Index of the panel on show (None: the empty message)").tag(
        sync=True
    )
    empty = Unicode("", help="HTML shown when no panel is (index None)").tag(sync=True)
    paged = Bool(
        False, help="Fit a box of its own: a passage that runs past it goes on in pages Next reaches"
    ).tag(sync=True)

    @property
    def shown(self) -> str:
        """The HTML on show."""
        return self.empty if self.index is None else self.pages[self.index]

    @validate("index")
    def _valid_index(self, proposal):
        k = proposal["value"]
        if k is not None and not 0 <= k < len(self.pages):
            raise TraitError(f"index must be in 0..{len(self.pages) - 1} or None, not {k}")
        return k
