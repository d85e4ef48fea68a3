// The pathway diagram as a widget (anywidget): one SVG, the step and the side branches shown
// are attributes of it. The view only renders model state and sets traits on user input:
// `step` selects the emphasis and `branches` the side branches shown (CSS in the SVG does the
// rest: `data-step`, `data-hidden`), a click, Enter or Space on a box or link sets `selected`
// and `selected_index` (which a jslink carries to the panel of its text), and hover or focus
// shows the item's full name and glossary entry. It never changes `step`. The deck, which has
// no widgets, gives each diagram switches for the side branches with the functions exported
// here (deck_branches.js).

const IDLE = "Point at or Tab to a box or link for its full name; click it or press Enter to read about it.";

// A gap of ipywidgets' own controls, closed here for the explorer this diagram belongs to: a
// focused button the kernel disables (Next at the last step, Previous at the first) drops focus
// to <body>, so focus moves to the nearest enabled button of the same row.
function rescueFocus(button) {
  if (!button.disabled || !(document.activeElement === button || document.activeElement === document.body)) return;
  const row = button.parentElement;
  const other = row && Array.from(row.querySelectorAll("button")).find((b) => b !== button && !b.disabled);
  if (other) other.focus();
}

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

// The step's boxes and links in view (issue 22): where the diagram is larger than its frame (a
// phone, a big pathway: labels never shrink below 12 px, the frame scrolls instead), the frame
// scrolls to centre the current step's items. Smooth unless the reader asks for reduced motion.
function centreStep(frame, svg, step) {
  if (!svg || step === null || step === undefined) return;
  if (frame.scrollWidth <= frame.clientWidth + 1 && frame.scrollHeight <= frame.clientHeight + 1) return;
  const items = Array.from(svg.querySelectorAll(`.st${step}-current`));
  if (!items.length) return;
  const f = frame.getBoundingClientRect();
  const boxes = items.map((i) => i.getBoundingClientRect());
  const left = Math.min(...boxes.map((b) => b.left)), right = Math.max(...boxes.map((b) => b.right));
  const top = Math.min(...boxes.map((b) => b.top)), bottom = Math.max(...boxes.map((b) => b.bottom));
  const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  frame.scrollTo({
    left: frame.scrollLeft + (left + right) / 2 - (f.left + f.right) / 2,
    top: frame.scrollTop + (top + bottom) / 2 - (f.top + f.bottom) / 2,
    behavior: still ? "auto" : "smooth",
  });
}

function watchControls(el) {
  const root = el.closest(".explainer");
  if (!root) return () => {};
  let focused = null;
  const onFocus = (event) => {
    focused = event.target;
  };
  root.addEventListener("focusin", onFocus);
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.attributeName === "disabled" && r.target === focused) rescueFocus(r.target);
    }
  });
  observer.observe(root, { subtree: true, attributes: true, attributeFilter: ["disabled"] });
  return () => {
    observer.disconnect();
    root.removeEventListener("focusin", onFocus);
  };
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
  const hint = document.createElement("p");
  hint.className = "exd-hint";
  hint.setAttribute("aria-hidden", "true"); // the same words are each item's description
  hint.textContent = IDLE;
  el.append(frame, hint);
  let svg = null;
  const showShown = () => svg && showBranches(svg, Array.from(model.get("branches") || []));

  const items = () => (svg ? Array.from(svg.querySelectorAll(".exd-item")) : []);
  const showStep = () => {
    if (!svg) return;
    svg.setAttribute("data-step", String(model.get("step") ?? "all"));
    requestAnimationFrame(() => centreStep(frame, svg, model.get("step")));
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
    frame.innerHTML = model.get("svg");
    svg = frame.querySelector("svg");
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
  const onLeave = () => {
    hint.textContent = IDLE;
  };
  frame.addEventListener("click", onClick);
  frame.addEventListener("keydown", onKey);
  frame.addEventListener("mouseover", onPoint);
  frame.addEventListener("focusin", onPoint);
  frame.addEventListener("mouseleave", onLeave);
  frame.addEventListener("focusout", onLeave);
  model.on("change:svg", draw);
  model.on("change:step", showStep);
  model.on("change:selected_index", showSelected);
  model.on("change:branches", showShown);
  draw();
  // The explorer's box is an ancestor only once the view is attached (a frame in Voilà, later in
  // Lab, whose cells attach their outputs when laid out): look for it each frame until it is there.
  let unwatch = () => {};
  let tries = 600;
  const attach = () => {
    if (el.closest(".explainer")) unwatch = watchControls(el);
    else if (tries-- > 0) frameId = requestAnimationFrame(attach);
  };
  let frameId = requestAnimationFrame(attach);
  return () => {
    cancelAnimationFrame(frameId);
    unwatch();
    model.off("change:svg", draw);
    model.off("change:step", showStep);
    model.off("change:selected_index", showSelected);
    model.off("change:branches", showShown);
  };
}

export default { render };
