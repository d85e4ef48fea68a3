// The pathway diagram as a widget (anywidget): one SVG, the step and the side branches shown
// are attributes of it. The view only renders model state and sets traits on user input:
// `step` selects the emphasis and `branches` the side branches shown (CSS in the SVG does the
// rest: `data-step`, `data-hidden`), a click, Enter or Space on a box or link sets `selected`
// and `selected_index` (which a jslink carries to the panel of its text), and hover or focus
// shows the item's full name and glossary entry. It never changes `step`. At each step the
// diagram's camera (its viewBox, camera.js, joined to this file in the widget's one module) moves
// to the step's boxes and links, or to the shot of the step's page; "Whole pathway" zooms out.
// A step too big for the frame at the labels' floor (a wide step on a phone) is shown in parts,
// its shots: in the student's explorer the diagram says "Part 1 of 2" with buttons to the other
// parts, and takes the stepper's turns (`explainer:turn`: Next, Previous, the clicker's keys,
// Play) while a part is left that way, telling it the step's parts (`explainer:pages`) as the
// presenter's paged text does (there the text counts the shots among its pages, panels.js).
// The deck, which has no widgets, gives each diagram switches for the side branches with the
// functions exported here (deck_branches.js; render, which needs camera.js, is not called there).

const IDLE = "Point at or Tab to a box or link for its full name; click it or press Enter to read about it.";

// Choosing a box or link brings its text into view (issue 22): in the student's explorer, the
// "Explore a box or link" panel scrolls up to just under the stage (stuck to the top) when it is
// not already in the upper part of the screen. Smooth unless the reader asks for reduced motion.
// The presenter's projector keeps its place: its text has its own panel.
function bringTextIntoView(el) {
  const root = el.closest(".explainer-student");
  const target = root && root.querySelector(".explainer-explore");
  if (!target) return;
  const stage = root.querySelector(".explainer-stage");
  const stuck = stage && getComputedStyle(stage).position === "sticky";
  const below = stuck ? stage.getBoundingClientRect().height + 16 : 8;
  const top = target.getBoundingClientRect().top;
  if (top >= below - 2 && top <= window.innerHeight * 0.5) return;
  target.style.scrollMarginTop = `${below}px`;
  const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  target.scrollIntoView({ block: "start", behavior: still ? "auto" : "smooth" });
}

// Zoomed out, the student's diagram takes the screen's height and its stage no longer sticks
// (explorer.css, on a laptop or larger): the page scrolls to show the stage whole, unless it is.
function bringStageIntoView(el) {
  const stage = el.closest(".explainer-student > .explainer-stage");
  if (!stage || getComputedStyle(stage).position === "sticky") return;
  const r = stage.getBoundingClientRect();
  if (r.top >= 0 && r.bottom <= window.innerHeight) return;
  const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  stage.scrollIntoView({ block: "start", behavior: still ? "auto" : "smooth" });
}

// The "Whole pathway" switch: pressed, the diagram shows the whole pathway at every step.
function wholeButton(onToggle) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "exd-whole";
  button.textContent = "Whole pathway";
  button.setAttribute("aria-pressed", "false");
  button.title = "Zoom out to the whole pathway, or back to the step";
  button.addEventListener("click", () => {
    const out = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", String(out));
    onToggle(out);
  });
  return button;
}

// The step's parts: "Part 1 of 2" between buttons to the previous and next part (24 px or more
// to tap, named for a screen reader); hidden while the step is one picture.
function partsControl(onTurn) {
  const group = document.createElement("div");
  group.className = "exd-parts";
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", "Parts of this step in the diagram");
  group.hidden = true;
  const turn = (text, name, delta) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = delta < 0 ? "exd-part-prev" : "exd-part-next";
    b.textContent = text;
    b.setAttribute("aria-label", name);
    b.title = name;
    b.addEventListener("click", () => b.getAttribute("aria-disabled") !== "true" && onTurn(delta));
    return b;
  };
  const prev = turn("◀", "Previous part of this step", -1);
  const next = turn("▶", "Next part of this step", +1);
  const says = document.createElement("span");
  says.className = "exd-part";
  says.setAttribute("role", "status"); // read out as the part changes
  group.append(prev, says, next);
  // aria-disabled, not disabled: a focused button that becomes disabled drops focus to <body>
  const show = (shot, shots) => {
    group.hidden = shots < 2;
    says.textContent = shots < 2 ? "" : `Part ${shot + 1} of ${shots}`;
    prev.setAttribute("aria-disabled", String(shot <= 0));
    next.setAttribute("aria-disabled", String(shot >= shots - 1));
  };
  return { group, show };
}

