"""Where the login page sends a user afterwards (`?next=`): only ever a page of this site.

Browsers drop tab/CR/LF from URLs and read a backslash as a slash, so `next` has to be
judged as the browser will parse it, not by its first characters (issue 10, item 2).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from tests.e2e.conftest import browser_origin
from tests.e2e.e2e_support import new_account, wait_ready_page

# Raw query values (already URL-encoded where needed), each an attempt to leave the site.
OFF_SITE = [
    "/%09/evil.example/",
    "/%0a/evil.example/",
    "/%0d/evil.example/",
    "/%09%0d%0a/evil.example/",
    "//evil.example",
    "%2F%2Fevil.example",
    "/\\evil.example",
    "/%5Cevil.example",
    "/.//evil.example",
    "/a/..//evil.example/",
    "javascript:alert(document.domain)",
    "https://evil.example",
    "https:evil.example",
    "http://localhost@evil.example/",
]
EVIL = "<!doctype html><title>Somewhere else</title><p>off-site"


def stay_on_site(page, origin: str) -> list[str]:
    """Answer every off-site request with a stub page (no internet here) and record it."""
    left: list[str] = []

    def off_site(route):
        left.append(route.request.url)
        route.fulfill(body=EVIL, content_type="text/html")

    page.context.route(lambda url: not url.startswith(origin + "/"), off_site)
    return left


def landing(page, origin: str, next_value: str) -> str:
    """Open the login page with this raw `next` value; the URL a signed-in user is sent to."""
    page.goto(f"/login.html?next={next_value}")
    page.wait_for_url(lambda url: "/login.html" not in url)
    if page.url.startswith(origin + "/"):
        # Let the page finish restoring the session: leaving while its refresh call is in
        # flight would spend the refresh cookie twice, which signs the user out (reuse).
        wait_ready_page(page)
    return page.url


def test_signed_in_user_is_never_sent_off_site(new_page, site):
    origin = browser_origin(site)
    page = new_page()
    left = stay_on_site(page, origin)
    student = new_account(site)
    page.goto("/login.html")
    wait_ready_page(page)
    page.get_by_label("Email").fill(student.email)
    page.get_by_label("Password").fill(student.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{origin}/")
    wait_ready_page(page)

    landed = {payload: landing(page, origin, payload) for payload in OFF_SITE}
    wrong = {payload: url for payload, url in landed.items() if url != f"{origin}/"}
    assert wrong == {}, f"sent somewhere other than {origin}/"
    assert left == []

    # A normal `next` (how loginUrl() builds it) keeps its path, query and fragment.
    assert (
        landing(page, origin, quote("/course.html?id=x#y", safe=""))
        == f"{origin}/course.html?id=x#y"
    )
    assert urlsplit(landing(page, origin, quote("/learning.html"))).path == "/learning.html"
    assert left == []


def test_login_form_goes_back_only_to_this_site(new_page, site):
    origin = browser_origin(site)
    page = new_page()
    left = stay_on_site(page, origin)
    student = new_account(site)
    page.goto("/login.html?next=/%09/evil.example/")
    wait_ready_page(page)
    assert page.locator("#register-link").get_attribute("href") == "/register.html"
    page.get_by_label("Email").fill(student.email)
    page.get_by_label("Password").fill(student.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"^[^?]*://[^/]+/([?#].*)?$"))
    assert page.url == f"{origin}/"
    assert left == []
