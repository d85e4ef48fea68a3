"""Where the project's content lives: everything under ``assets/``, found from the package.

Paths never depend on the current working directory. In a checkout (and an editable install)
the folder is the project's top-level ``assets/``; a wheel carries it inside the package as
``explainer/_assets`` (``pyproject.toml`` maps one onto the other; the copy an editable install
also leaves in site-packages is not read: the package there is the checkout's).
"""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # explainer/, above explainer/loading/
ROOT = _PACKAGE / "_assets" if (_PACKAGE / "_assets").is_dir() else _PACKAGE.parent / "assets"
ARTICLES = ROOT / "article"
PATHWAYS = ROOT / "pathways"
STYLE = ROOT / "styles" / "explainer.mplstyle"
EXPLORER_CSS = ROOT / "styles" / "explorer.css"
DIAGRAM_STYLE = ROOT / "styles" / "diagram.toml"  # the diagram's paint (explainer.rendering.paint)
TEMPLATES = ROOT / "templates"
FRONTEND = ROOT / "frontend"

DEFAULT_PATHWAY = PATHWAYS / "ketamine.yaml"
RESEARCH_PATHWAY = PATHWAYS / "ketamine-research.yaml"
