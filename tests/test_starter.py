"""``python -m explainer new ARTICLE --id ID``: a starter that validates as written, for any article."""

import string

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainer.authoring.starter import starter_files, suggested_never_show, write_starter
from explainer.loading import article as art
from explainer.loading.assets import ARTICLES
from explainer.loading.pathway import check_pathway, load_pathway
from explainer.outputs.files import ExportError
from tests.commands import explainer
from tests.new_article import ARTICLE, write_article


@pytest.mark.slow  # the command in a new process
def test_new_writes_a_starter_that_validates(tmp_path):
    article = write_article(tmp_path / "articles")
    run = explainer("new", article, "--id", "naloxone", "--publisher", "A Test Publisher", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    pathway_file = article.parent / "naloxone.yaml"
    assert f"{pathway_file}: OK" in run.stdout and "preview" in run.stdout
    run = explainer("validate", pathway_file, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    p = load_pathway(pathway_file)
    text = article.read_text(encoding="utf-8")
    # the source block is filled from the article, its headings listed for the author
    assert p.source.title == "Naloxone: How an Opioid Overdose Is Reversed"
    assert p.source.publisher == "A Test Publisher"
    written = pathway_file.read_text(encoding="utf-8")
    for heading in art.headings(text)[:4]:
        assert f"#     {heading}" in written
    assert "#     opening" in written
    # a first node, link and step, quoting real sentences (the lede too, as the opening)
    assert len(p.nodes) == 2 and len(p.edges) == 1 and len(p.steps) == 1
    quote = p.steps[0].passages[0]
    assert art.occurs_in(quote.text, text) and art.section_of(quote.text, text) == quote.section
    assert p.edges[0].evidence == quote.text and p.steps[0].answer == quote.text
    assert "binds" in quote.text  # a sentence that reads like a mechanism
    assert p.introduction[0].section == "opening" and art.in_opening(p.introduction[0].text, text)
    assert "’" in p.steps[0].passages[0].text or "μ" in quote.text  # the article's characters, kept
    # the suggested sidecar: the advert and the contact line, and nothing else
    sidecar = yaml.safe_load((article.parent / "naloxone-article.yaml").read_text(encoding="utf-8"))
    assert [s[:20] for s in sidecar["never_show"]] == ["Take the first step ", "Contact us: help@exa"]
    assert "SUGGESTED" in (article.parent / "naloxone-article.yaml").read_text(encoding="utf-8")
    assert "“Naloxone" in (article.parent / "naloxone-article-attribution.md").read_text(encoding="utf-8")
    # the pathway is checked against the sidecar: quoting the advert is refused
    never = p.never_show
    assert any("(555) 201-7788" in n for n in never)


@pytest.mark.slow  # the command in a new process
def test_new_refuses_to_overwrite(tmp_path):
    article = write_article(tmp_path)
    assert explainer("new", article, "--id", "naloxone", cwd=tmp_path).returncode == 0
    (tmp_path / "naloxone.yaml").write_text("# mine\n", encoding="utf-8")
    run = explainer("new", article, "--id", "naloxone", cwd=tmp_path)
    assert run.returncode == 2
    assert "already exists; nothing was written" in run.stderr
    assert (tmp_path / "naloxone.yaml").read_text(encoding="utf-8") == "# mine\n"


def test_an_existing_sidecar_is_kept_and_used(tmp_path):
    for name in ("ketamine-article.txt", "ketamine-article.yaml"):
        (tmp_path / name).write_bytes((ARTICLES / name).read_bytes())
    before = (tmp_path / "ketamine-article.yaml").read_bytes()
    paths = write_starter(tmp_path / "ketamine-article.txt", "ketamine_start")
    assert [p.name for p in paths] == ["ketamine_start.yaml", "ketamine-article-attribution.md"]
    assert (tmp_path / "ketamine-article.yaml").read_bytes() == before
    assert check_pathway(paths[0]).problems == ()


@pytest.mark.slow  # the command in a new process
def test_an_id_named_like_the_article_keeps_its_suggestions_in_the_pathway(tmp_path):
    """The pathway is always ID.yaml; when that is the article's sidecar's name, the suggested
    passages are the pathway's own source.never_show, and the loader does not read the pathway
    as its article's sidecar."""
    article = write_article(tmp_path, "naloxone.txt")
    run = explainer("new", article, "--id", "naloxone", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "naloxone-attribution.md",
        "naloxone.txt",
        "naloxone.yaml",
    ]
    p = load_pathway(tmp_path / "naloxone.yaml")
    assert len(p.source.never_show) == 2 and any("(555) 201-7788" in n for n in p.never_show)
    assert explainer("validate", tmp_path, cwd=tmp_path).returncode == 0


@pytest.mark.parametrize(
    "name,pathway_id,text,expect",
    [
        ("a.txt", "Bad-Id", ARTICLE, "is not an id"),
        ("my article.txt", "ok", ARTICLE, "is not a plain file name"),
        ("a.txt", "ok", "Only a title\n", "no sentence of five words or more"),
    ],
)
def test_new_says_what_to_do(tmp_path, name, pathway_id, text, expect):
    article = write_article(tmp_path, name, text)
    with pytest.raises(ExportError, match=expect):
        starter_files(article, pathway_id)


def test_suggestions_catch_phone_numbers_calls_to_action_and_contact_lines():
    text = (
        "Title\n\nA plain sentence about receptors and their signals in the brain.\n\n"
        "Ring 0800 123 4567 today.\n\nVisit www.example.org for more.\n\n"
        "Book your appointment with our team today.\n\nThe dose was 0.5 to 1.0 mg per kilogram.\n"
    )
    assert suggested_never_show(text) == [
        "Ring 0800 123 4567 today.",
        "Visit www.example.org for more.",
        "Book your appointment with our team today.",
    ]


_WORD = st.text(string.ascii_letters + "éαβ’—-", min_size=1, max_size=12)
_SENTENCE = st.lists(_WORD, min_size=1, max_size=14).map(lambda ws: " ".join(ws) + ".")
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=4).map(" ".join)
_HEADING = st.lists(_WORD, min_size=1, max_size=5).map(" ".join)
_BLOCKS = st.lists(st.one_of(_PARAGRAPH, _HEADING, st.just("Call us at 555 123 4567 today.")), max_size=12)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=_HEADING, blocks=_BLOCKS, crlf=st.booleans())
def test_any_article_gives_a_valid_starter_or_a_clear_refusal(tmp_path_factory, title, blocks, crlf):
    folder = tmp_path_factory.mktemp("any")
    text = "\n\n".join([title, *blocks]) + "\n"
    article = write_article(folder, "any.txt", text.replace("\n", "\r\n") if crlf else text)
    try:
        paths = write_starter(article, "any")
    except ExportError as exc:
        assert "no sentence of five words or more" in str(exc)
        return
    checked = check_pathway(paths[0])
    assert checked.problems == (), [str(p) for p in checked.problems]
