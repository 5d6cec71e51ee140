"""Forum: a student edits, flags and deletes; the course owner pins, locks and works through
the flagged queue."""

from __future__ import annotations

import re
from urllib.parse import quote

from tests.e2e.e2e_support import api, create_course, new_account, unique, wait_ready_page


def login(page, account, next_path: str) -> None:
    page.goto(f"/login.html?next={quote(next_path)}")
    wait_ready_page(page)
    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"^[^?]*/(course|forum-thread)\.html\?id="))
    wait_ready_page(page)


def test_forum_moderation(new_page, site):
    teacher = new_account(site, role="instructor", display_name="Mo Derator")
    student = new_account(site, display_name="Fay Flagger")
    course = create_course(site, teacher, title=unique("Forum manners"))
    api(site, "PUT", f"/api/courses/{course['id']}/enrollment", student)
    thread = api(
        site,
        "POST",
        f"/api/forum/courses/{course['id']}/threads",
        teacher,
        json={"title": "Welcome thread", "body": "Say hello."},
    )["thread"]
    api(
        site,
        "POST",
        f"/api/forum/threads/{thread['id']}/replies",
        teacher,
        json={"body": "Anyone?"},
    )

    # The student replies, edits the reply, flags the owner's reply, then deletes their own.
    page = new_page()
    login(page, student, f"/forum-thread.html?id={thread['id']}")
    page.get_by_role("textbox", name="Your reply").fill("Hello from Fay")
    page.get_by_role("button", name="Post reply").click()
    replies = page.locator("#reply-list")
    replies.get_by_text("Hello from Fay", exact=True).wait_for()
    page.get_by_role("button", name="Edit reply by Fay Flagger").click()
    page.get_by_label("Message").fill("Hello from Fay (edited)")
    page.get_by_role("button", name="Save").click()
    replies.get_by_text("Hello from Fay (edited)", exact=True).wait_for()
    page.get_by_role("button", name="Flag reply by Mo Derator").click()
    page.get_by_role("dialog").get_by_label("Off-topic").check()
    page.get_by_role("dialog").get_by_role("button", name="Flag").click()
    page.get_by_role("button", name="Flagged").wait_for()
    page.get_by_role("button", name="Delete reply by Fay Flagger").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    replies.get_by_text("This reply was deleted.").wait_for()

    # The owner sees the flag in the queue, opens the thread, pins and locks it.
    owner = new_page()
    login(owner, teacher, f"/course.html?id={course['id']}&tab=flags")
    queue = owner.locator("#flag-list li", has_text="Anyone?")
    queue.wait_for()
    assert "Off-topic" in queue.inner_text()
    queue.get_by_role("link", name="Open thread").click()
    wait_ready_page(owner)
    owner.get_by_role("button", name="Pin").click()
    owner.locator("h1").get_by_text("Pinned").wait_for()
    owner.get_by_role("button", name="Lock").click()
    owner.locator("#locked-note").get_by_text("This thread is locked").wait_for()
    assert owner.get_by_role("textbox", name="Your reply").is_hidden()

    # Back in the queue, the owner deletes the flagged reply (after confirming).
    owner.goto(f"/course.html?id={course['id']}&tab=flags")
    wait_ready_page(owner)
    queue = owner.locator("#flag-list li", has_text="Anyone?")
    queue.get_by_role("button", name="Delete post").click()
    owner.get_by_role("dialog").get_by_role("button", name="Delete").click()
    owner.locator("#flag-list li", has_text="Anyone?").wait_for(state="detached")
    replies = api(site, "GET", f"/api/forum/threads/{thread['id']}/replies", teacher)["items"]
    assert all(
        reply["deleted"] for reply in replies if reply["body"] == "Anyone?" or reply["deleted"]
    )
    threads = api(site, "GET", f"/api/forum/courses/{course['id']}/threads", student)["items"]
    assert threads[0]["pinned"] and threads[0]["locked"]
