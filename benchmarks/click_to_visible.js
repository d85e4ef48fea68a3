// Click a button from inside the page and time it with performance.now().
//   shownMs: until an element matching `watch` is laid out (offsetParent set) and its text
//            includes `want`. A MutationObserver sees the change as soon as the DOM has it;
//            a requestAnimationFrame poll catches what style alone changes.
//   imageMs: if `image` is a selector, until the visible image it matches is a new one (new
//            element or new src) and img.decode() has resolved: the picture is ready to paint.
// Resolves with {shownMs, imageMs}; imageMs is null when no image is asked for.
async ({ click, label, watch, want, image, timeoutMs }) => {
  const visible = (e) => e.offsetParent !== null;
  const shown = () =>
    Array.from(document.querySelectorAll(watch)).some((e) => visible(e) && e.innerText.includes(want));
  const shownImage = () => (image ? Array.from(document.querySelectorAll(image)).find(visible) : null);
  const button = Array.from(document.querySelectorAll(click)).find(
    (b) => b.innerText.trim() === label && !b.disabled,
  );
  if (!button) throw new Error(`no enabled button ${click} with text ${JSON.stringify(label)}`);
  if (shown()) throw new Error(`already shown before the click: ${JSON.stringify(want)}`);
  const oldImage = shownImage();
  const oldSrc = oldImage ? oldImage.src : null;
  return await new Promise((resolve, reject) => {
    let t0 = 0;
    let shownMs = null;
    let decoding = false;
    let done = false;
    const stop = (error, imageMs) => {
      done = true;
      observer.disconnect();
      clearTimeout(timer);
      error ? reject(error) : resolve({ shownMs, imageMs });
    };
    const checkImage = () => {
      const img = shownImage();
      if (!img || !img.src || (img === oldImage && img.src === oldSrc)) return;
      decoding = true;
      img.decode().then(
        () => stop(null, performance.now() - t0),
        () => (decoding = false), // not loaded yet: the poll tries again
      );
    };
    const check = () => {
      if (done || decoding) return;
      if (shownMs === null && shown()) shownMs = performance.now() - t0;
      if (shownMs === null) return;
      image ? checkImage() : stop(null, null);
    };
    const poll = () => {
      check();
      if (!done) requestAnimationFrame(poll);
    };
    const observer = new MutationObserver(check);
    const timer = setTimeout(
      () => stop(new Error(`${want} (image ${image}) not shown in ${timeoutMs} ms; text after ${shownMs} ms`)),
      timeoutMs,
    );
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    t0 = performance.now();
    button.click();
    check();
    requestAnimationFrame(poll);
  });
}
