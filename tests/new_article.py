"""An article the project has never seen, written by the tests: a lede before the first heading,
headings of several styles (a question, Markdown's ``##``, a numbered one, one underlined), long
lines, non-ASCII text, a call to action, a booking line and a phone number. It is kept as
written in ``tests/articles/`` (one paragraph a line, however long).
"""

from pathlib import Path

NAME = "naloxone-article.txt"
ARTICLE = (Path(__file__).parent / "articles" / NAME).read_text(encoding="utf-8")


def write_article(folder: Path, name: str = NAME, text: str = ARTICLE) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
