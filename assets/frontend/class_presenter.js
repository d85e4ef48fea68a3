// The presenter page (/r/CODE/present?key=KEY): leads the step, opens, closes and reveals polls,
// and shows who is connected and following, with a live bar chart of the answers.
// Reconnects by itself; every text (nicknames included) is set as textContent.
(() => {
  const config = JSON.parse(document.getElementById("class-config").textContent);
  const steps = config.steps;
  const $ = (id) => document.getElementById(id);
  const wsUrl = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/r/${encodeURIComponent(config.code)}/ws?key=${encodeURIComponent(config.key)}`;
  let socket = null;
  let tries = 0;
  let step = 0;
  let poll = null;
  let tally = null;
  let correct = null;

  const send = (message) => {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };
  const setState = (state, text) => {
    document.body.dataset.connection = state;
    $("connection").textContent = text;
  };
  const make = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };

  const showStep = () => {
    const here = steps[step];
    $("step-title").textContent = `Step ${step + 1} of ${steps.length}: ${here.title}`;
    $("step-question").textContent = here.question;
    $("prev").disabled = step === 0;
    $("next").disabled = step === steps.length - 1;
    $("ask-question").disabled = !here.choices.length;
    $("ask-question").title = here.choices.length ? "" : "This step has no choices in the pathway file";
    document.querySelectorAll("#step-list button").forEach((button, i) => {
      button.setAttribute("aria-current", i === step ? "step" : "false");
    });
  };
  const showPoll = () => {
    const box = $("results");
    box.replaceChildren();
    $("close-poll").disabled = !(poll && poll.open);
    $("reveal").disabled = !poll || poll.revealed;
    if (!poll) {
      $("poll-status").textContent = "No poll yet.";
      return;
    }
    const where = `step ${poll.step + 1}`;
    const state = poll.open ? "open" : "closed";
    const shown = poll.revealed ? ", shown to students" : "";
    $("poll-status").textContent = `Poll on ${where} (${state}${shown}): ${poll.question}`;
    const counts = tally && tally.poll === poll.id ? tally.counts : poll.options.map(() => 0);
    const total = tally && tally.poll === poll.id ? tally.total : 0;
    poll.options.forEach((option, i) => {
      const right = correct === i;
      const fill = make("span", { className: "class-fill" });
      fill.style.width = `${(100 * counts[i]) / Math.max(1, total)}%`;
      box.append(make("div", { className: `class-row${right ? " class-correct" : ""}` },
        make("span", { className: "class-option", textContent: option + (right ? " ✓" : "") }),
        make("span", { className: "class-track" }, fill),
        make("span", { className: "class-count", textContent: String(counts[i]) })));
    });
    box.append(make("p", { className: "class-total", textContent: `${total} answer${total === 1 ? "" : "s"}` }));
  };
  const showPresence = (p) => {
    $("connected").textContent = String(p.connected);
    $("following").textContent = String(p.following);
    $("nicknames").textContent = p.nicknames.length ? p.nicknames.join(", ") : "(none given)";
  };

  const on = {
    state: (m) => {
      step = m.step;
      poll = m.poll;
      tally = m.tally;
      correct = m.correct;
      showStep();
      showPoll();
      showPresence(m.presence);
    },
    step: (m) => {
      step = m.step;
      showStep();
    },
    poll: (m) => {
      if (!poll || poll.id !== m.poll.id) tally = null;
      poll = m.poll;
      correct = m.poll.kind === "question" ? steps[m.poll.step].correct : null;
      showPoll();
    },
    tally: (m) => {
      tally = m;
      showPoll();
    },
    results: (m) => {
      poll = m.poll;
      tally = { ...m, poll: m.poll.id };
      correct = m.correct;
      showPoll();
    },
    presence: showPresence,
    refused: (m) => {
      $("poll-status").textContent = `Refused: ${m.reason}`;
    },
  };

  const go = (k) => {
    if (k >= 0 && k < steps.length) send({ type: "step", step: k });
  };
  $("prev").addEventListener("click", () => go(step - 1));
  $("next").addEventListener("click", () => go(step + 1));
  steps.forEach((s, i) => {
    const button = make("button", { type: "button", textContent: String(i + 1), title: s.title });
    button.addEventListener("click", () => go(i));
    $("step-list").append(button);
  });
  $("ask-question").addEventListener("click", () => send({ type: "poll", kind: "question" }));
  $("ask-understanding").addEventListener("click", () => send({ type: "poll", kind: "understanding" }));
  $("close-poll").addEventListener("click", () => send({ type: "close" }));
  $("reveal").addEventListener("click", () => send({ type: "reveal" }));
  // What presentation clickers send: → / ← and Page Down / Up, unless typing in a field.
  window.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.target.closest("input, textarea")) return;
    const delta = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 }[event.key];
    if (delta && !event.target.closest("#step-list")) {
      event.preventDefault();
      go(step + delta);
    }
  });

  const connect = () => {
    setState("connecting", tries ? `Reconnecting (try ${tries})…` : "Connecting…");
    socket = new WebSocket(wsUrl);
    socket.onopen = () => {
      tries = 0;
      setState("connected", "Connected");
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      (on[message.type] || (() => {}))(message);
    };
    socket.onclose = (event) => {
      socket = null;
      if (event.code === 4403 || event.code === 4404) {
        setState("gone", "This presenter link is no longer valid.");
        return;
      }
      tries += 1;
      setState("reconnecting", `Connection lost; reconnecting (try ${tries})…`);
      setTimeout(connect, Math.min(2000, 250 * 2 ** Math.min(tries - 1, 3)) + Math.random() * 250);
    };
  };
  showStep();
  showPoll();
  connect();
})();
