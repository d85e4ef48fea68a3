// The deck's side-branch switches, appended to diagram.js (whose showBranches, branchMenu and
// pressToggles it uses) in one inline module script: every diagram of the deck gets a "Side
// branches" disclosure holding the switches, after its slide's "Step 3 of 7" line, and a switch
// pressed on one slide shows or hides the branch in every diagram. Enter and Space open the
// disclosure and press a switch, and are kept from reveal.js (Space would turn the slide).
function deckBranches(labels) {
  const diagrams = Array.from(document.querySelectorAll("svg.explainer-diagram"));
  let shown = Object.keys(labels);
  const menus = [];
  const onToggle = (name, on) => {
    shown = on ? [...shown.filter((b) => b !== name), name] : shown.filter((b) => b !== name);
    for (const svg of diagrams) showBranches(svg, shown);
    for (const menu of menus) pressToggles(menu, shown);
  };
  if (!shown.length) return;
  for (const svg of diagrams) {
    const menu = branchMenu(labels, shown, onToggle);
    menu.addEventListener("keydown", (event) => {
      if (event.key === " " || event.key === "Enter") event.stopPropagation();
    });
    const section = svg.closest("section");
    const kind = section && section.querySelector(".explainer-kind");
    if (kind) kind.append(menu);
    else svg.after(menu);
    menus.push(menu);
  }
}
