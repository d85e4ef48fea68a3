"""The loader: the good file loads; each kind of bad file ends in one clear PathwayError."""

import pytest
import yaml

from explainer.loading.assets import ARTICLES, DEFAULT_PATHWAY
from explainer.loading.pathway import PathwayError, load_pathway

GOOD = yaml.safe_load(DEFAULT_PATHWAY.read_text(encoding="utf-8"))


def _write(tmp_path, data, name="bad.yaml"):
    path = tmp_path / name
    refs = DEFAULT_PATHWAY.parent / GOOD["references"]
    (tmp_path / refs.name).write_bytes(refs.read_bytes())  # the good file's references, beside it
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def _mutated(change):
    import copy

    data = copy.deepcopy(GOOD)
    change(data)
    return data


def _error(tmp_path, data) -> str:
    path = _write(tmp_path, data)
    with pytest.raises(PathwayError) as info:
        load_pathway(path, articles=ARTICLES)
    message = str(info.value)
    assert str(path) in message
    return message


def test_good_file_loads(pathway):
    assert [s.id for s in pathway.steps] == [
        "nmda",
        "ampa",
        "bdnf",
        "plasticity",
        "effect",
        "gaba",
        "inflammation",
    ]
    assert {g.term for g in pathway.glossary} == {"NMDA", "AMPA", "BDNF", "GABA", "PTSD"}
    assert pathway.branches == ("gaba", "inflammation")
    assert "Indiana Center for Recovery" in pathway.attribution


def test_unknown_node_in_an_edge(tmp_path):
    msg = _error(tmp_path, _mutated(lambda d: d["edges"][0].update(target="NMDA2")))
    assert "edges[0].target" in msg and "unknown node 'NMDA2'" in msg


def test_unknown_node_in_a_step_names_the_step(tmp_path):
    msg = _error(tmp_path, _mutated(lambda d: d["steps"][2]["nodes"].append("BDNF2")))
    assert "steps[2] ('bdnf').nodes[1]" in msg and "'BDNF2'" in msg


def test_duplicate_node_id(tmp_path):
    msg = _error(tmp_path, _mutated(lambda d: d["nodes"].append(dict(d["nodes"][0]))))
    assert "nodes" in msg and "repeats the id 'ketamine'" in msg


def test_passage_not_in_the_article(tmp_path):
    def change(d):
        d["steps"][0]["passages"][0]["text"] = "Ketamine cures everything."

    msg = _error(tmp_path, _mutated(change))
    assert "steps[0] ('nmda').passages[0].text" in msg and "not verbatim" in msg


def test_missing_field_names_the_field_and_line(tmp_path):
    msg = _error(tmp_path, _mutated(lambda d: d["steps"][1].pop("title")))
    assert "steps[1] ('ampa')" in msg and "missing field 'title'" in msg
    # file:line: the line is where the step that lacks the field starts in the written file
    lines = (tmp_path / "bad.yaml").read_text(encoding="utf-8").splitlines()
    steps = lines.index("steps:")
    step_line = next(i for i, line in enumerate(lines, 1) if i > steps and line == "- id: ampa")
    assert msg.startswith(f"{tmp_path / 'bad.yaml'}:{step_line}: steps[1] ('ampa')"), msg


def test_invalid_yaml_gives_the_line(tmp_path):
    msg = _error(tmp_path, "id: x\nnodes: [a, b\nedges: ]\n")
    assert "invalid YAML" in msg and "bad.yaml:" in msg


def test_wrong_type(tmp_path):
    msg = _error(tmp_path, _mutated(lambda d: d["edges"][1].update(hedged="perhaps")))
    assert "edges[1].hedged" in msg


def test_the_advert_cannot_be_quoted(tmp_path):
    def change(d):
        d["steps"][0]["answer"] = "Call us at (844) 650-0064 to experience the change."

    msg = _error(tmp_path, _mutated(change))
    assert "steps[0] ('nmda').answer: repeats 'Call us at (844) 650-0064 to experience the change'" in msg
    assert "(ketamine-article.yaml, never_show[0]); leave it out" in msg


def test_empty_file(tmp_path):
    assert "empty file" in _error(tmp_path, "")


def test_missing_file(tmp_path):
    with pytest.raises(PathwayError, match="cannot read"):
        load_pathway(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    "path",
    [DEFAULT_PATHWAY, DEFAULT_PATHWAY.with_name("ketamine-research.yaml")],
    ids=lambda p: p.stem,
)
def test_every_shipped_step_can_be_asked_as_multiple_choice(path):
    pathway = load_pathway(path, articles=ARTICLES)
    for step in pathway.steps:
        assert 2 <= len(step.choices) <= 6, step.id
        assert step.correct in step.choices, step.id


def test_choices_are_optional_and_checked_together(tmp_path, ssri):
    asked = [s for s in ssri.steps if s.choices]
    assert asked and len(asked) < len(ssri.steps)  # the SSRI pathway has steps with and without
    assert all(s.correct in s.choices and s.correct is not None for s in asked)
    assert all(s.correct is None for s in ssri.steps if not s.choices)

    def no_correct(d):
        del d["steps"][2]["correct"]

    message = _error(tmp_path, _mutated(no_correct))
    assert "steps[2] ('bdnf').choices: the step has choices but no correct" in message
