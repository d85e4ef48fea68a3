"""The handout PDF, read back: the overview page, then one page per step."""

import io

import pytest
from pypdf import PdfReader

from explainer.loading.article import normalise
from explainer.loading.never_show import found_in
from explainer.outputs.handout import handout_files, handout_pages

pytestmark = pytest.mark.slow  # the handouts are built once per module, seconds each


@pytest.fixture(scope="module")
def reader(pathway):
    return PdfReader(io.BytesIO(*handout_files(pathway).values()))


def _text(page) -> str:
    return " ".join(page.extract_text().split())


def test_one_overview_page_then_one_page_per_step(reader, pathway):
    assert len(reader.pages) == 1 + len(pathway.steps)
    first = _text(reader.pages[0])
    for word in ("the whole pathway", "stimulates", "inhibits", "modulates", "hedged"):
        assert word in first
    for k, step in enumerate(pathway.steps, start=1):
        page = _text(reader.pages[k])
        assert f"Step {k} of {len(pathway.steps)}: {step.title}" in page
        assert normalise(" ".join(step.passages[0].text.split()[:8])) in normalise(page)


def test_every_page_attributes_and_disclaims(reader, pathway):
    assert pathway.never_show
    for page in reader.pages:
        text = _text(page)
        assert "Indiana Center for Recovery" in text and "not medical advice" in text
        assert not found_in(text, pathway.never_show)


def test_pages_are_a4_landscape(reader):
    box = reader.pages[0].mediabox
    assert round(float(box.width) / 72, 2) == 11.69 and round(float(box.height) / 72, 2) == 8.27


def test_black_and_white_still_tells_influences_apart(pathway):
    """Heads differ by shape and hedged links by dashes, whatever the colour."""
    from matplotlib.patches import PathPatch, Polygon

    fig = handout_pages(pathway)[0]
    ax = fig.axes[0]
    heads = {p.get_gid().rsplit(":", 1)[1]: len(p.get_xy()) for p in ax.patches if isinstance(p, Polygon)}
    assert heads == {"positive": 4, "negative": 5, "unknown": 5}
    dashed = {p.get_gid() for p in ax.patches if isinstance(p, PathPatch) and p.get_linestyle() != "-"}
    assert dashed == {f"edge:{u}->{v}" for u, v in (e.key for e in pathway.edges if e.hedged)}


def _assert_texts_fit_and_apart(fig):
    import itertools

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    texts = [t for t in fig.texts if t.get_text().strip()]
    extents = [t.get_window_extent(renderer) for t in texts]
    for t, ext in zip(texts, extents, strict=True):
        assert fig.bbox.x0 <= ext.x0 and ext.x1 <= fig.bbox.x1, t.get_text()[:40]
        assert fig.bbox.y0 <= ext.y0 and ext.y1 <= fig.bbox.y1, t.get_text()[:40]
    for (a, ea), (b, eb) in itertools.combinations(zip(texts, extents, strict=True), 2):
        assert not ea.overlaps(eb), (a.get_text()[:30], b.get_text()[:30])
    for legend in fig.legends:  # the overview's legend, beside the step list
        box = legend.get_window_extent(renderer)
        assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1
        for t, ext in zip(texts, extents, strict=True):
            assert not ext.overlaps(box), ("text over the legend", t.get_text()[:40])


def test_long_step_lists_and_passages_continue_on_the_next_page(ssri):
    from tests.generate import generated

    many = ssri.steps[0].passages * 12
    long_step = ssri.model_copy(
        update={"steps": (ssri.steps[0].model_copy(update={"passages": many}), *ssri.steps[1:])}
    )
    pages = handout_pages(long_step)
    titles = [f.texts[0].get_text().replace("\n", " ") for f in pages]
    assert any(t.startswith("Step 1 of 10") and t.endswith("(continued)") for t in titles)
    fifty = generated(12, 3, n_steps=50)
    overview = handout_pages(fifty)
    assert overview[1].texts[0].get_text().replace("\n", " ").endswith("the whole pathway (continued)")
    for fig in (*pages[:4], *overview[:2]):
        _assert_texts_fit_and_apart(fig)


