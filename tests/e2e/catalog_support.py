"""Helpers for the catalog journeys: pages in a chosen language and colour mode, console
errors collected, screenshots at 1366x768 and 390x844."""

from __future__ import annotations

import re

from tests.e2e.e2e_support import NEXT_FRAME, SCREENSHOTS, wait_ready_page

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


class Pages:
    """Opens pages in fresh contexts (own cookies, locale, colour scheme) and keeps every
    uncaught error and console error they report."""

    def __init__(self, browser, site):
        self.browser, self.site = browser, site
        self.contexts, self.errors = [], []

    def open(self, *, locale: str = "en-GB", color_scheme: str = "light", viewport=None):
        """A new page; `locale` is what the browser says it prefers."""
        context = self.browser.new_context(
            base_url=self.site.url.replace("://127.0.0.1:", "://localhost:"),
            viewport=viewport or LAPTOP,
            locale=locale,
            color_scheme=color_scheme,
        )
        context.set_default_timeout(20000)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        page.on(
            "console",
            lambda msg: self.errors.append(f"console: {msg.text} @ {msg.location.get('url')}")
            if msg.type == "error"
            else None,
        )
        return page

    def close(self):
        """Close every context."""
        for context in self.contexts:
            context.close()


def visit(page, path: str) -> None:
    """Go to `path` and wait for the page module's first render."""
    page.goto(path)
    wait_ready_page(page)


def shots(page, name: str) -> None:
    """Full-page screenshots at 1366x768 and 390x844 (test-artifacts/screenshots)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size
    for label, size in (("1366x768", LAPTOP), ("390x844", PHONE)):
        page.set_viewport_size(size)
        page.evaluate(NEXT_FRAME)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(before)


def axe_clean(page, name: str) -> None:
    """No serious or critical axe-core violation on the page; screenshots at both sizes."""
    page.add_script_tag(url="/vendor/axe/axe.min.js")
    violations = page.evaluate(
        """async () => (await axe.run()).violations
            .filter((v) => ["serious", "critical"].includes(v.impact))
            .map((v) => ({id: v.id, help: v.help,
                          nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" "))}))"""
    )
    shots(page, name)
    assert violations == [], f"{name}: {violations}"


def sideways_scroll(page) -> int:
    """How far the page scrolls sideways (0 when nothing sticks out)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def login(page, account, next_path: str) -> None:
    """Log in through the form and land on `next_path`, drawn."""
    visit(page, f"/login.html?next={next_path}")
    page.locator("#email").fill(account.email)  # by id: the labels are in the page's language
    page.locator("#password").fill(account.password)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(re.compile(r"^[^?]*" + re.escape(next_path.split("?")[0]) + r"(\?|$)"))
    page.wait_for_selector("body[data-ready]")
