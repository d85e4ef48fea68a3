"""A folder to share with a class: every pathway's deck, explorer, handout and PowerPoint file.

``build/site/`` holds an ``index.html`` that lists each pathway under ``assets/pathways/``
with its title, a thumbnail of the whole pathway (with alternative text in words) and
relative links to its files, which the existing exporters write beside it. Nothing in the
folder asks for anything outside it: copy it to a static host, a course page or a USB stick.

>>> [p.name for p in pathway_files()]
['ketamine-research.yaml', 'ketamine.yaml']
"""

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from explainer import DISCLAIMER
from explainer import text as tx
from explainer.assets import PATHWAYS, TEMPLATES
from explainer.describe import pathway_description
from explainer.export import write_atomic
from explainer.frames import figure_bytes, make_diagram
from explainer.handout import write_handout
from explainer.pathway import Pathway, load_pathway
from explainer.pptx_deck import write_pptx
from explainer.slides import checked, write_explorer_page, write_slides
from explainer.yamlsafe import YamlProblem, read_yaml

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


def _size(path: Path) -> str:
    n = path.stat().st_size
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{max(1, round(n / 1e3))} kB"


def write_pathway(pathway: Pathway, out: Path, node_modules: Path | None = None) -> Entry:
    """Write one pathway's files into ``out`` and return its entry for the index."""
    files = (
        (write_slides(pathway, out, node_modules), "Slide deck (HTML, opens offline in any browser)"),
        (write_explorer_page(pathway, out, node_modules), "Explorer page (step through it alone)"),
        (write_handout(pathway, out), "Handout (PDF, A4, prints in black and white)"),
        (write_pptx(pathway, out), "PowerPoint deck (.pptx, editable)"),
        (out / f"{pathway.id}-slides.ipynb", "The slides as a Jupyter notebook"),
    )
    fig = make_diagram(pathway, None)
    thumb = write_atomic(out / f"{pathway.id}-thumb.png", figure_bytes(fig, "png", dpi=THUMB_DPI))
    w, h = fig.get_size_inches() * THUMB_DPI
    return Entry(
        id=pathway.id,
        title=pathway.title,
        source=f"{tx.source_label(pathway)}: {pathway.attribution}",
        steps=len(pathway.steps),
        thumb=thumb.name,
        thumb_size=(round(w), round(h)),
        alt=pathway_description(pathway),
        links=tuple(Link(path.name, label, _size(path)) for path, label in files),
    )


def index_html(entries) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("site_index.html.j2").render(entries=entries, disclaimer=DISCLAIMER)


def write_site(out: Path, pathways=None, node_modules: Path | None = None) -> Path:
    """Write every pathway's files and ``OUT/index.html``; return the index's path.

    ``pathways`` are files (default: :func:`pathway_files`), each loaded and checked first.
    """
    out = Path(out)
    loaded = [load_pathway(f) for f in (pathway_files() if pathways is None else pathways)]
    entries = [write_pathway(p, out, node_modules) for p in loaded]
    return write_atomic(out / "index.html", checked(index_html(entries), "the site's index"))
