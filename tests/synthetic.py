"""Generated pathways for tests beyond ketamine: a seeded random mechanism, written and loaded.

Each is a made-up drug with a main chain, side branches above and below, every influence,
hedged and plain links, and steps that emphasise boxes and links in varying order. The
article is generated too (passages must be verbatim), so the loader checks it as any other.
"""

import random

import yaml

from explainer.loading.pathway import load_pathway

KINDS = ["drug", "receptor", "signal", "molecule", "process", "outcome", "system"]
INFLUENCES = ["positive", "negative", "unknown"]


def synthetic_pathway(folder, seed: int, first_passage_words: int = 0):
    """A made-up mechanism from ``seed``; ``first_passage_words`` makes step 1's passage that long."""
    rng = random.Random(seed)
    n_main, n_side = rng.randint(3, 6), rng.randint(0, 3)
    main = [f"m{i}" for i in range(n_main)]
    side = [f"s{i}" for i in range(n_side)]
    nodes = [
        {"id": m, "label": f"Main {i}\nbox {seed}" if i % 2 else f"Thing{i}", "kind": rng.choice(KINDS)}
        for i, m in enumerate(main)
    ]
    nodes[0]["label"] = f"Drug X{seed}"
    for i, s in enumerate(side):
        nodes.append(
            {
                "id": s,
                "label": f"Side {i}",
                "kind": "system",
                "lane": ["side", "side"][rng.randrange(2)],  # one draw, as before: the same pathways
                "branch": f"b{i}",
            }
        )
    edges = [(a, b) for a, b in zip(main, main[1:], strict=False)]
    edges += [(rng.choice(main), s) for s in side]
    if n_main > 3:
        edges.append((main[0], main[3]))
    sentences = [f"Sentence {i} of drug X{seed} says {a} acts on {b}." for i, (a, b) in enumerate(edges)]
    if first_passage_words:  # a long first passage, as an article's opening paragraph can be
        filler = " ".join(
            rng.choice(["it", "then", "binds", "slowly", "the", "cell", "and"])
            for _ in range(first_passage_words)
        )
        sentences[0] = sentences[0][:-1] + f", and {filler}."
    edge_data = [
        {
            "source": a,
            "target": b,
            "influence": rng.choice(INFLUENCES),
            "hedged": rng.random() < 0.4,
            "evidence": sentences[i],
        }
        for i, (a, b) in enumerate(edges)
    ]
    steps = []
    for i, (a, b) in enumerate(edges):
        branch = next((n["branch"] for n in nodes if n["id"] == b and "branch" in n), None)
        steps.append(
            {
                "id": f"step{i}",
                "title": f"Step about {a} and {b}",
                "nodes": [b, a] if rng.random() < 0.5 else [a, b],
                "edges": [[a, b]],
                "passages": [{"section": "Mechanism", "text": sentences[i]}],
                "question": "What happens?",
                "answer": sentences[i][:1000],
                "prompt": "Ask.",
                **({"branch": branch} if branch else {}),
            }
        )
    (folder / f"x{seed}-article.txt").write_text(
        f"Drug X{seed}\n\nMechanism\n\n" + "\n\n".join(sentences) + "\n", encoding="utf-8"
    )
    data = {
        "id": f"drug_x{seed}",
        "title": f"How drug X{seed} works",
        "source": {"file": f"x{seed}-article.txt", "title": f"Drug X{seed}", "publisher": "Nobody"},
        "nodes": nodes,
        "edges": edge_data,
        "steps": steps,
        "glossary": [],
    }
    path = folder / f"x{seed}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_pathway(path)
