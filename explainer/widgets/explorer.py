"""The explorer: an ipywidgets composite that steps through a pathway.

One widget owns the state: the :class:`~explainer.widgets.stepper.Stepper` (Previous, Next, the
step buttons, Play, the keys and the side-branch toggles) holds ``step`` and ``branches``.
Everything shown follows it through ``jslink``: the diagram (an SVG whose step is an attribute)
and the step panels (title, quotes, links in words, glossary, self-check; one
:class:`~explainer.widgets.panels.Panels` model), as the item texts follow the diagram's
selection and the picker. Stepping and reading about a box or link happen in the browser, with
no kernel round trip, and keep working in an exported static page.

>>> from explainer import load_pathway
>>> ex = Explorer(load_pathway())
>>> ex.step = 1; ex.stepper.step
1
"""

import itertools
import re
import warnings
from html import escape

import ipywidgets as w

from explainer.loading.assets import EXPLORER_CSS
from explainer.loading.pathway import Pathway
from explainer.widgets.diagram import Diagram
from explainer.widgets.panels import Panels
from explainer.widgets.stepper import Stepper
from explainer.words import describe
from explainer.words import text as tx
from explainer.words import wording as wd

VIEWS = ("presenter", "student")
# The presenter's screen puts the step's text beside the diagram, or under a diagram this many
# times wider than high (it would be small beside the text, with room to spare above and below).
WIDE = 2.8
ASPECT = re.compile(r"--exd-aspect:([\d.]+)")
_SCOPES = itertools.count(1)  # each explorer's own names for its self-check's radio groups
CLOSED = re.compile(r'(<details class="explainer-disclosure">)(<summary>.*?</summary>).*?</details>', re.S)


class Explorer(w.VBox):
    """Step through ``pathway``; ``view`` is ``"presenter"`` or ``"student"``.

    A ``VBox`` like ipywidgets' own composites (``interactive``): it displays, and goes in a
    ``Box``, ``Tab`` or ``AppLayout``, as any widget does. The same explorer works on a page with
    no kernel (:mod:`explainer.outputs.page` saves its widget state). ``step`` and ``branches`` are the
    stepper's: set them and the view follows. ``play_ms``: how long Play shows each step.
    """

    def __init__(self, pathway: Pathway, view: str = "student", static=None, play_ms: int = 6000):
        if view not in VIEWS:
            raise ValueError(f"view must be one of {VIEWS}, not {view!r}")
        if static is not None:
            warnings.warn(
                "Explorer(static=...) does nothing and will be removed: every Explorer works on a "
                "page with no kernel as it is (stepping, branches and item texts run in the browser); "
                "drop the argument",
                FutureWarning,
                stacklevel=2,
            )
        self.pathway = pathway
        self.view = view
        self._scope = f"e{next(_SCOPES)}-"
        n = len(pathway.steps)
        self.answers: list[str] = []  # <details> disclosures: Enter or Space opens them, live or static
        self.notes: list[str] = []
        self.stepper = Stepper(
            titles=[wd.step_heading(pathway, k) for k in range(n)],
            step_branches=[s.branch for s in pathway.steps],
            branch_names=[[b, wd.branch_label(pathway, b)] for b in pathway.branches],
            interval=play_ms,
            fullscreen=view == "presenter",
            clicker=view == "presenter",
        )
        self.panels = Panels(
            pages=[self._panel(k) for k in range(n)], paged=view == "presenter", layout=w.Layout(width="100%")
        )
        self.diagram = Diagram(pathway, branches=pathway.branches, selected_index=0)
        self.diagram.add_class("explainer-diagram-box")
        items = describe.panel_items(pathway)
        self.node_picker = w.Dropdown(
            options=[(_picker_label(pathway, item), i) for i, item in enumerate(items)],
            description="Box or link",
            tooltip=f"{wd.what_source_says(pathway)} about a box or a link of the diagram",
            style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )
        self.node_panels = Panels(pages=[describe.item_html(pathway, item) for item in items])
        # The browser carries the stepper's state to what shows it, with no kernel, live or static;
        # the diagram's selection, the picker and the item texts are one state, joined both ways.
        self.links = [
            w.jsdlink((self.stepper, "step"), (self.panels, "index")),
            w.jsdlink((self.stepper, "step"), (self.diagram, "step")),
            w.jsdlink((self.stepper, "branches"), (self.diagram, "branches")),
            w.jslink((self.node_picker, "index"), (self.node_panels, "index")),
            w.jslink((self.diagram, "selected_index"), (self.node_panels, "index")),
        ]
        super().__init__(self._rows(), layout=w.Layout(width="100%"))
        for name in ("explainer", f"explainer-{view}", f"explainer-pathway-{pathway.id}"):
            self.add_class(name)

    # -- state: the stepper's ------------------------------------------------------------
    @property
    def step(self) -> int | None:
        """Index of the current step (0-based; None when every step is in a hidden side branch)."""
        return self.stepper.step

    @step.setter
    def step(self, k: int | None) -> None:
        self.stepper.step = k

    @property
    def branches(self) -> tuple[str, ...]:
        """The side branches shown."""
        return tuple(self.stepper.branches)

    @branches.setter
    def branches(self, names) -> None:
        self.stepper.branches = list(names)

    @property
    def visible_steps(self) -> list[int]:
        return self.stepper.on_show

    # -- derived -------------------------------------------------------------------------
    @property
    def shown_text(self) -> str:
        """All the HTML text on show for the current step (a closed disclosure shows its summary only)."""
        if self.step is None:
            return self.stepper.nothing
        return _closed(self.panels.pages[self.step])

    @property
    def shown_node_text(self) -> str:
        return self.node_panels.shown

    @property
    def nothing_to_show(self) -> bool:
        """True when every step is in a hidden side branch."""
        return not self.visible_steps

    # -- building ------------------------------------------------------------------------
    def _panel(self, k: int) -> str:
        """Step ``k``'s words as one HTML fragment (the disclosures inside need no kernel)."""
        html, note, answer = step_panel(self.pathway, k, self.view, self._scope)
        self.notes += [note] if note else []
        self.answers += [answer] if answer else []
        return html

    def _rows(self) -> list:
        """The explorer's rows: few widgets, each text block one ``HTML`` sharing one layout and
        style (every widget's own layout and style are models too)."""
        layout, style = w.Layout(), w.widget_string.HTMLStyle()

        def html(*parts: str) -> w.HTML:
            return w.HTML("".join(parts), layout=layout, style=style)

        css = f"<style>{EXPLORER_CSS.read_text(encoding='utf-8')}</style>"
        header, introduction = tx.header_html(self.pathway), tx.introduction_html(self.pathway)
        explore = w.VBox(
            [
                html('<h3 class="explainer-explore">Explore a box or link</h3>'),
                self.node_picker,
                self.node_panels,
            ]
        )
        as_text = _disclosure("The diagram as text", describe.diagram_text_html(self.pathway))
        disclaimer = f'<p class="explainer-disclaimer">{escape(wd.footer_text(self.pathway))}</p>'
        top = html(css, header)
        top.add_class("explainer-header-box")
        if self.view == "presenter":
            # The projector's screen, in the screen's height with nothing to scroll (explorer.css):
            # the title, the controls, then the diagram beside the step's text (under it on a tall
            # screen, or for a wide diagram); a passage longer than its box goes on in pages that
            # Next reaches first (panels.js). The article's introduction and the rest follow below.
            aspect = float(ASPECT.search(self.diagram.svg)[1])
            rule = f".explainer-pathway-{self.pathway.id} {{ --exp-aspect: {aspect:.4f}; }}"
            top.value += f"<style>{rule}</style>"
            screen = w.Box([top, self.stepper, self.diagram, self.panels])
            screen.add_class("explainer-screen")
            screen.add_class("explainer-wide-diagram" if aspect >= WIDE else "explainer-side-by-side")
            more = w.VBox([html(introduction), explore, html(as_text, disclaimer)])
            more.add_class("explainer-more")
            return [screen, more]
        # One block, the stage, holds the stepper and the diagram: it stays in view while the
        # step's text scrolls (explorer.css).
        stage = w.VBox([self.stepper, self.diagram])
        stage.add_class("explainer-stage")
        # the student's: the step's text beside what the reader picked in the diagram
        self.panels.layout.width = "55%"
        explore.layout.width, explore.layout.padding = "45%", "0 0 0 1em"
        reading = w.HBox([self.panels, explore], layout=w.Layout(align_items="flex-start"))
        # class names for a phone's one column (explorer.css): title, stage, text, introduction
        intro = html(introduction)
        for widget, name in ((intro, "introduction"), (reading, "columns")):
            widget.add_class(f"explainer-{name}")
        explore.add_class("explainer-explore-box")
        return [top, intro, stage, reading, html(as_text, disclaimer)]

    def close(self) -> None:
        """Close the explorer with every widget and link it made (their models leave the kernel)."""
        # getattr: Widget.__del__ calls close() on an explorer whose __init__ raised half way
        made = list(getattr(self, "links", ()))
        for widget in [*(x for child in self.children for x in _walk(child)), *made, self]:
            for model in (getattr(widget, "layout", None), getattr(widget, "style", None)):
                if isinstance(model, w.Widget):  # each widget's layout and style are models too
                    model.close()
            if widget is not self and widget is not None:
                widget.close()
        super().close()


