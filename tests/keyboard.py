"""A keyboard-only walk of the explorer's controls, the same in every front-end.

Voilà, JupyterLab, Notebook 7 and the static page (tests/test_live_explorer.py,
tests/test_controls_offline.py) call :func:`walk_controls` on one explorer: only keys are
pressed (Tab, Shift+Tab, Enter, Space, arrows, Home, End, Page Up/Down), and after each the
step shown, the step buttons' state and where focus is are read back from the page.
"""

import json

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from explainer.words.wording import branch_label

SHOWN_TITLE = """sel => Array.from(document.querySelectorAll(sel + ' .explainer-title'))
  .filter(e => e.offsetParent !== null).map(e => e.innerText).join(' | ')"""
FOCUS = """sel => { const e = document.activeElement, root = document.querySelector(sel);
  return {tag: e.tagName, role: e.getAttribute('role'),
          name: e.getAttribute('aria-label') || e.innerText || '',
          inside: root.contains(e), inBar: e.closest('.explainer-steps') !== null,
          body: e === document.body}; }"""
BAR = """sel => Array.from(document.querySelectorAll(sel + ' .explainer-steps [role=radio]'))
  .map(b => ({checked: b.getAttribute('aria-checked'), tabindex: b.tabIndex}))"""


def wait_title(page, scope: str, title: str, timeout: float = 30_000) -> None:
    try:
        page.wait_for_function(
            f"([sel, t]) => ({SHOWN_TITLE})(sel).includes(t)", arg=[scope, title], timeout=timeout
        )
    except PlaywrightTimeout:  # say what was on show instead, and where focus was
        shown = page.evaluate(SHOWN_TITLE, scope)
        raise AssertionError(
            f"waited for {title!r}; shown: {shown!r}; focus: {focused(page, scope)}"
        ) from None


def focused(page, scope: str) -> dict:
    return page.evaluate(FOCUS, scope)


def assert_step(page, scope: str, pathway, k: int) -> None:
    """Step ``k`` is on show, its button the only one checked and the only Tab stop of the bar."""
    wait_title(page, scope, pathway.steps[k].title)
    page.wait_for_function(
        "([sel, k]) => document.querySelectorAll(sel + ' .explainer-steps [role=radio]')[k]"
        ".getAttribute('aria-checked') === 'true'",
        arg=[scope, k],
        timeout=30_000,
    )
    bar = page.evaluate(BAR, scope)
    assert [b["checked"] for b in bar] == ["true" if i == k else "false" for i in range(len(bar))], bar
    assert [b["tabindex"] for b in bar] == [0 if i == k else -1 for i in range(len(bar))], bar


def press(page, key: str) -> None:
    page.keyboard.press(key)


def walk_step_bar(page, scope: str, pathway) -> None:
    """From the Play button: the step buttons are one Tab stop, moved through by arrow keys."""
    n = len(pathway.steps)
    page.locator(f"{scope} .explainer-player .exp-play").focus()
    press(page, "Shift+Tab")  # back into the step buttons: onto the current step, whichever it is
    here = focused(page, scope)
    assert here["inBar"] and here["role"] == "radio", here
    press(page, "Home")
    assert_step(page, scope, pathway, 0)
    press(page, "Shift+Tab")  # one more leaves the bar: its seven buttons are one Tab stop
    assert not focused(page, scope)["inBar"]
    press(page, "Tab")
    here = focused(page, scope)
    assert here["inBar"] and here["name"] == f"Step 1 of {n}: {pathway.steps[0].title}", here
    press(page, "ArrowRight")
    assert_step(page, scope, pathway, 1)
    assert focused(page, scope)["name"].startswith(f"Step 2 of {n}")  # focus moves with the step
    press(page, "ArrowDown")
    assert_step(page, scope, pathway, 2)
    press(page, "ArrowUp")
    assert_step(page, scope, pathway, 1)
    press(page, "End")
    assert_step(page, scope, pathway, n - 1)
    press(page, "ArrowRight")  # nothing after the last step: it stays, and so does focus
    page.wait_for_timeout(300)
    assert_step(page, scope, pathway, n - 1)
    assert focused(page, scope)["name"].startswith(f"Step {n} of {n}")
    press(page, "Home")
    assert_step(page, scope, pathway, 0)
    press(page, "ArrowLeft")  # nor before the first
    page.wait_for_timeout(300)
    assert_step(page, scope, pathway, 0)
    press(page, "PageDown")  # a clicker's key, on the step buttons too: one step, not two
    assert_step(page, scope, pathway, 1)
    page.wait_for_timeout(300)
    assert_step(page, scope, pathway, 1)
    press(page, "Space")  # Space and Enter choose the focused step: it stays
    press(page, "Enter")
    page.wait_for_timeout(300)
    assert_step(page, scope, pathway, 1)


