// The explorer page as a SCORM 1.2 lesson (a plain script, inlined in every explorer page).
// When a learning management system opened the page, it offers the SCORM 1.2 API as `window.API`
// on the page's window, a parent frame or the window that opened it (the standard search, below).
// Then the page reports: LMSInitialize; `cmi.core.lesson_status` "incomplete" on start and
// "completed" once every step on show was visited (the step bar announces each step with a
// bubbling `explainer:step` event); the self-check score (steps with choices) as
// `cmi.core.score.raw` out of 100; LMSCommit after each change; LMSFinish when the page goes.
// With no API found it does nothing: the page is the plain offline explorer.
(function () {
  "use strict";
  const configElement = document.getElementById("explainer-lms");
  if (!configElement) return;
  const config = JSON.parse(configElement.textContent);

  // SCORM 1.2 run-time environment: the API is on this window or an ancestor frame, else on the
  // opener's window or its ancestors. A cross-origin frame on the way is skipped, not an error.
  function findAPI(win) {
    for (let depth = 0; win && depth < 500; depth++) {
      try {
        if (win.API) return win.API;
      } catch (error) {
        // a frame of another origin: look further up
      }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  function getAPI() {
    const own = findAPI(window);
    if (own) return own;
    try {
      return window.opener ? findAPI(window.opener) : null;
    } catch (error) {
      return null;
    }
  }

  const api = getAPI();
  if (!api) return;
  const call = (name, ...args) => {
    try {
      return String(api[name](...args));
    } catch (error) {
      return "false";
    }
  };
  if (call("LMSInitialize", "") !== "true") return;
  const started = Date.now();
  const done = (value) => value === "completed" || value === "passed";
  let status = call("LMSGetValue", "cmi.core.lesson_status");
  if (!done(status)) {
    status = "incomplete";
    call("LMSSetValue", "cmi.core.lesson_status", status);
  }
  // What was visited in an earlier session of this attempt comes back from suspend_data.
  const visited = new Set();
  try {
    const saved = JSON.parse(call("LMSGetValue", "cmi.suspend_data") || "{}");
    for (const k of saved.visited || []) if (Number.isInteger(k)) visited.add(k);
  } catch (error) {
    // no saved state, or not ours
  }
  let onShow = config.steps;
  const answers = new Map(); // step index: whether the choice now picked is the right one

  const commit = () => call("LMSCommit", "");
  const check = () => {
    call("LMSSetValue", "cmi.suspend_data", JSON.stringify({ visited: [...visited].sort((a, b) => a - b) }));
    if (!done(status) && onShow.length && onShow.every((k) => visited.has(k))) {
      status = "completed";
      call("LMSSetValue", "cmi.core.lesson_status", status);
    }
    commit();
  };
  document.addEventListener("explainer:step", (event) => {
    const detail = event.detail || {};
    if (!Number.isInteger(detail.step)) return;
    visited.add(detail.step);
    if (Array.isArray(detail.steps)) onShow = detail.steps;
    check();
  });
  document.addEventListener("change", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.classList.contains("explainer-choice")) return;
    if (!config.choiceSteps) return;
    answers.set(input.dataset.step, input.dataset.correct === "true");
    const right = [...answers.values()].filter(Boolean).length;
    call("LMSSetValue", "cmi.core.score.min", "0");
    call("LMSSetValue", "cmi.core.score.max", "100");
    call("LMSSetValue", "cmi.core.score.raw", String(Math.round((100 * right) / config.choiceSteps)));
    commit();
  });

  // CMITimespan: HHHH:MM:SS.SS
  const timespan = (ms) => {
    const s = ms / 1000;
    const pad = (n, width) => String(Math.floor(n)).padStart(width, "0");
    const seconds = (s % 60).toFixed(2).padStart(5, "0");
    return `${pad(s / 3600, 4)}:${pad((s / 60) % 60, 2)}:${seconds}`;
  };
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    call("LMSSetValue", "cmi.core.session_time", timespan(Date.now() - started));
    call("LMSSetValue", "cmi.core.exit", done(status) ? "" : "suspend");
    commit();
    call("LMSFinish", "");
  };
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
})();
