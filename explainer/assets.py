"""Where the project's content lives: everything under ``assets/``, found from the package.

Paths never depend on the current working directory.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "assets"
ARTICLES = ROOT / "article"
PATHWAYS = ROOT / "pathways"
STYLE = ROOT / "styles" / "explainer.mplstyle"
EXPLORER_CSS = ROOT / "styles" / "explorer.css"
DIAGRAM_STYLE = ROOT / "styles" / "diagram.toml"  # the diagram's paint (explainer.paint)
TEMPLATES = ROOT / "templates"
FRONTEND = ROOT / "frontend"

DEFAULT_PATHWAY = PATHWAYS / "ketamine.yaml"
RESEARCH_PATHWAY = PATHWAYS / "ketamine-research.yaml"