def step_panel(
    pathway: Pathway, k: int, view: str = "student", scope: str = ""
) -> tuple[str, str | None, str | None]:
    """Step ``k``'s words as the explorer shows them in ``view``: ``(html, note, answer)``, the
    last two the disclosures inside it (None when the step or the view has none); ``scope`` names
    the self-check's radio groups apart from another explorer's (see ``text.choices_html``)."""
    p = pathway
    title, passages = tx.title_html(p, k), tx.passages_html(p, k)
    diagram_words = [tx.emphasis_html(p, k), describe.step_links_html(p, k)]
    if view == "presenter":  # on the projector's one screen, the passage right under the title
        words = [title, passages, *diagram_words, tx.glossary_html(p, k)]
    else:
        words = [title, *diagram_words, passages, tx.glossary_html(p, k)]
    note = answer = None
    if p.steps[k].note:  # the research layer: apart from the quotes, closed for students
        note = _disclosure("What the research says (educator note)", tx.note_html(p, k), view == "presenter")
        words.append(note)
    if view == "student":
        answer = _disclosure("Show the answer", tx.answer_html(p, k))
        words += [tx.question_html(p, k), tx.choices_html(p, k, scope), answer]
    return f'<div class="explainer-step">{"".join(words)}</div>', note, answer


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def _disclosure(summary: str, body: str, open_: bool = False) -> str:
    """A ``<details>`` disclosure: a real button for the keyboard (Enter, Space), no script needed."""
    return (
        f'<details class="explainer-disclosure"{" open" if open_ else ""}>'
        f"<summary>{escape(summary)}</summary>{body}</details>"
    )


def _closed(html: str) -> str:
    """``html`` as first shown: a disclosure not open from the start shows its summary only."""
    return CLOSED.sub(r"\1\2</details>", html)


def _picker_label(pathway: Pathway, item: str) -> str:
    name = describe.item_name(pathway, item)
    return name if item.startswith("node:") else f"Link: {name}"
