// One of many HTML panels on show (anywidget): `pages` are HTML fragments built and escaped by
// the package (explainer.words.text, explainer.words.describe), `index` picks the one shown (null: `empty`).
// Every page is put in the page once and kept: a change of `index` only swaps which one shows,
// so a disclosure a reader opened stays open when they come back. The view never sets `index`.
//
// `paged` (the presenter's projector): the panel fills a box of its own, which starts at its top
// on every new panel. Where the step's passage (its quotes, up to the last one's attribution)
// runs past the box's end, it goes on in "pages" that the stepper's Next, Previous and clicker
// keys reach before the next step: the stepper dispatches a cancelable bubbling
//   CustomEvent("explainer:turn", {detail: {delta: +1 | -1}})
// and this view, in the same explorer, turns a page and cancels it while a page is left that
// way. A step too big for one picture is shown in shots (diagram.js), which the diagram tells with
//   CustomEvent("explainer:shots", {bubbles: true, detail: {step, shots}})
// The step's pages are its text's pages and its shots together: page i shows the text's page
// min(i, last) and the shot min(i, last), so that every Next changes what the audience sees, the
// picture and the words go on together (both follow the step's reading order), and the step takes
// as few clicks as the longer of the two. A bar under the box says "continued" and which part of
// how many is on show; it dispatches
//   CustomEvent("explainer:pages", {bubbles: true, detail: {step, page, pages}})
// which the diagram follows (its shot) and the stepper too (Next stays pressable on a last step
// with a page still to come). The bar says what goes on: the text, the diagram or both.
// No line of the panel is ever shown in part: the box is clipped above a line that its end
// cuts (what follows the passage too, "Highlighted in the diagram", "Terms in this step") and
// under one that the "continued" heading covers in part.

/** Where the box is scrolled to for each page of a text (the first 0): `lines` are the text's
 * line boxes `[top, bottom]` in order, `end` the bottom of what must be read (the passage), `height`
 * the box's, `head` the height of the "continued" heading over the top of every page after the
 * first. A page ends before the first line it cannot show whole; the next shows that line first,
 * under its heading. A line too tall for a page is cut (the page after starts where this one ends). */
export function pageStarts(lines, end, height, head = 0) {
  const starts = [0];
  if (!(height > head)) return starts;
  let top = 0; // the text a page shows: from top to bottom
  let bottom = height;
  while (bottom < end - 0.5 && starts.length < 200) {
    const cut = lines.find(([t, b]) => b > bottom + 0.5 && t >= top - 0.5);
    const fits = cut && cut[0] > top + 0.5 && cut[1] - cut[0] <= height - head;
    const next = fits && cut[0] - head > starts[starts.length - 1] + 0.5 ? cut[0] : bottom;
    starts.push(next - head);
    top = next;
    bottom = next - head + height;
  }
  return starts;
}

/** What the bar under page `page` of `pages` says, the text being on its page `text` of
 * `texts` and the diagram showing `shots` shots (page i shows the text's page and the shot
 * min(i, last)): what goes on on the next page, the text, the diagram or both. */
export function barText(page, pages, text, texts, shots) {
  if (page >= pages - 1) return `Continued (part ${page + 1} of ${pages})`;
  const words = text + 1 < texts ? "The text" : "";
  const both = page + 1 < shots ? (words ? "The text and the diagram" : "The diagram") : words;
  const verb = both === "The text and the diagram" ? "continue" : "continues";
  return `${both || "The step"} ${verb} on the next page (part ${page + 1} of ${pages}): Next ▶`;
}

/** How far to clip a box's top and bottom (px) so that none of the text's `lines` ([top, bottom],
 * in the content's coordinates) shows in part between `top` and `bottom`. */
export function lineClip(lines, top, bottom) {
  let over = 0;
  let under = 0;
  for (const [t, b] of lines) {
    if (t < top - 0.5 && b > top + 0.5) over = Math.max(over, b - top);
    if (t < bottom - 0.5 && b > bottom + 0.5) under = Math.max(under, bottom - t);
  }
  return [over, under];
}

