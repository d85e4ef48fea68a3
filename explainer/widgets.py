"""The explorer: an ipywidgets composite that steps through a pathway.

State lives in two traits, :attr:`Explorer.step` and :attr:`Explorer.branches`; everything
shown derives from them. One diagram (:class:`~explainer.diagram_widget.Diagram`, an SVG whose
step is an attribute) sits above the step panels (title, quotes, links in words, glossary,
self-check), each built once, so a step change only selects a panel and sets the diagram's
step. The step buttons, the Play control, the diagram and the panels are joined with
``jslink``, as are the diagram's selection, the picker and the item texts: stepping and
reading about a box or link happen in the browser, with no kernel round trip, and keep
working in an exported static page. Previous/Next and the
branch toggles need the kernel and are left out of the static build.

>>> from explainer import load_pathway
>>> ex = Explorer(load_pathway())
>>> ex.next.click(); ex.step
1
"""

import re
from html import escape

import ipywidgets as w
from traitlets import Int, TraitError, Tuple, default, observe, validate

from explainer import describe
from explainer import text as tx
from explainer import wording as wd
from explainer.assets import EXPLORER_CSS
from explainer.diagram_widget import Diagram
from explainer.pathway import Pathway
from explainer.player_widget import Player
from explainer.step_bar_widget import StepBar

VIEWS = ("presenter", "student")
CLOSED = re.compile(r'(<details class="explainer-disclosure">)(<summary>.*?</summary>).*?</details>', re.S)