def _assert_no_text_over_the_diagram(fig):
    """No text of the page (title, passages, lists, legend) reaches into the diagram's drawing."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ax = fig.axes[0]
    drawn = [a.get_window_extent(renderer) for a in ax.get_children() if a.get_gid() and a.get_visible()]
    frame = ax.bbox  # a step's camera may leave part of the drawing out: clipped to the axes
    x0, x1 = max(frame.x0, min(b.x0 for b in drawn)), min(frame.x1, max(b.x1 for b in drawn))
    y0, y1 = max(frame.y0, min(b.y0 for b in drawn)), min(frame.y1, max(b.y1 for b in drawn))
    texts = [*fig.texts, *(t for leg in fig.legends for t in leg.get_texts())]
    for t in texts:
        if not t.get_text().strip():
            continue
        e = t.get_window_extent(renderer)
        apart = e.y0 >= y1 or e.y1 <= y0 or e.x0 >= x1 or e.x1 <= x0
        assert apart, ("text over the diagram", t.get_text()[:40], (e.y0, e.y1), (y0, y1))


@pytest.mark.parametrize("intro_copies", [1, 3, 8])
def test_no_text_over_the_diagram_whatever_the_introduction(pathway, intro_copies):
    long = pathway.model_copy(update={"introduction": pathway.introduction * intro_copies})
    pages = handout_pages(long)
    for fig in pages:
        if fig.axes:
            _assert_no_text_over_the_diagram(fig)
    if intro_copies == 8:  # more than the page holds above the diagram: it goes on
        assert pages[1].texts[0].get_text().replace("\n", " ").endswith("the whole pathway (continued)")


def _every_page_cases():
    from explainer.loading.assets import RESEARCH_PATHWAY
    from explainer.loading.pathway import load_pathway
    from tests.conftest import SSRI
    from tests.generate import TOO_BIG, generated
    from tests.test_narrow_screens import METFORMIN

    n, seed, labels = TOO_BIG[0]
    return {
        "research": lambda: load_pathway(RESEARCH_PATHWAY),
        "ssri": lambda: load_pathway(SSRI),
        "metformin": lambda: load_pathway(METFORMIN),
        "atorvastatin": lambda: load_pathway(SSRI.parent / "atorvastatin.yaml"),
        # steps of up to four boxes anywhere (some in shots); the whole too big for one picture
        "generated-60": lambda: generated(60, 9, n_steps=8, long_labels=None, walk=False),
        "generated-60-long-labels": lambda: generated(n, seed, n_steps=4, long_labels=labels),
    }


@pytest.mark.parametrize("name", list(_every_page_cases()))
def test_no_text_over_the_diagram_on_any_page(name):
    """Every page that draws (the overview or its parts, each step page and shot): no text over
    the diagram, the texts inside the page and apart, the diagram's labels 9 pt or more
    (ketamine's pages: with any introduction, above)."""
    from explainer.outputs.handout import STEP_FLOOR

    pathway = _every_page_cases()[name]()
    pages = [fig for fig in handout_pages(pathway) if fig.axes]  # a continuation page: text only
    assert len(pages) > len(pathway.steps)
    for i, fig in enumerate(pages):
        _assert_no_text_over_the_diagram(fig)
        _assert_texts_fit_and_apart(fig)
        labels = [t for t in fig.axes[0].texts if (t.get_gid() or "").startswith("label:")]
        assert min(t.get_fontsize() for t in labels) >= STEP_FLOOR - 1e-6, (name, i)


def test_step_pages_frame_a_large_pathways_step_with_labels_of_9_pt():
    """Metformin's whole view is under 9 pt on paper: each step page's camera frames its boxes."""
    from explainer.loading.pathway import load_pathway
    from explainer.model.camera import label_size, step_extent, whole_camera
    from explainer.model.scene import pathway_scene
    from explainer.outputs.handout import DIAGRAM_RECT, FONT, PAGE, STEP_FLOOR, _step_pages
    from tests.test_narrow_screens import METFORMIN

    p = load_pathway(METFORMIN)
    scene = pathway_scene(p)
    view = (DIAGRAM_RECT[2] * PAGE[0] * 72, DIAGRAM_RECT[3] * PAGE[1] * 72)
    assert label_size(scene, whole_camera(scene, view), view) < STEP_FLOOR  # the whole on a step page
    for k in range(len(p.steps)):
        ax = _step_pages(p, k)[0].axes[0]
        labels = [t for t in ax.texts if (t.get_gid() or "").startswith("label:")]
        assert STEP_FLOOR <= min(t.get_fontsize() for t in labels) <= FONT, k
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        ex0, ex1, ey0, ey1 = step_extent(scene, k)  # the axes are in the scene's units, zoomed
        assert x0 <= ex0 and ex1 <= x1 and y0 <= ey0 and ey1 <= y1, k  # the whole step in view


def _handout_cases():
    from explainer.loading.pathway import load_pathway
    from tests.conftest import SSRI
    from tests.generate import generated
    from tests.test_narrow_screens import METFORMIN

    yield "ketamine", load_pathway()
    yield "ssri", load_pathway(SSRI)
    yield "metformin", load_pathway(METFORMIN)
    yield "generated-50", generated(50, 8, n_steps=6, long_labels=None, walk=True)


def _overview_pages(pathway, pages) -> list:
    """The pages that draw the whole pathway (whole or a part), before the first step page."""
    first = next(i for i, f in enumerate(pages) if f.texts[0].get_text().startswith("Step 1 of"))
    return [f for f in pages[:first] if f.axes]


@pytest.mark.parametrize("name", [n for n, _ in _handout_cases()])
def test_overview_and_step_pages_keep_every_box_where_the_scene_puts_it(name):
    """The overview and every step page draw the one scene, zoomed, never laid out again (students
    keep their bearings from page to page and from the slides); their labels are 9 pt or more."""
    from explainer.model.scene import pathway_scene
    from explainer.outputs.handout import STEP_FLOOR

    pathway = dict(_handout_cases())[name]
    scene = pathway_scene(pathway)
    all_pages = handout_pages(pathway)
    pages = [fig for fig in all_pages if fig.axes]
    overview = _overview_pages(pathway, all_pages)
    assert len(pages) == len(overview) + len(pathway.steps)
    for i, fig in enumerate(pages):
        ax = fig.axes[0]
        labels = [t for t in ax.texts if (t.get_gid() or "").startswith("label:")]
        boxes = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("node:")}
        assert set(boxes) == {b.id for b in scene.boxes}, i
        for box in scene.boxes:
            got = boxes[box.id]
            assert got.get_x() == pytest.approx(box.x, abs=0.05), (i, box.id)
            assert got.get_y() == pytest.approx(box.y, abs=0.05), (i, box.id)
            assert got.get_width() == pytest.approx(box.width, abs=0.05), (i, box.id)
        assert min(t.get_fontsize() for t in labels) >= STEP_FLOOR, (name, i)
    for fig in overview:
        _assert_no_text_over_the_diagram(fig)
    if overview[0] is all_pages[0]:
        _assert_texts_fit_and_apart(pages[0])  # the overview: its step list beside the legend
    else:
        _assert_texts_fit_and_apart(all_pages[0])


