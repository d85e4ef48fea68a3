// The class session on a student's explorer page (served at /r/CODE): follows the teacher's step
// while "Follow the teacher" is on, shows the open poll, and reconnects by itself.
// The step moves through the step bar's contract: "explainer:go-to-step" dispatched on the
// `.explainer-steps` element, "explainer:step" heard when the step changes. Every text from the
// server (questions, options, nicknames) is set as textContent, never as HTML.
(() => {
  const code = decodeURIComponent(location.pathname.split("/")[2] || "");
  const wsUrl = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/r/${encodeURIComponent(code)}/ws`;
  const idKey = "explainer-class-student";
  let student = null;
  try {
    student = localStorage.getItem(idKey);
  } catch (_) {}
  if (!student || !/^[A-Za-z0-9_-]{8,64}$/.test(student)) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    student = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    try {
      localStorage.setItem(idKey, student);
    } catch (_) {}
  }

  const make = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };
  const stateText = make("span", { className: "class-state", textContent: "Connecting…" });
  const status = make("p", { className: "class-status", role: "status" }, stateText);
  const follow = make("input", { type: "checkbox", checked: true, id: "class-follow" });
  const followLabel = make("label", { htmlFor: "class-follow", className: "class-follow" }, follow, " Follow the teacher");
  const nickname = make("input", { type: "text", id: "class-nickname", maxLength: 40, placeholder: "optional", autocomplete: "off" });
  const nickLabel = make("label", { htmlFor: "class-nickname", className: "class-nick" }, "Nickname ", nickname);
  const note = make("p", { className: "class-note", hidden: true });
  const poll = make("section", { className: "class-poll", hidden: true, ariaLabel: "Poll" });
  const bar = make("div", { className: "class-bar", role: "region", ariaLabel: `Class ${code}` },
    make("strong", { className: "class-code", textContent: `Class ${code}` }), status, followLabel, nickLabel, note, poll);
  document.body.prepend(bar);

  let socket = null;
  let tries = 0;
  let teacher = null; // the teacher's step
  let shown = null; // the step on this page
  let moving = null; // the step this script is moving to, while it does
  let current = null; // the poll on show
  let mine = null; // this student's answer to it
  let results = null;

  const send = (message) => {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };
  const setState = (state, text) => {
    bar.dataset.connection = state;
    stateText.textContent = text;
  };
  const stepBar = () => document.querySelector(".explainer-steps");
  const goTo = (k) => {
    const el = stepBar();
    if (!el || k === null || k === shown) return;
    // The bar answers synchronously: the "explainer:step" it sends meanwhile is this move.
    moving = k;
    el.dispatchEvent(new CustomEvent("explainer:go-to-step", { detail: { step: k } }));
    moving = null;
  };
  document.addEventListener("explainer:step", (event) => {
    shown = event.detail.step;
    if (moving !== null) return;
    if (follow.checked && teacher !== null && shown !== teacher) {
      follow.checked = false; // the student chose another step: they are exploring now
      onFollow();
    }
  });
  // The widgets render after this script runs: catch up once the step bar is there.
  const waitForBar = setInterval(() => {
    if (!stepBar()) return;
    clearInterval(waitForBar);
    if (follow.checked) goTo(teacher);
  }, 100);

  const showNote = () => {
    note.hidden = follow.checked;
    const where = teacher === null ? "" : ` (the class is at step ${teacher + 1})`;
    note.textContent = `You are exploring on your own${where}. Tick “Follow the teacher” to rejoin the class.`;
  };
  const onFollow = () => {
    bar.dataset.following = follow.checked ? "yes" : "no";
    showNote();
    send({ type: "follow", following: follow.checked });
    if (follow.checked) goTo(teacher);
  };
  follow.addEventListener("change", onFollow);
  let typing = null; // the nickname is sent once the student pauses typing
  const sendNickname = () => send({ type: "nickname", nickname: nickname.value });
  nickname.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(sendNickname, 600);
  });
  nickname.addEventListener("change", sendNickname);

  const chart = (res) => {
    const box = make("div", { className: "class-chart" });
    const total = Math.max(1, res.total);
    res.poll.options.forEach((option, i) => {
      const right = res.correct === i;
      const fill = make("span", { className: "class-fill" });
      fill.style.width = `${(100 * res.counts[i]) / total}%`;
      box.append(make("div", { className: `class-row${right ? " class-correct" : ""}` },
        make("span", { className: "class-option", textContent: option + (right ? " ✓ correct" : "") }),
        make("span", { className: "class-track" }, fill),
        make("span", { className: "class-count", textContent: String(res.counts[i]) })));
    });
    box.append(make("p", { className: "class-total", textContent: `${res.total} answer${res.total === 1 ? "" : "s"}` }));
    return box;
  };
  const showPoll = () => {
    poll.replaceChildren();
    poll.hidden = !current;
    if (!current) return;
    poll.append(make("h2", { className: "class-question", textContent: current.question }));
    if (current.open) {
      const row = make("div", { className: "class-options", role: "group", ariaLabel: current.question });
      current.options.forEach((option, i) => {
        const button = make("button", { type: "button", className: "class-choice", textContent: option });
        button.setAttribute("aria-pressed", mine === i ? "true" : "false");
        button.addEventListener("click", () => send({ type: "answer", poll: current.id, choice: i }));
        row.append(button);
      });
      poll.append(row);
    }
    const said = mine === null ? "You have not answered." : `Your answer (stored): ${current.options[mine]}`;
    poll.append(make("p", { className: "class-mine", textContent: current.open ? said : `Poll closed. ${said}` }));
    if (results && results.poll && results.poll.id === current.id) poll.append(chart(results));
  };

  const on = {
    state: (m) => {
      teacher = m.step;
      current = m.poll;
      mine = m.mine;
      results = m.results;
      if (follow.checked) goTo(teacher);
      showPoll();
    },
    step: (m) => {
      teacher = m.step;
      if (follow.checked) goTo(teacher);
      showNote();
    },
    poll: (m) => {
      if (!current || current.id !== m.poll.id) {
        mine = null;
        results = null;
      }
      current = m.poll;
      showPoll();
    },
    stored: (m) => {
      if (current && current.id === m.poll) mine = m.choice;
      showPoll();
    },
    results: (m) => {
      results = m;
      current = m.poll;
      showPoll();
    },
    refused: (m) => console.warn("class server:", m.reason),
  };

  const connect = () => {
    setState(tries ? "reconnecting" : "connecting", tries ? `Reconnecting (try ${tries})…` : "Connecting…");
    socket = new WebSocket(wsUrl);
    socket.onopen = () => {
      tries = 0;
      setState("connected", "Connected");
      send({ type: "hello", student, nickname: nickname.value, following: follow.checked });
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      (on[message.type] || (() => {}))(message);
    };
    socket.onclose = (event) => {
      socket = null;
      if (event.code === 4404) {
        setState("gone", "This class has ended or the code is wrong.");
        return;
      }
      tries += 1;
      const why = event.code === 4429 ? "The class is full" : "Connection lost";
      setState("reconnecting", `${why}; reconnecting (try ${tries})…`);
      // Soon at first, then at most every 2 s, spread out so a class does not arrive at once.
      const wait = Math.min(2000, 250 * 2 ** Math.min(tries - 1, 3)) + Math.random() * 250;
      setTimeout(connect, wait);
    };
  };
  onFollow();
  connect();
})();