def walk_play_and_clicker_keys(page, scope: str, pathway) -> None:
    """Tab to Play: Space and Enter play and pause in place; → ← Page Up/Down step from there."""
    press(page, "Tab")
    here = focused(page, scope)
    assert here["name"] == "Play", here
    before = page.evaluate(SHOWN_TITLE, scope)
    press(page, "Space")
    page.wait_for_function(
        "sel => document.querySelector(sel + ' .exp-play').getAttribute('aria-label') === 'Pause'", arg=scope
    )
    press(page, "Enter")
    page.wait_for_function(
        "sel => document.querySelector(sel + ' .exp-play').getAttribute('aria-label') === 'Play'", arg=scope
    )
    assert page.evaluate(SHOWN_TITLE, scope) == before  # paused in place
    k = next(i for i, s in enumerate(pathway.steps) if s.title in before)
    press(page, "ArrowRight")
    assert_step(page, scope, pathway, k + 1)
    press(page, "PageUp")
    assert_step(page, scope, pathway, k)
    press(page, "PageDown")
    assert_step(page, scope, pathway, k + 1)
    press(page, "ArrowLeft")
    assert_step(page, scope, pathway, k)
    assert focused(page, scope)["name"] == "Play"  # focus stays where the presenter left it
    press(page, "Tab")  # the speed: its arrows choose a speed, they never change the step
    here = focused(page, scope)
    assert here["tag"] == "SELECT", here
    before = page.evaluate("() => document.activeElement.value")
    press(page, "ArrowDown")
    page.wait_for_function("v => document.activeElement.value !== v", arg=before, timeout=30_000)
    assert focused(page, scope)["tag"] == "SELECT"  # the notebook did not take ↓ to another cell
    assert_step(page, scope, pathway, k)
    press(page, "ArrowUp")  # back to the speed it had
    page.wait_for_function("v => document.activeElement.value === v", arg=before, timeout=30_000)


def tab_to(page, scope: str, test: str, limit: int = 80, back: bool | None = None) -> dict:
    """Press Tab (or Shift+Tab) until the focused element passes ``test`` (JS, given it).

    ``back=None``: Shift+Tab if the first element of ``scope`` passing ``test`` comes before
    the focused one in the page (the views order their rows differently), else Tab."""
    if back is None:
        back = page.evaluate(
            f"""sel => {{ const all = document.querySelector(sel).querySelectorAll('*');
              const t = Array.from(all).find({test});
              return !!t && !!(document.activeElement.compareDocumentPosition(t)
                               & Node.DOCUMENT_POSITION_PRECEDING); }}""",
            scope,
        )
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if page.evaluate(f"() => ({test})(document.activeElement)"):
            return focused(page, scope)
    raise AssertionError(f"Tab never reached {test} in {scope}; last: {focused(page, scope)}")


