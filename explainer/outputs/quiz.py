"""Each step's check question for a course's quiz bank: Moodle XML and a QTI 1.2 package.

A step with ``choices`` and ``correct`` is a multiple-choice question; any other is an essay
question (its answer is free text) whose general feedback is the answer. Every question's
feedback quotes the answer with the source's attribution (title, publisher), says which words
are the project's, and carries the disclaimer.

- ``<id>-moodle.xml``: Moodle XML (Moodle's question bank: *Import*, format *Moodle XML*),
  written with the standard library: no maintained package writes it (``gift-wrapper`` writes
  GIFT, ``moodle-questions`` has had no release since 2020).
- ``<id>-qti.zip``: an IMS QTI 1.2 package as Canvas exports and imports it (Canvas, and
  Blackboard, Brightspace and Moodle's QTI plug-ins read the same), made by ``text2qti``. Its
  input is Markdown, so every text is escaped first (:func:`markdown_text`): the article's
  words reach the package verbatim, with no formatting, maths or smart quotes added.

>>> from explainer import load_pathway
>>> [q.kind for q in questions(load_pathway())][:1]
['multichoice']
"""

import io
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

import markdown
from text2qti.config import Config
from text2qti.markdown import md_extensions
from text2qti.qti import QTI
from text2qti.quiz import Quiz

from explainer.loading.pathway import Pathway
from explainer.outputs.files import checked, write_files
from explainer.words import wording as wd

PROJECT_WORDS = "{} the project's words, not the article's."
# Markdown's escapable characters with text2qti's extensions (smart quotes, tables, ...), and
# ``$``, which text2qti reads as LaTeX.
_SPECIAL = frozenset(markdown.Markdown(extensions=md_extensions).ESCAPED_CHARS) | {"$"}


@dataclass(frozen=True)
class Question:
    """One step's check question, in plain text."""

    id: str
    title: str
    text: str
    choices: tuple[str, ...]
    correct: str | None
    answer: str

    @property
    def kind(self) -> str:
        return "multichoice" if self.choices else "essay"


def questions(pathway: Pathway) -> list[Question]:
    """Every step's question, in step order."""
    out = []
    for k, step in enumerate(pathway.steps):
        choices = tuple(step.choices)
        out.append(
            Question(
                id=f"{pathway.id}-{step.id}",
                title=wd.step_heading(pathway, k),
                text=" ".join(step.question.split()),
                choices=choices,
                correct=step.correct if choices else None,
                answer=" ".join(step.answer.split()),
            )
        )
    return out


def feedback_parts(pathway: Pathway, q: Question) -> tuple[str, str, str]:
    """The feedback as (lead-in, the answer, after): the answer is the article's words (quoted,
    then attributed) or, in a research pathway, the project's summary."""
    if pathway.quotes_article:
        lead = wd.ARTICLE_SAYS
        whose = PROJECT_WORDS.format("The question and its choices are" if q.choices else "The question is")
        after = f"Source: {pathway.attribution}. {whose}"
    else:
        lead = "Answer (the project's summary of the research):"
        after = f"{wd.source_label(pathway)}: {pathway.attribution}."
    return lead, q.answer, f"{after} {wd.DISCLAIMER}"


def feedback_html(pathway: Pathway, q: Question) -> str:
    lead, answer, after = (escape(part, quote=False) for part in feedback_parts(pathway, q))
    shown = f"<blockquote>{answer}</blockquote>" if pathway.quotes_article else f"<p>{answer}</p>"
    return f"<p>{lead}</p>{shown}<p>{after}</p>"


def description(pathway: Pathway) -> str:
    """The bank's description: what the questions are, whose words, and the disclaimer."""
    return f"Check questions, one a step, for {pathway.title}. {wd.about(pathway)} {wd.footer_text(pathway)}"


# -- Moodle XML --------------------------------------------------------------------------------
def _text(parent: ET.Element, tag: str, value: str, fmt: str | None = None) -> ET.Element:
    el = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(el, "text").text = value
    return el


