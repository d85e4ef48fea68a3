"""PowerPoint's step slides on the one camera (issue 22), read back from the saved file.

Every step slide's diagram is one rectangle of the slide (the plan's frame) showing a camera of
:mod:`explainer.model.camera`: labels of 14 pt or more, every current box of the step whole on
one of its slides (a step too big for one camera gets a slide a shot), no shape past the frame
or the slide, and a box in the same place on every slide that shows the same camera. For the
shipped pathways, the project's SSRI and metformin files and generated pathways (a teacher's
walk through them and steps picked anywhere).
"""

import io
import re
from collections import defaultdict
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu

from explainer import load_pathway
from explainer.model.camera import step_shots
from explainer.model.scene import pathway_scene
from explainer.outputs.pptx_deck import alt_text, pptx_files
from explainer.outputs.pptx_layout import HEIGHT, WIDTH, deck_plan
from explainer.outputs.pptx_text import BODY_SIZES, GAP, stacked
from explainer.outputs.pptx_view import EPS, FLOOR, MARGIN, MOST
from tests.conftest import SSRI
from tests.generate import generated

pytestmark = pytest.mark.slow  # each deck is built once per module, seconds each

HERE = Path(__file__).parent
CASES = {
    "ketamine": lambda: load_pathway(),
    "sertraline": lambda: load_pathway(HERE / "second_mechanism" / "sertraline.yaml"),
    "ssri": lambda: load_pathway(SSRI),
    "metformin": lambda: load_pathway(HERE / "pathways" / "metformin.yaml"),
    "atorvastatin": lambda: load_pathway(HERE / "pathways" / "atorvastatin.yaml"),  # the reviewer's, 29 nodes
    "generated-28": lambda: generated(28, 5, n_steps=13, long_labels=False),
    "generated-60": lambda: generated(60, 102, n_steps=8, long_labels=True),
    "generated-50-walk": lambda: generated(50, 8, n_steps=6, long_labels=None, walk=True),
    "generated-60-walk": lambda: generated(60, 9, n_steps=8, long_labels=None, walk=True),
}
KIND = re.compile(r"Step (\d+) of (\d+)(?: · part (\d+) of (\d+))?( \(continued\))?")


@pytest.fixture(scope="module", params=list(CASES))
def deck(request):
    """(name, pathway, scene, the plan's step slides, the file read back)."""
    pathway = CASES[request.param]()
    scene = pathway_scene(pathway)
    plan = [p for p in deck_plan(pathway, scene) if p.kind == "step"]
    prs = Presentation(io.BytesIO(next(iter(pptx_files(pathway).values()))))
    return request.param, pathway, scene, plan, prs


def _step_slides(prs) -> list:
    """(kind line's match, slide, diagram group) of every step slide, in order."""
    out = []
    for slide in prs.slides:
        kind = next((s for s in slide.shapes if s.name == "Kind"), None)
        m = KIND.match(kind.text_frame.text) if kind is not None else None
        if m:
            out.append((m, slide, next(s for s in slide.shapes if s.name == "Diagram")))
    return out


def _box_shape(member):
    if member.shape_type == MSO_SHAPE_TYPE.GROUP:
        return next(s for s in member.shapes if s.name == member.name)
    return member


def _leaves(shapes):
    for s in shapes:
        if s.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _leaves(s.shapes)
        else:
            yield s


def _rect(shape) -> tuple[float, float, float, float]:
    return tuple(
        Emu(v).pt for v in (shape.left, shape.top, shape.left + shape.width, shape.top + shape.height)
    )


def _within(rect, area, eps: float) -> bool:
    """Whether ``rect`` (x0, y0, x1, y1) is inside ``area``, ``eps`` allowed past its edges."""
    return all(a - eps <= r for r, a in zip(rect[:2], area[:2], strict=True)) and all(
        r <= a + eps for r, a in zip(rect[2:], area[2:], strict=True)
    )


def test_step_slides_labels_are_14_pt_or_more(deck):
    name, *_, prs = deck
    sizes = [
        r.font.size.pt
        for _, _, group in _step_slides(prs)
        for m in group.shapes
        if m.name.startswith("node:")
        for p in _box_shape(m).text_frame.paragraphs
        for r in p.runs
    ]
    assert sizes and min(sizes) >= FLOOR, (name, min(sizes))


