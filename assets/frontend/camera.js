// The diagram's camera (part of the diagram widget: explainer.widgets.diagram joins this file
// to diagram.js in one ES module, whose render makes a camera per SVG with makeCamera). Its pure
// functions (the shots) are exported so that the tests run them in Node.

// The step's boxes in view (issue 22): where the diagram is larger than its frame (on the
// presenter's screen, a step whose boxes fit the frame at the floor but whose camera does not, see
// makeCamera), the frame scrolls to centre the current step's boxes. Smooth unless the reader asks
// for reduced motion.
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

// A box the student's frame cuts at its edge (the rest of the pathway round the step) shows no
// label: a part of one ("regulated)" of "BDNF (up-regulated)" wrapped over three lines) would read
// as other words than the box's, and than its name (WCAG 2.5.3, axe's label-content-name-mismatch).
// `exd-cut` on the box, set where the camera settles and taken off as it moves; a box Tabbed to is
// framed whole (reveal), so its label shows.
function markCut(frame, svg, on) {
  const f = frame.getBoundingClientRect();
  const within = (r) => r.left >= f.left - 1 && r.right <= f.right + 1 && r.top >= f.top - 1 && r.bottom <= f.bottom + 1;
  const apart = (r) => r.right <= f.left || r.left >= f.right || r.bottom <= f.top || r.top >= f.bottom;
  for (const box of svg.querySelectorAll(".exd-node")) {
    const lines = Array.from(box.querySelectorAll("text.exd-label")).map((t) => t.getBoundingClientRect());
    const cut = on && lines.some((r) => !within(r)) && lines.some((r) => !apart(r));
    box.classList.toggle("exd-cut", cut);
  }
}

// The camera (issue 22). The SVG's `data-cameras` (svg_diagram.camera_data, made in Python from the
// scene) holds, for a wide box and a narrow one, each step's viewBox and the whole pathway's. At
// each step the viewBox moves to the step's camera in MOVE_MS (eased; a jump under
// prefers-reduced-motion; the next step takes over from wherever the move is). It stays on the
// whole when the whole's labels already reach the box's floor (`--exd-floor`, set by the page's
// CSS per screen), and while the reader zooms out ("Whole pathway") or has Tabbed to an item the
// step's camera leaves out. A step's labels never fall under the floor: where its camera needs
// more room than the box has (a wide step on a phone), the step is shown in shots (below), the
// fewest cameras at the floor with every box of the step whole in one, and the SVG keeps its
// frame's size, so the frame never scrolls sideways. In the student's explorer the diagram walks
// the shots itself as the step's parts ("part 1 of 2", diagram.js); on the presenter's screen
// (`--exd-grow: 0`) they are pages of the step, counted with its text's (panels.js), and a step
// whose boxes all fit the frame at the floor (its camera does not, for a link's arc) grows the SVG
// only as far as keeps them in the frame (boxesFit), which scrolls to them (centreStep).
// The SVG's `data-camera` says "moving", "step" or "whole", and `data-shot` which shot of how
// many ("1 of 2") is on show.
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

// -- shots: a step too big for one picture (issue 22) ------------------------------------------
// A step whose camera does not fit the frame at the floor (on the presenter's screen: whose boxes
// do not) is shown in shots, as the presenter's passage goes on in pages: the fewest cameras of the frame's
// aspect with labels at the floor, such that every box of the step is whole (with half an em
// round it) in one of them, in the step's reading order. The grouping is the deck's
// (explainer.model.camera.step_shots), written again here because the frame's size, and so the
// floor's scale, is known only in the browser: the same reading order (readingOrder), the same
// fewest groups (fewestGroups: a search over groups up to EXACT_UP_TO boxes, greedy beyond), a
// shot centred on its boxes and the step's links between them where they fit, moved inside the
// drawing. Every shot is at the floor (the deck zooms in to its largest group): on the projector
// the most context round the step's part, and moving between shots is a pan. Pure functions on
// rectangles {x, y, width, height} (y down), exported so that the tests run them in Node.
const EXACT_UP_TO = 14;

