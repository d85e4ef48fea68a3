"""Links that read (issue 22), checked on the scene: pure data, every renderer draws it as is.

Heads touch their target's border; links meet a box at points spread along its sides; no shaft
runs through a box it does not join or across another link's head; no two heads overlap; no
wrapped label line holds only a symbol or one short word. On the shipped pathways, the SSRI,
metformin and atorvastatin files and the generated family up to 60 nodes (``tests/generate.py``). How
often each rule breaks over 50 more generated pathways: ``python -m benchmarks.links``.
"""

import dataclasses
import itertools
import math

import pytest

from explainer import load_pathway
from explainer.model.layout import bezier_points, lonely, wrap_label
from explainer.model.outline import outline_at, outline_length, outline_place, spread
from explainer.model.routes import straight
from explainer.model.scene import pathway_scene
from tests.conftest import SSRI
from tests.generate import FAMILY, generated
from tests.link_rules import (
    crowded_ends,
    curls,
    feedback_loops,
    heads_off_border,
    lonely_lines,
    overlapping_heads,
    shafts_across_heads,
    shared_tracks,
    tangled_loops,
    through_boxes,
)

METFORMIN = SSRI.parent / "metformin.yaml"
ATORVASTATIN = SSRI.parent / "atorvastatin.yaml"
NAMED = {
    "ketamine": "ketamine",
    "research": "ketamine-research",
    "ssri": SSRI,
    "metformin": METFORMIN,
    "atorvastatin": ATORVASTATIN,
}


@pytest.fixture(scope="module", params=[*NAMED, *(f"gen{n}s{seed}" for n, seed, _ in FAMILY)])
def drawn(request):
    """(pathway, scene) for a named pathway or one of the generated family."""
    name = request.param
    if name in NAMED:
        p = load_pathway(NAMED[name])
    else:
        n, seed, labels = next(f for f in FAMILY if f"gen{f[0]}s{f[1]}" == name)
        p = generated(n, seed, long_labels=labels)
    return p, pathway_scene(p)


def test_no_wrapped_line_holds_only_a_symbol_or_a_short_word(drawn):
    p, scene = drawn
    assert lonely_lines(scene, {n.id: n.label for n in p.nodes}) == []


def test_heads_touch_their_target_border(drawn):
    assert heads_off_border(drawn[1]) == []


def test_links_meet_a_box_at_points_half_an_em_apart_or_more(drawn):
    """Was: 1,073 pairs closer than half an em in 42 of 54 pathways (make links-report)."""
    assert crowded_ends(drawn[1]) == []


def test_no_two_heads_overlap(drawn):
    assert overlapping_heads(drawn[1]) == []


def test_every_head_meets_its_target_square_to_the_border(drawn):
    """A head points along the border's inward normal at its tip: a bar lies along the border,
    never askew across a corner or standing on a top edge (seed 4's n0 -> n5 did, once labels
    were rewrapped)."""
    scene = drawn[1]
    for e in scene.links:
        target = scene.box(f"node:{e.target}")
        assert abs(target.border_distance(e.head.tip)) < 0.6, e.id
        _, normal = outline_at(target, outline_place(target, e.head.tip))
        square = -(normal[0] * e.head.direction[0] + normal[1] * e.head.direction[1])
        assert square > 0.999, (e.id, square)


def test_no_link_runs_through_a_box_it_does_not_join(drawn):
    """dot routes round boxes; bending its paths to the spread ends keeps them out where it can
    (make links-report: 0 before, 0 after)."""
    assert through_boxes(drawn[1]) == []


def named(p) -> bool:
    return p.id in ("ketamine", "ketamine_research", "ssri", "metformin", "atorvastatin")


def test_no_shaft_runs_across_another_links_head(drawn):
    """Over the 54 pathways of make links-report: 89 crossings in 25 pathways before the
    spread, 13 in 10 before links were untangled (an end moved along its box, or the shaft's
    middle pushed off the head), 0 now; and none in the family here since an opposite pair's
    links are no longer pushed apart across a head (gen12s2: n5 -> n4 was, across n9 -> n2's)."""
    assert shafts_across_heads(drawn[1]) == []