// Hide the side branches not in `shown`: one attribute of the SVG; its name counts what shows.
export function showBranches(svg, shown) {
  const items = Array.from(svg.querySelectorAll("[data-branch]"));
  const all = new Set(items.flatMap((item) => item.dataset.branch.split(" ")));
  const hidden = Array.from(all).filter((b) => !shown.includes(b));
  svg.setAttribute("data-hidden", hidden.join(" "));
  const visible = Array.from(svg.querySelectorAll("[data-id]")).filter(
    (item) => !(item.dataset.branch || "").split(" ").some((b) => hidden.includes(b)),
  );
  const boxes = visible.filter((item) => item.dataset.id.startsWith("node:")).length;
  const label = svg.getAttribute("aria-label") || "";
  svg.setAttribute("aria-label", label.replace(/\d+ boxes and \d+ links/, `${boxes} boxes and ${visible.length - boxes} links`));
}

// The switches for the side branches: one button each, pressed while its branch shows.
export function branchToggles(labels, shown, onToggle) {
  const group = document.createElement("div");
  group.className = "exd-toggles";
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", "Side branches shown in the diagram");
  for (const [name, words] of Object.entries(labels)) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "exd-toggle";
    button.dataset.branch = name;
    button.textContent = `Show: ${words}`;
    button.setAttribute("aria-pressed", String(shown.includes(name)));
    button.addEventListener("click", () => onToggle(name, button.getAttribute("aria-pressed") !== "true"));
    group.append(button);
  }
  return group;
}

// The switches in a "Side branches" disclosure (a summary is a button for the keyboard too).
export function branchMenu(labels, shown, onToggle) {
  const menu = document.createElement("details");
  menu.className = "exd-branches";
  const summary = document.createElement("summary");
  summary.textContent = "Side branches";
  const group = branchToggles(labels, shown, onToggle);
  menu.append(summary, group);
  return menu;
}

export function pressToggles(group, shown) {
  for (const button of group.querySelectorAll(".exd-toggle")) {
    button.setAttribute("aria-pressed", String(shown.includes(button.dataset.branch)));
  }
}

