"""A student signs up, enrols, watches (and resumes), keeps a watchlist and posts in the forum."""

from __future__ import annotations

import re

import pytest
import requests

from tests.e2e.e2e_support import (
    api,
    assert_announced_once,
    audit,
    create_course,
    make_png,
    make_video,
    message,
    new_account,
    unique,
    upload_video,
    wait_ready,
    wait_ready_page,
    wait_until,
)

PLAYING = "() => { const v = document.querySelector('#player'); return v ? v.currentTime : 0; }"
VTT = "WEBVTT\n\n00:00.000 --> 00:20.000\nA test pattern with a tone.\n"
AT_LEAST = (
    "(min) => { const v = document.querySelector('#player'); return !!v && v.currentTime >= min; }"
)


@pytest.fixture(scope="module")
def course(site, tmp_path_factory):
    """A published course with one ready video, made through the API."""
    teacher = new_account(site, role="instructor", display_name="E2E Teacher")
    title = unique("Playback basics")
    course = create_course(site, teacher, title=title)
    clip = make_video(tmp_path_factory.mktemp("media") / "lesson.mp4", seconds=20, size="854x480")
    video = upload_video(site, teacher, course["id"], clip, title="Lesson one")
    caption = api(
        site,
        "POST",
        f"/api/videos/{video['id']}/captions",
        teacher,
        json={"language": "en", "label": "English"},
    )["upload"]
    sent = requests.put(caption["url"], data=VTT.encode(), headers=caption["headers"], timeout=10)
    assert sent.ok, sent.text[:300]
    api(site, "POST", f"/api/videos/{video['id']}/captions/en/complete", teacher)
    wait_ready(site, teacher, video["id"])
    return {"course": course, "video": video, "title": title}


def register(page, name: str) -> str:
    page.goto("/register.html")
    wait_ready_page(page)
    audit(page, "register")
    email = f"{unique('student')}@example.com"
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(re.compile(r"/$"))
    wait_ready_page(page)
    return email


def heartbeat(response) -> bool:
    return "/api/progress/videos/" in response.url and response.request.method == "PUT"


