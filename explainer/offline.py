"""Front-end parts for the offline pages: found in ``node_modules`` (installed by ``npm ci``).

Nothing third-party is committed; this module only locates the files and prepares them to be
inlined. The widget renderer's bundle asks webpack for a ``publicPath`` from its own
``<script src>``, which an inlined script does not have, and loads Font Awesome from files
next to it: both are rewritten so the page needs no other file and makes no request.
"""

import base64
import os
import re
from functools import lru_cache
from pathlib import Path

from explainer.assets import ROOT

NODE_MODULES = ROOT.parent / "node_modules"


def node_modules_dir(path: Path | None = None) -> Path:
    """Where ``npm ci`` put the front-end parts: ``path``, else ``$EXPLAINER_NODE_MODULES``,
    else the project's own ``node_modules``."""
    return Path(path or os.environ.get("EXPLAINER_NODE_MODULES") or NODE_MODULES)


REVEAL = "reveal.js"
HTML_MANAGER = "@jupyter-widgets/html-manager"
_FONT = re.compile(r'[A-Za-z_$][\w$]*\.p\+"([0-9a-f]{16,}\.(woff2|woff|ttf|eot|svg))"')
_PUBLIC_PATH_ERROR = 'throw new Error("Automatic publicPath is not supported in this browser")'
_MIME = {
    "woff2": "font/woff2",
    "woff": "font/woff",
    "ttf": "font/ttf",
    "eot": "application/vnd.ms-fontobject",
    "svg": "image/svg+xml",
}


class ExportError(RuntimeError):
    """An export could not be made; the message says why and how to fix it."""


def package_dir(name: str, modules: Path | None = None) -> Path:
    """The installed npm package ``name``, or an ExportError saying to run ``npm ci``."""
    modules = node_modules_dir(modules)
    path = modules / name
    if not (path / "package.json").is_file():
        raise ExportError(
            f"the npm package {name!r} is not installed in {modules}; "
            "run `npm ci` in the project folder (or `make slides`, which does it)"
        )
    return path


def read_asset(name: str, relative: str, modules: Path | None = None) -> str:
    path = package_dir(name, modules) / relative
    if not path.is_file():
        raise ExportError(f"{path} is missing; reinstall with `rm -rf node_modules && npm ci`")
    return path.read_text(encoding="utf-8")


def widget_renderer(modules: Path | None = None) -> str:
    """The standalone widget renderer, ready to inline: fonts as data URIs, no publicPath needed."""
    return _widget_renderer(node_modules_dir(modules))


@lru_cache(maxsize=2)
def _widget_renderer(modules: Path) -> str:
    dist = package_dir(HTML_MANAGER, modules) / "dist"
    js = read_asset(HTML_MANAGER, "dist/embed.js", modules)
    if _PUBLIC_PATH_ERROR not in js:
        raise ExportError(f"{dist / 'embed.js'} is not the build this project knows; check package-lock.json")
    js = js.replace(_PUBLIC_PATH_ERROR, "e=document.baseURI")

    def inline(match):
        name, ext = match.group(1), match.group(2)
        if ext != "woff2":  # every browser that runs the renderer takes woff2 first
            return '"data:,"'
        data = base64.b64encode((dist / name).read_bytes()).decode("ascii")
        return f'"data:{_MIME[ext]};base64,{data}"'

    return safe_script(_FONT.sub(inline, js))


def safe_script(js: str) -> str:
    """Script text that can sit inside ``<script>…</script>`` (no early end tag)."""
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
