"""What is not content is data, checked in every text, for any article.

The ketamine article's call to action is listed in ``assets/article/ketamine-article.yaml``;
a second mechanism (``tests/second_mechanism/``: sertraline, its own article and its own
advert) shows that a new article's promotion needs data, not code.
"""

import copy
import re
import shutil
from pathlib import Path

import pytest
import yaml

from explainer.cli import main
from explainer.loading import article as art
from explainer.loading import never_show
from explainer.loading.assets import ARTICLES, DEFAULT_PATHWAY
from explainer.loading.pathway import PathwayError, load_pathway
from explainer.outputs.files import ExportError
from explainer.outputs.slides import write_slides

ROOT = Path(__file__).resolve().parent.parent
SECOND = Path(__file__).parent / "second_mechanism"
SERTRALINE = SECOND / "sertraline.yaml"
BAD = Path(__file__).parent / "bad_pathways"
GOOD = yaml.safe_load(DEFAULT_PATHWAY.read_text(encoding="utf-8"))
FRAGMENT = "renewed will, get professional help"  # five words of the ketamine article's call to action


def _texts(data, loc=()):
    if isinstance(data, str):
        yield loc
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _texts(value, (*loc, i))


def _shown_texts():
    """Every text field of the shipped pathway, except ids and the article's file name."""
    for loc in _texts(GOOD):
        if loc[-1] in ("id", "file", "source", "target", "branch", "kind", "lane", "influence", "references"):
            continue
        if "nodes" in loc[1:] or "edges" in loc[1:] or "cites" in loc:  # a step's lists of ids
            continue
        yield loc


SHOWN = list(_shown_texts())


def _write(tmp_path: Path, data) -> Path:
    path = tmp_path / "pathway.yaml"
    shutil.copy(DEFAULT_PATHWAY.parent / "references.yaml", tmp_path)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _describe(loc) -> str:
    return ".".join(str(part) for part in loc)


def test_every_kind_of_text_is_covered():
    fields = {loc[-1] if isinstance(loc[-1], str) else loc[-2] for loc in SHOWN}
    for field in (
        "title",
        "publisher",
        "label",
        "evidence",
        "text",
        "section",
        "question",
        "answer",
        "prompt",
    ):
        assert field in fields, field
    assert {"term", "expansion"} <= fields and len(SHOWN) > 80


@pytest.mark.parametrize("loc", SHOWN, ids=_describe)
def test_the_call_to_action_is_refused_in_every_text(tmp_path, loc):
    data = copy.deepcopy(GOOD)
    parent = data
    for key in loc[:-1]:
        parent = parent[key]
    if loc[-1] == "term":  # at most 20 characters: the phone number fits
        parent[loc[-1]] = "844-650-0064"
    else:
        parent[loc[-1]] = f"{parent[loc[-1]][:40]} — To resume your life with  {FRAGMENT}\nat"
    path = _write(tmp_path, data)
    with pytest.raises(PathwayError) as info:
        load_pathway(path)
    # the first problem named (a quote changed so is also no longer verbatim: reported after it)
    message = str(info.value).splitlines()[0]
    assert re.match(rf"{re.escape(str(path))}:\d+: ", message)
    assert (
        "from a passage that is never shown (ketamine-article.yaml, never_show[0]); leave it out" in message
    )
    assert "renewed will, get professional help at" in message or "844-650-0064" in message


def test_the_phone_number_is_refused_in_a_reference(tmp_path):
    data = copy.deepcopy(GOOD)
    path = _write(tmp_path, data)
    refs = tmp_path / "references.yaml"
    refs.write_text(
        refs.read_text(encoding="utf-8").replace("J Neurosci 27", "J Neurosci, ring 844 650 0064, 27", 1),
        encoding="utf-8",
    )
    with pytest.raises(
        PathwayError, match=r"pathway.yaml:7: references\[0\]\.journal: repeats '844 650 0064'"
    ):
        load_pathway(path)


