"""A folder to share with a class: every pathway's deck, explorer, handout, PowerPoint file, LMS
package, quiz questions and SBGN-ML map.

``build/site/`` holds an ``index.html`` that lists each pathway under ``assets/pathways/``
with its title, a thumbnail of the whole pathway (with alternative text in words) and
relative links to its files, which the existing exporters make. The folder is written at
once (every file, or on failure none) and nothing in it asks for anything outside it: copy it
to a static host, a course page or a USB stick.

>>> [p.name for p in pathway_files()]
['ketamine-research.yaml', 'ketamine.yaml']
"""

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from explainer.loading.assets import PATHWAYS, TEMPLATES
from explainer.loading.pathway import Pathway, load_pathway
from explainer.loading.yamlsafe import YamlProblem, read_yaml
from explainer.outputs.files import ExportError, checked, write_files
from explainer.outputs.handout import handout_files
from explainer.outputs.lms import lms_files
from explainer.outputs.page import explorer_page_files
from explainer.outputs.pptx_deck import pptx_files
from explainer.outputs.quiz import quiz_files
from explainer.outputs.sbgn import sbgn_files
from explainer.outputs.slides import slides_files
from explainer.rendering.frames import figure_bytes, make_diagram
from explainer.words import wording as wd
from explainer.words.describe import pathway_description
from explainer.words.wording import DISCLAIMER

THUMB_DPI = 40  # the 16 in wide diagram as a 640 px thumbnail


@dataclass(frozen=True)
class Link:
    href: str
    label: str
    size: str


@dataclass(frozen=True)
class Entry:
    """One pathway on the index page."""

    id: str
    title: str
    source: str
    steps: int
    thumb: str
    thumb_size: tuple[int, int]
    alt: str
    links: tuple[Link, ...]


def pathway_files(folder: Path = PATHWAYS) -> list[Path]:
    """The pathway files in ``folder``: every YAML file that no other names as its ``references``.

    A file that cannot be read is kept, so that loading it reports the problem precisely.
    """
    files = sorted([*Path(folder).glob("*.yaml"), *Path(folder).glob("*.yml")])
    referenced = set()
    for f in files:
        try:
            data, _ = read_yaml(f)
        except YamlProblem:
            continue
        if isinstance(data, dict) and isinstance(data.get("references"), str):
            referenced.add(data["references"])
    return [f for f in files if f.name not in referenced]


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{max(1, round(n / 1e3))} kB"


LABELS = {  # file name after the pathway's id: the link's text
    "-slides.html": "Slide deck (HTML, opens offline in any browser)",
    "-explorer.html": "Explorer page (step through it alone)",
    "-handout.pdf": "Handout (PDF, A4, prints in black and white)",
    ".pptx": "PowerPoint deck (.pptx, editable)",
    "-slides.ipynb": "The slides as a Jupyter notebook",
    "-scorm.zip": "SCORM 1.2 package for an LMS (Moodle, Canvas, Blackboard, Brightspace, Open edX)",
    "-moodle.xml": "Check questions for a quiz bank (Moodle XML)",
    "-qti.zip": "Check questions for a quiz bank (QTI 1.2, as Canvas imports)",
    ".sbgn": "The pathway as an SBGN-ML map (SBGN editors such as Newt)",
}


def site_entry(pathway: Pathway, node_modules: Path | None = None) -> tuple[dict, Entry]:
    """One pathway's files (``{name: bytes}``, from the existing exporters) and its index entry."""
    page = explorer_page_files(pathway, node_modules)
    files = {
        **slides_files(pathway, node_modules),
        **page,
        **handout_files(pathway),
        **pptx_files(pathway),
        **lms_files(pathway, page=page),
        **quiz_files(pathway),
        **sbgn_files(pathway),
    }
    fig = make_diagram(pathway, None)
    thumb = f"{pathway.id}-thumb.png"
    files[thumb] = figure_bytes(fig, "png", dpi=THUMB_DPI)
    w, h = fig.get_size_inches() * THUMB_DPI
    links = tuple(
        Link(f"{pathway.id}{suffix}", label, _size(len(files[f"{pathway.id}{suffix}"])))
        for suffix, label in LABELS.items()
    )
    entry = Entry(
        id=pathway.id,
        title=pathway.title,
        source=f"{wd.source_label(pathway)}: {pathway.attribution}",
        steps=len(pathway.steps),
        thumb=thumb,
        thumb_size=(round(w), round(h)),
        alt=pathway_description(pathway),
        links=links,
    )
    return files, entry


def index_html(entries) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("site_index.html.j2").render(entries=entries, disclaimer=DISCLAIMER)


def _never_show(pathways) -> tuple[str, ...]:
    """What no pathway of the site may show: the index lists them all."""
    return tuple(dict.fromkeys(passage for p in pathways for passage in p.never_show))


def _one_id_each(pathways) -> list[Pathway]:
    """The pathways, a file named twice kept once; two files with one id are an ExportError
    (each pathway's files are named by its id: the second would overwrite the first's)."""
    first: dict[str, Pathway] = {}
    for p in pathways:
        if p.id in first and first[p.id].file != p.file:
            raise ExportError(
                f"{first[p.id].file} and {p.file} both have the id {p.id!r}; a site names each "
                "pathway's files by its id: give one of them another id"
            )
        first.setdefault(p.id, p)
    return list(first.values())


def site_files(pathways=None, node_modules: Path | None = None) -> dict[str, bytes]:
    """``{name: bytes}`` of the site: every pathway's files, then ``index.html``. ``pathways``
    are files (default: :func:`pathway_files`), each loaded and checked before anything is built."""
    loaded = [load_pathway(f) for f in (pathway_files() if pathways is None else pathways)]
    loaded = _one_id_each(loaded)
    files, entries = {}, []
    for pathway in loaded:
        more, entry = site_entry(pathway, node_modules)
        files.update(more)
        entries.append(entry)
    entries.sort(key=lambda e: e.title.casefold())  # listed by title, whatever the files are called
    files["index.html"] = checked(index_html(entries), "the site's index", _never_show(loaded))
    return files


def write_site(pathways, out: Path, node_modules: Path | None = None) -> list[Path]:
    """Write the site (all of its files, or on failure none); ``OUT/index.html`` is the last path."""
    return write_files(Path(out), site_files(pathways, node_modules))