/** The page a box scrolled to `offset` shows: the last page starting at or before it. */
export function pageAt(starts, offset) {
  let page = 0;
  starts.forEach((s, i) => {
    if (s <= offset + 0.5) page = i;
  });
  return page;
}

// The line boxes of the text in `node`, from `origin` (the box's content top): [top, bottom].
function lineBoxes(node, origin) {
  const lines = [];
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (!text.data.trim()) continue;
    range.selectNodeContents(text);
    for (const r of range.getClientRects()) {
      if (r.height > 0) lines.push([r.top - origin, r.bottom - origin]);
    }
  }
  return lines.sort((a, b) => a[0] - b[0]);
}

function render({ model, el }) {
  el.classList.add("explainer-pages");
  let pages = [];
  const empty = document.createElement("div");
  empty.className = "exg-empty";
  // paged: the pages scroll in a box of their own, with the bar under it
  const paged = model.get("paged");
  const box = paged ? document.createElement("div") : el;
  const bar = document.createElement("p");
  const head = document.createElement("p");
  let starts = [0];
  let lines = []; // the panel's line boxes, in the content's coordinates
  let over = 0; // the "continued" heading's height
  let beyond = 0; // pages past the text's last (the step's later shots)
  let shots = { step: null, shots: 1 }; // as the diagram last told
  const pagesOf = () => Math.max(starts.length, shots.step === model.get("index") ? shots.shots : 1);
  if (paged) {
    el.classList.add("exg-paged");
    box.className = "exg-box";
    box.tabIndex = 0; // it may scroll: the keyboard reaches it (↑ ↓ read on; the clicker's keys turn)
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "The step's text");
    bar.className = "exg-bar";
    bar.setAttribute("role", "status");
    bar.hidden = true;
    head.className = "exg-head";
    head.setAttribute("aria-hidden", "true"); // the bar says it
    head.hidden = true;
    el.replaceChildren(box, head, bar);
  }
  const current = () => pages.find((p) => !p.hidden);
  const announce = () => {
    const text = pageAt(starts, box.scrollTop);
    const pages = pagesOf();
    beyond = text < starts.length - 1 ? 0 : Math.max(0, Math.min(beyond, pages - starts.length));
    const page = text + beyond;
    const shown = shots.step === model.get("index") ? shots.shots : 1;
    if (pages > 1) bar.textContent = barText(page, pages, text, starts.length, shown);
    bar.hidden = pages < 2;
    head.hidden = text === 0;
    // the next page's first line, cut at the box's end, waits for its page; no other line shows in part
    const next = text + 1 < starts.length ? box.clientHeight - (starts[text + 1] + over - box.scrollTop) : 0;
    const top = box.scrollTop + (head.hidden ? 0 : over);
    const [above, below] = lineClip(lines, top, box.scrollTop + box.clientHeight);
    const cut = Math.max(next, below);
    const lid = head.hidden ? above : above + over;
    box.style.clipPath = cut > 0.5 || above > 0.5 ? `inset(${above > 0.5 ? lid : 0}px 0 ${cut}px 0)` : "";
    const detail = { step: model.get("index"), page, pages };
    el.dispatchEvent(new CustomEvent("explainer:pages", { bubbles: true, detail }));
  };
  // Measure the panel on show: where its pages start. Its passage ends with its last quote (the
  // attribution inside it); a panel without quotes (an item's text) is one page.
  const measure = () => {
    const shown = current();
    starts = [0];
    lines = [];
    if (!paged) return;
    if (!shown || !box.isConnected || box.clientHeight === 0) return announce();
    const quotes = shown.querySelectorAll(".explainer-quote");
    if (quotes.length) {
      const origin = box.getBoundingClientRect().top - box.scrollTop + box.clientTop;
      const end = quotes[quotes.length - 1].getBoundingClientRect().bottom - origin;
      bar.hidden = true;
      bar.hidden = !(pagesOf() > 1 || end > box.clientHeight + 0.5); // the bar takes its room from the box
      const title = shown.querySelector(".explainer-title");
      head.textContent = `${title ? title.textContent : ""} (continued)`;
      head.hidden = false;
      over = head.offsetHeight;
      head.hidden = true;
      starts = pageStarts(lineBoxes(shown, origin), end, box.clientHeight, over);
    }
    // the last page can start where it must even when little follows the passage
    shown.style.paddingBottom = starts.length > 1 ? `${box.clientHeight}px` : "";
    lines = lineBoxes(shown, box.getBoundingClientRect().top - box.scrollTop + box.clientTop);
    announce();
  };
  const top = () => {
    box.scrollTop = 0;
    beyond = 0;
    measure();
  };
  // Measured again (a new size, a new count of shots), on the same page of the step.
  const again = () => {
    const page = pageAt(starts, box.scrollTop) + beyond;
    measure();
    box.scrollTop = starts[Math.min(page, starts.length - 1)];
    beyond = Math.max(0, page - (starts.length - 1));
    announce();
  };
  const show = () => {
    const k = model.get("index");
    pages.forEach((page, i) => {
      page.hidden = i !== k;
    });
    empty.innerHTML = model.get("empty");
    empty.hidden = k !== null || !model.get("empty");
    if (paged) top(); // a new step starts at its top
  };
  const build = () => {
    pages = model.get("pages").map((html) => {
      const page = document.createElement("div");
      page.className = "exg-page";
      page.innerHTML = html;
      return page;
    });
    box.replaceChildren(...pages, empty);
    show();
  };
  // Next and Previous turn a page while one is left that way (the stepper asks first).
  const onTurn = (event) => {
    const root = el.closest(".explainer");
    const pages = pagesOf();
    if (pages < 2 || !event.detail || !root || event.target.closest(".explainer") !== root) return;
    const text = pageAt(starts, box.scrollTop);
    const to = text + beyond + Math.sign(event.detail.delta);
    const back = event.detail.delta < 0 && !beyond && box.scrollTop > starts[text] + 0.5; // scrolled inside a page
    if (!back && (to < 0 || to >= pages)) return;
    event.preventDefault();
    box.scrollTop = back ? starts[text] : starts[Math.min(to, starts.length - 1)];
    if (!back) beyond = Math.max(0, to - (starts.length - 1));
    announce();
  };
  const onShots = (event) => {
    const root = el.closest(".explainer");
    if (!paged || !event.detail || !root || !(event.target instanceof Element) || event.target.closest(".explainer") !== root) return;
    shots = event.detail;
    if (shots.step === model.get("index")) again();
  };
  const onScroll = () => announce();
  let resized = null;
  const observer = new ResizeObserver(() => {
    cancelAnimationFrame(resized);
    resized = requestAnimationFrame(again);
  });
  if (paged) {
    window.addEventListener("explainer:turn", onTurn, true);
    window.addEventListener("explainer:shots", onShots, true);
    box.addEventListener("scroll", onScroll, { passive: true });
    box.addEventListener("toggle", again, true); // a disclosure opened or closed: its lines moved
    observer.observe(box);
    document.fonts && document.fonts.ready.then(() => measure());
  }
  model.on("change:pages", build);
  model.on("change:index", show);
  model.on("change:empty", show);
  build();
  return () => {
    window.removeEventListener("explainer:turn", onTurn, true);
    window.removeEventListener("explainer:shots", onShots, true);
    box.removeEventListener("toggle", again, true);
    observer.disconnect();
    cancelAnimationFrame(resized);
    model.off("change:pages", build);
    model.off("change:index", show);
    model.off("change:empty", show);
  };
}

export default { render };
