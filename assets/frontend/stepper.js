// The stepper (anywidget): the one owner of the step and of the side branches on show.
// Previous and Next, the step buttons (a WAI-ARIA radio group with a roving tabindex), Play with
// its speed, the clicker's keys and the side-branch toggles all change `step` and `branches`
// here; the panels and the diagram follow through jslinks. The rules (which steps are on show,
// the next and previous of them, what a hidden step or branch does) are the pure functions
// below, exported so that the tests run them in Node (tests/stepper_rules.py).
//
// DOM contract (a class session, the SCORM package's reporting): the stepper's element
// (`.explainer-stepper`, or any element inside it, since the listener captures) takes
//   el.dispatchEvent(new CustomEvent("explainer:go-to-step", {detail: {step: k}}))
// and moves to step k (0-based; a step of a hidden side branch shows its branch). Once it is in
// the document, and whenever the step changes after that, whatever changed it, the element
// dispatches a bubbling
//   CustomEvent("explainer:step", {bubbles: true, detail: {step: k, steps: [the steps on show]}})
// (k null: nothing on show).
// Before Next, Previous, a clicker's key or Play moves the step it dispatches a cancelable, bubbling
//   CustomEvent("explainer:turn", {detail: {delta: +1 | -1}})
// which the presenter's paged step text (panels.js) cancels while it has a page left that way: the
// step's passage, or its shots (a step too big for one picture, camera.js), go on before the next
// step. It hears back how many pages the step has from
//   CustomEvent("explainer:pages", {detail: {step, page, pages}})
// dispatched in the same explorer, so Next stays pressable on a last step with a page to come.

// -- the rules: pure functions of (steps' branches, state) --------------------------------------

/** The steps on show: those in no side branch, or in a branch in `branches`. */
export function onShow(stepBranches, branches) {
  return stepBranches.flatMap((b, k) => (b === null || branches.includes(b) ? [k] : []));
}

/** The next step on show after `k` (undefined at the end). */
export function following(shown, k) {
  return shown.find((s) => s > k);
}

/** The step on show before `k` (undefined at the start). */
export function preceding(shown, k) {
  return shown.filter((s) => s < k).pop();
}

function ordered(all, branches) {
  return all.filter((b) => branches.includes(b));
}

/** Go to step `k`: a step of a hidden side branch shows its branch again. */
export function goTo(rules, state, k) {
  const b = rules.stepBranches[k];
  const branches = b !== null && !state.branches.includes(b) ? ordered(rules.branches, [...state.branches, b]) : state.branches;
  return { step: k, branches };
}

/** Move `delta` (+1 or -1) steps on show; at either end, stay. */
export function move(rules, state, delta) {
  const shown = onShow(rules.stepBranches, state.branches);
  const to = delta > 0 ? following(shown, state.step ?? -1) : preceding(shown, state.step ?? Infinity);
  return to === undefined ? state : { ...state, step: to };
}

/** Show the side branches `branches`: a step now hidden gives way to the one on show before it
 * (else the first on show); with nothing on show the step is null, and it comes back to the first. */
export function withBranches(rules, state, branches) {
  const kept = ordered(rules.branches, branches);
  const shown = onShow(rules.stepBranches, kept);
  let step = state.step;
  if (!shown.length) step = null;
  else if (step === null || !shown.includes(step)) step = preceding(shown, step ?? -1) ?? shown[0];
  return { step, branches: kept };
}

// -- the view ---------------------------------------------------------------------------------

const BAR_KEYS = { ArrowRight: +1, ArrowDown: +1, PageDown: +1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1 };
const CLICKER_KEYS = { ArrowRight: +1, PageDown: +1, ArrowLeft: -1, PageUp: -1 };
const NAVIGATION = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown", " "]);
// What Space presses or types into: it keeps its own meaning there.
const INTERACTIVE = "button, a[href], summary, select, input, textarea, [contenteditable], [role=button], [role=radio], [role=checkbox], [role=link]";
// A narrow screen (a phone): the student's explorer is one column there (explorer.css).
const NARROW = "(max-width: 700px)";
// The keys that scroll a box, by the direction they scroll it in.
const SIDEWAYS = new Set(["ArrowLeft", "ArrowRight"]);

