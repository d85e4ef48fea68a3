"""``python -m explainer class-report``: a class's answers as CSV, after class (or during it).

The same CSV as the presenter page's download, read from the class's SQLite file, which a
running server keeps writing (WAL mode lets this read it meanwhile).
"""

import sqlite3
from pathlib import Path

from explainer.classroom.store import ClassStore
from explainer.loading.pathway import PathwayError, load_pathway
from explainer.outputs.files import write_files


class ReportError(Exception):
    """No report can be written as asked; the message says what to do."""


def latest_room(store: ClassStore) -> str | None:
    row = store.db.execute("SELECT code FROM rooms ORDER BY created DESC, rowid DESC LIMIT 1").fetchone()
    return row[0] if row else None


def report_csv(store: ClassStore, code: str) -> str:
    """Room ``code``'s answers as CSV text, each step named by its pathway (when still there)."""
    record = store.room(code)
    try:
        steps = [(s.title, s.question) for s in load_pathway(record.pathway).steps]
    except PathwayError:
        steps = []  # the pathway file moved or changed: the rows still name the step's number
    return store.csv_text(code, steps)


def write_report(db: Path, code: str | None, out: Path | None) -> tuple[Path, int]:
    """Write the CSV of room ``code`` (default: the latest) to ``out``; (path, answers)."""
    if not Path(db).is_file():
        raise ReportError(f"{db} does not exist; give the --db the class server used")
    try:
        store = ClassStore(db)
    except sqlite3.DatabaseError as exc:
        raise ReportError(
            f"{db} is not a class database ({exc}); give the --db the class server used"
        ) from None
    try:
        code = (code or latest_room(store) or "").upper()
        if not store.room(code):
            known = [r[0] for r in store.db.execute("SELECT code FROM rooms ORDER BY created")]
            raise ReportError(f"no room {code!r} in {db}; rooms there: {', '.join(known) or 'none'}")
        out = Path(out or Path(db).parent / f"class-{code}-answers.csv")
        text = report_csv(store, code)
        [path] = write_files(out.parent, {out.name: text.encode("utf-8-sig")})
        return path, store.answer_count(code)
    finally:
        store.close()
