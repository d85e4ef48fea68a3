"""Command line: ``python -m explainer validate|figures|slides|handout|pptx|site``.

Each subcommand calls the package's functions; the Makefile calls these subcommands.
Errors a user can fix end with exit status 2 and a message saying what to do.
"""

import argparse
import sys
from pathlib import Path

from explainer.assets import DEFAULT_PATHWAY
from explainer.pathway import PathwayError, load_pathway


def _validate(args) -> int:
    status = 0
    for f in args.files:
        try:
            p = load_pathway(f)
        except PathwayError as exc:
            print(exc, file=sys.stderr)
            status = 2
        else:
            print(f"{f}: OK ({len(p.nodes)} nodes, {len(p.edges)} edges, {len(p.steps)} steps)")
    return status


def _figures(args) -> int:
    from explainer.export import write_figures

    for path in write_figures(load_pathway(args.pathway), Path(args.out)):
        print(path)
    return 0


def _slides(args) -> int:
    from explainer.slides import ExportError, write_explorer_page, write_slides

    pathway = load_pathway(args.pathway)
    out = Path(args.out)
    try:
        for path in (write_slides(pathway, out), write_explorer_page(pathway, out)):
            print(f"{path} ({path.stat().st_size / 1e6:.2f} MB)")
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _handout(args) -> int:
    from explainer.handout import write_handout

    path = write_handout(load_pathway(args.pathway), Path(args.out))
    print(f"{path} ({path.stat().st_size / 1e6:.2f} MB)")
    return 0


def _pptx(args) -> int:
    from explainer.offline import ExportError
    from explainer.pptx_deck import write_pptx

    try:
        path = write_pptx(load_pathway(args.pathway), Path(args.out))
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{path} ({path.stat().st_size / 1e6:.2f} MB)")
    return 0


def _site(args) -> int:
    from explainer.offline import ExportError
    from explainer.site import write_site

    try:
        index = write_site(Path(args.out), args.pathway or None)
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(index)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainer", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check pathway files; exit 0 if all are good, 2 if not")
    v.add_argument("files", nargs="+", type=Path)
    v.set_defaults(run=_validate)
    for name, run, default_out, text in (
        ("figures", _figures, "build/figures", "write each step's figure as PNG and SVG"),
        ("slides", _slides, "build", "write the offline slide deck and explorer page"),
        ("handout", _handout, "build", "write the printable PDF handout"),
        ("pptx", _pptx, "build", "write the editable PowerPoint deck (.pptx)"),
    ):
        s = sub.add_parser(name, help=text)
        s.add_argument("--pathway", type=Path, default=DEFAULT_PATHWAY)
        s.add_argument("--out", default=default_out)
        s.set_defaults(run=run)
    site = sub.add_parser("site", help="write a folder to share: every pathway's files and an index.html")
    site.add_argument(
        "--pathway",
        type=Path,
        action="append",
        help="a pathway file (repeat; default: all in assets/pathways)",
    )
    site.add_argument("--out", default="build/site")
    site.set_defaults(run=_site)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except PathwayError as exc:
        print(exc, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
