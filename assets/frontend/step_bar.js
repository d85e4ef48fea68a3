// The step buttons (anywidget): a WAI-ARIA radio group with a roving tabindex. Tab reaches the
// current step only; ← → ↑ ↓ and Page Up/Down move to the previous or next step in `steps` (the
// ones on show), Home and End to the first and last; Enter, Space or a click choose a step.
// The current step has aria-checked="true", set here from `index`, whatever changed it (this
// bar, Next, Play or the kernel). The view never changes `steps`, `labels` or `tooltips`.
// A page script (the class session's) moves the step by dispatching
// CustomEvent("explainer:go-to-step", {detail: {step: k}}) on this element, and hears every
// change of step as the bubbling CustomEvent("explainer:step", {detail: {step: k, steps}}).

const KEYS = { ArrowRight: +1, ArrowDown: +1, PageDown: +1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1 };

function render({ model, el }) {
  el.classList.add("explainer-steps");
  el.title = model.get("tooltip");
  const label = document.createElement("span");
  label.className = "exs-label";
  label.id = `exs-label-${Math.random().toString(36).slice(2)}`;
  const group = document.createElement("div");
  group.className = "exs-group";
  group.setAttribute("role", "radiogroup");
  group.setAttribute("aria-labelledby", label.id);
  el.append(label, group);
  let buttons = [];

  const steps = () => model.get("steps");
  const current = () => model.get("index");
  // The one button Tab reaches: the current step, else the first on show, else the first.
  const reachable = () => current() ?? steps()[0] ?? 0;

  // Each step on show is announced to the page (the SCORM reporting counts the steps visited):
  // a bubbling `explainer:step` event, sent once the bar is in the document.
  let announced;
  const announce = (tries = 0) => {
    const k = current();
    if (k === null || k === undefined || k === announced) return;
    if (!el.isConnected) {
      if (tries < 200) setTimeout(() => announce(tries + 1), 25);
      return;
    }
    announced = k;
    el.dispatchEvent(new CustomEvent("explainer:step", { bubbles: true, detail: { step: k, steps: steps() } }));
  };
  const show = () => {
    announce();
    const k = current();
    const stop = reachable();
    const inside = group.contains(document.activeElement);
    buttons.forEach((button, i) => {
      const on = i === k;
      button.setAttribute("aria-checked", on ? "true" : "false");
      button.tabIndex = i === stop ? 0 : -1;
      const hidden = !steps().includes(i);
      button.classList.toggle("exs-hidden", hidden);
      const name = model.get("tooltips")[i] + (hidden ? " (in a hidden side branch)" : "");
      button.setAttribute("aria-label", name);
      button.title = name;
    });
    // Focus follows the current step inside the group, so the focused button is the Tab stop.
    if (inside && buttons[stop] && document.activeElement !== buttons[stop]) buttons[stop].focus();
  };
  const choose = (i) => {
    model.set("index", i);
    model.save_changes();
    show(); // at once: a jslink or the kernel may echo the same value, which fires no change
  };
  const build = () => {
    label.textContent = model.get("description");
    group.replaceChildren();
    buttons = model.get("labels").map((text, i) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "exs-step jupyter-button widget-button";
      button.setAttribute("role", "radio");
      button.textContent = text;
      button.addEventListener("click", () => choose(i));
      group.append(button);
      return button;
    });
    show();
  };
  const onGoTo = (event) => {
    const k = event.detail?.step;
    if (Number.isInteger(k) && k >= 0 && k < model.get("labels").length) choose(k);
  };
  el.addEventListener("explainer:go-to-step", onGoTo);
  const onKey = (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const from = buttons.indexOf(event.target);
    if (from < 0) return;
    const visible = steps();
    let to;
    if (event.key === "Home") to = visible[0];
    else if (event.key === "End") to = visible[visible.length - 1];
    else if (KEYS[event.key] > 0) to = visible.find((s) => s > from);
    else if (KEYS[event.key] < 0) to = visible.filter((s) => s < from).pop();
    else return;
    // Handled here, at either end too: the page does not scroll, Play's clicker keys stand by and
    // Notebook 7 does not move to another cell.
    event.preventDefault();
    event.stopPropagation();
    if (to === undefined) return;
    choose(to);
    buttons[to].focus();
  };
  // On window, capturing: before JupyterLab's and Notebook 7's shortcuts (Lumino listens on
  // document, capturing); only keys on this bar's own buttons are taken.
  window.addEventListener("keydown", onKey, true);
  const listeners = [
    ["change:index", show],
    ["change:steps", show],
    ["change:tooltips", show],
    ["change:labels", build],
    ["change:description", build],
  ];
  for (const [name, handler] of listeners) model.on(name, handler);
  build();
  return () => {
    window.removeEventListener("keydown", onKey, true);
    el.removeEventListener("explainer:go-to-step", onGoTo);
    for (const [name, handler] of listeners) model.off(name, handler);
  };
}

export default { render };
