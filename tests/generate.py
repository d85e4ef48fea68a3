"""Generated pathways for layout and drawing tests: seeded, so every run draws the same ones.

A family from 5 to 60 nodes: a main chain, side branches (fan-out from one node, chains of
side nodes, a pair of side nodes linked only to each other), feedback links back along the
chain, pairs of links in both directions, long and non-ASCII labels, 1 to 50 steps. The
pathways are built as models (no article behind them): they exercise drawing, not quotes.
"""

import random

from explainer.loading.schema import Pathway

WORDS = [
    "receptor",
    "kinase",
    "signalling",
    "release",
    "uptake",
    "channel",
    "transporter",
    "expression",
    "factor",
    "inhibition",
    "pathway",
    "neuron",
    "synapse",
    "plasticity",
    "hormone",
    "cascade",
]
ODD = ("β-arrestin", "Ca²⁺ influx", "5-HT₁A", "cAMP–CREB", "Na⁺/K⁺ pump", "µ-opioid", "naïve T cells")
SYMBOLS = ("MAPK", "CREB", "AKT", "mTOR", "GSK", "ERK", "PKA", "TrkB", "Gαs", "Arc")
KINDS = ("receptor", "signal", "molecule", "process", "system")


def _label(rng: random.Random, i: int, long_labels: bool | None) -> str:
    if long_labels is None:  # gene-like symbols, as in a large signalling network
        return f"{rng.choice(SYMBOLS)}{i}"
    roll = rng.random()
    if roll < 0.12:
        return f"{rng.choice(ODD)} {i}"
    if long_labels and roll < 0.2:  # long: up to the schema's 120 characters
        return " ".join(rng.choice(WORDS) for _ in range(14))[:110] + f" {i}"
    words = rng.randint(1, 3 if long_labels else 2)
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + f" {i}"


def generated(
    n_nodes: int,
    seed: int,
    n_steps: int | None = None,
    long_labels: bool | None = True,
    walk: bool = False,
) -> Pathway:
    """A pathway of ``n_nodes`` nodes drawn from ``seed``.

    ``long_labels``: True, some labels of 110 characters; False, words; None, gene-like symbols.
    ``walk``: each step is a box and the links on from it (to at most two boxes), as a teacher
    walks a pathway, instead of up to four boxes picked anywhere.
    """
    rng = random.Random(seed)
    main_len = max(3, min(n_nodes - 2, rng.randint(4, 10)))
    ids = [f"n{i}" for i in range(n_nodes)]
    main, side = ids[:main_len], ids[main_len:]
    nodes = [{"id": ids[0], "label": f"Drug {seed}", "kind": "drug"}]
    for i, n in enumerate(ids[1:], start=1):
        lane = "main" if n in main else ["side", "side"][rng.randrange(2)]  # one draw, as before
        kind = "outcome" if n == main[-1] else rng.choice(KINDS)
        node = {"id": n, "label": _label(rng, i, long_labels), "kind": kind, "lane": lane}
        if lane != "main":
            node["branch"] = f"b{i % 3}"
        nodes.append(node)
    edges = {(a, b) for a, b in zip(main, main[1:], strict=False)}
    hub = rng.choice(main[:-1])
    for k, s in enumerate(side):
        if k == len(side) - 1 and k >= 1 and (side[k - 1], s) not in edges:
            edges.add((side[k - 1], s))  # the last two: linked only to each other
            continue
        if k < 3:  # fan-out: one node to several side nodes
            edges.add((hub, s))
        elif rng.random() < 0.4 and k:
            edges.add((side[k - 1], s))  # a chain of side nodes
        else:
            edges.add((rng.choice(main), s))
    if side and len(side) >= 2:
        edges.discard((hub, side[-1]))
        edges = {e for e in edges if side[-1] not in e or e == (side[-2], side[-1])}
        edges = {e for e in edges if side[-2] not in e or e == (side[-2], side[-1])}
    if main_len >= 4:
        j = rng.randint(3, main_len - 1)
        edges.add((main[j], main[rng.randint(0, j - 2)]))  # feedback, skipping boxes
        a = rng.randint(0, main_len - 2)
        edges.add((main[a + 1], main[a]))  # a pair in both directions
    influences = ("positive", "negative", "unknown")
    edge_list = [
        {
            "source": a,
            "target": b,
            "influence": rng.choice(influences),
            "hedged": rng.random() < 0.3,
            "evidence": "generated",
        }
        for a, b in sorted(edges)
    ]
    n_steps = n_steps or rng.randint(1, 50)
    linked = sorted({x for e in edges for x in e})
    steps = []
    sources = sorted({a for a, _ in edges}, key=lambda n: int(n[1:]))
    for k in range(n_steps):
        picked = rng.sample(linked, min(len(linked), rng.randint(1, 4)))
        if walk:
            u = sources[k * len(sources) // n_steps]
            picked = [u, *sorted(b for a, b in edges if a == u)[:2]]
        steps.append(
            {
                "id": f"s{k}",
                "title": f"Step about {nodes[ids.index(picked[0])]['label'][:60]}",
                "nodes": picked,
                "edges": [list(e) for e in sorted(edges) if e[0] in picked and e[1] in picked][:3],
                "passages": [{"section": "Generated", "text": "Generated text."}],
                "question": "Which?",
                "answer": "This one.",
                "prompt": "Discuss.",
                "contested": rng.random() < 0.1,
            }
        )
    return Pathway.model_validate(
        {
            "id": f"generated_{seed}",
            "title": f"A generated mechanism with {n_nodes} nodes (seed {seed})",
            "source": {"kind": "article", "file": "none.txt", "title": "Generated", "publisher": "Tests"},
            "nodes": nodes,
            "edges": edge_list,
            "steps": steps,
        }
    )


# (nodes, seed, labels): small ones with long labels, larger ones with words, the largest
# with gene-like symbols; each draws its whole view with labels of 12 px or more.
# Seeds are fixed: the same pathways every run.
FAMILY = [
    (5, 0, True),
    (8, 1, True),
    (12, 2, True),
    (18, 3, True),
    (25, 4, True),
    (30, 5, False),
    (35, 25, False),
    (40, 7, None),
    (50, 8, None),
    (60, 27, None),
    (60, 37, None),
    (45, 101, True),
    (60, 9, None),
]
# too big for one picture at 12 px: drawn smaller all the same, with a warning naming what costs most
TOO_BIG = [(60, 102, True)]