def _whole_cases():
    from explainer.loading.pathway import load_pathway
    from tests.conftest import SSRI
    from tests.generate import TOO_BIG, generated
    from tests.test_narrow_screens import METFORMIN

    n, seed, labels = TOO_BIG[0]
    yield "ketamine", load_pathway(), 1
    yield "ssri", load_pathway(SSRI), 2
    yield "metformin", load_pathway(METFORMIN), 2
    yield "generated-60", generated(n, seed, n_steps=3, long_labels=labels), 6
    yield "generated-60-walk", generated(60, 9, n_steps=4, long_labels=None, walk=True), 1


@pytest.mark.parametrize("name", [n for n, *_ in _whole_cases()])
def test_the_overview_is_never_under_9_pt_and_shows_every_box_whole(name):
    """The overview's floor (issue 22): the whole pathway on the overview page where its labels
    reach 9 pt there; else on a page of its own, or in parts at 9 pt, every box whole in one of
    them, each part's page with the whole drawn small (no words) and the part framed in it."""
    from matplotlib.patches import Rectangle

    from explainer.model.scene import pathway_scene
    from explainer.outputs.handout import STEP_FLOOR

    pathway, expected = next((p, n) for c, p, n in _whole_cases() if c == name)
    scene = pathway_scene(pathway)
    all_pages = handout_pages(pathway)
    pages = _overview_pages(pathway, all_pages)
    assert len(pages) == expected, [f.texts[0].get_text() for f in pages]
    if name == "ketamine":  # the whole on the overview page, as before
        assert pages[0] is all_pages[0] and len(pages[0].axes) == 1
    else:
        assert pages[0] is not all_pages[0] and not all_pages[0].axes
        assert "on the pages after this one" in " ".join(t.get_text() for t in all_pages[0].texts)
    whole = {b.id: False for b in scene.boxes}
    for i, fig in enumerate(pages):
        ax = fig.axes[0]
        labels = [t for t in ax.texts if (t.get_gid() or "").startswith("label:")]
        assert min(t.get_fontsize() for t in labels) >= STEP_FLOOR, (name, i)
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()  # in the scene's units
        for b in scene.boxes:
            bx0, bx1, by0, by1 = b.x, b.x + b.width, b.y, b.y + b.height
            whole[b.id] |= x0 - 0.01 <= bx0 and bx1 <= x1 + 0.01 and y0 - 0.01 <= by0 and by1 <= y1 + 0.01
        title = fig.texts[0].get_text().replace("\n", " ")
        if len(pages) == 1:
            assert len(fig.axes) == 1 and not title.endswith("part 1 of 1"), title
            continue
        assert title.endswith(f"the whole pathway, part {i + 1} of {len(pages)}"), title
        [inset] = fig.axes[1:]
        assert not [t for t in inset.texts if t.get_text().strip()]  # shapes alone: no tiny words
        [frame] = [p for p in inset.patches if isinstance(p, Rectangle) and p.get_gid() == "part"]
        # the frame is the part's rectangle, at the small whole's scale (read from a box in both)
        node = scene.boxes[0].id
        big = next(p for p in ax.patches if p.get_gid() == node)
        r = next(p for p in inset.patches if p.get_gid() == node).get_width() / big.get_width()
        assert frame.get_x() == pytest.approx(x0 * r, abs=0.5) and frame.get_y() == pytest.approx(
            y0 * r, abs=0.5
        )
        assert frame.get_width() == pytest.approx((x1 - x0) * r, abs=0.5)
        assert frame.get_height() == pytest.approx((y1 - y0) * r, abs=0.5)
        _assert_no_text_over(fig, inset)
    assert all(whole.values()), [b for b, w in whole.items() if not w]


