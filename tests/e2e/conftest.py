"""Browser fixtures: Debian Chromium through Playwright against a private local stack.

Set DREAD_E2E_URL to drive an already running stack (e.g. `make up`) instead of starting one.
"""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
import requests

from tests.browser import CHROMIUM_ARGS, CHROMIUM_PATH
from tests.e2e.e2e_support import DESKTOP, SCREENSHOTS

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = CHROMIUM_PATH


@pytest.fixture(scope="session")
def site(request):
    """What the journeys drive: `.url` and `.request(method, path, **kw)` like the stack fixture."""
    url = os.environ.get("DREAD_E2E_URL")
    if not url:
        return request.getfixturevalue("stack")

    def call(method, path, **kwargs):
        kwargs.setdefault("timeout", 10)
        return requests.request(method, url + path, **kwargs)

    return SimpleNamespace(
        url=url.rstrip("/"), request=call, get=lambda path, **kw: call("GET", path, **kw)
    )


def browser_origin(site) -> str:
    """Where Chromium goes: `localhost`, the origin the stack signs S3 URLs for (the page,
    its API calls and the presigned bucket URLs must share one origin under the CSP)."""
    return site.url.replace("://127.0.0.1:", "://localhost:")


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the session (never a downloaded browser)."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install the Debian chromium package")
    for stale in SCREENSHOTS.glob("FAILED-*.png"):
        stale.unlink()
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures know whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def new_page(browser, site, request):
    """Factory of pages, each in its own context (own cookies); JS errors fail the test.
    A failing test leaves a screenshot of each of its pages under test-artifacts/screenshots."""
    contexts, errors = [], []

    def make():
        context = browser.new_context(base_url=browser_origin(site), viewport=DESKTOP)
        context.set_default_timeout(20000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield make
    report = getattr(request.node, "report_call", None)
    for index, context in enumerate(contexts):
        if report is not None and report.failed:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            for number, page in enumerate(context.pages):
                name = f"FAILED-{request.node.name}-{index}-{number}.png"
                page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
        context.close()
    assert errors == [], f"uncaught errors in the page: {errors}"
