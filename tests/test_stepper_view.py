"""The stepper's view in Chromium, alone: its ES module rendered on a bare page with a model that
holds the Python widget's state (anywidget's model interface: get, set, on, off, save_changes).

What no Jupyter front-end shows directly: every listener it adds (keydown on window,
fullscreenchange on document, the class session's explainer:go-to-step, the model's change
events) is gone after its teardown, and its DOM contract for a class session works.
"""

import pytest

from explainer.widgets.explorer import Explorer
from explainer.widgets.stepper import FRONTEND

MOUNT = """async ([source, state]) => {
  const handlers = {};
  const model = {
    get: (k) => state[k],
    set: (k, v) => {
      if (JSON.stringify(state[k]) === JSON.stringify(v)) return;
      state[k] = v;
      for (const h of (handlers["change:" + k] || []).slice()) h();
    },
    on: (e, h) => (handlers[e] = handlers[e] || []).push(h),
    off: (e, h) => { handlers[e] = (handlers[e] || []).filter((x) => x !== h); },
    save_changes: () => {},
  };
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const module = await import(url);
  const el = document.querySelector("#stepper");
  window.heard = [];
  window.details = [];
  document.addEventListener("explainer:step", (e) => window.heard.push(e.detail.step));
  document.addEventListener("explainer:step", (e) => window.details.push(e.detail));
  window.stepper = { model, handlers, el, cleanup: module.default.render({ model, el }) };
}"""


def listeners(page, expression: str) -> list[str]:
    """The event types of the listeners on the object ``expression`` names (Chrome DevTools)."""
    cdp = page.context.new_cdp_session(page)
    target = cdp.send("Runtime.evaluate", {"expression": expression})["result"]["objectId"]
    found = cdp.send("DOMDebugger.getEventListeners", {"objectId": target})["listeners"]
    cdp.detach()
    return sorted(x["type"] for x in found)


@pytest.fixture
def page(browser, pathway):
    state = Explorer(pathway, view="presenter").stepper.get_state()
    page = browser.new_page()
    page.set_content('<div class="explainer"><p>Text</p><div id="stepper"></div></div>')
    page.evaluate(MOUNT, [(FRONTEND / "stepper.js").read_text(encoding="utf-8"), state])
    yield page
    page.close()


def step(page) -> int:
    return page.evaluate("window.stepper.model.get('step')")


def go_to(page, k, on: str = "window.stepper.el") -> None:
    """What a class session does: ask the stepper for step ``k`` by a DOM event."""
    page.evaluate(f"{on}.dispatchEvent(new CustomEvent('explainer:go-to-step', {{detail: {{step: {k}}}}}))")


def test_teardown_removes_every_listener_it_added(page):
    assert listeners(page, "window").count("keydown") == 1  # one per explorer (it was two)
    assert listeners(page, "document").count("fullscreenchange") == 1
    assert listeners(page, "window.stepper.el") == ["explainer:go-to-step"]
    assert page.evaluate("Object.values(window.stepper.handlers).flat().length") > 5
    page.evaluate("window.stepper.cleanup()")
    assert "keydown" not in listeners(page, "window")
    assert "fullscreenchange" not in listeners(page, "document")
    assert listeners(page, "window.stepper.el") == []
    assert page.evaluate("Object.values(window.stepper.handlers).flat().length") == 0
    page.keyboard.press("ArrowRight")  # a removed view takes no keys
    assert step(page) == 0


def test_go_to_step_event_moves_it_and_every_change_is_announced(page, pathway):
    el = "window.stepper.el"
    page.evaluate(f"{el}.dispatchEvent(new CustomEvent('explainer:go-to-step', {{detail: {{step: 3}}}}))")
    assert step(page) == 3
    page.evaluate(  # on an element inside the stepper too (the listener captures)
        f"{el}.querySelector('.explainer-steps').dispatchEvent("
        "new CustomEvent('explainer:go-to-step', {detail: {step: 5}}))"
    )
    assert step(page) == 5
    for bad in ("99", "-1", "'2'", "null"):  # not a step: ignored
        page.evaluate(
            f"{el}.dispatchEvent(new CustomEvent('explainer:go-to-step', {{detail: {{step: {bad}}}}}))"
        )
    assert step(page) == 5
    page.locator(".exs-next").click()
    page.locator(".exs-step").first.click()
    # a bubbling explainer:step: the first step once in the page, then whatever moved it
    assert page.evaluate("window.heard") == [0, 3, 5, 6, 0]
    steps = list(range(len(pathway.steps)))
    assert page.evaluate("window.details[1]") == {"step": 3, "steps": steps}  # and the steps on show


def test_go_to_a_step_of_a_hidden_branch_shows_the_branch(page, pathway):
    last = len(pathway.steps) - 1
    branch = pathway.steps[last].branch
    page.locator(f".exs-toggle[data-branch={branch}]").click()
    assert branch not in page.evaluate("window.stepper.model.get('branches')")
    go_to(page, last)
    assert step(page) == last
    assert branch in page.evaluate("window.stepper.model.get('branches')")
    assert page.locator(f".exs-toggle[data-branch={branch}]").get_attribute("aria-pressed") == "true"


def test_the_clicker_steps_with_focus_nowhere_and_next_stops_at_the_end(page, pathway):
    page.locator("p", has_text="Text").click()  # focus on <body>: the clicker's keys still step
    page.keyboard.press("PageDown")
    page.keyboard.press("ArrowRight")
    assert step(page) == 2
    page.keyboard.press("PageUp")
    assert step(page) == 1
    page.evaluate(f"window.stepper.model.set('step', {len(pathway.steps) - 1})")  # as the kernel would
    assert page.locator(".exs-next").get_attribute("aria-disabled") == "true"
    page.locator(".exs-next").focus()
    page.keyboard.press("Enter")
    assert step(page) == len(pathway.steps) - 1
    assert page.locator(".exp-live").inner_text() == "This is the last step."
