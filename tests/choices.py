"""Pathways whose steps have ``choices`` and ``correct`` (a multiple-choice check question).

Until the schema has the two fields (issue 23), a step with choices is a subclass of the
schema's ``Step``; the exports read them with ``getattr``, as they read a real step's.
"""

from explainer.schema import Step


class StepWithChoices(Step):
    choices: tuple[str, ...] = ()
    correct: str | None = None


def with_choices(pathway, every: int = 2, extra: str = ""):
    """``pathway`` with choices on every ``every``-th step (the first included): three choices,
    the second one right; ``extra`` is added to each choice (hostile text, say)."""
    steps = []
    for k, step in enumerate(pathway.steps):
        if k % every:
            steps.append(step)
            continue
        choices = (f"It blocks it{extra}", f"It activates it{extra}", f"Nothing at all{extra}")
        data = step.model_dump()
        steps.append(StepWithChoices(**data, choices=choices, correct=choices[1]))
    return pathway.model_copy(update={"steps": tuple(steps)})
