// The widget renderer of the static explorer page: @jupyter-widgets/html-manager (what its
// own dist/embed.js does) plus anywidget, so the page's diagram renders with no kernel.
// Bundled by esbuild from node_modules (see the Makefile); the build is never committed.
import "./amd-shim.js"; // first: anywidget's module calls define() as it is evaluated
import "anywidget";
import * as base from "@jupyter-widgets/base";
import { HTMLManager } from "@jupyter-widgets/html-manager";
import { renderWidgets } from "@jupyter-widgets/html-manager/lib/libembed";

const anywidget = globalThis.__explainerAmd.factory(base);
delete globalThis.define; // no AMD loader is left behind for other scripts to find

function loader(name) {
  if (name === "anywidget") return Promise.resolve(anywidget);
  return Promise.reject(new Error(`the explorer page has no module ${name}`));
}

if (!window._jupyter_widget_embedder) {
  window._jupyter_widget_embedder = true;
  window.addEventListener("load", () => renderWidgets(() => new HTMLManager({ loader })));
}
