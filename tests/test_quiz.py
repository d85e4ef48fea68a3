"""The check questions for quiz banks: Moodle XML and a QTI 1.2 package (text2qti).

Each holds every step's question: multiple choice (the right choice scoring) where the step has
choices, else an essay question whose feedback is the answer; every feedback quotes the answer
with the source's title and publisher and the disclaimer. Text reaches both formats verbatim.
"""

import html
import io
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest

from explainer import load_pathway
from explainer.loading.assets import RESEARCH_PATHWAY
from explainer.outputs.files import ExportError
from explainer.outputs.quiz import markdown_text, quiz_files
from explainer.words.wording import DISCLAIMER
from tests.choices import with_choices, without_choices
from tests.conftest import SSRI
from tests.synthetic import synthetic_pathway

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
HOSTILE = " <script>x()</script> & \"q\" 'a' -- ... $x$ *b* _c_ \\SI{3}{mg} [^1] {#i} | # >"


def _plain(fragment: str) -> str:
    """What a reader sees of an HTML fragment."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def _moodle(files, pathway):
    return ET.fromstring(files[f"{pathway.id}-moodle.xml"])


def _qti_items(files, pathway):
    with zipfile.ZipFile(io.BytesIO(files[f"{pathway.id}-qti.zip"])) as z:
        manifest = ET.fromstring(z.read("imsmanifest.xml"))
        listed = {
            f.get("href") for f in manifest.iter("{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}file")
        }
        assert listed and listed <= set(z.namelist())  # every file the manifest names is there
        (assessment,) = [n for n in listed if not n.endswith("assessment_meta.xml")]
        return list(ET.fromstring(z.read(assessment)).iter(f"{QTI}item"))


def _cases(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quiz")
    ketamine = load_pathway()
    return {
        "ketamine": ketamine,  # every step with choices
        "ketamine-open": without_choices(ketamine),  # none
        "research": load_pathway(RESEARCH_PATHWAY),
        "ssri": load_pathway(SSRI),  # some steps with choices, some without
        "generated": synthetic_pathway(folder, seed=5),
    }


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    return {name: (p, quiz_files(p)) for name, p in _cases(tmp_path_factory).items()}


@pytest.mark.parametrize("name", ["ketamine", "ketamine-open", "research", "ssri", "generated"])
def test_moodle_xml_holds_every_step_question(cases, name):
    pathway, files = cases[name]
    quiz = _moodle(files, pathway)
    category, *questions = quiz.findall("question")
    assert category.get("type") == "category" and pathway.title in category.findtext("category/text")
    assert DISCLAIMER in category.findtext("info/text")
    assert len(questions) == len(pathway.steps)
    for step, q in zip(pathway.steps, questions, strict=True):
        assert _plain(q.findtext("questiontext/text")) == " ".join(step.question.split())
        assert q.findtext("idnumber") == f"{pathway.id}-{step.id}"
        feedback = _plain(q.findtext("generalfeedback/text"))
        assert " ".join(step.answer.split()) in feedback
        assert pathway.source.title in feedback and pathway.source.publisher in feedback
        assert DISCLAIMER in feedback
        choices = step.choices
        if choices:
            assert q.get("type") == "multichoice"
            answers = q.findall("answer")
            assert [_plain(a.findtext("text")) for a in answers] == list(choices)
            assert [a.get("fraction") for a in answers] == [
                "100" if c == step.correct else "0" for c in choices
            ]
            assert "choices are the project's words" in feedback or not pathway.quotes_article
        else:
            assert q.get("type") == "essay"
            assert q.findtext("responseformat") == "editor"


def test_quotes_are_apart_from_the_projects_words(cases):
    pathway, files = cases["ssri"]
    for q in _moodle(files, pathway).findall("question")[1:]:
        fragment = q.findtext("generalfeedback/text")
        quoted = re.findall(r"<blockquote>(.*?)</blockquote>", fragment)
        step = pathway.steps[
            [s.question for s in pathway.steps].index(_plain(q.findtext("questiontext/text")))
        ]
        assert quoted == [html.escape(" ".join(step.answer.split()), quote=False)]
        assert "the project's words" not in quoted[0]


@pytest.mark.parametrize("name", ["ketamine", "ketamine-open", "research", "ssri", "generated"])
def test_qti_package_holds_every_step_question(cases, name):
    pathway, files = cases[name]
    items = _qti_items(files, pathway)
    assert [i.get("title") for i in items] == [
        f"Step {k + 1} of {len(pathway.steps)}: {s.title}" for k, s in enumerate(pathway.steps)
    ]
    for step, item in zip(pathway.steps, items, strict=True):
        kind = item.find(f".//{QTI}qtimetadatafield[{QTI}fieldlabel='question_type']/{QTI}fieldentry").text
        texts = [_plain(m.text or "") for m in item.iter(f"{QTI}mattext")]
        assert texts[0] == " ".join(step.question.split())
        feedback = next(t for t in texts if DISCLAIMER in t)
        assert f"“{' '.join(step.answer.split())}”" in feedback if pathway.quotes_article else True
        assert pathway.source.title in feedback and pathway.source.publisher in feedback
        choices = step.choices
        if not choices:
            assert kind == "essay_question"
            continue
        assert kind == "multiple_choice_question"
        labels = {
            r.get("ident"): _plain(r.find(f".//{QTI}mattext").text) for r in item.iter(f"{QTI}response_label")
        }
        assert list(labels.values()) == list(choices)
        scoring = [
            c for c in item.iter(f"{QTI}respcondition") if c.findtext(f"{QTI}setvar", "").strip() == "100"
        ]
        (right,) = [c.findtext(f".//{QTI}varequal") for c in scoring]
        assert labels[right] == step.correct


def test_text_reaches_qti_verbatim():
    """Markdown, smart quotes, LaTeX and HTML in the content are not interpreted by text2qti."""
    pathway = with_choices(load_pathway(), extra=HOSTILE)
    items = _qti_items(quiz_files(pathway), pathway)
    labels = [_plain(r.find(f".//{QTI}mattext").text) for r in items[0].iter(f"{QTI}response_label")]
    assert labels == list(pathway.steps[0].choices)
    assert "<script>" not in "".join(
        r.find(f".//{QTI}mattext").text for r in items[0].iter(f"{QTI}response_label")
    )


def test_markdown_text_escapes_what_markdown_reads():
    assert markdown_text("a *b* $c$ <d>") == r"a \*b\* \$c\$ &lt;d&gt;"


@pytest.mark.parametrize(
    ("passage", "which"),
    [
        ("For education only, not medical advice.", "Moodle XML"),
        ("QTI assessment generated by text2qti", "QTI"),
    ],
)
def test_never_shown_text_stops_the_export(passage, which):
    """What the export adds (the disclaimer, text2qti's manifest) is checked too."""
    pathway = load_pathway().model_copy(update={"never_show": (passage,)})
    with pytest.raises(ExportError, match=which):
        quiz_files(pathway)


def test_hostile_titles_and_questions_stay_text():
    pathway = load_pathway()
    steps = tuple(s.model_copy(update={"question": f"{s.question}{HOSTILE}"}) for s in pathway.steps)
    pathway = pathway.model_copy(update={"title": f"A/B {HOSTILE}", "steps": steps})
    files = quiz_files(pathway)
    quiz = _moodle(files, pathway)
    assert quiz.findtext("question/category/text") == "$course$/top/" + pathway.title.replace("/", "//")
    with zipfile.ZipFile(io.BytesIO(files[f"{pathway.id}-qti.zip"])) as z:
        titles = {
            ET.fromstring(z.read(n)).findtext(".//{*}title") for n in z.namelist() if n.endswith(".xml")
        }
    assert " ".join(pathway.title.split()) in titles  # the quiz's title in Canvas's metadata, as plain text
    items = _qti_items(files, pathway)
    for step, item in zip(pathway.steps, items, strict=True):
        question = _plain(item.find(f".//{QTI}mattext").text)
        assert question == " ".join(step.question.split())
