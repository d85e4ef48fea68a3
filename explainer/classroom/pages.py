"""The class session's pages: the student's explorer page with the class script, the presenter
page, the join form and the pages that say what is wrong (unknown room, wrong key).

Templates and scripts live under ``assets/``; every text from a pathway or a user goes through
Jinja's autoescape or into JSON inside a ``<script>`` element, never into HTML by hand.
"""

import segno
from jinja2 import Environment, FileSystemLoader, select_autoescape

from explainer.classroom.room import Room
from explainer.loading.assets import ROOT, TEMPLATES
from explainer.loading.schema import Pathway
from explainer.outputs.files import checked
from explainer.outputs.offline import safe_script, safe_style
from explainer.words.text import json_in_html
from explainer.words.wording import DISCLAIMER

FRONTEND = ROOT / "frontend"
CLASS_CSS = ROOT / "styles" / "class.css"
WRONG_KEY_TEXT = (
    "The key in this presenter address does not match the room. Use the presenter address the "
    "server printed when the class started, whole (it ends in ?key=…). Students join without a key."
)

_ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))


def _read(path) -> str:
    return path.read_text(encoding="utf-8")


def student_page(pathway: Pathway) -> bytes:
    """The explorer page (the same static page, no kernel) with the class bar and script, as
    UTF-8, checked like every output (nothing never to show)."""
    from explainer.outputs.page import explorer_page  # the widgets and drawing: only where pages are built

    html = explorer_page(pathway, extra_css=_read(CLASS_CSS), extra_js=_read(FRONTEND / "class_student.js"))
    return checked(html, "the class page", pathway.never_show)


def qr_svg_uri(url: str) -> str:
    """The QR code of ``url`` as an SVG ``data:`` URI (segno), black on white with a quiet zone."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=8, border=4, dark="#000", light="#fff")


def presenter_page(room: Room, pathway: Pathway, join_url: str) -> bytes:
    steps = [
        {"title": s.title, "question": s.question, "choices": list(s.choices), "correct": s.correct}
        for s in room.lesson
    ]
    config = {"code": room.code, "key": room.key, "steps": steps}
    html = _ENV.get_template("class_presenter.html.j2").render(
        code=room.code,
        title=room.title,
        attribution=pathway.attribution,
        disclaimer=DISCLAIMER,
        join_url=join_url,
        qr_data_uri=qr_svg_uri(join_url),
        csv_url=f"/r/{room.code}/answers.csv?key={room.key}",
        config_json=json_in_html(config),
        class_css=safe_style(_read(CLASS_CSS)),
        presenter_js=safe_script(_read(FRONTEND / "class_presenter.js")),
    )
    return checked(html, "the presenter page", pathway.never_show)


def message_page(heading: str, *paragraphs: str) -> str:
    return _ENV.get_template("class_message.html.j2").render(
        heading=heading, paragraphs=paragraphs, form=False, disclaimer=DISCLAIMER
    )


def join_page() -> str:
    return _ENV.get_template("class_message.html.j2").render(
        heading="Join a class",
        paragraphs=["Type the room code your teacher shows (six letters and digits)."],
        form=True,
        disclaimer=DISCLAIMER,
    )


def unknown_room_text(code: str) -> str:
    return (
        f"There is no class with the code “{code[:12]}” on this server. Check the code your teacher "
        "shows (codes never use the letters O and I or the digits 0 and 1), or ask whether the "
        "class has started."
    )