def _assert_no_text_over(fig, ax):
    """No text of the page reaches into ``ax``'s rectangle."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    frame = ax.bbox
    for t in fig.texts:
        if t.get_text().strip():
            e = t.get_window_extent(renderer)
            apart = e.y0 >= frame.y1 or e.y1 <= frame.y0 or e.x0 >= frame.x1 or e.x1 <= frame.x0
            assert apart, ("text over the small whole", t.get_text()[:40])


@pytest.mark.parametrize("n, seed", [(25, 4), (40, 7), (60, 9)])
def test_a_step_too_big_for_one_picture_goes_on_in_shots(n, seed):
    """Generated pathways whose steps pick boxes anywhere (walk=False): a step too big for one
    picture at 9 pt gets a page a shot ("part i of n"), its labels 9 pt or more on every page,
    every box of the step whole on one of its pages, no text over a picture."""
    from explainer.model.camera import step_boxes
    from explainer.model.scene import pathway_scene
    from explainer.outputs.handout import STEP_FLOOR, _step_pages
    from tests.generate import generated

    p = generated(n, seed, walk=False)
    scene = pathway_scene(p)
    several = 0
    for k in range(len(p.steps)):
        pages = _step_pages(p, k)
        drawn = [f for f in pages if f.axes]
        titles = [f.texts[0].get_text().replace("\n", " ") for f in drawn]
        if len(drawn) > 1:
            several += 1
            assert titles == [f"{_heading(p, k)}, part {i + 1} of {len(drawn)}" for i in range(len(drawn))]
        held, want = set(), {b.id for b in step_boxes(scene, k)}
        for fig in drawn:
            ax = fig.axes[0]
            labels = [t for t in ax.texts if (t.get_gid() or "").startswith("label:")]
            assert min(t.get_fontsize() for t in labels) >= STEP_FLOOR - 1e-6, (k, titles)
            (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()  # in the scene's units
            for b in scene.boxes:
                across = x0 - 0.01 <= b.x and b.x + b.width <= x1 + 0.01
                if across and y0 - 0.01 <= b.y and b.y + b.height <= y1 + 0.01:
                    held.add(b.id)
            if len(drawn) > 1:
                _assert_no_text_over_the_diagram(fig)
                _assert_texts_fit_and_apart(fig)
        assert want <= held, (k, want - held)
    assert several, "no step in shots: the case tests nothing"


def _heading(pathway, k) -> str:
    from explainer.words.wording import step_heading

    return step_heading(pathway, k)
