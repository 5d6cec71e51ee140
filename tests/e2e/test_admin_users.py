"""An admin finds a user by name prefix and role, sees the count, suspends and restores them."""

from __future__ import annotations

import re
import uuid

import requests

from tests.accounts import DEMO_ADMIN
from tests.e2e.e2e_support import audit, new_account, wait_ready_page, wait_until


def _admin_page(new_page):
    page = new_page()
    page.goto("/login.html?next=/admin.html")
    wait_ready_page(page)
    page.get_by_label("Email").fill(DEMO_ADMIN[0])
    page.get_by_label("Password").fill(DEMO_ADMIN[1])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"^[^?]*/admin\.html$"))
    wait_ready_page(page)
    return page


def _login_status(site, account) -> int:
    body = {"email": account.email, "password": account.password}
    return requests.post(f"{site.url}/api/auth/login", json=body, timeout=30).status_code


def test_admin_searches_counts_suspends_and_restores(new_page, site):
    marker = "Zq" + uuid.uuid4().hex[:8]  # a name prefix nobody else has
    student = new_account(site, display_name=f"{marker} Student")
    new_account(site, display_name=f"{marker} Other")
    page = _admin_page(new_page)
    # the admin form's own button (the navbar's is "Search courses")
    search = page.get_by_role("button", name="Search", exact=True)

    page.get_by_label("Email or name starts with").fill(marker.lower())
    search.click()
    page.wait_for_url(re.compile(r"admin\.html\?q="))
    wait_until(page, "() => document.querySelectorAll('#users tr').length === 2")
    assert page.get_by_test_id("user-count").text_content() == "2 users matching"
    page.get_by_label("Role", exact=True).select_option("admin")
    search.click()
    page.get_by_text("No user matches.", exact=False).wait_for()
    page.get_by_label("Role", exact=True).select_option("student")
    search.click()
    row = page.locator(f"tr[data-email='{student.email}']")
    row.wait_for()
    audit(page, "admin-users")

    # suspending asks first; cancelling changes nothing
    row.get_by_role("button", name=f"Suspend {student.email}").click()
    page.get_by_role("dialog").get_by_role("button", name="Cancel").click()
    page.get_by_role("dialog").wait_for(state="detached")
    assert _login_status(site, student) == 200
    row.get_by_role("button", name=f"Suspend {student.email}").click()
    page.get_by_role("dialog").get_by_role("button", name="Suspend", exact=True).click()
    row.get_by_role("button", name=f"Restore {student.email}").wait_for()
    assert row.get_by_text("Suspended", exact=True).is_visible()
    assert _login_status(site, student) == 403
    row.get_by_role("button", name=f"Restore {student.email}").click()
    row.get_by_role("button", name=f"Suspend {student.email}").wait_for()
    assert _login_status(site, student) == 200
