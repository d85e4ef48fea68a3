"""A class on one Voilà server, configured by the project's ``voila.json``: the first page comes
from the preheated pool, a closed page's kernel is reclaimed, and past the kernel limit a
student gets a page saying so.

Each test runs ``make present``'s server (the repository's ``voila.json``) with an overlay
``voila.json`` that only shortens the timings and shrinks the pool and the limit.
"""

import json
import time

import psutil
import pytest

from explainer.classroom.kernels import FULL
from tests.servers import voila_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

READY = ".explainer-presenter .explainer-steps button"
KERNEL_ID = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"


def kernels(proc) -> dict[str, psutil.Process]:
    """The server's running kernels, by kernel id (read from each one's connection file name)."""
    found = {}
    for child in psutil.Process(proc.pid).children(recursive=True):
        try:
            args = child.cmdline()
        except psutil.NoSuchProcess:
            continue
        if any("ipykernel" in a for a in args):
            [conn] = [a for a in args if a.endswith(".json")]
            found[conn.rsplit("kernel-", 1)[-1].removesuffix(".json")] = child
    return found


def wait_for(what, predicate, timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"{what}: not within {timeout:.0f} s")


@pytest.fixture
def overlay(tmp_path):
    def write(**sections):
        (tmp_path / "voila.json").write_text(json.dumps(sections), encoding="utf-8")
        return (tmp_path,)

    return write


def open_page(browser, url):
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    response = page.goto(url, timeout=120_000)
    return context, page, response


def test_first_page_from_the_pool_and_a_closed_page_reclaimed(browser, overlay):
    config = overlay(
        VoilaKernelManager={"kernel_pools_config": {"default": {"pool_size": 2}}},
        ClassroomKernelManager={"cull_idle_timeout": 4, "cull_interval": 1},
    )
    with voila_server(config_dirs=config) as (url, proc):
        pool = wait_for("two preheated kernels", lambda: len(kernels(proc)) == 2 and kernels(proc))
        time.sleep(6)  # longer than cull_idle_timeout: the pool's idle kernels must not be culled
        assert set(kernels(proc)) == set(pool)
        context, page, response = open_page(browser, url)
        assert response.status == 200
        page.wait_for_selector(READY, timeout=120_000)
        page.locator(".explainer-presenter button", has_text="Next").first.click()
        page.wait_for_function(
            "Array.from(document.querySelectorAll('.explainer-presenter .explainer-title'))"
            ".some(e => e.offsetParent !== null && e.innerText.includes('Step 2'))",
            timeout=60_000,
        )
        mine = page.evaluate(KERNEL_ID)
        assert mine in pool  # started before the page was asked for: the pool served it
        time.sleep(6)  # connected pages are never culled, however idle
        assert mine in kernels(proc)
        page.close(run_before_unload=True)  # Voilà's own shutdown request is refused (403 _xsrf)
        context.close()
        wait_for("the closed page's kernel shut down", lambda: mine not in kernels(proc), timeout=60)
        # The pool is refilled and kept: back to its size.
        wait_for("the pool back to two kernels", lambda: len(kernels(proc)) == 2, timeout=60)


def test_past_the_kernel_limit_a_page_says_the_class_is_full(browser, overlay):
    config = overlay(
        VoilaKernelManager={"kernel_pools_config": {"default": {"pool_size": 1}}},
        ClassroomKernelManager={"cull_idle_timeout": 3, "cull_interval": 1, "max_kernels": 1},
    )
    with voila_server(config_dirs=config) as (url, proc):
        wait_for("one preheated kernel", lambda: len(kernels(proc)) == 1)
        first, page, response = open_page(browser, url)
        page.wait_for_selector(READY, timeout=120_000)
        taken = page.evaluate(KERNEL_ID)
        time.sleep(2)  # the pool's refill is refused at the limit
        second, full, response = open_page(browser, url)
        assert response.status == 503
        text = full.evaluate("document.body.innerText")
        assert FULL.format(n=1) in text
        second.close()
        first.close()
        # The first student's kernel is reclaimed, the refused refill tried again: a page works.
        third, page, response = wait_for(
            "a page served again",
            lambda: taken not in kernels(proc) and len(kernels(proc)) == 1 and open_page(browser, url),
            timeout=60,
        )
        assert response.status == 200
        page.wait_for_selector(READY, timeout=120_000)
        third.close()
