// One of many HTML panels on show (anywidget): `pages` are HTML fragments built and escaped by
// the package (explainer.text, explainer.describe), `index` picks the one shown (null: `empty`).
// Every page is put in the page once and kept: a change of `index` only swaps which one shows,
// so a disclosure a reader opened stays open when they come back. The view never sets `index`.

function render({ model, el }) {
  el.classList.add("explainer-pages");
  let pages = [];
  const empty = document.createElement("div");
  empty.className = "exg-empty";
  const show = () => {
    const k = model.get("index");
    pages.forEach((page, i) => {
      page.hidden = i !== k;
    });
    empty.innerHTML = model.get("empty");
    empty.hidden = k !== null || !model.get("empty");
  };
  const build = () => {
    pages = model.get("pages").map((html) => {
      const page = document.createElement("div");
      page.className = "exg-page";
      page.innerHTML = html;
      return page;
    });
    el.replaceChildren(...pages, empty);
    show();
  };
  model.on("change:pages", build);
  model.on("change:index", show);
  model.on("change:empty", show);
  build();
  return () => {
    model.off("change:pages", build);
    model.off("change:index", show);
    model.off("change:empty", show);
  };
}

export default { render };
