"""A second mechanism, written by the tests: caffeine, with an article made up for the purpose.

``other_drug(folder, long_passages=n)`` writes ``caffeine.yaml`` and its article; with ``n``
> 0 the second step carries ``n`` generated passages of about 1,900 characters each (the
schema's limit is 2,000), so exports must shrink, split and continue text instead of letting
it overflow.
"""

from pathlib import Path

import yaml

SECTIONS = {
    "Adenosine and sleep pressure": [
        "Adenosine builds up in the brain during waking hours and slows nerve cells down.",
        "Caffeine blocks adenosine receptors, so the slowing signal is not received.",
    ],
    "Arousal": [
        "With adenosine receptors blocked, dopamine signalling may be enhanced in the striatum.",
        "People report feeling more alert within about half an hour.",
    ],
}


def _long(i: int) -> str:
    words = " ".join(
        f"clause {i}-{j} of a long generated passage, with words of several lengths" for j in range(28)
    )
    return f"Generated passage {i}: {words}."


def other_drug(folder: Path, long_passages: int = 0) -> Path:
    folder = Path(folder)
    longs = [_long(i) for i in range(long_passages)]
    sections = {**SECTIONS, "A very long section": longs} if longs else SECTIONS
    article = "Caffeine, briefly\n\n" + "\n\n".join(
        f"{head}\n\n" + "\n\n".join(paras) for head, paras in sections.items()
    )
    (folder / "caffeine-article.txt").write_text(article + "\n", encoding="utf-8")
    a, b = SECTIONS["Adenosine and sleep pressure"], SECTIONS["Arousal"]
    arousal = [{"section": "Arousal", "text": t} for t in b]
    arousal += [{"section": "A very long section", "text": t} for t in longs]
    data = {
        "id": "caffeine",
        "title": "Caffeine keeps you awake",
        "source": {"file": "caffeine-article.txt", "title": "Caffeine, briefly", "publisher": "Test Press"},
        "nodes": [
            {"id": "caffeine", "label": "Caffeine", "kind": "drug"},
            {"id": "a2a", "label": "Adenosine\nreceptor\n(blocked)", "kind": "receptor"},
            {"id": "dopamine", "label": "Dopamine\nsignalling", "kind": "signal"},
            {"id": "alert", "label": "Alertness", "kind": "outcome"},
        ],
        "edges": [
            {"source": "caffeine", "target": "a2a", "influence": "negative", "evidence": a[1]},
            {
                "source": "a2a",
                "target": "dopamine",
                "influence": "positive",
                "hedged": True,
                "evidence": b[0],
            },
            {"source": "dopamine", "target": "alert", "influence": "unknown", "evidence": b[1]},
        ],
        "steps": [
            {
                "id": "block",
                "title": "Caffeine blocks adenosine receptors",
                "nodes": ["caffeine", "a2a"],
                "edges": [["caffeine", "a2a"]],
                "passages": [{"section": "Adenosine and sleep pressure", "text": t} for t in a],
                "question": "What does caffeine do to adenosine receptors?",
                "answer": a[1],
                "prompt": "Ask what builds up during a long day.",
            },
            {
                "id": "arousal",
                "title": "More dopamine signalling, more alertness",
                "nodes": ["dopamine", "alert"],
                "edges": [["a2a", "dopamine"], ["dopamine", "alert"]],
                "passages": arousal,
                "question": "Which word hedges the dopamine link?",
                "answer": b[0],
                "prompt": "Point at the dashed line and ask why it is dashed.",
            },
        ],
    }
    path = folder / "caffeine.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
