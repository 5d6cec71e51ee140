"""A user forgets the password: forgot page → mail in the Maildir → reset page → log in with
the new password; and a user deletes the account from the settings page."""

from __future__ import annotations

import re

from tests.e2e.conftest import browser_origin
from tests.e2e.e2e_support import message, new_account, wait_ready_page
from tests.mailbox import text_of, wait_for_mail

NEW_PASSWORD = "amber-walrus-hums-62-tunes"


def _log_in(page, email, password):
    page.goto("/login.html")
    wait_ready_page(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_forgot_mail_reset_then_log_in(new_page, site):
    account = new_account(site)
    page = new_page()
    page.goto("/login.html")
    wait_ready_page(page)
    page.get_by_role("link", name="Forgot your password?").click()
    wait_ready_page(page)
    page.get_by_label("Email").fill(account.email)
    page.get_by_role("button", name="Send the link").click()
    message(page, "main", "a link is on its way").wait_for()
    [mail] = wait_for_mail(site, account.email)
    link = re.search(r"https?://\S+/reset\.html#token=\S+", text_of(mail)).group(0)
    assert link.startswith(browser_origin(site))
    page.goto(link)
    wait_ready_page(page)
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set the password").click()
    message(page, "main", "Your password is changed").wait_for()
    assert "token=" not in page.url  # the token leaves the address bar
    _log_in(page, account.email, NEW_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))


def test_delete_account_from_settings(new_page, site):
    account = new_account(site)
    page = new_page()
    _log_in(page, account.email, account.password)
    page.wait_for_url(re.compile(r"/$"))
    # Let the home page finish restoring the session: leaving while its refresh call is in
    # flight spends the refresh cookie twice, which signs the user out (reuse detection).
    wait_ready_page(page)
    page.goto("/settings.html")
    wait_ready_page(page)
    page.get_by_label("Your password, to confirm").fill(account.password)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url(re.compile(r"/\?deleted=1$"))
    _log_in(page, account.email, account.password)
    page.get_by_text("The email or password is incorrect.").first.wait_for()
