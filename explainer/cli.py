"""Command line: ``python -m explainer validate|new|preview|figures|slides|handout|pptx|lms|quiz|sbgn|site``,
and ``class|class-report`` for a class session.

Each subcommand calls the package's functions; the Makefile calls these subcommands.
Errors a user can fix end with exit status 2 and a message saying what to do: a bad input
file, or an output folder that cannot take the export (nothing is written then).
"""

import argparse
import glob
import sys
from pathlib import Path

from explainer.loading.assets import DEFAULT_PATHWAY
from explainer.loading.pathway import (
    PathwayError,
    fit_warnings,
    kind_of_file,
    load_pathway,
    load_references,
    load_sidecar,
)
from explainer.outputs.files import ExportError
from explainer.progress import working

CLASS_DB = Path("build/class/classes.sqlite")


def _validate(args) -> int:
    files, status = _expand(args.files)
    for f in files:
        try:
            kind = kind_of_file(f)
            if kind == "references":
                print(f"{f}: OK ({len(load_references(f))} references)")
                continue
            if kind == "sidecar":
                n = len(load_sidecar(f))
                print(f"{f}: OK ({n} passage{'s' * (n != 1)} never shown)")
                continue
            p = load_pathway(f)
        except PathwayError as exc:
            print(exc, file=sys.stderr)
            status = 2
        else:
            print(f"{f}: OK ({len(p.nodes)} nodes, {len(p.edges)} edges, {len(p.steps)} steps)")
            for warning in fit_warnings(p):  # drawn all the same: a warning, not a refusal
                print(warning)
    return status


def _expand(args: list[str]) -> tuple[list[Path], int]:
    """Files as given; a folder's ``*.yaml`` and ``*.yml`` files; a quoted glob's matches."""
    files, status = [], 0
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            found = sorted(f for f in path.iterdir() if f.suffix in (".yaml", ".yml") and f.is_file())
            if not found:
                print(
                    f"{arg}: no .yaml files in this folder; name the pathway files to check", file=sys.stderr
                )
                status = 2
            files += found
        elif not path.exists() and glob.has_magic(arg):
            found = sorted(Path(f) for f in glob.glob(arg))
            if not found:
                print(
                    f"{arg}: no file matches this pattern; check the folder and the pattern", file=sys.stderr
                )
                status = 2
            files += found
        else:
            files.append(path)
    return files, status


def _figures(args) -> int:
    from explainer.outputs.figures import write_figures
    from explainer.outputs.files import prepare_out

    pathway = load_pathway(args.pathway)
    out = prepare_out(args.out)
    for path in write_figures(pathway, out):
        print(path)
    return 0


def _slides(args) -> int:
    from explainer.outputs.files import prepare_out, write_files
    from explainer.outputs.page import explorer_page_files
    from explainer.outputs.slides import slides_files

    pathway = load_pathway(args.pathway)
    out = prepare_out(args.out)
    files = {**slides_files(pathway), **explorer_page_files(pathway)}
    _sizes(write_files(out, files))
    return 0


def _handout(args) -> int:
    from explainer.outputs.files import prepare_out
    from explainer.outputs.handout import write_handout

    pathway = load_pathway(args.pathway)
    out = prepare_out(args.out)
    _sizes(write_handout(pathway, out))
    return 0


def _pptx(args) -> int:
    from explainer.outputs.files import prepare_out
    from explainer.outputs.pptx_deck import write_pptx

    pathway = load_pathway(args.pathway)
    out = prepare_out(args.out)
    _sizes(write_pptx(pathway, out))
    return 0


def _lms(args) -> int:
    from explainer.outputs.files import prepare_out
    from explainer.outputs.lms import write_lms

    pathway = load_pathway(args.pathway)
    _sizes(write_lms(pathway, prepare_out(args.out)))
    return 0


def _quiz(args) -> int:
    from explainer.outputs.files import prepare_out
    from explainer.outputs.quiz import write_quiz

    pathway = load_pathway(args.pathway)
    _sizes(write_quiz(pathway, prepare_out(args.out)))
    return 0


def _sbgn(args) -> int:
    from explainer.outputs.files import prepare_out
    from explainer.outputs.sbgn import write_sbgn

    pathway = load_pathway(args.pathway)
    _sizes(write_sbgn(pathway, prepare_out(args.out)))
    return 0


def _present(args) -> int:
    from explainer.outputs.files import prepare_out, write_files
    from explainer.outputs.page import presenter_notebook_files

    pathway = load_pathway(args.pathway)
    _sizes(write_files(prepare_out(args.out), presenter_notebook_files(pathway, args.pathway)))
    return 0


def _site(args) -> int:
    from explainer.outputs.files import prepare_out
    from explainer.outputs.site import write_site

    paths = write_site(args.pathway or None, prepare_out(args.out))
    print(f"{paths[-1]} ({len(paths)} files in {paths[-1].parent})")
    return 0


def _class(args) -> int:
    from explainer.classroom.server import ClassError, serve

    try:
        serve(args.pathway, args.host, args.port, args.db, args.room or [], args.url, args.key)
    except ClassError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(
            f"error: cannot listen on {args.host}:{args.port} ({exc.strerror}); try another --port",
            file=sys.stderr,
        )
        return 2
    return 0


def _class_report(args) -> int:
    from explainer.classroom.report import ReportError, write_report

    try:
        path, count = write_report(args.db, args.room, args.out)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{path} ({count} answer{'s' * (count != 1)})")
    return 0


