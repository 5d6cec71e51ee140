"""An admin promotes a student to instructor from the users page."""

from __future__ import annotations

import re

from tests.accounts import DEMO_ADMIN
from tests.accounts import login as api_login
from tests.e2e.e2e_support import audit, new_account, wait_ready_page, wait_until


def test_admin_promotes_a_user(new_page, site):
    student = new_account(site, display_name="Promote Me")
    page = new_page()
    page.goto("/login.html?next=/admin.html")
    wait_ready_page(page)
    audit(page, "login")
    page.get_by_label("Email").fill(DEMO_ADMIN[0])
    page.get_by_label("Password").fill(DEMO_ADMIN[1])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"^[^?]*/admin\.html$"))
    wait_ready_page(page)

    row = page.locator(f"tr[data-email='{student.email}']")
    while not row.count():
        more = page.get_by_role("button", name="Load more")
        assert more.count(), f"{student.email} is not listed"
        more.click()
        # The button is disabled while its page loads: wait for that, not a fixed sleep
        # that a slow answer outlasts (then the next click meets a button that is gone).
        wait_until(page, "() => !document.querySelector('#more button:disabled')")
    audit(page, "admin")
    row.get_by_label(f"Role of {student.email}", exact=True).select_option("instructor")
    row.get_by_role("button", name=f"Save role of {student.email}").click()
    row.get_by_text("Saved", exact=True).wait_for()

    again = api_login(site, student.email, student.password)
    assert again.role == "instructor"
