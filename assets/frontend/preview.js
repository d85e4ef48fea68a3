// The preview page's client: the server sends each part of the page as it is rebuilt, over
// server-sent events ({version, part: "text" | "diagram", html}); a part replaces its region,
// and each step gets a copy of the whole diagram in that step's state (data-step).
(() => {
  const text = document.getElementById("pv-text");
  const connection = document.getElementById("pv-connection");
  let version = -1;
  let diagramHTML = document.getElementById("pv-first-diagram").innerHTML;
  let stale = false;

  function fillSteps() {
    const diagram = document.getElementById("pv-diagram"); // in the text part, between header and steps
    if (!diagram) return;
    diagram.innerHTML = diagramHTML;
    diagram.classList.toggle("pv-stale", stale);
    const svg = diagram.querySelector("svg");
    for (const box of document.querySelectorAll(".pv-step-diagram")) {
      box.replaceChildren();
      if (!svg) continue;
      const copy = svg.cloneNode(true);
      copy.querySelector("style")?.remove(); // the whole diagram's stylesheet serves every copy
      copy.setAttribute("data-step", box.dataset.step);
      copy.setAttribute("aria-label", `The diagram in step ${Number(box.dataset.step) + 1}`);
      box.append(copy);
    }
    for (const box of document.querySelectorAll(".pv-step-diagram")) {
      box.classList.toggle("pv-stale-copy", stale);
    }
  }

  function show(message) {
    if (message.part === "text") {
      version = message.version;
      text.innerHTML = message.html;
      stale = true; // the last diagram, faded, until this version's arrives
    } else if (message.part === "diagram" && message.version === version) {
      diagramHTML = message.html;
      stale = false;
    } else {
      return;
    }
    fillSteps();
    document.body.dataset.version = String(message.version);
    document.body.dataset.shown = `${message.version}-${message.part}`;
  }

  const events = new EventSource("events");
  events.onopen = () => {
    connection.textContent = "live";
    connection.classList.remove("pv-lost");
  };
  events.onerror = () => {
    connection.textContent = "the preview server is not answering: is it still running?";
    connection.classList.add("pv-lost");
  };
  events.onmessage = (event) => show(JSON.parse(event.data));
  fillSteps();
})();
