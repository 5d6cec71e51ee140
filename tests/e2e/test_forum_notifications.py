"""Forum notifications in Chromium: follow buttons, the navbar's unread badge, the
notifications page (open marks read, mark all), and the digest switch in settings."""

from __future__ import annotations

import re
from urllib.parse import quote

from tests.e2e.e2e_support import (
    api,
    audit,
    create_course,
    new_account,
    unique,
    wait_ready_page,
    wait_until,
)

BADGE = "[data-testid=unread-badge]"


def login(page, account, next_path: str) -> None:
    page.goto(f"/login.html?next={quote(next_path)}")
    wait_ready_page(page)
    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"^[^?]*/(course|forum-thread|notifications|settings)\.html"))
    wait_ready_page(page)


def badge_text(page, site, account, expected: str, timeout_s: float = 20) -> None:
    """Reload until the badge says `expected` (the fan-out takes a moment)."""
    deadline = 0
    while True:
        page.reload()
        wait_ready_page(page)
        badge = page.locator(BADGE)
        try:
            shown = (f"() => document.querySelector('{BADGE}')?.textContent === '{expected}'"
                     f" && !document.querySelector('{BADGE}').hidden")  # fmt: skip
            wait_until(page, shown, timeout_s=3)
            return
        except AssertionError:
            deadline += 4
            assert deadline < timeout_s, f"badge says {badge.text_content()!r}, not {expected!r}"


def test_follow_badge_and_notifications_page(new_page, site):
    teacher = new_account(site, role="instructor", display_name="Nora Notifier")
    student = new_account(site, display_name="Sam Follower")
    course = create_course(site, teacher, title=unique("Notify me"))
    api(site, "PUT", f"/api/courses/{course['id']}/enrollment", student)
    question = {"title": "When is the exam?", "body": "Asking for a friend."}
    thread = api(site, "POST", f"/api/forum/courses/{course['id']}/threads", student,
                 json=question)["thread"]  # fmt: skip

    # The author follows their thread; the button toggles and says so.
    page = new_page()
    login(page, student, f"/forum-thread.html?id={thread['id']}")
    follow = page.get_by_test_id("follow-thread")
    follow.wait_for()
    assert follow.get_attribute("aria-pressed") == "true" and follow.inner_text() == "Following"
    follow.click()
    page.wait_for_function("() => document.querySelector('[data-testid=follow-thread]')"
                           ".getAttribute('aria-pressed') === 'false'")  # fmt: skip
    assert follow.inner_text() == "Follow"
    follow.click()
    page.wait_for_function("() => document.querySelector('[data-testid=follow-thread]')"
                           ".getAttribute('aria-pressed') === 'true'")  # fmt: skip
    assert page.locator(BADGE).is_hidden()

    # The teacher answers twice: the badge counts both.
    for body in ("Next Friday.", "At 10:00 in room 3."):
        api(
            site, "POST", f"/api/forum/threads/{thread['id']}/replies", teacher, json={"body": body}
        )
    badge_text(page, site, student, "2")
    link = page.get_by_test_id("notifications-link")
    assert link.get_attribute("aria-label") == "Notifications, 2 unread"

    # The notifications page lists them, newest first; opening one marks it read.
    link.click()
    wait_ready_page(page)
    items = page.get_by_test_id("notification")
    items.first.wait_for()
    assert items.count() == 2
    assert "Nora Notifier replied in “When is the exam?”" in items.first.inner_text()
    assert "At 10:00 in room 3." in items.first.inner_text()
    audit(page, "notifications")
    # Dark mode: the unread items keep readable text too.
    page.evaluate("() => localStorage.setItem('dread.theme', 'dark')")
    page.reload()
    wait_ready_page(page)
    page.locator("[data-testid=notification][data-read=false]").first.wait_for()
    assert page.evaluate("() => document.documentElement.dataset.bsTheme") == "dark"
    audit(page, "notifications-dark")
    page.evaluate("() => localStorage.setItem('dread.theme', 'light')")
    page.reload()
    wait_ready_page(page)
    items = page.get_by_test_id("notification")
    items.first.wait_for()
    items.first.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/forum-thread\.html\?id="))
    wait_ready_page(page)
    wait_until(page, f"() => document.querySelector('{BADGE}')?.textContent === '1'")

    # Mark all as read empties the badge.
    page.get_by_test_id("notifications-link").click()
    wait_ready_page(page)
    page.get_by_role("button", name="Mark all as read").click()
    wait_until(page, f"() => document.querySelector('{BADGE}')?.hidden === true")
    page.locator("[data-testid=notification][data-read=false]").first.wait_for(state="detached")


def test_course_follow_button_and_digest_switch(new_page, site):
    teacher = new_account(site, role="instructor", display_name="Cora Course")
    student = new_account(site, display_name="Dan Digest")
    course = create_course(site, teacher, title=unique("Follow the course"))
    api(site, "PUT", f"/api/courses/{course['id']}/enrollment", student)

    page = new_page()
    login(page, student, f"/course.html?id={course['id']}#forum")
    follow = page.get_by_test_id("follow-course")
    follow.wait_for()
    wait_until(
        page,
        "() => document.querySelector('[data-testid=follow-course]')?.textContent === 'Follow'",
    )
    follow.click()
    page.wait_for_function("() => document.querySelector('[data-testid=follow-course]')"
                           ".getAttribute('aria-pressed') === 'true'")  # fmt: skip
    path = f"/api/forum/courses/{course['id']}/follow"
    assert api(site, "GET", path, student) == {"following": True}
    api(site, "POST", f"/api/forum/courses/{course['id']}/threads", teacher,
        json={"title": "Welcome!", "body": "Glad you are here."})  # fmt: skip
    badge_text(page, site, student, "1")

    page.goto("/settings.html")
    wait_ready_page(page)
    switch = page.get_by_role("switch", name=re.compile("Daily digest"))
    wait_until(page, "() => !document.getElementById('digest-toggle').disabled")
    assert not switch.is_checked()
    switch.check()
    page.locator("#digest-status").get_by_text("Saved: the digest is on.").wait_for()
    assert api(site, "GET", "/api/profiles/me", student)["profile"]["email_digest"] is True
    page.reload()
    wait_ready_page(page)
    wait_until(page, "() => document.getElementById('digest-toggle').checked")