class Explorer(w.VBox):
    """Step through ``pathway``; ``view`` is ``"presenter"`` or ``"student"``.

    A ``VBox`` like ipywidgets' own composites (``interactive``): it displays, and goes in a
    ``Box``, ``Tab`` or ``AppLayout``, as any widget does. ``static=True`` builds only what
    works without a kernel (for export to HTML).
    """

    step = Int(0, help="Index of the current step (0-based)")
    branches = Tuple(help="Names of the side branches shown")

    def __init__(self, pathway: Pathway, view: str = "student", static: bool = False, play_ms: int = 6000):
        if view not in VIEWS:
            raise ValueError(f"view must be one of {VIEWS}, not {view!r}")
        self.pathway = pathway
        self.view = view
        self.static = static
        n = len(pathway.steps)
        self.answers: list[str] = []  # <details> disclosures: Enter or Space opens them, live or static
        self.notes: list[str] = []
        self.prev = w.Button(
            description="◀ Previous", tooltip="Go to the previous step", layout=w.Layout(width="auto")
        )
        self.next = w.Button(
            description="Next ▶", tooltip="Go to the next step", layout=w.Layout(width="auto")
        )
        self.step_buttons = StepBar(
            labels=[str(k + 1) for k in range(n)],
            tooltips=[wd.step_heading(pathway, k) for k in range(n)],
            index=0,
        )
        self.play = Player(
            titles=[wd.step_heading(pathway, k) for k in range(n)],
            steps=list(range(n)),
            interval=play_ms,
            fullscreen=view == "presenter",
        )
        self.toggles = {
            b: w.ToggleButton(
                value=True,
                description=f"Show: {wd.branch_label(pathway, b)}",
                tooltip=f"Show or hide the side branch “{wd.branch_label(pathway, b)}”",
                icon="check",
                layout=w.Layout(width="auto"),
            )
            for b in pathway.branches
        }
        # A Tab (its tab bar hidden by CSS: the step buttons do that job) keeps every panel's view
        # alive, so a step change only swaps which one shows; a Stack rebuilds the view, and the
        # browser decodes the frame again, a frame or two after the title.
        self.panels = w.Tab([self._panel(k) for k in range(n)], selected_index=0)
        self.panels.add_class("explainer-panels")
        self.diagram = Diagram(pathway, branches=self.branches, selected_index=0)
        self.diagram.add_class("explainer-diagram-box")
        items = describe.panel_items(pathway)
        self.node_picker = w.Dropdown(
            options=[(_picker_label(pathway, item), i) for i, item in enumerate(items)],
            description="Box or link",
            tooltip=f"{wd.what_source_says(pathway)} about a box or a link of the diagram",
            style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )
        self.node_panels = w.Stack(
            [w.HTML(describe.item_html(pathway, item)) for item in items], selected_index=0
        )
        # Client-side links: the browser moves the panels with no kernel, live or static.
        self.links = [
            w.jslink((self.step_buttons, "index"), (self.panels, "selected_index")),
            w.jslink((self.step_buttons, "index"), (self.diagram, "step")),
            w.jslink((self.play, "value"), (self.step_buttons, "index")),
            w.jslink((self.node_picker, "index"), (self.node_panels, "selected_index")),
            w.jslink((self.diagram, "selected_index"), (self.node_panels, "selected_index")),
        ]
        # Kernel side: the same state reaches the traits (and tests, which have no browser).
        self.step_buttons.observe(self._from_buttons, "index")
        self.node_picker.observe(self._from_picker, "index")
        self.diagram.observe(self._from_diagram, "selected_index")
        self.prev.on_click(lambda _: self.go(-1))
        self.next.on_click(lambda _: self.go(+1))
        for name, toggle in self.toggles.items():
            toggle.observe(lambda change, name=name: self._toggle(name, change["new"]), "value")
        self.nothing = w.HTML(
            '<p class="explainer-nothing">Nothing to show: every step of this pathway is in a side '
            "branch, and all of them are hidden. Show a branch above to see its steps.</p>",
            layout=w.Layout(display="none"),
        )
        super().__init__(self._rows(), layout=w.Layout(width="100%"))
        for name in ("explainer", f"explainer-{view}", f"explainer-pathway-{pathway.id}"):
            self.add_class(name)
        self._refresh()

    # -- state -------------------------------------------------------------------------
    @default("branches")
    def _all_branches(self):
        return self.pathway.branches

    @validate("step")
    def _valid_step(self, proposal):
        k = proposal["value"]
        if not 0 <= k < len(self.pathway.steps):
            raise TraitError(f"step must be in 0..{len(self.pathway.steps) - 1}, not {k}")
        return k

    @validate("branches")
    def _valid_branches(self, proposal):
        unknown = set(proposal["value"]) - set(self.pathway.branches)
        if unknown:
            raise TraitError(f"unknown branches {sorted(unknown)}; known: {self.pathway.branches}")
        return tuple(b for b in self.pathway.branches if b in proposal["value"])

    @observe("step")
    def _on_step(self, change):
        branch = self.pathway.steps[change["new"]].branch
        if branch and branch not in self.branches:
            self.branches = (*self.branches, branch)  # asked for a hidden step: show its branch
        self._refresh()

    @observe("branches")
    def _on_branches(self, change):
        steps = self.visible_steps
        if steps and self.step not in steps:
            earlier = [k for k in steps if k < self.step]
            self.step = earlier[-1] if earlier else steps[0]
        self.diagram.show_branches(self.branches)
        self._refresh()

    @property
    def visible_steps(self) -> list[int]:
        return [k for k, s in enumerate(self.pathway.steps) if s.branch is None or s.branch in self.branches]

    def go(self, delta: int) -> None:
        """Move ``delta`` visible steps (Previous is -1, Next +1); stop at the ends."""
        steps = self.visible_steps
        if not steps:
            return
        here = steps.index(self.step)
        self.step = steps[min(max(here + delta, 0), len(steps) - 1)]

    # -- derived -------------------------------------------------------------------------
    @property
    def shown_panel(self):
        return self.panels.children[self.panels.selected_index]

    @property
    def shown_text(self) -> str:
        """All the HTML text on show in the current panel (a closed disclosure shows its summary only)."""
        if self.nothing_to_show:
            return self.nothing.value
        return _closed(self.shown_panel.value)

    @property
    def shown_node_text(self) -> str:
        return self.node_panels.children[self.node_panels.selected_index].value

    @property
    def nothing_to_show(self) -> bool:
        """True when every step is in a hidden side branch."""
        return not self.visible_steps

    def _refresh(self):
        steps = self.visible_steps
        self.step_buttons.index = self.step if steps else None  # no step is on show
        self.step_buttons.steps = steps  # the arrow keys skip hidden side branches, as Play does
        # The browser's links carry the step buttons' index to the panels and the diagram: the
        # kernel keeps its copies without sending them, or a late copy would undo a reader's next
        # key (→ pressed twice quickly went forward, then back).
        with (
            self.panels._lock_property(selected_index=self.step),
            self.diagram._lock_property(step=self.step),
        ):
            self.panels.selected_index = self.step
            self.diagram.step = self.step
        self.prev.disabled = not steps or self.step == steps[0]
        self.next.disabled = not steps or self.step == steps[-1]
        self.play.disabled = not steps
        self.play.steps = steps  # Play never walks into a hidden side branch
        self.nothing.layout.display = "none" if steps else None
        self.panels.layout.display = None if steps else "none"
        for name, toggle in self.toggles.items():
            toggle.value = name in self.branches
            toggle.icon = "check" if toggle.value else ""

    def _from_buttons(self, change):
        if change["new"] is None:
            return
        if change["new"] == self.step:  # the step of a hidden branch, asked for again: no step event
            self._on_step({"new": self.step})
        self.step = change["new"]

    def _from_picker(self, change):
        if change["new"] is not None:
            self.node_panels.selected_index = change["new"]
            self.diagram.selected_index = change["new"]

    def _from_diagram(self, change):
        if change["new"] is not None:
            self.node_panels.selected_index = change["new"]
            self.node_picker.index = change["new"]

    def _toggle(self, name, shown):
        if shown and name not in self.branches:
            self.branches = (*self.branches, name)
        elif not shown and name in self.branches:
            self.branches = tuple(b for b in self.branches if b != name)

    # -- building ------------------------------------------------------------------------
    def _panel(self, k: int) -> w.HTML:
        """Step ``k``'s words as one HTML widget (one model, not one per part: the explorer starts
        faster and its page is smaller; the disclosures inside need no kernel)."""
        p = self.pathway
        title, passages = tx.title_html(p, k), tx.passages_html(p, k)
        diagram_words = [tx.emphasis_html(p, k), describe.step_links_html(p, k)]
        if self.view == "presenter":  # on the projector's one screen, the passage right under the title
            words = [title, passages, *diagram_words, tx.glossary_html(p, k)]
        else:
            words = [title, *diagram_words, passages, tx.glossary_html(p, k)]
        if p.steps[k].note:  # the research layer: apart from the quotes, closed for students
            note = _disclosure(
                "What the research says (educator note)", tx.note_html(p, k), self.view == "presenter"
            )
            self.notes.append(note)
            words.append(note)
        if self.view == "student":
            answer = _disclosure("Show the answer", tx.answer_html(p, k))
            self.answers.append(answer)
            words += [tx.question_html(p, k), tx.choices_html(p, k), answer]
        return w.HTML(f'<div class="explainer-step">{"".join(words)}</div>', layout=w.Layout(width="100%"))

    def _rows(self) -> list:
        css = w.HTML(f"<style>{EXPLORER_CSS.read_text(encoding='utf-8')}</style>")
        header = w.HTML(tx.header_html(self.pathway))
        introduction = w.HTML(tx.introduction_html(self.pathway))
        kernel_controls = [] if self.static else [self.prev, self.next]
        controls = w.HBox(
            [*kernel_controls, self.step_buttons, self.play],
            layout=w.Layout(flex_flow="row wrap", align_items="center"),
        )
        toggles = []
        if self.toggles and not self.static:
            toggles = [w.HBox(list(self.toggles.values())), self.nothing]
        explore = w.VBox(
            [
                w.HTML('<h3 class="explainer-explore">Explore a box or link</h3>'),
                self.node_picker,
                self.node_panels,
            ]
        )
        as_text = w.HTML(_disclosure("The diagram as text", describe.diagram_text_html(self.pathway)))
        disclaimer = w.HTML(f'<p class="explainer-disclaimer">{escape(wd.footer_text(self.pathway))}</p>')
        # One block, the stage, holds the controls and the diagram: it stays in view while the
        # step's text scrolls (explorer.css). The presenter's screen (1920x1080) is the stage and,
        # in the room left, the step's title and passages, then the article's introduction.
        if self.view == "presenter":
            stage = w.VBox([controls, *toggles, self.diagram])
            reading = w.VBox([self.panels, introduction, explore, as_text, disclaimer])
            reading.add_class("explainer-reading")
            rows = [css, header, stage, reading]
        else:  # the step's text beside what the reader picked in the diagram
            stage = w.VBox([controls, self.diagram])
            self.panels.layout.width = "55%"
            explore.layout.width, explore.layout.padding = "45%", "0 0 0 1em"
            reading = w.HBox([self.panels, explore], layout=w.Layout(align_items="flex-start"))
            rows = [css, header, introduction, *toggles, stage, reading, as_text, disclaimer]
        stage.add_class("explainer-stage")
        return rows

    def close(self) -> None:
        """Close the explorer with every widget and link it made (their models leave the kernel)."""
        # getattr: Widget.__del__ calls close() on an explorer whose __init__ raised half way
        made = [getattr(self, name, None) for name in ("prev", "next", "nothing")]
        made += [*getattr(self, "toggles", {}).values(), *getattr(self, "links", ())]
        for widget in [*(x for child in self.children for x in _walk(child)), *made, self]:
            for model in (getattr(widget, "layout", None), getattr(widget, "style", None)):
                if isinstance(model, w.Widget):  # each widget's layout and style are models too
                    model.close()
            if widget is not self and widget is not None:
                widget.close()
        super().close()


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
