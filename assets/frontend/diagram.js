// The pathway diagram as a widget (anywidget): one SVG, the step and the side branches shown
// are attributes of it. The view only renders model state and sets traits on user input:
// `step` selects the emphasis and `branches` the side branches shown (CSS in the SVG does the
// rest: `data-step`, `data-hidden`), a click, Enter or Space on a box or link sets `selected`
// and `selected_index` (which a jslink carries to the panel of its text), and hover or focus
// shows the item's full name and glossary entry. It never changes `step`. At each step the
// diagram's camera (its viewBox) moves to the step's boxes and links; "Whole pathway" zooms out.
// The deck, which has no widgets, gives each diagram switches for the side branches with the
// functions exported here (deck_branches.js).

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

// The step's boxes in view (issue 22): where the diagram is larger than its frame (a step too big
// for its box at the labels' floor, see makeCamera), the frame scrolls to centre the current
// step's boxes. Smooth unless the reader asks for reduced motion.
function centreStep(frame, svg, step) {
  if (!svg || step === null || step === undefined) return;
  if (frame.scrollWidth <= frame.clientWidth + 1 && frame.scrollHeight <= frame.clientHeight + 1) return;
  // its boxes (a link of the step may arc far out, as a feedback loop does); its links if it has none
  const boxes = Array.from(svg.querySelectorAll(`.exd-node.st${step}-current`));
  const items = boxes.length ? boxes : Array.from(svg.querySelectorAll(`.st${step}-current`));
  if (!items.length) return;
  const f = frame.getBoundingClientRect();
  const rects = items.map((i) => i.getBoundingClientRect());
  const left = Math.min(...rects.map((b) => b.left)), right = Math.max(...rects.map((b) => b.right));
  const top = Math.min(...rects.map((b) => b.top)), bottom = Math.max(...rects.map((b) => b.bottom));
  const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  frame.scrollTo({
    left: frame.scrollLeft + (left + right) / 2 - (f.left + f.right) / 2,
    top: frame.scrollTop + (top + bottom) / 2 - (f.top + f.bottom) / 2,
    behavior: still ? "auto" : "smooth",
  });
}

// The camera (issue 22). The SVG's `data-cameras` (svg_diagram.camera_data, made in Python from the
// scene) holds, for a wide box and a narrow one, each step's viewBox and the whole pathway's. At
// each step the viewBox moves to the step's camera in MOVE_MS (eased; a jump under
// prefers-reduced-motion; the next step takes over from wherever the move is). It stays on the
// whole when the whole's labels already reach the box's floor (`--exd-floor`, set by the page's
// CSS per screen), and while the reader zooms out ("Whole pathway") or has Tabbed to an item the
// step's camera leaves out. A step's labels never fall under the floor: where its camera needs
// more room than the box has (a wide step on a phone), the SVG grows past its frame, which then
// scrolls to the step (centreStep); on the presenter's screen (`--exd-grow: 0`), whose audience
// cannot scroll, it grows only as far as keeps all the step's boxes in the frame (boxesFit). The SVG's `data-camera` says "moving", "step" or "whole".
const MOVE_MS = 400;

function ease(t) {
  return t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2;
}

// The set of cameras made for the box shape nearest the SVG's.
function cameraSet(data, aspect) {
  const off = (set) => Math.abs(Math.log(set.aspect / aspect));
  return data.sets.reduce((best, set) => (off(set) < off(best) ? set : best));
}

// The label size at which the step's boxes (with half an em round them) just fill a width x height
// frame; Infinity when the step has no box.
function boxesFit(svg, em, step, width, height) {
  const boxes = Array.from(svg.querySelectorAll(`.exd-node.st${step}-current`)).map((b) => b.getBBox());
  if (!boxes.length) return Infinity;
  const left = Math.min(...boxes.map((b) => b.x)), right = Math.max(...boxes.map((b) => b.x + b.width));
  const top = Math.min(...boxes.map((b) => b.y)), bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return em * Math.min(width / (right - left + em), height / (bottom - top + em));
}