def test_every_current_box_of_a_step_is_whole_on_its_slides(deck):
    """Each of the step's boxes is drawn (a box is drawn only where it is whole in view) on one of
    the step's slides, inside the diagram's frame."""
    name, pathway, scene, plan, prs = deck
    frame = plan[0].diagrams[0]
    shown = defaultdict(set)
    for m, _, group in _step_slides(prs):
        for member in group.shapes:
            if member.name.startswith("node:"):
                x0, y0, x1, y1 = _rect(_box_shape(member))
                assert frame.x - EPS <= x0 and x1 <= frame.x + frame.w + EPS, (name, member.name)
                assert frame.y - EPS <= y0 and y1 <= frame.y + frame.h + EPS, (name, member.name)
                shown[int(m[1]) - 1].add(member.name)
    for k in range(len(pathway.steps)):
        current = {b.id for b in scene.boxes if b.state(k) == "current"}
        assert current <= shown[k], (name, k, current - shown[k])


def test_no_shape_past_the_frame_or_the_slide(deck):
    """Every shape of every slide is on the slide; a step diagram's shapes (lines cut at its edge,
    heads and boxes) stay in its frame, by a line's half width at most."""
    name, _, _, plan, prs = deck
    frame = plan[0].diagrams[0]
    for n, slide in enumerate(prs.slides, 1):
        for s in _leaves(slide.shapes):
            assert _within(_rect(s), (0, 0, WIDTH, HEIGHT), EPS), (name, n, s.name)
    for _, _, group in _step_slides(prs):
        for s in _leaves(group.shapes):
            assert _within(_rect(s), (frame.x, frame.y, frame.x + frame.w, frame.y + frame.h), 2), (
                name,
                s.name,
            )


def test_one_frame_and_a_box_keeps_its_place_on_slides_that_share_a_camera(deck):
    """The plan puts every step's diagram in one rectangle; on each slide every box is at the
    scale and offset of the slide's camera (the plan's), and a box is in the same place and size
    on every slide of the same camera: it never jumps while the camera stays."""
    name, _, scene, plan, prs = deck
    assert len({(d.x, d.y, d.w, d.h) for p in plan for d in p.diagrams}) == 1
    slides = _step_slides(prs)
    assert len(slides) == len(plan)
    items = scene.items()
    places = defaultdict(dict)
    for p, (_, _, group) in zip(plan, slides, strict=True):
        [d] = p.diagrams
        for member in group.shapes:
            if not member.name.startswith("node:"):
                continue
            box, item = _box_shape(member), items[member.name]
            x0, y0, x1, y1 = _rect(box)
            assert (x0, y0) == pytest.approx(d.to_slide((item.x, item.y + item.height)), abs=0.05)
            assert x1 - x0 == pytest.approx(item.width * d.scale, abs=0.05), (name, member.name)
            place = (box.left, box.top, box.width, box.height)
            assert places[(d.left, d.top, d.scale)].setdefault(member.name, place) == place, (
                name,
                member.name,
            )
    assert len(places) > 1 or name == "sertraline"  # the camera moves from step to step


def test_a_step_too_big_for_one_camera_gets_a_slide_a_shot(deck):
    """camera.step_shots' shots, in order, a slide each, titled part i of n, described as such;
    the continuation of a step's passages keeps its last shot."""
    name, pathway, scene, plan, prs = deck
    frame = plan[0].diagrams[0]
    parts = defaultdict(list)
    for m, _, group in _step_slides(prs):
        k = int(m[1]) - 1
        if m[3]:
            parts[k].append((int(m[3]), int(m[4]), bool(m[5]), alt_text(group)))
        else:
            assert k not in parts, (name, k)
    for k, seen in parts.items():
        n = seen[0][1]
        assert [i for i, _, more, _ in seen if not more] == list(range(1, n + 1)), (name, k)
        assert all(f"Part {i} of {n} of the step." in alt for i, _, _, alt in seen), (name, k)
        shots = step_shots(scene, k, (frame.w, frame.h), FLOOR, MOST, MARGIN)
        assert len(shots) == n, (name, k)
    if name in ("generated-28", "generated-60"):  # steps picked anywhere in a large pathway
        assert parts, name
    if name == "sertraline":
        assert not parts, name


def test_the_diagram_gives_up_room_before_passages_continue(deck):
    """The step slides' frame is as short as the fewest slides need (labels still 14 pt or more,
    tested above), so passages that fit beside the diagram are not sent to a slide of their own:
    ketamine's 6 continuation slides, metformin's 21 and atorvastatin's 6 were down to 0, 1 and 0."""
    name, pathway, _, plan, _ = deck
    continued = [p for p in plan if "(continued)" in p.boxes[0].runs[0].text]
    most = {"ketamine": 0, "sertraline": 0, "metformin": 1, "atorvastatin": 0}
    assert len(continued) <= most.get(name, len(pathway.steps)), (name, len(continued))
    frame = plan[0].diagrams[0]
    foot = next(b for b in plan[0].boxes if b.name == "Footer")
    for p in continued:  # they could not fit under the diagram at the smallest body size
        step = pathway.steps[p.step]
        assert stacked(pathway, step.passages, BODY_SIZES[-1]) > foot.y - 2 * GAP - frame.y - frame.h
