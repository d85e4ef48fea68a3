"""Pathways with other check questions: generated choices (hostile text, say), or none.

>>> from explainer import load_pathway
>>> [bool(s.choices) for s in without_choices(load_pathway()).steps][:2]
[False, False]
"""


def with_choices(pathway, every: int = 2, extra: str = ""):
    """``pathway`` with three choices, the second right, on every ``every``-th step (the first
    included), each ending with ``extra``; the other steps as they are."""
    steps = []
    for k, step in enumerate(pathway.steps):
        if k % every:
            steps.append(step)
            continue
        choices = (f"It blocks it{extra}", f"It activates it{extra}", f"Nothing at all{extra}")
        steps.append(step.model_copy(update={"choices": choices, "correct": choices[1]}))
    return pathway.model_copy(update={"steps": tuple(steps)})


def without_choices(pathway):
    """``pathway`` with every question open (no choices): an essay question in a quiz bank."""
    steps = tuple(s.model_copy(update={"choices": (), "correct": None}) for s in pathway.steps)
    return pathway.model_copy(update={"steps": steps})