function makeCamera(svg, frame) {
  let data = null;
  try {
    data = JSON.parse(svg.dataset.cameras || "null");
  } catch {
    data = null;
  }
  if (!data || !data.sets || !data.sets.length) return null;
  const state = { step: null, out: false, peek: false, now: null, least: [0, 0], frameId: 0, readable: false };

  // Where the camera should be: {box, least: [min-width, min-height] of the SVG, whole}. The SVG
  // shows its viewBox whole and centred (preserveAspectRatio's default), so its labels are
  // `em` times the smaller of its two scales.
  const target = () => {
    svg.style.minWidth = svg.style.minHeight = "0px";
    const { width, height } = svg.getBoundingClientRect();
    svg.style.minWidth = `${state.least[0]}px`;
    svg.style.minHeight = `${state.least[1]}px`;
    if (!width || !height) return null; // not laid out yet (a Lab cell not attached): a resize brings it back
    const set = cameraSet(data, width / height);
    const floor = parseFloat(getComputedStyle(svg).getPropertyValue("--exd-floor")) || 12;
    const px = (box) => data.em * Math.min(width / box[2], height / box[3]);
    state.readable = px(set.whole) >= floor - 0.01;
    const box = set.steps[state.step];
    if (state.out || state.peek || state.readable || state.step === null || !box) {
      return { box: set.whole, least: [0, 0], whole: true };
    }
    // Over 1: the SVG grows past its frame, labels at the floor. Where the frame cannot scroll for
    // its readers (--exd-grow: 0, a projector's audience), it grows no further than keeps every box
    // of the step in the frame: labels at the floor if the boxes fit, else as large as they fit.
    const fixed = getComputedStyle(svg).getPropertyValue("--exd-grow").trim() === "0";
    const grow = (fixed ? Math.min(floor, boxesFit(svg, data.em, state.step, width, height)) : floor) / px(box);
    return { box, least: grow > 1 ? [Math.ceil(width * grow), Math.ceil(height * grow)] : [0, 0], whole: false };
  };
  const apply = (box, least) => {
    state.now = box;
    state.least = least;
    svg.setAttribute("viewBox", box.map((v) => Math.round(v * 100) / 100).join(" "));
    svg.style.minWidth = `${Math.round(least[0])}px`;
    svg.style.minHeight = `${Math.round(least[1])}px`;
  };
  const settle = (to) => {
    svg.dataset.camera = to.whole ? "whole" : "step";
    if (!to.whole) requestAnimationFrame(() => centreStep(frame, svg, state.step));
  };
  const lerp = (a, b, k) => a.map((v, i) => v + (b[i] - v) * k);
  // Move to where the camera should be: smoothly, or at once (`jump`, or reduced motion).
  const move = (jump = false) => {
    cancelAnimationFrame(state.frameId);
    const to = target();
    if (!to) return;
    const still = jump || !state.now || window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const from = state.now, fromLeast = state.least;
    const same = (a, b) => a.every((v, i) => Math.abs(v - b[i]) < 0.01);
    if (still || (same(from, to.box) && same(fromLeast, to.least))) {
      apply(to.box, to.least);
      settle(to);
      return;
    }
    svg.dataset.camera = "moving";
    let start = null;
    const frameStep = (time) => {
      if (start === null) start = time;
      const t = Math.min(1, (time - start) / MOVE_MS), k = ease(t);
      apply(lerp(from, to.box, k), lerp(fromLeast, to.least, k));
      if (t < 1) state.frameId = requestAnimationFrame(frameStep);
      else settle(to);
    };
    state.frameId = requestAnimationFrame(frameStep);
  };
  return {
    state,
    move,
    toStep(step) {
      state.step = step ?? null;
      state.peek = false;
      svg.dataset.camera = "moving"; // until move() settles (at once when nothing moves)
      move();
    },
    zoomOut(out) {
      state.out = out;
      move();
    },
    // An item the reader Tabbed to that the step's camera leaves out: show the whole.
    reveal(item) {
      if (!state.now || state.out || state.peek) return;
      const f = frame.getBoundingClientRect(), b = item.getBoundingClientRect(); // the SVG shows past its box
      if (b.left >= f.left - 1 && b.right <= f.right + 1 && b.top >= f.top - 1 && b.bottom <= f.bottom + 1) return;
      if (frame.scrollWidth > frame.clientWidth + 1 || frame.scrollHeight > frame.clientHeight + 1) return;
      state.peek = true;
      move();
    },
    stop() {
      cancelAnimationFrame(state.frameId);
    },
  };
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
  const whole = wholeButton((out) => camera && camera.zoomOut(out));
  bar.append(whole, hint);
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
    camera = svg ? makeCamera(svg, frame) : null;
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
    model.off("change:svg", draw);
    model.off("change:step", showStep);
    model.off("change:selected_index", showSelected);
    model.off("change:branches", showShown);
  };
}

export default { render };
