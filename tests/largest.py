"""The largest pathway the loader accepts: every limit reached at once.

60 nodes with 110-character labels, 200 edges, as many steps as ``limits.MAX_STEP_ITEMS``
allows for 60 boxes and 200 links (16), and texts up to ``limits.MAX_TEXT`` characters in all (questions,
answers, prompts, notes, one passage a step taking what is left). It is a research pathway (the project's
own words with citations), so no article is needed. ``largest_pathway(folder, over=True)``
is the same with one step more and the text limit passed: refused.
"""

import random
from pathlib import Path

import yaml

from explainer.loading.limits import MAX_STEP_ITEMS, MAX_TEXT

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


def _parts(n: int, most: int = 2000) -> list[int]:
    """``n`` characters as passages of at most ``most`` (the schema's limit)."""
    k = -(-n // most)
    return [n // k + (1 if i < n % k else 0) for i in range(k)]


def largest_pathway(folder: Path, seed: int = 0, over: bool = False) -> Path:
    """Write the largest accepted pathway to ``folder/largest.yaml`` and return its path."""
    rng = random.Random(seed)
    n = 60
    n_links = 200
    n_steps = MAX_STEP_ITEMS // (n + n_links) + (1 if over else 0)
    nodes = [
        {"id": f"n{i}", "label": f"{_text(rng, 110)} {i}", "kind": "drug" if i == 0 else "signal"}
        for i in range(n)
    ]
    pairs = [(i, i + 1) for i in range(n - 1)]
    while len(pairs) < n_links:
        a, b = rng.sample(range(n), 2)
        if (a, b) not in pairs and (b, a) not in pairs:
            pairs.append((a, b))
    refs = [{"id": "r1", "authors": "Someone A", "year": 2020, "journal": "A Journal", "doi": "10.1000/abc"}]
    evidence = 100
    edges = [
        {"source": f"n{a}", "target": f"n{b}", "influence": "positive", "evidence": _text(rng, evidence)}
        for a, b in pairs
    ]
    for e in edges:
        e["cites"] = ["r1"]
    per_step = (MAX_TEXT - evidence * len(edges)) // (MAX_STEP_ITEMS // (n + n_links))
    question, answer, prompt, note = 399, 600, 600, 600
    passage = per_step - (question + 1 + answer + prompt + note)
    assert passage > 0, "the step texts leave no room for a passage: shorten them"
    steps = [
        {
            "id": f"s{k}",
            "title": f"{_text(rng, 110)} {k}",
            "nodes": [f"n{k}", f"n{(k + 1) % n}"],
            "edges": [[f"n{k}", f"n{k + 1}"]],
            "passages": [{"text": _text(rng, part), "cites": ["r1"]} for part in _parts(passage)]
            + ([{"text": _text(rng, 500), "cites": ["r1"]}] if over else []),
            "question": _text(rng, question) + "?",
            "answer": _text(rng, answer),
            "prompt": _text(rng, prompt),
            "note": {"text": _text(rng, note), "cites": ["r1"]},
        }
        for k in range(n_steps)
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