/** The boxes a step's shots hold, in reading order: `current` (its boxes' ids), and the target of
 * a current link (`links`: [source, target]) with neither end current, in the pathway's order
 * (`all`), each after the boxes that link to it (a loop entered at its first box in that order),
 * then those no current link touches. */
export function readingOrder(all, current, links) {
  const items = new Set(current);
  for (const [s, t] of links) if (!items.has(s) && !items.has(t)) items.add(t);
  const linked = new Set(links.flat());
  // the pathway's order, the boxes no link of the step touches last: the step's story first
  const order = [...all.filter((id) => items.has(id) && linked.has(id)), ...all.filter((id) => items.has(id) && !linked.has(id))];
  const into = links.filter(([s, t]) => items.has(s) && items.has(t) && s !== t);
  const seen = new Set();
  while (seen.size < order.length) {
    const left = order.filter((id) => !seen.has(id));
    const free = left.filter((id) => !into.some(([s, t]) => t === id && !seen.has(s)));
    seen.add((free.length ? free : left)[0]);
  }
  return Array.from(seen);
}

function holds(frame, r) {
  const e = 1e-6;
  return frame.x - e <= r.x && r.x + r.width <= frame.x + frame.width + e && frame.y - e <= r.y && r.y + r.height <= frame.y + frame.height + e;
}

/** The fewest groups of `rects` (in reading order), each inside a `width` x `height` rectangle,
 * every rect in one: a list of the indices each group holds, the group of the first rect no
 * earlier group holds first; among as few, those that keep the reading order together. */
export function fewestGroups(rects, width, height) {
  const n = rects.length;
  const bit = (i) => 1n << BigInt(i);
  const found = new Set();
  for (const a of rects) {
    for (const b of rects) {
      const frame = { x: a.x, y: b.y, width, height }; // a group's frame can start at a box's left and a box's top
      found.add(rects.reduce((m, r, i) => (holds(frame, r) ? m | bit(i) : m), 0n));
    }
  }
  const sets = Array.from(found).filter((h) => h && !Array.from(found).some((o) => o !== h && (h & o) === h));
  const count = (m) => rects.reduce((c, _, i) => c + (m & bit(i) ? 1 : 0), 0);
  const full = bit(n) - 1n;
  const memo = new Map();
  const best = (mask) => {
    if (mask === full) return [0, 0, []];
    if (memo.has(mask)) return memo.get(mask);
    let first = 0;
    while (mask & bit(first)) first++;
    let options = sets.filter((h) => h & bit(first)).sort((a, b) => (a < b ? -1 : 1));
    if (n > EXACT_UP_TO) options = [options.reduce((a, b) => (count(b & ~mask) > count(a & ~mask) ? b : a))];
    let chosen = null;
    for (const h of options) {
      const [shots, spread, groups] = best(mask | h);
      let last = n - 1;
      while (!((h & ~mask) & bit(last))) last--;
      const tried = [shots + 1, spread + last - first, [h, ...groups]];
      if (!chosen || tried[0] < chosen[0] || (tried[0] === chosen[0] && tried[1] < chosen[1])) chosen = tried;
    }
    memo.set(mask, chosen);
    return chosen;
  };
  return best(0n)[2].map((h) => rects.flatMap((_, i) => (h & bit(i) ? [i] : [])));
}

function union(rects) {
  const x = Math.min(...rects.map((r) => r.x)), y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width)), bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x, y, width: right - x, height: bottom - y };
}

const padded = (r, pad) => ({ x: r.x - pad, y: r.y - pad, width: r.width + 2 * pad, height: r.height + 2 * pad });

// where a span of `length` at `start` goes to lie inside lo..lo + room (or centred on it)
function inside(start, length, lo, room) {
  return length >= room ? lo + (room - length) / 2 : Math.min(Math.max(start, lo), lo + room - length);
}

/** The step's shots as viewBoxes [x, y, width, height]: `boxes` its boxes' rectangles in reading
 * order, `links` the rectangles of its links between two of them, as [i, j, rect]; `em` the labels'
 * size, `view` [width, height] of the frame in px, `floor` its labels' least px, `drawn` the whole
 * drawing. One shot when every box fits at the floor; a box larger than a shot at the floor gets
 * one of its own, as large as it needs. */