def test_a_feedback_loops_links_are_separate_arcs(drawn):
    """A loop's links never cross one another, and the link into each of its boxes meets the
    box a full em from the link out of it, so students can tell which way the loop runs
    (make links-report: 38 breaches in 25 pathways before, 6 in 6 after ends were moved, all
    crossings in generated ones: a return link across a folded row; 1 in 1 now that a link
    crossing its own loop may swap an end with a neighbour or go round the loop's boxes)."""
    assert tangled_loops(drawn[1]) == []


@pytest.mark.parametrize(
    ("n", "seed", "labels"),
    [(55, 24, True), (15, 25, False), (40, 31, False), (26, 34, False), (24, 42, True)]
    + [(60, 4, False), (23, 46, False), (13, 33, True), (21, 1, False)],
)
def test_loops_the_report_found_tangled_or_curling_are_untangled(n, seed, labels):
    """make links-report's cases (gen{n}s{seed}): a return link across a folded row (gen15s25's
    n6 -> n2 now runs over the top row), a forward link across its loop's return (gen55s24's
    n3 -> n4 now runs over its two boxes), a back link curling round a rank (gen60s4; gen23s46's
    n3 -> n0 came round to n0's top: its head now faces the way it comes). Found later: gen13s33's
    return n7 -> n4 crossed n5 -> n6 between two boxes, and gen21s1's n3 -> n1 swung 203° (a
    wide U, no longer a curl to the rule) on its way under a box; both now take a way round the
    boxes (:mod:`explainer.model.wayround`: under the bottom row and up between two boxes; over
    the row above Cascade synapse 2)."""
    scene = pathway_scene(generated(n, seed, long_labels=labels))
    assert tangled_loops(scene) == []
    assert curls(scene) == []
    assert through_boxes(scene) == []
    assert shafts_across_heads(scene) == []


def test_a_back_link_takes_the_short_way_round_over_its_row():
    """gen21s1's n3 -> n1 (β-arrestin 3 to Factor 1, Cascade synapse 2 between them) swept
    under Neuron cascade 14 and up again, 36 ems, a U of 203° alongside two other links (2
    shared tracks); it now arcs over Cascade synapse 2, its way round the boxes."""
    scene = pathway_scene(generated(21, 1, long_labels=False))
    link, middle = scene.link("edge:n3->n1"), scene.box("node:n2")
    points = bezier_points(link.path, 24)
    assert min(p[1] for p in points) > middle.y + middle.height / 2  # never below the row's middle
    assert max(p[1] for p in points) > middle.y + middle.height  # over Cascade synapse 2
    assert sum(math.dist(a, b) for a, b in itertools.pairwise(points)) < 25 * scene.font_size
    assert shared_tracks(scene) == []


def test_metformins_tolerance_loop_runs_one_way_round():
    """The issue's case: glucose -> insulin -> liver output -> glucose, its arcs apart."""
    scene = pathway_scene(load_pathway(METFORMIN))
    loop = ("edge:glucose->insulin", "edge:insulin->output", "edge:output->glucose")
    assert loop in feedback_loops(scene)
    assert tangled_loops(scene) == []
    for into, onward in zip(loop, loop[1:] + loop[:1], strict=True):
        d = math.dist(scene.link(into).head.tip, scene.link(onward).path[0])
        assert d >= 1.0 * scene.font_size, (into, onward, d / scene.font_size)


def test_metformins_chain_reads_left_to_right_on_its_own_track():
    """The reviewer's case: metformin's bottom row stood output, cAMP, gluconeogenesis,
    glucose, so gluconeo -> output ran back left over the row and output -> glucose right along
    the same track, 9.6 em side by side in opposite directions (3 shared tracks before, none now)."""
    scene = pathway_scene(load_pathway(METFORMIN))
    assert shared_tracks(scene) == []
    x = {n: scene.box(f"node:{n}").x for n in ("camp", "gluconeo", "output", "glucose")}
    assert x["camp"] < x["gluconeo"] < x["output"] < x["glucose"]


@pytest.mark.parametrize("name", [*NAMED, "atorvastatin"])
def test_no_two_links_share_a_track_on_a_named_pathway(name):
    """Two links of other boxes never run side by side, where students cannot tell which way
    either runs (atorvastatin had 5: its side boxes stood inside the folded rows, so
    srebp2 -> pcsk9 ran beside pcsk9 -| ldlr and read "LDL receptors -> PCSK9")."""
    where = SSRI.parent / "atorvastatin.yaml" if name == "atorvastatin" else NAMED[name]
    assert shared_tracks(pathway_scene(load_pathway(where))) == []