function render({ model, el }) {
  el.classList.add("explainer-diagram-widget");
  const frame = document.createElement("div");
  frame.className = "exd-frame";
  const bar = document.createElement("div");
  bar.className = "exd-bar";
  const hint = document.createElement("p");
  hint.className = "exd-hint";
  hint.setAttribute("aria-hidden", "true"); // the same words are each item's description
  hint.textContent = IDLE;
  let svg = null;
  let camera = null;
  const whole = wholeButton((out) => {
    if (camera) camera.zoomOut(out);
    if (out) bringStageIntoView(el);
  });
  // The step's parts (the student's: on the presenter's screen its paged text walks them).
  const partOf = () => {
    if (!camera || !camera.state.parts) return [0, 1];
    const { shot, shots } = camera.state;
    return [Math.min(shot, shots - 1), shots];
  };
  const turnPart = (delta) => {
    const [shot, shots] = partOf();
    if (shot + delta < 0 || shot + delta >= shots) return false;
    camera.toShot(shot + delta);
    return true;
  };
  const parts = partsControl(turnPart);
  let toldParts = null;
  const moved = () => {
    const [shot, shots] = partOf();
    parts.show(shot, shots);
    const step = model.get("step");
    if (!camera.state.parts || toldParts === `${step} ${shot} ${shots}` || !el.isConnected) return;
    toldParts = `${step} ${shot} ${shots}`; // the stepper keeps Next pressable while a part is left
    el.dispatchEvent(new CustomEvent("explainer:pages", { bubbles: true, detail: { step, page: shot, pages: shots } }));
  };
  bar.append(parts.group, whole, hint);
  el.append(frame, bar);
  const showShown = () => svg && showBranches(svg, Array.from(model.get("branches") || []));
  // The switch shows only where it changes something: not when the whole is readable anyway.
  const showSwitch = () => {
    whole.hidden = !camera || (camera.state.readable && whole.getAttribute("aria-pressed") !== "true");
  };

  const items = () => (svg ? Array.from(svg.querySelectorAll(".exd-item")) : []);
  const showStep = () => {
    if (!svg) return;
    svg.setAttribute("data-step", String(model.get("step") ?? "all"));
    if (camera) camera.toStep(model.get("step"));
    else requestAnimationFrame(() => centreStep(frame, svg, model.get("step")));
    showSwitch();
  };
  const showSelected = () => {
    const index = model.get("selected_index");
    for (const item of items()) {
      const on = index !== null && Number(item.dataset.index) === index;
      item.classList.toggle("exd-selected", on);
      if (on) item.setAttribute("aria-current", "true");
      else item.removeAttribute("aria-current");
    }
  };
  const draw = () => {
    if (camera) camera.stop();
    frame.innerHTML = model.get("svg");
    svg = frame.querySelector("svg");
    camera = svg ? makeCamera(svg, frame, moved) : null;
    if (camera) camera.state.out = whole.getAttribute("aria-pressed") === "true";
    showStep();
    showShown();
    showSelected();
  };
  const itemOf = (event) => event.target.closest && event.target.closest(".exd-item");
  const choose = (item) => {
    model.set("selected", item.dataset.id);
    model.set("selected_index", Number(item.dataset.index));
    model.save_changes();
    requestAnimationFrame(() => bringTextIntoView(el)); // after the jslink has shown its panel
  };
  const onClick = (event) => {
    const item = itemOf(event);
    if (item) choose(item);
  };
  const onKey = (event) => {
    const item = itemOf(event);
    if (item && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault(); // Space would scroll the page
      choose(item);
    }
  };
  const onPoint = (event) => {
    const item = itemOf(event);
    hint.textContent = item ? item.dataset.hint : IDLE;
  };
  const onFocus = (event) => {
    onPoint(event);
    const item = itemOf(event);
    if (item && camera) camera.reveal(item);
  };
  const onLeave = () => {
    hint.textContent = IDLE;
  };
  frame.addEventListener("click", onClick);
  frame.addEventListener("keydown", onKey);
  frame.addEventListener("mouseover", onPoint);
  frame.addEventListener("focusin", onFocus);
  frame.addEventListener("mouseleave", onLeave);
  frame.addEventListener("focusout", onLeave);
  // The paged text (panels.js) turned the step's page: the diagram shows that page's shot.
  const onPages = (event) => {
    const root = el.closest(".explainer");
    if (!camera || !root || !(event.target instanceof Element) || event.target.closest(".explainer") !== root) return;
    if (event.detail && event.detail.step === model.get("step")) camera.toShot(event.detail.page);
  };
  // The stepper's Next, Previous, clicker keys and Play turn the step's part first, while one is
  // left that way (the student's explorer; the presenter's paged text does it there).
  const onTurn = (event) => {
    const root = el.closest(".explainer");
    if (!camera || !camera.state.parts || !root || !event.detail) return;
    if (!(event.target instanceof Element) || event.target.closest(".explainer") !== root) return;
    if (turnPart(Math.sign(event.detail.delta))) event.preventDefault();
  };
  window.addEventListener("explainer:pages", onPages, true);
  window.addEventListener("explainer:turn", onTurn, true);
  model.on("change:svg", draw);
  model.on("change:step", showStep);
  model.on("change:selected_index", showSelected);
  model.on("change:branches", showShown);
  draw();
  // A new width (the view attached at last, a window or panel resized) or height (the box is a
  // share of it): the camera jumps to its place for the new box.
  let width = 0;
  const resized = () => {
    const now = frame.getBoundingClientRect().width;
    if (!camera || !now) return;
    width = now;
    camera.move(true);
    showSwitch();
  };
  const sized = new ResizeObserver(() => {
    if (frame.getBoundingClientRect().width !== width) resized();
  });
  sized.observe(frame);
  window.addEventListener("resize", resized);
  return () => {
    if (camera) camera.stop();
    sized.disconnect();
    window.removeEventListener("resize", resized);
    window.removeEventListener("explainer:pages", onPages, true);
    window.removeEventListener("explainer:turn", onTurn, true);
    model.off("change:svg", draw);
    model.off("change:step", showStep);
    model.off("change:selected_index", showSelected);
    model.off("change:branches", showShown);
  };
}

export default { render };
