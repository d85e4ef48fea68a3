"""Chromium as the tests and the benchmarks drive it: where it is, how it starts, an offline page.

Definitions only: importing this module changes no setting (no environment variable, no
matplotlib backend), so ``benchmarks/`` can use it and keep the user's frame cache. The test
run's own set-up (a throwaway frame cache, headless matplotlib) lives in ``conftest.py``.
"""

import os

CHROMIUM = os.environ.get("EXPLAINER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


class OfflinePage:
    """A page that may load only file: and data: URLs; every other request is aborted and kept."""

    def __init__(self, browser, width=1600, height=1000):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def close(self):
        self.context.close()
