"""Forum discussion in the browser: asking about a moment of a video with the Markdown editor
and its preview, voting, marking the answer (shown first), and the answered filter."""

from __future__ import annotations

from tests.e2e.e2e_support import api, audit, create_course, new_account, unique, wait_ready_page
from tests.e2e.test_forum_moderation import login


def test_ask_about_a_video_preview_vote_and_answer(new_page, site):
    teacher = new_account(site, role="instructor", display_name="Tess Teacher")
    student = new_account(site, display_name="Sam Student")
    course = create_course(site, teacher, title=unique("Discussion course"))
    api(site, "PUT", f"/api/courses/{course['id']}/enrollment", student)
    video = api(site, "POST", "/api/videos", teacher, json={
        "course_id": course["id"], "title": "Loops lecture", "filename": "l.mp4",
        "content_type": "video/mp4", "size_bytes": 1024,
    })["video"]  # fmt: skip

    # "Ask about this video" from the player lands on the forum with the form open.
    page = new_page()
    login(page, student, f"/course.html?id={course['id']}&ask_video={video['id']}&t=75#forum")
    form = page.locator("#new-thread-form")
    form.wait_for()
    assert "Loops lecture" in form.get_by_test_id("thread-video").inner_text()
    message = form.get_by_label("Message")
    assert message.input_value() == "[1:15] "
    form.get_by_label("Title").fill("Why does the loop stop?")
    message.fill("[1:15] Why does it **stop** here?\n\n```\nwhile True: pass\n```")
    form.get_by_role("tab", name="Preview").click()
    preview = form.get_by_role("tabpanel")
    preview.locator("strong", has_text="stop").wait_for()
    assert preview.locator("pre code").inner_text().strip() == "while True: pass"
    link = preview.get_by_role("link", name="1:15")
    assert link.get_attribute("href") == f"/watch.html?id={video['id']}&t=75"
    form.get_by_role("tab", name="Write").click()
    form.get_by_role("button", name="Post thread").click()
    page.get_by_role("link", name="Why does the loop stop?").click()
    wait_ready_page(page)
    post = page.locator("#thread-post")
    post.locator("strong", has_text="stop").wait_for()
    assert post.get_by_role("link", name="1:15").get_attribute("href").endswith("&t=75")
    assert post.get_by_role("link", name="Loops lecture").is_visible()

    # The teacher answers (with the instructor badge); the student votes and accepts it.
    thread_id = page.url.split("id=")[1]
    api(site, "POST", f"/api/forum/threads/{thread_id}/replies", teacher,
        json={"body": "Because `break` is *reached*."})  # fmt: skip
    page.reload()
    wait_ready_page(page)
    reply = page.locator("#reply-list li").first
    reply.locator("em", has_text="reached").wait_for()
    assert "Instructor" in reply.inner_text()
    vote = reply.get_by_role("button", name="Upvote reply by Tess Teacher, 0 votes")
    vote.click()
    voted = reply.get_by_role("button", name="Upvote reply by Tess Teacher, 1 vote")
    voted.wait_for()
    assert voted.get_attribute("aria-pressed") == "true"
    reply.get_by_role("button", name="Mark as answer: reply by Tess Teacher").click()
    answer = page.locator("#thread-answer")
    answer.get_by_text("Accepted answer", exact=True).first.wait_for()
    answer.locator("em", has_text="reached").wait_for()
    page.locator("#thread-post").get_by_text("Answered", exact=True).wait_for()
    audit(page, "forum-thread-answered")

    # Back in the course forum: the thread shows as answered and the filter hides it.
    page.goto(f"/course.html?id={course['id']}&tab=forum")
    wait_ready_page(page)
    item = page.locator("#thread-list li", has_text="Why does the loop stop?")
    item.get_by_text("Answered", exact=True).wait_for()
    page.locator("label[for=thread-filter-false]").click()
    page.get_by_text("No threads here yet. Ask the first question!").wait_for()
    assert page.locator("#thread-list li", has_text="Why does the loop stop?").count() == 0
    audit(page, "forum-list-filtered")
