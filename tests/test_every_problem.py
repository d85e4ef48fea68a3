"""``validate`` reports every problem it finds at once, in file order: a quote that is not the
article's, a section, an unknown id and a diagram that does not fit, not one kind per round."""

import re
import shutil

import yaml

from explainer.loading.assets import ARTICLES
from explainer.loading.limits import MAX_STEP_ITEMS
from explainer.loading.pathway import check_pathway
from tests.commands import explainer
from tests.generate import TOO_BIG, generated

QUOTE = "Ketamine acts as an NMDA receptor antagonist, inhibiting these receptors’ activity."
SECTION = "NMDA Receptor Modulation"


def too_big_with_article(folder, misquote: bool = True):
    """A generated pathway too big for its frame, quoting the ketamine article (one quote wrong)."""
    n, seed, labels = TOO_BIG[0]
    data = generated(n, seed, long_labels=labels).model_dump(exclude_defaults=True)
    # within the work limit (steps x (boxes + links)), so that the layout runs and its warning is reported
    data["steps"] = data["steps"][: MAX_STEP_ITEMS // (len(data["nodes"]) + len(data["edges"]))]
    data["source"] = {
        "file": "ketamine-article.txt",
        "title": "Ketamine: A Promising Path to Mental Resilience",
        "publisher": "Indiana Center for Recovery",
    }
    for e in data["edges"]:
        e["evidence"] = QUOTE
    for s in data["steps"]:
        s["passages"] = [{"section": SECTION, "text": QUOTE}]
        s["answer"] = QUOTE
    if misquote:
        data["steps"][1]["passages"][0]["text"] = QUOTE.replace("antagonist", "agonist")
    for name in ("ketamine-article.txt", "ketamine-article.yaml"):
        shutil.copy(ARTICLES / name, folder / name)
    path = folder / "too-big.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_quote_error_and_a_fit_problem_are_reported_together(tmp_path):
    path = too_big_with_article(tmp_path)
    run = explainer("validate", path, cwd=tmp_path, timeout=300)
    assert run.returncode == 2
    lines = run.stderr.splitlines()
    assert any("steps[1]" in line and "is not verbatim in ketamine-article.txt" in line for line in lines)
    assert any("warning: the whole-pathway view's labels are" in line for line in lines), run.stderr
    assert all(line.startswith(f"{path}:") for line in lines)


def test_problems_come_in_file_order_up_to_a_limit(tmp_path):
    path = too_big_with_article(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["steps"][0]["nodes"] = ["nowhere"]  # an unknown id: the diagram cannot be laid out then
    for s in data["steps"][2:]:
        s["passages"][0]["section"] = "GABA System"  # the wrong section, many times
    for e in data["edges"]:
        e["evidence"] = "Words the article never wrote about this link."
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    checked = check_pathway(path)
    kinds = " ".join(p.text for p in checked.problems)
    assert "refers to unknown node 'nowhere'" in kinds
    assert "is not verbatim" in kinds and "comes under the heading 'NMDA Receptor Modulation'" in kinds
    assert not checked.drawable and not checked.warnings
    lines = [p.line for p in checked.problems]
    assert lines == sorted(lines) and len(lines) > 20
    run = explainer("validate", path, cwd=tmp_path, timeout=300)
    shown = run.stderr.splitlines()
    assert len(shown) == 21 and re.search(r"and [\d,]+ more problems; fix the ones above", shown[-1])


def test_a_good_file_has_no_problems_and_is_drawable(tmp_path):
    checked = check_pathway(ARTICLES.parent / "pathways" / "ketamine.yaml")
    assert checked.problems == () and checked.drawable and checked.pathway.article