function button(className, text) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = `${className} jupyter-button widget-button`;
  b.textContent = text;
  return b;
}

function uid(prefix) {
  return `${prefix}-${Math.random().toString(36).slice(2)}`;
}

function render({ model, el }) {
  el.classList.add("explainer-stepper");
  const rules = () => ({ stepBranches: model.get("step_branches"), branches: model.get("branch_names").map(([b]) => b) });
  const state = () => ({ step: model.get("step"), branches: model.get("branches") });
  const shown = () => onShow(model.get("step_branches"), model.get("branches"));
  const rootOf = () => el.closest(".explainer") ?? el; // looked up when needed: in Lab the view is attached after render
  // The paged step text (panels.js) turns a page first, if it has one left that way.
  const turned = (delta) =>
    !el.dispatchEvent(new CustomEvent("explainer:turn", { bubbles: true, cancelable: true, detail: { delta } }));
  let paging = { page: 0, pages: 1 };
  const onPages = (event) => {
    if (!(event.target instanceof Element) || event.target.closest(".explainer") !== rootOf()) return;
    paging = event.detail;
    show();
  };
  const write = (next) => {
    const now = state();
    if (next.step === now.step && next.branches.join("\n") === now.branches.join("\n")) return;
    model.set("branches", next.branches);
    model.set("step", next.step);
    model.save_changes();
  };

  // Row 1: Previous, Next, the step buttons, Play, the speed, Full screen (presenter).
  const row = document.createElement("div");
  row.className = "exs-row";
  const prev = button("exs-prev", "◀ Previous");
  prev.title = "Go to the previous step";
  const next = button("exs-next", "Next ▶");
  next.title = "Go to the next step";
  const bar = document.createElement("div");
  bar.className = "explainer-steps";
  const label = document.createElement("span");
  label.className = "exs-label";
  label.id = uid("exs-label");
  const group = document.createElement("div");
  group.className = "exs-group";
  group.setAttribute("role", "radiogroup");
  group.setAttribute("aria-labelledby", label.id);
  bar.append(label, group);
  const player = document.createElement("div");
  player.className = "explainer-player";
  const play = button("exp-play", "▶ Play");
  const speed = document.createElement("select");
  speed.className = "exp-speed";
  speed.id = uid("exp-speed");
  const speedLabel = document.createElement("label");
  speedLabel.htmlFor = speed.id;
  speedLabel.textContent = "Speed";
  for (const [text, ms] of model.get("speeds")) {
    const option = document.createElement("option");
    option.value = String(ms);
    option.textContent = text;
    speed.append(option);
  }
  player.append(play, speedLabel, speed);
  row.append(prev, next, bar, player);
  // Row 2: a toggle per side branch, named after its branch, wrapping so that each is whole on
  // screen. In a disclosure ("Side branches: 2 of 3 shown") that is open but for the student's
  // explorer on a narrow screen (a phone), where the wrapped toggles would push the diagram off
  // the first screen; elsewhere its summary is not shown. Then what is said aloud, and the
  // message for nothing on show.
  const toggles = document.createElement("div");
  toggles.className = "exs-toggles";
  toggles.setAttribute("role", "group");
  toggles.setAttribute("aria-label", "Side branches shown");
  const branchBox = document.createElement("details");
  branchBox.className = "exs-branches";
  branchBox.open = true;
  const branchSummary = document.createElement("summary");
  branchSummary.className = "exs-branches-summary";
  branchBox.append(branchSummary, toggles);
  const narrow = window.matchMedia(NARROW);
  const fold = () => {
    branchBox.open = !(narrow.matches && el.closest(".explainer-student"));
  };
  const live = document.createElement("p");
  live.className = "exp-live";
  live.setAttribute("aria-live", "polite");
  live.setAttribute("role", "status");
  const nothing = document.createElement("p");
  nothing.className = "explainer-nothing";
  player.append(live); // the Full screen button, if any, goes before it
  el.append(row, branchBox, nothing);

  let fullscreenOff = () => {};
  if (model.get("fullscreen")) {
    // The whole explorer, not the page, fills the projector; Esc (or the button again) leaves.
    const full = button("exp-fullscreen", "Full screen");
    const name = () => {
      const on = document.fullscreenElement !== null && document.fullscreenElement === rootOf();
      full.textContent = on ? "Leave full screen" : "Full screen";
      full.setAttribute("aria-pressed", on ? "true" : "false");
    };
    full.addEventListener("click", () => {
      if (document.fullscreenElement) document.exitFullscreen();
      else if (rootOf().requestFullscreen) rootOf().requestFullscreen().then(() => full.focus());
    });
    document.addEventListener("fullscreenchange", name);
    fullscreenOff = () => document.removeEventListener("fullscreenchange", name);
    name();
    player.insertBefore(full, live);
  }

  let buttons = [];
  let switches = [];
  const buildSteps = () => {
    label.textContent = model.get("description");
    bar.title = model.get("tooltip");
    group.replaceChildren();
    buttons = model.get("labels").map((text, i) => {
      const b = button("exs-step", text);
      b.setAttribute("role", "radio");
      b.addEventListener("click", () => write(goTo(rules(), state(), i)));
      group.append(b);
      return b;
    });
  };
  const buildToggles = () => {
    toggles.replaceChildren();
    switches = model.get("branch_names").map(([id, text]) => {
      const b = button("exs-toggle", `Show: ${text}`);
      b.title = `Show or hide the side branch “${text}”`;
      b.dataset.branch = id;
      b.addEventListener("click", () => {
        const on = model.get("branches").includes(id);
        const branches = on ? model.get("branches").filter((x) => x !== id) : [...model.get("branches"), id];
        write(withBranches(rules(), state(), branches));
      });
      toggles.append(b);
      return b;
    });
    branchBox.hidden = switches.length === 0;
  };

  // aria-disabled, not disabled: a focused button that becomes disabled drops focus to <body>.
  const off = (b, yes) => {
    b.setAttribute("aria-disabled", yes ? "true" : "false");
    b.classList.toggle("exp-off", yes);
  };
  const show = () => {
    const k = model.get("step");
    const visible = shown();
    const stop = k ?? visible[0] ?? 0; // the one step button Tab reaches
    const inside = group.contains(document.activeElement);
    buttons.forEach((b, i) => {
      b.setAttribute("aria-checked", i === k ? "true" : "false");
      b.tabIndex = i === stop ? 0 : -1;
      const hidden = !visible.includes(i);
      b.classList.toggle("exs-hidden", hidden);
      const name = model.get("titles")[i] + (hidden ? " (in a hidden side branch)" : "");
      b.setAttribute("aria-label", name);
      b.title = name;
    });
    // Focus follows the current step inside the group, so the focused button is the Tab stop.
    if (inside && buttons[stop] && document.activeElement !== buttons[stop]) buttons[stop].focus();
    for (const b of switches) {
      const on = model.get("branches").includes(b.dataset.branch);
      b.setAttribute("aria-pressed", on ? "true" : "false");
    }
    const on = switches.filter((b) => b.getAttribute("aria-pressed") === "true").length;
    branchSummary.textContent = `Side branches: ${on} of ${switches.length} shown`;
    off(prev, k === null || (preceding(visible, k) === undefined && paging.page === 0));
    off(next, k === null || (following(visible, k) === undefined && paging.page >= paging.pages - 1));
    const playing = model.get("playing");
    play.textContent = playing ? "❚❚ Pause" : "▶ Play";
    play.setAttribute("aria-label", playing ? "Pause" : "Play");
    play.title = playing ? "Pause on this step" : "Play the steps one after another";
    const lastPage = paging.page >= paging.pages - 1;
    off(play, !visible.length || (!playing && following(visible, k ?? -1) === undefined && lastPage));
    speed.value = String(model.get("interval"));
    nothing.textContent = model.get("nothing");
    nothing.hidden = visible.length > 0;
  };

  let timer = null;
  const schedule = () => {
    clearTimeout(timer);
    timer = null;
    if (model.get("playing")) timer = setTimeout(tick, model.get("interval"));
  };
  // Each step, and each of its pages (the presenter's continued text and shots), gets the interval;
  // Play stops once the last step's last page has had its own (the pages of a step are known
  // only once it is shown).
  const tick = () => {
    if (turned(+1)) return schedule();
    const to = following(shown(), model.get("step") ?? -1);
    if (to !== undefined) model.set("step", to);
    else model.set("playing", false);
    model.save_changes();
  };
  const pressed = (b, why) => {
    if (b.getAttribute("aria-disabled") !== "true") return true;
    live.textContent = why;
    return false;
  };
  // Previous and Next: a page of the step's text first, where it has one left that way.
  const step = (delta) => turned(delta) || write(move(rules(), state(), delta));
  prev.addEventListener("click", () => pressed(prev, "This is the first step.") && step(-1));
  next.addEventListener("click", () => pressed(next, "This is the last step.") && step(+1));
  play.addEventListener("click", () => {
    if (!pressed(play, shown().length ? "This is the last step." : "Nothing to play.")) return;
    model.set("playing", !model.get("playing"));
    model.save_changes();
  });
  speed.addEventListener("change", () => {
    model.set("interval", Number(speed.value));
    model.save_changes();
  });

  const onKey = (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    const from = buttons.indexOf(target);
    if (from >= 0) {
      // The radio group's keys, at either end too: the page does not scroll and Notebook 7 does
      // not move to another cell.
      const visible = shown();
      let to;
      if (event.key === "Home") to = visible[0];
      else if (event.key === "End") to = visible[visible.length - 1];
      else if (BAR_KEYS[event.key] > 0) to = following(visible, from);
      else if (BAR_KEYS[event.key] < 0) to = preceding(visible, from);
      else return;
      event.preventDefault();
      event.stopPropagation();
      if (to === undefined) return;
      write(goTo(rules(), state(), to));
      buttons[to].focus();
      return;
    }
    // What presentation clickers send: → and Page Down go on, ← and Page Up go back (Space and
    // Shift+Space too on the presenter's screen), with focus anywhere in the explorer (a click on
    // its text focuses it: see claim below), or nowhere on a page with this one explorer. Not in a
    // list or a text field, nor (but on the presenter's screen) in the diagram's frame where it
    // scrolls that way: their own keys.
    const root = rootOf();
    if (!(target instanceof Element)) return;
    const ours = root.contains(target) || (target === document.body && document.querySelectorAll(".explainer").length === 1);
    if (!ours) return;
    let delta = CLICKER_KEYS[event.key];
    const clicker = model.get("clicker");
    if (event.key === " " && clicker && !target.closest(INTERACTIVE)) delta = event.shiftKey ? -1 : +1;
    const frame = target.closest(".exd-frame");
    if (frame && delta && !clicker) {
      const sideways = SIDEWAYS.has(event.key);
      const scrolls = sideways ? frame.scrollWidth > frame.clientWidth + 1 : frame.scrollHeight > frame.clientHeight + 1;
      if (scrolls) delta = undefined;
    }
    if (target.closest("select, input, textarea, [contenteditable]") || !delta || target.closest(".explainer-steps") || !shown().length) {
      // The explorer keeps its keys: JupyterLab's and Notebook 7's shortcuts (↓ moves to the next
      // cell) never see them; the browser's own action (choose an option, scroll) still happens.
      // Space on a box, a link or a button is theirs to take (their own listeners, in the page).
      const own = event.key === " " && target.closest(INTERACTIVE);
      if (NAVIGATION.has(event.key) && root.contains(target) && !own) event.stopPropagation();
      return;
    }
    event.preventDefault(); // Page Down would scroll the page instead
    event.stopPropagation(); // and Notebook 7 would take → to move to another cell
    step(delta);
  };
  const onGoTo = (event) => {
    const k = event.detail && event.detail.step;
    if (Number.isInteger(k) && k >= 0 && k < model.get("labels").length) write(goTo(rules(), state(), k));
  };

  // A click on the explorer's text (anything not focusable) focuses the explorer itself, not what
  // holds it: in JupyterLab and Notebook 7 the notebook's cell took focus, and its shortcuts the
  // clicker's keys. Focusable by script and click only (tabindex -1), so Tab does not stop on it.
  const claim = () => {
    const root = el.closest(".explainer");
    if (root && !root.hasAttribute("tabindex")) root.tabIndex = -1;
  };

  // A change from anywhere (this view, another view of the same model, the kernel) is settled by
  // the same rules: a hidden step shows its branch, a hidden branch moves the step.
  // Each step is announced to the page once the view is in the document (in Lab it is attached
  // after render): first the step it starts on, then every change.
  let announced;
  let announcing = null;
  const announce = (tries = 0) => {
    clearTimeout(announcing);
    const k = model.get("step");
    if (k === announced) return;
    if (!el.isConnected) {
      if (tries < 200) announcing = setTimeout(() => announce(tries + 1), 25);
      return;
    }
    if (announced === undefined) fold(); // once in the page: is it the student's, on a phone?
    claim();
    announced = k;
    el.dispatchEvent(new CustomEvent("explainer:step", { bubbles: true, detail: { step: k, steps: shown() } }));
  };
  const onStep = () => {
    const k = model.get("step");
    if (k !== null) write(goTo(rules(), state(), k));
    live.textContent = k === null ? "" : model.get("titles")[k]; // "Step 2 of 7: ..."
    show();
    schedule(); // while playing, the new step gets its full interval
    announce();
  };
  const onBranches = () => {
    write(withBranches(rules(), state(), model.get("branches")));
    show();
  };
  const onPlaying = () => {
    show();
    schedule();
  };
  const rebuild = () => {
    buildSteps();
    buildToggles();
    show();
  };
  // one table for subscribing and unsubscribing, so the two never drift apart
  const listeners = [
    ["change:step", onStep],
    ["change:branches", onBranches],
    ["change:playing", onPlaying],
    ["change:interval", onPlaying],
    ["change:titles", show],
    ["change:nothing", show],
    ["change:labels", rebuild],
    ["change:branch_names", rebuild],
    ["change:step_branches", rebuild],
    ["change:description", rebuild],
  ];
  for (const [name, handler] of listeners) model.on(name, handler);
  // On window, capturing: before JupyterLab's and Notebook 7's shortcuts (Lumino listens on
  // document, capturing), which would otherwise take the key first.
  window.addEventListener("keydown", onKey, true);
  window.addEventListener("explainer:pages", onPages, true);
  el.addEventListener("explainer:go-to-step", onGoTo, true);
  narrow.addEventListener("change", fold);
  rebuild();
  announce();
  return () => {
    clearTimeout(timer);
    clearTimeout(announcing);
    window.removeEventListener("keydown", onKey, true);
    window.removeEventListener("explainer:pages", onPages, true);
    el.removeEventListener("explainer:go-to-step", onGoTo, true);
    narrow.removeEventListener("change", fold);
    fullscreenOff();
    for (const [name, handler] of listeners) model.off(name, handler);
  };
}

export default { render };
