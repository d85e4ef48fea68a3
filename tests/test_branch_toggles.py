"""The side branches' toggles in the student's explorer, in Chromium (issue 22, a reviewer's report).

Each toggle is named after its branch, not after the branch's first step (atorvastatin's three
branches of several steps each read "Show: Feedback", "Show: Pleiotropic", "Show: Safety"), and
each is whole on screen: on a 1280x800 laptop they wrap under the step buttons; on a 390x844
phone, where wrapped they would push the diagram off the first screen, they sit in a disclosure,
"Side branches: 3 of 3 shown", that opens on a tap into rows that wrap, nothing scrolling sideways,
every toggle a tap target of 24 px or more. Checked on ketamine, metformin (nine branches),
atorvastatin and a generated 50-node pathway of long labels.
"""

from pathlib import Path

import pytest

from explainer.loading.pathway import load_pathway
from explainer.outputs.page import write_explorer_page
from explainer.words.wording import branch_label
from tests.conftest import screenshot
from tests.generate import generated

HERE = Path(__file__).resolve().parent
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}
ROOT = ".explainer-student .explainer-stepper"

# Each toggle of the student's stepper: its name, its box on screen, whether it shows, and
# whether its row or the page scrolls sideways.
TOGGLES = """() => { const root = document.querySelector('.explainer-student .explainer-stepper');
  const row = root.querySelector('.exs-toggles');
  return {overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    rowOverflow: row.scrollWidth - row.clientWidth, width: innerWidth, height: innerHeight,
    toggles: Array.from(row.querySelectorAll('.exs-toggle')).map(b => { const r = b.getBoundingClientRect();
      return {name: b.textContent, shown: b.checkVisibility(), left: r.left, right: r.right,
              top: r.top, bottom: r.bottom, width: r.width, height: r.height,
              clipped: b.scrollWidth > b.clientWidth + 1}; })}; }"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory, pathway):
    out = tmp_path_factory.mktemp("toggles")
    found = {
        "ketamine": pathway,
        "metformin": load_pathway(HERE / "pathways" / "metformin.yaml"),
        "atorvastatin": load_pathway(HERE / "pathways" / "atorvastatin.yaml"),
        "generated-50": generated(50, 4, walk=False),
    }
    return {name: (p, write_explorer_page(p, out / name)[0]) for name, p in found.items()}


def _open(browser, html: Path, screen: dict):
    context = browser.new_context(**screen, reduced_motion="reduce")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(html.as_uri())
    page.wait_for_selector(".explainer svg.explainer-diagram .exd-item", timeout=30_000)
    page.wait_for_timeout(300)
    return context, page, errors


def _whole_on_screen(got: dict) -> None:
    assert got["overflow"] == 0 and got["rowOverflow"] <= 0, got  # nothing scrolls sideways
    for t in got["toggles"]:
        assert t["shown"], t
        assert t["left"] >= 0 and t["right"] <= got["width"], t  # whole on screen
        assert t["width"] >= 24 and t["height"] >= 24, t  # a tap target (WCAG 2.5.8)
        assert not t["clipped"], t  # its whole name, not cut with "…"


def test_a_branch_of_several_steps_is_named_after_the_branch(pathway):
    ator = load_pathway(HERE / "pathways" / "atorvastatin.yaml")
    assert [branch_label(ator, b) for b in ator.branches] == ["Feedback", "Pleiotropic", "Safety"]
    # a branch of one step is named by that step, which is the whole branch; one of no step by
    # where it leads (its last box)
    assert [branch_label(pathway, b) for b in pathway.branches] == [
        "the GABA system",
        "inflammation and the immune system",
    ]
    ssri = load_pathway(HERE / "pathways" / "ssri.yaml")
    assert branch_label(ssri, "sexual") == "Sexual side effects"
    # a name of several words in the file reads as words
    renamed = ator.model_copy(
        update={
            "steps": tuple(
                s.model_copy(update={"branch": "side_effects"}) if s.branch == "safety" else s
                for s in ator.steps
            ),
            "nodes": tuple(
                n.model_copy(update={"branch": "side_effects"}) if n.branch == "safety" else n
                for n in ator.nodes
            ),
        }
    )
    assert branch_label(renamed, "side_effects") == "Side effects"


@pytest.mark.parametrize("name", ["ketamine", "metformin", "atorvastatin", "generated-50"])
def test_on_a_laptop_every_toggle_is_whole_on_screen_and_named_after_its_branch(browser, pages, name):
    pathway, html = pages[name]
    context, page, errors = _open(browser, html, LAPTOP)
    try:
        assert page.locator(f"{ROOT} .exs-branches-summary").is_hidden()  # nothing to open
        got = page.evaluate(TOGGLES)
        assert [t["name"] for t in got["toggles"]] == [
            f"Show: {branch_label(pathway, b)}" for b in pathway.branches
        ]
        _whole_on_screen(got)
        if name == "atorvastatin":
            assert [t["name"] for t in got["toggles"]] == [
                "Show: Feedback",
                "Show: Pleiotropic",
                "Show: Safety",
            ]
            screenshot(page, "toggles-atorvastatin-laptop")
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("name", ["ketamine", "metformin", "atorvastatin", "generated-50"])
def test_on_a_phone_the_toggles_open_from_a_named_disclosure_each_whole_on_screen(browser, pages, name):
    pathway, html = pages[name]
    n = len(pathway.branches)
    context, page, errors = _open(browser, html, PHONE)
    try:
        summary = page.locator(f"{ROOT} .exs-branches-summary")
        assert summary.inner_text() == f"Side branches: {n} of {n} shown"
        box = summary.bounding_box()
        assert box["height"] >= 24 and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        got = page.evaluate(TOGGLES)
        assert not any(t["shown"] for t in got["toggles"])  # folded: the diagram on the first screen
        assert got["overflow"] == 0
        summary.tap()
        page.wait_for_timeout(100)
        got = page.evaluate(TOGGLES)
        assert [t["name"] for t in got["toggles"]] == [
            f"Show: {branch_label(pathway, b)}" for b in pathway.branches
        ]
        _whole_on_screen(got)
        assert all(t["bottom"] <= got["height"] for t in got["toggles"]), got  # no scroll to reach one
        if name == "atorvastatin":
            screenshot(page, "toggles-atorvastatin-phone-open")
        # a tap on a toggle hides its branch and the summary counts it
        page.locator(f"{ROOT} .exs-toggle").first.tap()
        assert page.locator(f"{ROOT} .exs-toggle").first.get_attribute("aria-pressed") == "false"
        assert summary.inner_text() == f"Side branches: {n - 1} of {n} shown"
        assert errors == []
    finally:
        context.close()