@pytest.mark.parametrize("n,seed,labels", [(30, 18, True), (16, 21, True), (33, 6, True)])
def test_a_feedback_arc_runs_outside_the_fan_of_links_it_goes_back_to(n, seed, labels):
    """The report's cases: a feedback link (n3 -> n1) that dot got turned round, last of n1's
    links, ran round the bottom of n1's fan of side links and back up along them (4 shared
    tracks in gen30s18, 2 in gen16s21 and gen33s6); given first, it arcs over the chain."""
    assert shared_tracks(pathway_scene(generated(n, seed, long_labels=labels))) == []


@pytest.mark.parametrize(
    "ends,off_em,found", [("xy", 0.2, True), ("xy", 0.6, False), ("sy", 0.2, False), ("xt", 0.2, False)]
)
def test_the_shared_track_rule_finds_what_it_is_for(ends, off_em, found):
    """A straight link 5 em long and a twin 0.2 em beside it, from and to other boxes, share a
    track; 0.6 em apart they do not, and nor does a twin from the same box (``s``: a bundle
    that splits later) or into the same box (``t``: one that comes together)."""
    scene = pathway_scene(load_pathway(METFORMIN))
    em, link = scene.font_size, scene.links[0]
    source = link.source if ends[0] == "s" else "x"
    target = link.target if ends[1] == "t" else "y"

    def along(e, y):
        return dataclasses.replace(e, path=((0.0, y), *straight((0.0, y), (5 * em, y))))

    twin = dataclasses.replace(link, id=f"edge:{source}->{target}", source=source, target=target)
    breaches = shared_tracks(dataclasses.replace(scene, links=(along(link, 0.0), along(twin, off_em * em))))
    assert bool(breaches) == found
    if found:
        assert breaches[0][:2] == (link.id, twin.id) and 4.5 < breaches[0][2] <= 5.0


def test_no_link_curls(drawn):
    """A shaft turns at most 200° one way within 15 ems and never crosses itself (make
    links-report: 6 in 6 pathways before, 4 in 4 after ends were moved, 2 in 2 then, all back
    links round a rank in generated pathways; a path that would curl is redrawn where a
    straighter one is clear of the boxes, or an end moved, swapped or set facing the way the
    link comes; 0 since the rule reads a wide U as an arch and gen21s1's link goes round)."""
    p, scene = drawn
    assert len(curls(scene)) <= (0 if named(p) else 1)


def test_the_curl_and_loop_rules_find_what_they_are_for():
    """The rules themselves: a shaft looping round, a U that overshoots a little as a hook (a
    curl) and as a wide arch (none), and two crossing links of one loop."""
    from types import SimpleNamespace as Fake

    def link(i, u, v, path, tip):
        return Fake(id=i, source=u, target=v, path=path, head=Fake(tip=tip))

    curl = link("edge:a->b", "a", "b", [(0, 0), (40, 40), (-40, 40), (10, 0)], (10, 0))
    assert [c[0] for c in curls(Fake(links=[curl], font_size=16.0))] == ["edge:a->b"]
    arch = [(0, 0), (-80, -300), (380, -300), (300, 0)]  # a U whose arms lean in 13°: 206° in all
    wide = link("edge:a->b", "a", "b", arch, (300, 0))
    assert curls(Fake(links=[wide], font_size=16.0)) == []  # 40 ems long: an arch
    hook = link("edge:a->b", "a", "b", [(x / 20, y / 20) for x, y in arch], (15, 0))
    assert curls(Fake(links=[hook], font_size=16.0)) == [("edge:a->b", 206)]  # 2 ems: a hook
    out = link("edge:a->b", "a", "b", [(0, 0), (10, 10), (20, 10), (30, 0)], (30, 0))
    back = link("edge:b->a", "b", "a", [(30, 10), (20, -5), (10, -5), (0, 10)], (0, 10))
    scene = Fake(links=[out, back], font_size=16.0)
    assert curls(scene) == []
    assert feedback_loops(scene) == [("edge:a->b", "edge:b->a")]
    assert tangled_loops(scene) == [("edge:a->b", "edge:b->a", "cross")]