def test_explainer_names_no_article():
    code = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "explainer").rglob("*.py"))
    for word in ("844", "0064", "Indiana", "professional help", "call us"):
        assert word.lower() not in code.lower(), word


# --- a second mechanism: its own article, its own advert, no code --------------------------


def test_a_second_mechanism_loads_with_its_own_exclusions():
    p = load_pathway(SERTRALINE)
    assert "Sunrise Wellness Clinic" in p.never_show[0]
    # and those of every article the project knows (issue 25: an advert came back through a copy)
    assert any("Indiana" in passage for passage in p.never_show)
    assert p.introduction[0].section == "What Is Sertraline?"


def _sertraline(tmp_path: Path, change) -> Path:
    for f in SECOND.iterdir():
        shutil.copy(f, tmp_path)
    path = tmp_path / SERTRALINE.name
    path.write_text(change(SERTRALINE.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def _refused(path: Path) -> str:
    with pytest.raises(PathwayError) as info:
        load_pathway(path)
    assert all(line.startswith(f"{path}:") for line in str(info.value).splitlines())
    return str(info.value)


@pytest.mark.parametrize(
    "advert",
    [
        "Book a free consultation with Sunrise Wellness Clinic",
        "ring 0800-123-4567",
        "call 01234 1234567",  # the last seven digits, grouped differently
    ],
)
def test_a_second_articles_advert_is_refused_by_data_alone(tmp_path, advert):
    path = _sertraline(tmp_path, lambda t: t.replace("Ask what an autoreceptor listens to.", advert))
    message = _refused(path)
    assert "steps[1] ('adapt').prompt: repeats" in message
    assert "(sertraline-article.yaml, never_show[0]); leave it out" in message


def test_every_known_articles_advert_is_refused_in_every_pathway(tmp_path):
    path = _sertraline(tmp_path, lambda t: t.replace("A test publisher", "Call us at (844) 650-0064"))
    message = _refused(path)
    assert "source.publisher: repeats" in message and "(ketamine-article.yaml, never_show[0])" in message


def test_a_copy_of_the_article_without_its_sidecar_still_hides_the_advert(tmp_path):
    """The copy beside the pathway is read first; the sidecar in assets/article/ still applies."""
    shutil.copy(ARTICLES / "ketamine-article.txt", tmp_path / "copy.txt")
    data = copy.deepcopy(GOOD)
    data["source"]["file"] = "copy.txt"
    advert = "get professional help at Indiana Center for Recovery"
    assert art.occurs_in(advert, (tmp_path / "copy.txt").read_text(encoding="utf-8"))
    data["steps"][0]["passages"][0]["text"] = advert
    message = _refused(_write(tmp_path, data))
    assert "steps[0] ('nmda').passages[0].text: repeats" in message
    assert "(ketamine-article.yaml, never_show[0]); leave it out" in message


@pytest.mark.parametrize(
    "contact",
    ["+44 20 7946 0958", "020 7946 0958", "1-800-273-8255", "(212) 555-2368", "teacher@school.example.org"],
)
def test_contact_details_show_only_when_the_pathway_allows_that_one(tmp_path, contact):
    data = copy.deepcopy(GOOD)
    data["steps"][1]["prompt"] = f"Questions after class: {contact}."
    message = _refused(_write(tmp_path, data))
    assert "steps[1] ('ampa').prompt: holds the" in message and repr(contact) in message
    data["allowed_contacts"] = [contact.upper() if "@" in contact else contact.replace(" ", "-")]
    assert load_pathway(_write(tmp_path, data)).steps[1].prompt.endswith(f"{contact}.")


@pytest.mark.parametrize(
    "text",
    [
        "between 2010-2015",
        "on 2024-01-15",
        "1,000,000 cells",
        "0.5–1.0 mg/kg",
        "pages 1234-1245",
        "NCT01234567",
    ],
)
def test_numbers_that_are_not_phone_numbers_pass(text):
    assert never_show.contacts_in(text) == []


def test_a_pathway_may_list_its_own_passages_never_to_show(tmp_path):
    def change(t):
        t = t.replace(
            "  publisher: A test publisher\n",
            "  publisher: A test publisher\n  never_show: [Why It Takes Weeks]\n",
        )
        return t.replace("Autoreceptors adapt over weeks", "Why it takes weeks")

    message = _refused(_sertraline(tmp_path, change))
    assert "steps[1] ('adapt').title: repeats 'Why it takes weeks'" in message
    assert "(source.never_show[0])" in message


def test_plural_and_suffixed_glossary_terms_are_found():
    p = load_pathway(SERTRALINE)
    from explainer.words.text import glossary_terms

    assert [g.term for g in glossary_terms(p, 1)] == ["5-HT"]  # from "5-HT1A" in a node label


def test_a_wrong_expansion_is_told_what_the_article_writes(tmp_path):
    path = _sertraline(
        tmp_path, lambda t: t.replace("selective serotonin reuptake inhibitor\n", "serotonin blocker\n")
    )
    message = _refused(path)
    assert (
        "glossary[0].expansion: the article does not expand 'SSRI' as 'serotonin blocker': it writes "
        in message
    )
    assert "'…the selective serotonin reuptake inhibitors (SSRIs)'" in message
    assert message.endswith("copy the words that come just before (SSRIs) in the article")


def test_a_sidecar_passage_must_be_the_articles_words(tmp_path):
    path = _sertraline(tmp_path, lambda t: t)
    sidecar = tmp_path / "sertraline-article.yaml"
    sidecar.write_text(
        "never_show:\n  - Book a free session with Sunrise Wellness Clinic today.\n", encoding="utf-8"
    )
    with pytest.raises(PathwayError) as info:
        load_pathway(path)
    assert str(info.value) == (
        f"{sidecar}:2: never_show[0]: is not verbatim in sertraline-article.txt: "
        "'Book a free session with Sunrise Wellness Clinic today.'; "
        "copy the passage exactly as the article has it"
    )


def test_a_named_sidecar_that_is_missing_is_refused(tmp_path):
    path = _sertraline(
        tmp_path,
        lambda t: t.replace(
            "  publisher: A test publisher\n", "  publisher: A test publisher\n  never_show: gone.yaml\n"
        ),
    )
    message = _refused(path)
    assert f"{path}:9: source.never_show: 'gone.yaml' not found next to this file or in {ARTICLES}" in message


def test_an_article_starting_with_a_byte_order_mark_just_works(tmp_path):
    path = _sertraline(tmp_path, lambda t: t)
    article = tmp_path / "sertraline-article.txt"
    article.write_bytes(b"\xef\xbb\xbf" + article.read_bytes())
    p = load_pathway(path)
    assert (
        not p.article.startswith("\ufeff")
        and art.title_line(p.article) == "How Sertraline Lifts Mood: A Plain Guide"
    )


# --- nothing is written before the content passes ------------------------------------------


NEW_CASES = sorted(
    f
    for f in BAD.glob("*.yaml")
    if f.stem.startswith(("label-", "question-", "publisher-", "prompt-", "section-", "introduction-"))
    or "call-to-action" in f.stem
    or "phone-number" in f.stem
    or f.stem.startswith(("passage-under", "passage-spans", "passage-one", "passage-non", "glossary-term"))
)


@pytest.mark.parametrize("path", NEW_CASES, ids=lambda p: p.stem)
@pytest.mark.parametrize("command", ["figures", "slides", "handout"])
def test_a_refused_pathway_writes_no_output(tmp_path, capsys, path, command):
    out = tmp_path / "out"
    assert main([command, "--pathway", str(path), "--out", str(out)]) == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert err.splitlines() and all(line.startswith(f"{path}:") for line in err.splitlines())


def test_the_deck_is_checked_before_its_notebook_is_written(tmp_path):
    # A template line the loader never sees, listed as never to show: refused, nothing written.
    pathway = load_pathway().model_copy(update={"never_show": ("For education only, not medical advice",)})
    with pytest.raises(ExportError, match="which is never shown"):
        write_slides(pathway, tmp_path)
    assert list(tmp_path.iterdir()) == []