def test_student_journey(new_page, course):
    page = new_page()
    register(page, "Sam Student")
    assert page.get_by_role("button", name="Log out").is_visible()

    # Catalog: search finds the course; open it and enrol.
    page.goto(f"/catalog.html?q={course['title']}")
    wait_ready_page(page)
    page.get_by_role("link", name=course["title"]).wait_for()
    audit(page, "catalog")
    page.get_by_role("link", name=course["title"]).click()
    wait_ready_page(page)
    page.get_by_role("button", name="Enrol").click()
    page.get_by_role("button", name="Unenrol").wait_for()
    page.locator("#course-progress").get_by_text("videos completed").wait_for()
    audit(page, "course")

    # Watch: playback really advances, a pause sends a heartbeat with the played span.
    page.get_by_role("link", name=re.compile("Lesson one")).click()
    wait_ready_page(page)
    wait_until(page, AT_LEAST, 4)
    with page.expect_response(heartbeat) as sent:
        page.locator("#player").evaluate("v => v.pause()")
    saved = sent.value.json()["progress"]
    body = sent.value.request.post_data_json
    assert body["watched"] and body["watched"][0][1] > body["watched"][0][0]
    assert saved["position_s"] > 3.5
    audit(page, "watch")

    # Reload: the session survives (refresh cookie) and playback resumes near the saved point.
    page.reload()
    wait_ready_page(page)
    wait_until(page, AT_LEAST, 0.1)
    resumed = page.evaluate(PLAYING)
    assert saved["position_s"] - 1.5 <= resumed <= saved["position_s"] + 4, (saved, resumed)

    # Settings menu of the control bar: quality (hls.js levels), speed and captions.
    page.get_by_role("button", name="Settings").click()
    qualities = page.locator("#quality option").all_inner_texts()
    assert qualities[0].startswith("Auto"), qualities
    assert len(qualities) >= 2 and all(q.endswith("p") for q in qualities[1:]), qualities
    page.get_by_label("Quality").select_option(label="360p")
    page.get_by_label("Speed").select_option("1.5")
    assert page.evaluate("document.querySelector('#player').playbackRate") == 1.5
    page.get_by_label("Captions", exact=True).select_option(label="English")
    showing = "() => [...document.querySelector('#player').textTracks].map((t) => t.mode)"
    assert page.evaluate(showing) == ["showing"]

    # Keyboard: Esc closes the menu, K pauses, → jumps 5 s ahead.
    page.keyboard.press("Escape")
    page.locator("body").press("k")
    wait_until(page, "() => document.querySelector('#player').paused")
    before = page.evaluate(PLAYING)
    page.locator("body").press("ArrowRight")
    wait_until(page, AT_LEAST, before + 4)

    # Home: the video is in "continue watching", next to recommendations with their reasons.
    page.goto("/")
    wait_ready_page(page)
    page.locator("#continue-list").get_by_role("link", name="Lesson one").wait_for()
    page.locator("#recommended-list .card").first.wait_for()
    audit(page, "index")
    page.go_back()
    wait_ready_page(page)

    # Watchlist toggle, then the watchlist page lists the video.
    page.get_by_role("button", name="+ Watchlist").click()
    page.get_by_role("button", name="✓ In watchlist").wait_for()
    page.goto("/watchlist.html")
    wait_ready_page(page)
    page.get_by_role("link", name="Lesson one").wait_for()
    audit(page, "watchlist")

    page.goto("/learning.html")
    wait_ready_page(page)
    page.get_by_role("link", name=course["title"]).wait_for()
    audit(page, "learning")

    # Forum: start a thread, open it, reply.
    page.goto(f"/course.html?id={course['course']['id']}&tab=forum")
    wait_ready_page(page)
    page.get_by_role("button", name="New thread").click()
    page.get_by_label("Title").fill("How do I change the speed?")
    page.get_by_label("Message").fill("Is there a <b>faster</b> setting?")
    page.get_by_role("button", name="Post thread").click()
    page.get_by_role("link", name="How do I change the speed?").click()
    wait_ready_page(page)
    page.locator("#thread-post").get_by_text("Is there a <b>faster</b> setting?").wait_for()
    page.get_by_role("textbox", name="Your reply").fill("Found it: the Speed menu under the video.")
    page.get_by_role("button", name="Post reply").click()
    page.locator("#reply-list").get_by_text("Found it: the Speed menu under the video.").wait_for()
    audit(page, "forum-thread")


def test_profile_with_avatar_and_public_view(new_page, tmp_path):
    page = new_page()
    register(page, "Pat Profile")
    page.goto("/profile.html")
    wait_ready_page(page)
    page.get_by_label("Bio").fill("I like short videos.")
    page.get_by_role("button", name="Save profile").click()
    message(page, "#profile-saved", "Profile saved.").wait_for()
    assert_announced_once(page, "Profile saved.")
    page.get_by_label(re.compile("Choose an image")).set_input_files(
        str(make_png(tmp_path / "me.png"))
    )
    page.get_by_role("img", name="Preview of your new picture").wait_for()
    page.get_by_role("button", name="Upload picture").click()
    message(page, "#avatar-progress", "Picture updated.").wait_for()
    assert_announced_once(page, "Picture updated.")
    avatar = page.get_by_role("img", name="Avatar of Pat Profile")
    avatar.wait_for()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", avatar.element_handle())
    audit(page, "profile")
    page.get_by_role("link", name="See your public profile").click()
    wait_ready_page(page)
    page.locator("#page").get_by_text("I like short videos.").wait_for()
    audit(page, "user")

    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Log in").wait_for()
    page.reload()
    wait_ready_page(page)
    assert page.get_by_role("link", name="Log in").is_visible()