def test_ketamines_rapid_effect_has_its_bar_and_triangle_apart():
    """The issue's case: 'Rapid effect' showed a bar and a triangle stacked at one corner."""
    scene = pathway_scene(load_pathway())
    bar = scene.link("edge:inflammation->antidepressant").head
    triangle = scene.link("edge:bdnf->antidepressant").head
    assert math.dist(bar.tip, triangle.tip) >= 1.0 * scene.font_size
    assert overlapping_heads(scene) == []


def test_the_outline_is_a_line_to_place_things_along():
    scene = pathway_scene(load_pathway())
    box = scene.box("node:gaba")
    length = outline_length(box)
    for k in range(40):
        s = length * k / 40
        p, normal = outline_at(box, s)
        assert abs(box.border_distance(p)) < 1e-6
        assert math.isclose(math.hypot(*normal), 1.0)
        out = (p[0] + normal[0], p[1] + normal[1])
        assert box.border_distance(out) == pytest.approx(1.0, abs=1e-6)  # the normal points out
        assert outline_place(box, out) == pytest.approx(s, abs=1e-6)


@pytest.mark.parametrize(
    ("places", "gaps", "length"),
    [
        ([10.0, 10.5, 30.0], [2.0] * 3, 100.0),
        ([99.0, 0.5, 1.0], [3.0] * 3, 100.0),
        ([5.0] * 4, [30.0] * 4, 100.0),
    ],
)
def test_spread_moves_places_apart_in_their_order(places, gaps, length):
    out = spread(places, gaps, length)
    scale = min(1.0, length / sum(gaps))
    order = sorted(range(len(places)), key=lambda i: (places[i], i))
    for i, j in zip(order, order[1:] + order[:1], strict=True):
        assert (out[j] - out[i]) % length >= gaps[i] * scale - 1e-6


@pytest.mark.parametrize(
    ("label", "width", "wrapped"),
    [
        ("Inflammation & immune system", 120, "Inflammation &\nimmune\nsystem"),  # not "& immune"
        ("Channel expression 5", 150, "Channel\nexpression 5"),  # not "5" alone
        ("Gut serotonin signalling", 96, "Gut serotonin\nsignalling"),  # "Gut" joins the next word
        ("Mood lifts (2–6 weeks)", 96, "Mood lifts\n(2–6 weeks)"),
        ("Insulin + glucagon", 70, "Insulin +\nglucagon"),
        ("A & B", 5, "A & B"),  # all short: one line, however narrow
        ("Synaptic plasticity", 60, "Synaptic\nplasticity"),  # long words still break
    ],
)
def test_wrapping_glues_leftovers_to_a_neighbour(label, width, wrapped):
    assert wrap_label(label, width, glue=True) == wrapped
    lines = wrapped.split("\n")
    assert len(lines) == 1 or not any(lonely(line) for line in lines)


def test_a_leftover_is_a_symbol_or_a_word_of_three_letters_at_most():
    assert lonely("&") and lonely(" / ") and lonely("5") and lonely("and") and lonely("(2–6")
    assert not lonely("BDNF") and not lonely("of AMPK") and not lonely("signalling")


def test_an_authors_own_line_breaks_are_kept():
    """ketamine's "BDNF / (up- / regulated)" is written so; only the wrapping's lines are glued."""
    p = load_pathway()
    scene = pathway_scene(p)
    assert [ln.text for ln in scene.box("node:bdnf").lines] == ["BDNF", "(up-", "regulated)"]
    assert lonely_lines(scene) == [("node:bdnf", "(up-")]
    assert lonely_lines(scene, {n.id: n.label for n in p.nodes}) == []


def _crosses_by_hand(p, q) -> bool:
    """Every pair of segments, one at a time: the plain statement of what lines_cross computes."""

    def side(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]) > 0

    return any(
        side(c, d, a) != side(c, d, b) and side(a, b, c) != side(a, b, d)
        for a, b in itertools.pairwise(p)
        for c, d in itertools.pairwise(q)
        if max(a[0], b[0]) >= min(c[0], d[0])
        and max(c[0], d[0]) >= min(a[0], b[0])
        and max(a[1], b[1]) >= min(c[1], d[1])
        and max(c[1], d[1]) >= min(a[1], b[1])
    )


def _inside_by_hand(controls, boxes) -> float:
    from explainer.model.layout import bezier_points

    return max(
        [0.0]
        + [
            min(p[0] - b.x, b.x + b.width - p[0], p[1] - b.y, b.y + b.height - p[1])
            for p in bezier_points(controls, 48)
            for b in boxes
        ]
    )