def moodle_xml(pathway: Pathway) -> str:
    """Moodle XML: a category named after the pathway, then a question a step."""
    quiz = ET.Element("quiz")
    category = ET.SubElement(quiz, "question", type="category")
    # Moodle reads "/" in a category's path as a sub-category; "//" is a slash in its name.
    _text(category, "category", f"$course$/top/{pathway.title.replace('/', '//')}")
    _text(category, "info", f"<p>{escape(description(pathway), quote=False)}</p>", "html")
    for q in questions(pathway):
        el = ET.SubElement(quiz, "question", type=q.kind)
        _text(el, "name", q.title)
        _text(el, "questiontext", f"<p>{escape(q.text, quote=False)}</p>", "html")
        _text(el, "generalfeedback", feedback_html(pathway, q), "html")
        ET.SubElement(el, "defaultgrade").text = "1"
        ET.SubElement(el, "penalty").text = "0" if q.kind == "essay" else "0.3333333"
        ET.SubElement(el, "hidden").text = "0"
        ET.SubElement(el, "idnumber").text = q.id
        if q.kind == "essay":
            for tag, value in (
                ("responseformat", "editor"),
                ("responserequired", "1"),
                ("responsefieldlines", "5"),
                ("attachments", "0"),
                ("attachmentsrequired", "0"),
            ):
                ET.SubElement(el, tag).text = value
            _text(el, "graderinfo", feedback_html(pathway, q), "html")
            _text(el, "responsetemplate", "", "html")
            continue
        ET.SubElement(el, "single").text = "true"
        ET.SubElement(el, "shuffleanswers").text = "true"
        ET.SubElement(el, "answernumbering").text = "abc"
        for choice in q.choices:
            answer = _text(el, "answer", escape(choice, quote=False), "html")
            answer.set("fraction", "100" if choice == q.correct else "0")
            _text(answer, "feedback", "Correct." if choice == q.correct else "Not this one.", "html")
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


# -- QTI 1.2 (text2qti) ------------------------------------------------------------------------
def markdown_text(text: str) -> str:
    """``text`` as Markdown that text2qti turns back into exactly ``text`` (on one line)."""
    text = escape(" ".join(text.split()), quote=False)
    return "".join(f"\\{c}" if c in _SPECIAL else c for c in text)


def qti_source(pathway: Pathway) -> str:
    """The quiz in text2qti's plain-text format, every text escaped."""
    lines = [
        f"Quiz title: {' '.join(pathway.title.split())}",
        f"Quiz description: {markdown_text(description(pathway))}",
        "",
    ]
    for number, q in enumerate(questions(pathway), start=1):
        lead, answer, after = feedback_parts(pathway, q)
        quoted = f"“{answer}”" if pathway.quotes_article else answer
        lines += [
            f"Title: {' '.join(q.title.split())}",
            "Points: 1",
            # text2qti refuses two equal questions (their ids are hashes of the text): an empty
            # element with the step's id keeps two steps that ask the same thing apart, unseen.
            f'{number}.  {markdown_text(q.text)}<span id="explainer-{q.id}"></span>',
            f"... {markdown_text(f'{lead} {quoted} {after}')}",
        ]
        letters = "abcdefghijklmnopqrstuvwxyz"
        lines += [
            f"{'*' if choice == q.correct else ''}{letters[i]})  {markdown_text(choice)}"
            for i, choice in enumerate(q.choices)
        ] or ["____"]
        lines.append("")
    return "\n".join(lines)


def qti_package(pathway: Pathway) -> bytes:
    """The QTI 1.2 zip (``imsmanifest.xml``, the assessment and Canvas's metadata)."""
    quiz = Quiz(qti_source(pathway), config=Config(), source_name=pathway.file or pathway.id)
    return QTI(quiz).zip_bytes()


def xml_words(xml: bytes | str) -> str:
    """The text of an XML document (its HTML fragments still marked up): what a reader sees."""
    return " ".join(ET.fromstring(xml).itertext())


def zip_words(data: bytes) -> str:
    """The text of every XML file in a zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return " ".join(xml_words(z.read(n)) for n in z.namelist() if n.endswith(".xml"))


def quiz_files(pathway: Pathway) -> dict[str, bytes]:
    """``{name: bytes}``: ``<id>-moodle.xml`` and ``<id>-qti.zip``, checked."""
    moodle, qti = moodle_xml(pathway), qti_package(pathway)
    checked(xml_words(moodle), "the Moodle XML questions", pathway.never_show)
    checked(zip_words(qti), "the QTI package", pathway.never_show)
    return {f"{pathway.id}-moodle.xml": moodle.encode("utf-8"), f"{pathway.id}-qti.zip": qti}


def write_quiz(pathway: Pathway, out: Path) -> list[Path]:
    """Write ``OUT/<id>-moodle.xml`` and ``OUT/<id>-qti.zip``."""
    return write_files(out, quiz_files(pathway))