export function stepShots(boxes, links, em, view, floor, drawn) {
  const [vw, vh] = view;
  const width = (em * vw) / floor, height = (em * vh) / floor, aspect = vw / vh;
  const rects = boxes.map((b) => padded(b, em / 2));
  const big = rects.map((r) => r.width > width + 1e-9 || r.height > height + 1e-9);
  const index = rects.flatMap((_, i) => (big[i] ? [] : [i]));
  const groups = fewestGroups(index.map((i) => rects[i]), width, height).map((g) => g.map((i) => index[i]));
  groups.push(...index.length === rects.length ? [] : rects.flatMap((_, i) => (big[i] ? [[i]] : [])));
  groups.sort((a, b) => a[0] - b[0]);
  const frames = groups.map((held) => {
    const own = union(held.map((i) => boxes[i]));
    const between = links.filter(([i, j]) => held.includes(i) && held.includes(j)).map(([, , r]) => r);
    const linked = padded(union([own, ...between]), em / 2);
    return linked.width <= width + 1e-9 && linked.height <= height + 1e-9 ? linked : padded(own, em / 2);
  });
  return frames.map((f, g) => {
    const w = big[groups[g][0]] ? Math.max(f.width, f.height * aspect) : width, h = w / aspect;
    const x = inside(f.x + f.width / 2 - w / 2, w, drawn.x, drawn.width);
    const y = inside(f.y + f.height / 2 - h / 2, h, drawn.y, drawn.height);
    return [x, y, w, h];
  });
}

// The step's shots in this SVG, for a frame of width x height px at `floor` (stepShots on its boxes).
function svgShots(svg, em, step, width, height, floor, drawn) {
  const nodes = Array.from(svg.querySelectorAll(".exd-node"));
  const idOf = (e) => e.dataset.id.slice("node:".length);
  const links = Array.from(svg.querySelectorAll(`.exd-edge.st${step}-current`)).map((e) => {
    const [s, t] = e.dataset.id.slice("edge:".length).split("->");
    return { s, t, e };
  });
  const current = nodes.filter((b) => b.classList.contains(`st${step}-current`)).map(idOf);
  const order = readingOrder(nodes.map(idOf), current, links.map(({ s, t }) => [s, t]));
  if (!order.length) return [];
  const byId = new Map(nodes.map((b) => [idOf(b), b]));
  const boxes = order.map((id) => byId.get(id).getBBox());
  const at = new Map(order.map((id, i) => [id, i]));
  const between = links.filter(({ s, t }) => at.has(s) && at.has(t)).map(({ s, t, e }) => [at.get(s), at.get(t), e.getBBox()]);
  return stepShots(boxes, between, em, [width, height], floor, drawn);
}