def test_the_vectorised_crossing_and_depth_checks_say_what_the_plain_ones_say():
    """lines_cross and depth_in work on whole arrays (the untangling calls them ~100,000 times
    for the largest pathway): on random polylines, some on a small grid where ends touch and
    segments overlap, they agree with the plain loops."""
    import random
    from types import SimpleNamespace

    from explainer.model.outline import crosses_itself, depth_in, lines_cross

    rng = random.Random(22)
    for _ in range(3000):
        grid = rng.choice([0, 1, 3])

        def pt(grid=grid):
            if grid:
                return (rng.randint(0, grid), rng.randint(0, grid))
            return (rng.uniform(0, 9), rng.uniform(0, 9))

        p, q = [pt() for _ in range(rng.randint(0, 7))], [pt() for _ in range(rng.randint(0, 7))]
        assert lines_cross(p, q) == _crosses_by_hand(p, q), (p, q)
        if len(p) >= 4:
            plain = any(_crosses_by_hand(p[i : i + 2], p[i + 2 :]) for i in range(len(p) - 3))
            assert crosses_itself(p) == plain, p
    for _ in range(300):
        controls = [(rng.uniform(0, 100), rng.uniform(0, 100)) for _ in range(1 + 3 * rng.randint(1, 3))]
        boxes = [
            SimpleNamespace(
                x=rng.uniform(0, 90),
                y=rng.uniform(0, 90),
                width=rng.uniform(1, 30),
                height=rng.uniform(1, 20),
            )
            for _ in range(rng.randint(0, 6))
        ]
        assert depth_in(controls, boxes) == pytest.approx(_inside_by_hand(controls, boxes), abs=1e-9)


def test_the_untangling_checks_say_what_the_report_rules_say():
    """model/untangle asks its checks ~300,000 times for the largest pathway, so they are exact
    and cheap: a shaft into a head by clipping (not sampling), two heads by separating axes, two
    shafts by the pieces within each other's bounds. On random heads and polylines they agree
    with the plain statements: a dense sampling of the depth, the report's own overlap rule,
    every pair of segments."""
    import random

    import numpy as np

    from explainer.model.routes import SHAPE_NAMES, head_polygon
    from explainer.model.untangle import _across, _bounds, _overlap, _shafts_cross
    from tests.link_rules import _convex_overlap, _inside_depth

    def shaft(points):
        a = np.asarray(points, dtype=float)
        return (points, _bounds(points), a, (np.minimum(a[:-1], a[1:]), np.maximum(a[:-1], a[1:])))

    def deepest(points, head):  # how far the polyline runs into the head, sampled every 0.01 pt
        return max(
            _inside_depth((a[0] + (b[0] - a[0]) * k / n, a[1] + (b[1] - a[1]) * k / n), head[:-1])
            for a, b in itertools.pairwise(points)
            for n in [1 + int(math.dist(a, b) / 0.01)]
            for k in range(n + 1)
        )

    rng, seen = random.Random(22), set()
    for _ in range(400):
        heads = [
            head_polygon(rng.choice(SHAPE_NAMES), (rng.uniform(-9, 9), rng.uniform(-9, 9)), d)
            for t in (rng.uniform(0, 2 * math.pi), rng.uniform(0, 2 * math.pi))
            for d in [(math.cos(t), math.sin(t))]
        ]
        p = [(rng.uniform(-15, 15), rng.uniform(-15, 15)) for _ in range(rng.randint(2, 4))]
        q = [(rng.uniform(-15, 15), rng.uniform(-15, 15)) for _ in range(rng.randint(2, 4))]
        depth = deepest(p, heads[0])
        if abs(depth - 0.5) > 0.02:
            assert _across(p, heads[0]) == (depth > 0.5), (p, heads[0], depth)
            assert _across(p, heads[0], shaft(p)[3], _bounds(heads[0])) == (depth > 0.5)
        assert _overlap(*heads) == (_convex_overlap(heads[0][:-1], heads[1][:-1]) > 0.5)
        assert _shafts_cross(shaft(p), shaft(q)) == _crosses_by_hand(p, q), (p, q)
        seen |= {("across", depth > 0.5), ("overlap", _overlap(*heads)), ("cross", _crosses_by_hand(p, q))}
    assert len(seen) == 6  # each check seen both ways
