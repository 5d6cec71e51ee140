"""Edits and confirmations: a stale course edit is refused (If-Match), deleting asks first,
unenrolling asks first, the watchlist drops an item."""

from __future__ import annotations

import re
from urllib.parse import quote

from tests.e2e.e2e_support import (
    api,
    assert_announced_once,
    create_course,
    message,
    new_account,
    unique,
    wait_ready_page,
)


def login(page, account, next_path: str) -> None:
    page.goto(f"/login.html?next={quote(next_path)}")
    wait_ready_page(page)
    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"^[^?]*" + re.escape(next_path.split("?")[0]) + r"(\?|$)"))
    wait_ready_page(page)


def test_instructor_edits_then_deletes_a_course(new_page, site):
    teacher = new_account(site, role="instructor", display_name="Edi Tor")
    course = create_course(site, teacher, title=unique("Editing"), published=False)
    page = new_page()
    login(page, teacher, f"/course-edit.html?id={course['id']}")

    page.get_by_label("Description").fill("A better description.")
    page.get_by_role("button", name="Save changes").click()
    message(page, "#details-status", "Changes saved.").wait_for()
    assert_announced_once(page, "Changes saved.")
    saved = api(site, "GET", f"/api/courses/{course['id']}", teacher)["course"]
    assert saved["description"] == "A better description."

    # Someone else edits meanwhile: this page's version is stale, so the save is refused.
    api(site, "PATCH", f"/api/courses/{course['id']}", teacher, json={"title": "Changed elsewhere"})
    page.get_by_label("Description").fill("My stale edit.")
    page.get_by_role("button", name="Save changes").click()
    stale = "Someone else changed this course meanwhile."
    message(page, "#details-status", stale, role="alert").wait_for()
    assert_announced_once(page, stale)
    assert api(site, "GET", f"/api/courses/{course['id']}", teacher)["course"]["title"] == (
        "Changed elsewhere"
    )

    page.get_by_role("button", name="Delete course").click()
    page.get_by_role("dialog").get_by_role("button", name="Cancel").click()
    page.get_by_role("dialog").wait_for(state="detached")
    page.get_by_role("button", name="Delete course").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    page.wait_for_url(re.compile(r"/teach\.html$"))
    wait_ready_page(page)
    page.locator("#more").get_by_text("You have no courses yet").wait_for()
    assert page.locator("#my-courses").get_by_text("Changed elsewhere").count() == 0
    gone = site.request("GET", f"/api/courses/{course['id']}", headers=teacher.headers)
    assert gone.status_code == 404


def test_student_unenrols_and_empties_the_watchlist(new_page, site):
    teacher = new_account(site, role="instructor")
    student = new_account(site, display_name="Una Enrolled")
    course = create_course(site, teacher, title=unique("Leaving"))
    video = api(
        site,
        "POST",
        "/api/videos",
        teacher,
        json={
            "course_id": course["id"],
            "title": "Saved for later",
            "filename": "later.mp4",
            "content_type": "video/mp4",
            "size_bytes": 1000,
        },
    )["video"]
    api(site, "PUT", f"/api/courses/{course['id']}/enrollment", student)
    api(site, "PUT", f"/api/watchlist/{video['id']}", student)

    page = new_page()
    login(page, student, "/watchlist.html")
    page.get_by_role("button", name="Remove Saved for later from the watchlist").click()
    page.locator("#more").get_by_text("Your watchlist is empty.").wait_for()
    assert api(site, "GET", "/api/watchlist", student)["items"] == []

    page.goto(f"/course.html?id={course['id']}")
    wait_ready_page(page)
    page.get_by_role("button", name="Unenrol").click()
    page.get_by_role("dialog").get_by_role("button", name="Unenrol").click()
    page.get_by_role("button", name="Enrol for free", exact=True).wait_for()
    left = site.request("GET", f"/api/courses/{course['id']}/enrollment", headers=student.headers)
    assert left.status_code == 404
