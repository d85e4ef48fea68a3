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
// way. A bar under the box says "continued" and which page is on show; it dispatches
//   CustomEvent("explainer:pages", {bubbles: true, detail: {page, pages}})
// so that the stepper's Next stays pressable on a last step with a page still to come.

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
  let over = 0; // the "continued" heading's height
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
    const page = pageAt(starts, box.scrollTop);
    if (starts.length > 1) {
      bar.textContent =
        page < starts.length - 1
          ? `Continued on the next page (${page + 1} of ${starts.length}): Next ▶`
          : `Continued (${page + 1} of ${starts.length})`;
    }
    bar.hidden = starts.length < 2;
    head.hidden = page === 0;
    // the next page's first line, cut at the box's end, waits for its page
    const cut = page + 1 < starts.length ? box.clientHeight - (starts[page + 1] + over - box.scrollTop) : 0;
    box.style.clipPath = cut > 0.5 ? `inset(0 0 ${cut}px 0)` : "";
    el.dispatchEvent(new CustomEvent("explainer:pages", { bubbles: true, detail: { page, pages: starts.length } }));
  };
  // Measure the panel on show: where its pages start. Its passage ends with its last quote (the
  // attribution inside it); a panel without quotes (an item's text) is one page.
  const measure = () => {
    const shown = current();
    starts = [0];
    if (!paged) return;
    if (!shown || !box.isConnected || box.clientHeight === 0) return announce();
    const quotes = shown.querySelectorAll(".explainer-quote");
    if (quotes.length) {
      const origin = box.getBoundingClientRect().top - box.scrollTop + box.clientTop;
      const end = quotes[quotes.length - 1].getBoundingClientRect().bottom - origin;
      bar.hidden = true;
      bar.hidden = !(end > box.clientHeight + 0.5); // the bar takes its room from the box
      const title = shown.querySelector(".explainer-title");
      head.textContent = `${title ? title.textContent : ""} (continued)`;
      head.hidden = false;
      over = head.offsetHeight;
      head.hidden = true;
      starts = pageStarts(lineBoxes(shown, origin), end, box.clientHeight, over);
    }
    // the last page can start where it must even when little follows the passage
    shown.style.paddingBottom = starts.length > 1 ? `${box.clientHeight}px` : "";
    announce();
  };
  const top = () => {
    box.scrollTop = 0;
    measure();
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
    if (starts.length < 2 || !event.detail || !root || event.target.closest(".explainer") !== root) return;
    const page = pageAt(starts, box.scrollTop);
    const to = page + Math.sign(event.detail.delta);
    const back = event.detail.delta < 0 && box.scrollTop > starts[page] + 0.5; // scrolled inside a page
    if (!back && (to < 0 || to >= starts.length)) return;
    event.preventDefault();
    box.scrollTop = back ? starts[page] : starts[to];
    announce();
  };
  const onScroll = () => announce();
  let resized = null;
  const observer = new ResizeObserver(() => {
    cancelAnimationFrame(resized);
    resized = requestAnimationFrame(() => {
      const page = pageAt(starts, box.scrollTop);
      measure();
      box.scrollTop = starts[Math.min(page, starts.length - 1)];
      announce();
    });
  });
  if (paged) {
    window.addEventListener("explainer:turn", onTurn, true);
    box.addEventListener("scroll", onScroll, { passive: true });
    observer.observe(box);
    document.fonts && document.fonts.ready.then(() => measure());
  }
  model.on("change:pages", build);
  model.on("change:index", show);
  model.on("change:empty", show);
  build();
  return () => {
    window.removeEventListener("explainer:turn", onTurn, true);
    observer.disconnect();
    cancelAnimationFrame(resized);
    model.off("change:pages", build);
    model.off("change:index", show);
    model.off("change:empty", show);
  };
}

export default { render };
