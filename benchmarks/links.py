"""How often links break the rules that make them read, over the shipped pathways, the tests'
files and generated pathways of 8 to 60 nodes (seeded): a report, never an assertion.

    python -m benchmarks.links [--seeds 50] [--out build/links.json]

Each rule (``tests/link_rules.py``) is counted as the pathways breaking it at least once and the
breaches in all: links meeting a box closer than half an em, a shaft through a box it does not
join, two heads overlapping, a shaft across another link's head, a head off its target's
border, a wrapped label line holding only a symbol or one short word, a feedback loop's links
crossing or meeting a box of the loop closer than an em, a shaft that curls, two links of
different sources and targets running within 0.4 em of each other for more than 1.5 em.
"""

import argparse
import json
from pathlib import Path

from explainer import load_pathway
from explainer.model.scene import pathway_scene
from tests.generate import generated
from tests.link_rules import every_breach

ROOT = Path(__file__).resolve().parent.parent
NAMED = {
    "ketamine": "ketamine",
    "research": "ketamine-research",
    "ssri": ROOT / "tests/pathways/ssri.yaml",
    "metformin": ROOT / "tests/pathways/metformin.yaml",
    "atorvastatin": ROOT / "tests/pathways/atorvastatin.yaml",
}
LABELS = (True, False, None)


def pathways(seeds: int):
    for name, where in NAMED.items():
        yield name, load_pathway(where)
    for seed in range(seeds):
        n = 8 + (seed * 13) % 53  # 8 to 60 nodes
        yield f"gen{n}s{seed}", generated(n, seed, long_labels=LABELS[seed % 3])


def run(seeds: int = 50, verbose: bool = False) -> dict:
    rules: dict = {}
    per_pathway = {}
    for name, p in pathways(seeds):
        found = every_breach(pathway_scene(p), {n.id: n.label for n in p.nodes})
        per_pathway[name] = {rule: len(items) for rule, items in found.items()}
        for rule, items in found.items():
            r = rules.setdefault(rule, {"pathways": 0, "breaches": 0})
            r["pathways"] += bool(items)
            r["breaches"] += len(items)
            if verbose and items:
                print(name, rule, items[:4])
    return {"pathways": len(per_pathway), "rules": rules, "per_pathway": per_pathway}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=50)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.seeds, args.verbose)
    print(f"{result['pathways']} pathways")
    for rule, r in result["rules"].items():
        print(f"  {rule:14} {r['pathways']:3} pathways, {r['breaches']:5} breaches")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