def walk_kernel_controls(page, scope: str, pathway) -> None:
    """Previous and Next (Enter, Space) and a branch toggle (Space, Enter): the live explorer's.

    Starts from the step buttons on the second step, Next and Previous both enabled."""
    assert_step(page, scope, pathway, 1)
    here = tab_to(page, scope, "e => e.innerText && e.innerText.includes('Next')", limit=3, back=True)
    assert here["inside"], here
    press(page, "Enter")
    assert_step(page, scope, pathway, 2)
    tab_to(page, scope, "e => e.innerText && e.innerText.includes('Previous')", limit=2, back=True)
    press(page, "Space")
    assert_step(page, scope, pathway, 1)
    last = pathway.steps[-1]
    assert last.branch, "the walk hides the last step's side branch"
    label = json.dumps(branch_label(pathway, last.branch))
    is_toggle = f"e => e.tagName === 'BUTTON' && e.innerText.includes({label})"
    tab_to(page, scope, is_toggle, limit=12, back=None)
    press(page, "Space")  # hide the last step's branch: its step button says so, the arrows skip it
    hidden = f"{scope} .explainer-steps [role=radio] >> nth={len(pathway.steps) - 1}"
    page.wait_for_function(
        "e => e.classList.contains('exs-hidden')", arg=page.locator(hidden).element_handle(), timeout=30_000
    )
    tab_to(page, scope, "e => e.closest('.explainer-steps') !== null", limit=12, back=None)
    press(page, "End")
    visible = [k for k, s in enumerate(pathway.steps) if s.branch != last.branch]
    assert_step(page, scope, pathway, visible[-1])
    tab_to(page, scope, is_toggle, limit=12, back=None)
    press(page, "Enter")  # and show it again
    page.wait_for_function(
        "e => !e.classList.contains('exs-hidden')", arg=page.locator(hidden).element_handle(), timeout=30_000
    )


def walk_reading(page, scope: str, pathway) -> None:
    """Past the controls: a box of the diagram (Enter), the picker (its arrows) and a disclosure."""
    k = next(i for i, s in enumerate(pathway.steps) if s.title in page.evaluate(SHOWN_TITLE, scope))
    item = tab_to(page, scope, "e => e.classList && e.classList.contains('exd-item')")
    press(page, "Enter")
    page.wait_for_function(
        "([sel, t]) => Array.from(document.querySelectorAll(sel + ' .explainer-node'))"
        ".some(e => e.offsetParent !== null && e.innerText === t)",
        arg=[scope, item["name"]],
        timeout=30_000,
    )
    picker = tab_to(page, scope, "e => e.tagName === 'SELECT' && e.closest('.widget-dropdown') !== null")
    assert picker["inside"], picker
    before = page.evaluate("() => document.activeElement.value")
    press(page, "ArrowDown")  # the picker's arrows pick a box or link; the step stays
    page.wait_for_function("v => document.activeElement.value !== v", arg=before, timeout=30_000)
    assert focused(page, scope)["tag"] == "SELECT"
    assert_step(page, scope, pathway, k)
    summary = tab_to(page, scope, "e => e.tagName === 'SUMMARY' && !e.parentElement.open")
    assert summary["inside"], summary
    press(page, "Space")
    assert page.evaluate("() => document.activeElement.parentElement.open")
    press(page, "Enter")
    assert not page.evaluate("() => document.activeElement.parentElement.open")
    assert_step(page, scope, pathway, k)


def walk_controls(page, scope: str, pathway, kernel: bool = True) -> None:
    """The whole walk: the step buttons, Play and the clicker's keys, Previous, Next and a branch
    toggle (``kernel``: not on the static page), then the diagram, the picker and a disclosure."""
    walk_step_bar(page, scope, pathway)
    walk_play_and_clicker_keys(page, scope, pathway)
    if kernel:
        tab_to(page, scope, "e => e.closest('.explainer-steps') !== null", limit=3, back=True)
        walk_kernel_controls(page, scope, pathway)
    walk_reading(page, scope, pathway)
