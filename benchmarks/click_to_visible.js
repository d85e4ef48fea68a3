// Click a button (or a box or link of the diagram) from inside the page and time it with
// performance.now().
//   shownMs: until an element matching `watch` is laid out (offsetParent set) and its text
//            includes `want`. A MutationObserver sees the change as soon as the DOM has it;
//            a requestAnimationFrame poll catches what style alone changes.
//   readyMs: if `ready` is a selector (the diagram in the new step's state, say), until it
//            matches and the next animation frame has begun: the new state is being painted.
// `label` is the button's text or, for an SVG item, its data-id. With no `watch` (a branch
// switch, say), only readyMs counts. Resolves with {shownMs, readyMs}; readyMs is null when
// nothing else is asked for.
async ({ click, label, watch, want, ready, timeoutMs }) => {
  const visible = (e) => e.offsetParent !== null;
  const shown = () =>
    !watch || Array.from(document.querySelectorAll(watch)).some((e) => visible(e) && e.innerText.includes(want));
  const button = Array.from(document.querySelectorAll(click)).find(
    (b) => ((b.innerText || "").trim() === label || b.dataset.id === label) && !b.disabled,
  );
  if (!button) throw new Error(`no enabled button ${click} with text ${JSON.stringify(label)}`);
  if (watch && shown()) throw new Error(`already shown before the click: ${JSON.stringify(want)}`);
  if (!watch && document.querySelector(ready)) throw new Error(`already ${ready} before the click`);
  return await new Promise((resolve, reject) => {
    let t0 = 0;
    let shownMs = null;
    let painting = false;
    let done = false;
    const stop = (error, readyMs) => {
      done = true;
      observer.disconnect();
      clearTimeout(timer);
      error ? reject(error) : resolve({ shownMs, readyMs });
    };
    const checkReady = () => {
      if (!document.querySelector(ready)) return;
      painting = true;
      requestAnimationFrame(() => stop(null, performance.now() - t0));
    };
    const check = () => {
      if (done || painting) return;
      if (shownMs === null && shown()) shownMs = performance.now() - t0;
      if (shownMs === null) return;
      ready ? checkReady() : stop(null, null);
    };
    const poll = () => {
      check();
      if (!done) requestAnimationFrame(poll);
    };
    const observer = new MutationObserver(check);
    const timer = setTimeout(
      () => stop(new Error(`${want} (ready ${ready}) not shown in ${timeoutMs} ms; text after ${shownMs} ms`)),
      timeoutMs,
    );
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    t0 = performance.now();
    button.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, view: window }));
    check();
    requestAnimationFrame(poll);
  });
}
