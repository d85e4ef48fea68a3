// The Play control (anywidget): a Play/Pause button with its name in words, a speed choice and
// an aria-live region that announces each step. The current step stays on show for a full
// interval before Play moves on; Pause leaves the lesson where it is; Play visits only the
// steps in `steps` (hidden side branches are never shown again by it) and stops at the last.

function render({ model, el }) {
  el.classList.add("explainer-player");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "exp-play jupyter-button widget-button";
  const speed = document.createElement("select");
  speed.className = "exp-speed";
  const speedId = `exp-speed-${Math.random().toString(36).slice(2)}`;
  speed.id = speedId;
  const speedLabel = document.createElement("label");
  speedLabel.htmlFor = speedId;
  speedLabel.textContent = "Speed";
  for (const [label, ms] of model.get("speeds")) {
    const option = document.createElement("option");
    option.value = String(ms);
    option.textContent = label;
    speed.append(option);
  }
  const live = document.createElement("p");
  live.className = "exp-live";
  live.setAttribute("aria-live", "polite");
  live.setAttribute("role", "status");
  el.append(button, speedLabel, speed);
  if (model.get("fullscreen")) {
    // The whole explorer, not the page, fills the projector; Esc (or the button again) leaves.
    const full = document.createElement("button");
    full.type = "button";
    full.className = "exp-fullscreen jupyter-button widget-button";
    const label = () => {
      const on = document.fullscreenElement && document.fullscreenElement === el.closest(".explainer");
      full.textContent = on ? "Leave full screen" : "Full screen";
      full.setAttribute("aria-pressed", on ? "true" : "false");
    };
    full.addEventListener("click", () => {
      const root = el.closest(".explainer");
      if (document.fullscreenElement) document.exitFullscreen();
      else if (root && root.requestFullscreen) root.requestFullscreen().then(() => full.focus());
    });
    document.addEventListener("fullscreenchange", label);
    label();
    el.append(full);
  }
  el.append(live);
  let timer = null;

  const steps = () => model.get("steps");
  const following = (k) => steps().find((s) => s > k);
  const atEnd = () => following(model.get("value") ?? -1) === undefined;
  const announce = () => {
    const k = model.get("value");
    live.textContent = k === null || k === undefined ? "" : model.get("titles")[k]; // "Step 2 of 7: ..."
  };
  const showButton = () => {
    const playing = model.get("playing");
    button.textContent = playing ? "❚❚ Pause" : "▶ Play";
    button.setAttribute("aria-label", playing ? "Pause" : "Play");
    button.title = playing ? "Pause on this step" : "Play the steps one after another";
    // aria-disabled, not disabled: a focused button that becomes disabled drops focus to <body>.
    const off = model.get("disabled") || (!playing && atEnd());
    button.setAttribute("aria-disabled", off ? "true" : "false");
    button.classList.toggle("exp-off", off);
    speed.value = String(model.get("interval"));
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = null;
    if (!model.get("playing")) return;
    timer = setTimeout(tick, model.get("interval"));
  };
  const tick = () => {
    const next = following(model.get("value") ?? -1);
    if (next === undefined) {
      model.set("playing", false);
    } else {
      model.set("value", next);
      if (following(next) === undefined) model.set("playing", false); // the last step: stop on it
    }
    model.save_changes();
  };
  button.addEventListener("click", () => {
    if (button.getAttribute("aria-disabled") === "true") {
      live.textContent = model.get("disabled") ? "Nothing to play." : "This is the last step.";
      return;
    }
    model.set("playing", !model.get("playing"));
    model.save_changes();
  });
  speed.addEventListener("change", () => {
    model.set("interval", Number(speed.value));
    model.save_changes();
  });
  const onValue = () => {
    announce();
    showButton();
    schedule(); // any step change while playing: the new step gets its full interval
  };
  const onPlaying = () => {
    showButton();
    schedule();
  };
  // What presentation clickers send: → and Page Down go on, ← and Page Up go back, with focus
  // anywhere in the explorer, or nowhere (after a click on its text) on a page with this one
  // explorer. Not in a list, a text field or the diagram, whose own keys these are, nor on the
  // step buttons, which move the step with the same keys themselves.
  const KEYS = { ArrowRight: +1, PageDown: +1, ArrowLeft: -1, PageUp: -1 };
  const NAVIGATION = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"]);
  const ours = (target, root) =>
    root.contains(target) || (target === document.body && document.querySelectorAll(".explainer").length === 1);
  const onKey = (event) => {
    const root = el.closest(".explainer"); // looked up now: in Lab the view is attached after render
    const target = event.target;
    if (!root || !(target instanceof Element) || !ours(target, root)) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (target.closest("select, input, textarea, .exd-frame")) {
      // The field keeps its keys: JupyterLab's and Notebook 7's shortcuts (↓ moves to the next
      // cell) never see them; the browser's own action (choose an option, scroll) still happens.
      if (NAVIGATION.has(event.key)) event.stopPropagation();
      return;
    }
    const delta = KEYS[event.key];
    if (!delta || model.get("disabled") || target.closest(".explainer-steps")) return;
    const here = model.get("value") ?? -1;
    const to = delta > 0 ? following(here) : steps().filter((s) => s < here).pop();
    event.preventDefault(); // Page Down would scroll the page instead
    event.stopPropagation(); // and Notebook 7 would take → to move to another cell
    if (to === undefined) return;
    model.set("value", to);
    model.save_changes();
  };
  // one table for subscribing and unsubscribing, so the two never drift apart
  const listeners = [
    ["change:value", onValue],
    ["change:playing", onPlaying],
    ["change:interval", onPlaying],
    ["change:steps", showButton],
    ["change:disabled", showButton],
  ];
  // On window, capturing: before JupyterLab's and Notebook 7's shortcuts (Lumino listens on
  // document, capturing), which would otherwise take the key first.
  window.addEventListener("keydown", onKey, true);
  for (const [name, handler] of listeners) model.on(name, handler);
  showButton();
  return () => {
    clearTimeout(timer);
    window.removeEventListener("keydown", onKey, true);
    for (const [name, handler] of listeners) model.off(name, handler);
  };
}

export default { render };
