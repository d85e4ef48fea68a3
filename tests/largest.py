"""The largest pathway the schema accepts: every list at its limit, every text at its length.

60 nodes with 120-character labels, 200 edges, 60 steps of 20 passages of 2,000 characters,
each with its 400-character question and 1,000-character answer and prompt, and a note. It
is a research pathway (the project's own words with citations), so no article is needed; the
YAML repeats one long passage through an alias, as the issue's 57 KB file did.
"""

import random
from pathlib import Path

import yaml

WORDS = [
    "receptor",
    "kinase",
    "signalling",
    "release",
    "uptake",
    "channel",
    "expression",
    "factor",
    "neuron",
    "synapse",
]


def _text(rng: random.Random, n: int) -> str:
    words, length = [], 0
    while length < n:
        w = rng.choice(WORDS)
        words.append(w)
        length += len(w) + 1
    return " ".join(words)[:n].rstrip() or "x"


def largest_pathway(folder: Path, seed: int = 0) -> Path:
    """Write the largest accepted pathway to ``folder/largest.yaml`` and return its path."""
    rng = random.Random(seed)
    n = 60
    nodes = [
        {"id": f"n{i}", "label": f"{_text(rng, 110)} {i}", "kind": "drug" if i == 0 else "signal"}
        for i in range(n)
    ]
    pairs = [(i, i + 1) for i in range(n - 1)]
    while len(pairs) < 200:
        a, b = rng.sample(range(n), 2)
        if (a, b) not in pairs and (b, a) not in pairs:
            pairs.append((a, b))
    refs = [{"id": "r1", "authors": "Someone A", "year": 2020, "journal": "A Journal", "doi": "10.1000/abc"}]
    edges = [
        {
            "source": f"n{a}",
            "target": f"n{b}",
            "influence": "positive",
            "evidence": _text(rng, 300),
            "cites": ["r1"],
        }
        for a, b in pairs
    ]
    for e in edges:
        e["cites"] = ["r1"]
    passage = {"text": _text(rng, 2000), "cites": ["r1"]}
    steps = [
        {
            "id": f"s{k}",
            "title": f"{_text(rng, 110)} {k}",
            "nodes": [f"n{k}", f"n{(k + 1) % n}"],
            "edges": [[f"n{k}", f"n{k + 1}"]] if k + 1 < n else [],
            "passages": [passage] * 20,
            "question": _text(rng, 399) + "?",
            "answer": _text(rng, 1000),
            "prompt": _text(rng, 1000),
            "note": {"text": _text(rng, 2000), "cites": ["r1"]},
        }
        for k in range(n)
    ]
    data = {
        "id": "largest",
        "title": _text(rng, 200),
        "source": {"kind": "research", "title": "Research", "publisher": "Nobody"},
        "nodes": nodes,
        "edges": edges,
        "steps": steps,
        "references": refs,
    }
    path = Path(folder) / "largest.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    return path