// `moved(state)`, if given, is called whenever the camera has aimed (a step, a part, a zoom, a new
// size): the student's diagram shows and tells the step's parts from `state.shot`, `state.shots`.
function makeCamera(svg, frame, moved = () => {}) {
  let data = null;
  try {
    data = JSON.parse(svg.dataset.cameras || "null");
  } catch {
    data = null;
  }
  if (!data || !data.sets || !data.sets.length) return null;
  const state = { step: null, out: false, peek: false, now: null, least: [0, 0], frameId: 0, readable: false, shot: 0, shots: 1, aiming: false, parts: false, frames: [] };
  const v = svg.viewBox.baseVal; // the whole drawing, as written
  const drawn = { x: v.x, y: v.y, width: v.width, height: v.height };
  // How many shots the step is shown in, told to the explorer's paged text (panels.js), which
  // counts them among the step's pages: `explainer:shots` {step, shots}, whenever it changes.
  let told = null;
  const tell = (shots) => {
    state.shots = shots;
    if (told === `${state.step} ${shots}` || !svg.isConnected) return;
    told = `${state.step} ${shots}`;
    frame.dispatchEvent(new CustomEvent("explainer:shots", { bubbles: true, detail: { step: state.step, shots } }));
  };

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
    const fixed = getComputedStyle(svg).getPropertyValue("--exd-grow").trim() === "0";
    state.parts = !fixed;
    state.frames = [];
    const box = set.steps[state.step];
    if (state.out || state.peek || state.readable || state.step === null || !box) {
      tell(1);
      return { box: set.whole, least: [0, 0], whole: true };
    }
    // A step too big for its frame at the floor is shown in shots (stepShots), the current one
    // framed, and the SVG keeps the frame's size. On the presenter's screen (--exd-grow: 0), only
    // where the step's boxes do not all fit the frame at the floor (else, below).
    const fit = fixed ? boxesFit(svg, data.em, state.step, width, height) : Infinity;
    const small = fixed ? fit < floor - 0.01 : px(box) < floor - 0.01;
    const shots = small ? svgShots(svg, data.em, state.step, width, height, floor, drawn) : [];
    state.frames = shots;
    tell(Math.max(shots.length, 1));
    if (!fixed) state.shot = Math.min(state.shot, Math.max(shots.length, 1) - 1); // the student's parts: one of them
    if (shots.length > 1 || (shots.length && !fixed)) {
      return { box: shots[Math.min(state.shot, shots.length - 1)], least: [0, 0], whole: false };
    }
    // The presenter's screen: the SVG grows past its frame, labels at the floor, and the frame
    // scrolls to the step, no further than keeps every box of the step in the frame (one box
    // larger than the frame at the floor: as large as it fits).
    const grow = fixed ? Math.min(floor, fit) / px(box) : 1;
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
    svg.dataset.shot = `${Math.min(state.shot, state.shots - 1) + 1} of ${state.shots}`;
    if (state.parts) markCut(frame, svg, true);
    if (!to.whole) requestAnimationFrame(() => centreStep(frame, svg, state.step));
  };
  const lerp = (a, b, k) => a.map((v, i) => v + (b[i] - v) * k);
  // Move to where the camera should be: smoothly, or at once (`jump`, or reduced motion).
  const move = (jump = false) => {
    cancelAnimationFrame(state.frameId);
    state.aiming = true; // the paged text may answer `tell` with a new page: target() reads it after
    const to = target();
    state.aiming = false;
    if (!to) return;
    moved(state);
    const still = jump || !state.now || window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const from = state.now, fromLeast = state.least;
    const same = (a, b) => a.every((v, i) => Math.abs(v - b[i]) < 0.01);
    if (still || (same(from, to.box) && same(fromLeast, to.least))) {
      apply(to.box, to.least);
      settle(to);
      return;
    }
    svg.dataset.camera = "moving";
    markCut(frame, svg, false);
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
      state.shot = 0;
      svg.dataset.camera = "moving"; // until move() settles (at once when nothing moves)
      move();
    },
    // The step's page `page` (the paged text's): its shot, or the last one.
    toShot(page) {
      if (page === state.shot) return;
      state.shot = page;
      if (state.shots > 1 && !state.aiming) move();
    },
    zoomOut(out) {
      state.out = out;
      move();
    },
    // An item the reader Tabbed to that the step's camera leaves out: the student's part that
    // holds it whole (a box of a step in parts), else the whole.
    reveal(item) {
      if (!state.now || state.out || state.peek) return;
      const f = frame.getBoundingClientRect(), b = item.getBoundingClientRect(); // the SVG shows past its box
      if (b.left >= f.left - 1 && b.right <= f.right + 1 && b.top >= f.top - 1 && b.bottom <= f.bottom + 1) return;
      if (frame.scrollWidth > frame.clientWidth + 1 || frame.scrollHeight > frame.clientHeight + 1) return;
      const r = item.getBBox();
      const part = state.parts ? state.frames.findIndex(([x, y, w, h]) => holds({ x, y, width: w, height: h }, r)) : -1;
      if (part >= 0) {
        state.shot = part;
        move();
        return;
      }
      state.peek = true;
      move();
    },
    stop() {
      cancelAnimationFrame(state.frameId);
    },
  };
}