def _new(args) -> int:
    from explainer.authoring.starter import write_starter
    from explainer.loading.pathway import check_pathway

    paths = write_starter(args.article, args.id, args.publisher)
    for path in paths:
        print(path)
    checked = check_pathway(paths[0])
    for problem in checked.problems:
        print(problem, file=sys.stderr)
    if checked.problems:
        return 2
    print(
        f"{paths[0]}: OK; check the suggested never-shown passages and the publisher, then watch it "
        f"as you edit: python -m explainer preview {paths[0]}"
    )
    return 0


def _preview(args) -> int:
    from explainer.authoring.preview_server import serve

    return serve(args.file, port=args.port)


def _sizes(paths) -> None:
    for path in paths:
        print(f"{path} ({path.stat().st_size / 1e6:.2f} MB)")


EXPORTS = {"figures", "slides", "handout", "pptx", "lms", "quiz", "sbgn", "site", "present"}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m explainer",
        description="Start, check and preview pathway files, and write a pathway's figures, slides, "
        "handout, PowerPoint deck, LMS package, quiz questions, SBGN-ML map or a site to share. "
        "For education only, not medical advice.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check pathway files; exit 0 if all are good, 2 if not")
    v.add_argument("files", nargs="+", help="pathway or references files, folders of them, or patterns")
    v.set_defaults(run=_validate)
    n = sub.add_parser(
        "new",
        help="start a pathway for an article: writes ID.yaml beside it, quoting real sentences, and "
        "a sidecar of suggested passages never to show",
    )
    n.add_argument("article", type=Path, help="the article, as UTF-8 plain text")
    n.add_argument("--id", required=True, help="the pathway's id (lower-case letters, digits and _)")
    n.add_argument("--publisher", help="who published the article (you can write it in the file later)")
    n.set_defaults(run=_new)
    pv = sub.add_parser(
        "preview",
        help="a local page that shows the pathway, its problems and its steps, and re-renders on every save",
    )
    pv.add_argument("file", type=Path, help="the pathway file")
    pv.add_argument(
        "--port", type=int, help="the port on 127.0.0.1 (default 8765, or any free one if taken; 0: any)"
    )
    pv.set_defaults(run=_preview)
    for name, run, default_out, text in (
        ("figures", _figures, "build/figures", "write each step's figure as PNG and SVG"),
        ("slides", _slides, "build", "write the offline slide deck and explorer page"),
        ("handout", _handout, "build", "write the printable PDF handout"),
        ("pptx", _pptx, "build", "write the editable PowerPoint deck (.pptx)"),
        ("lms", _lms, "build", "write the SCORM 1.2 package of the explorer for an LMS (.zip)"),
        ("quiz", _quiz, "build", "write the check questions for a quiz bank (Moodle XML, QTI 1.2 zip)"),
        ("sbgn", _sbgn, "build", "write the pathway as an SBGN-ML Activity Flow map (.sbgn)"),
        ("present", _present, "build/present", "write the presenter view's notebook for Voila"),
    ):
        s = sub.add_parser(name, help=text)
        s.add_argument(
            "--pathway", type=Path, default=DEFAULT_PATHWAY, help="the pathway file (default: ketamine)"
        )
        s.add_argument("--out", default=default_out, help=f"the output folder (default: {default_out})")
        s.set_defaults(run=run)
    site = sub.add_parser("site", help="write a folder to share: every pathway's files and an index.html")
    site.add_argument(
        "--pathway",
        type=Path,
        action="append",
        help="a pathway file (repeat; default: all in assets/pathways)",
    )
    site.add_argument("--out", default="build/site", help="the output folder (default: build/site)")
    site.set_defaults(run=_site)
    lesson = sub.add_parser(
        "class",
        help="teach a class: students follow your step on their own screens and answer polls",
    )
    lesson.add_argument(
        "--pathway", type=Path, default=DEFAULT_PATHWAY, help="the pathway file (default: ketamine)"
    )
    lesson.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (0.0.0.0: the local network)"
    )
    lesson.add_argument("--port", type=int, default=8870, help="port to listen on (default: 8870)")
    lesson.add_argument(
        "--db", type=Path, default=CLASS_DB, help=f"where answers are stored (default: {CLASS_DB})"
    )
    lesson.add_argument(
        "--room", action="append", help="resume this room (its code) after a restart, instead of a new one"
    )
    lesson.add_argument(
        "--url", help="the address students reach the server at, if not the one it listens on"
    )
    lesson.add_argument(
        "--key",
        help="the presenter key of a new room (default: a random one; '' for none, on 127.0.0.1 only)",
    )
    lesson.set_defaults(run=_class)
    report = sub.add_parser("class-report", help="write a class's answers as CSV (one row per answer)")
    report.add_argument(
        "--db", type=Path, default=CLASS_DB, help=f"the class's database (default: {CLASS_DB})"
    )
    report.add_argument("--room", help="the room code (default: the latest class)")
    report.add_argument("--out", type=Path, help="the CSV file (default: build/class/class-CODE-answers.csv)")
    report.set_defaults(run=_class_report)
    args = parser.parse_args(argv)
    try:
        if args.command in EXPORTS:
            with working(args.command):
                return args.run(args)
        return args.run(args)
    except PathwayError as exc:
        print(exc, file=sys.stderr)
        return 2
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; no partial export is left behind", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
