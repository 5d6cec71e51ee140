"""An instructor creates a course, uploads a video with a moving progress bar, waits for it to
be ready and publishes the course."""

from __future__ import annotations

import re

from tests.e2e.e2e_support import (
    announced,
    api,
    assert_announced_once,
    audit,
    make_video,
    message,
    new_account,
    unique,
    wait_ready_page,
)

VTT = "WEBVTT\n\n00:00.000 --> 00:03.000\nWelcome to the first lesson.\n"

# Watches the video's progress bar from inside the page: every value it shows while uploading.
RECORD_PROGRESS = """() => {
  window.uploadValues = [];
  new MutationObserver(() => {
    const bar = document.querySelector('.video-progress[data-stage=uploading] [role=progressbar]');
    if (bar) window.uploadValues.push(Number(bar.getAttribute('aria-valuenow')));
  }).observe(document.getElementById('video-list'),
             {subtree: true, attributes: true, childList: true});
}"""


def login(page, account) -> None:
    page.goto("/login.html")
    wait_ready_page(page)
    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/$"))
    wait_ready_page(page)


def throttle_uploads(page, bytes_per_second: int) -> None:
    """Slow the page's uploads down so the progress bar has time to move."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 0,
            "downloadThroughput": -1,
            "uploadThroughput": bytes_per_second,
        },
    )


def test_instructor_journey(new_page, site, tmp_path):
    teacher = new_account(site, role="instructor", display_name="Ines Instructor")
    page = new_page()
    login(page, teacher)

    page.get_by_role("link", name="Teach").click()
    wait_ready_page(page)
    page.locator("#more").get_by_text("You have no courses yet").wait_for()
    audit(page, "teach")
    title = unique("Filming at home")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Description").fill("Light, sound and a steady camera.")
    page.get_by_label("Category").select_option("Design")
    page.get_by_label("Tags").fill("video, lighting")
    page.get_by_role("button", name="Create course").click()
    page.wait_for_url(re.compile(r"/course-edit\.html\?id="))
    wait_ready_page(page)
    message(page, "#created-note", "Course created.").wait_for()

    clip = make_video(tmp_path / "first-lesson.mp4", seconds=5)
    size = clip.stat().st_size
    page.evaluate(RECORD_PROGRESS)
    throttle_uploads(page, max(64 * 1024, size // 4))
    # Choosing the file starts the upload; the video's title comes from the file name.
    page.get_by_label("Or choose video files").set_input_files(str(clip))
    row = page.locator("#video-list li", has_text="first-lesson")
    sent = ".video-progress[data-stage=processing], .video-progress[data-stage=ready]"
    row.locator(sent).wait_for(timeout=60000)
    throttle_uploads(page, -1)
    values = page.evaluate("window.uploadValues")
    assert any(0 < value < 100 for value in values), values
    assert values == sorted(values), values

    ready = page.locator("#video-list li[data-status=ready]", has_text="first-lesson")
    ready.wait_for(timeout=240000)
    ready.get_by_text("Ready").wait_for()
    audit(page, "course-edit")

    page.get_by_role("button", name="Publish").click()
    page.locator("#course-heading").get_by_text("Published").wait_for()
    course_id = page.url.split("id=")[1].split("&")[0]

    # Rename the video, add English captions.
    page.get_by_role("button", name="Rename first-lesson").click()
    page.get_by_label("New title").fill("Lighting a room")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("link", name="Lighting a room", exact=True).wait_for()
    video_id = page.locator("#video-list li", has_text="Lighting a room").get_attribute(
        "data-video-id"
    )
    page.get_by_role("button", name="Chapters and captions of Lighting a room").click()
    page.get_by_label("Language code").fill("en")
    page.get_by_label("Label").fill("English")
    vtt = tmp_path / "captions.vtt"
    vtt.write_text(VTT)
    page.get_by_label("WebVTT file (.vtt)").set_input_files(str(vtt))
    page.get_by_role("button", name="Upload captions").click()
    announced(page, "English captions uploaded and checked.").wait_for(state="attached")
    assert_announced_once(page, "English captions uploaded and checked.")
    page.get_by_role("list", name="Captions").get_by_text("English").wait_for()
    stream = api(site, "GET", f"/api/videos/{video_id}/stream", teacher)
    assert [(c["language"], c["label"]) for c in stream["captions"]] == [("en", "English")]

    # Reorder: a second video (created, not uploaded) moves above the first.
    second = api(
        site,
        "POST",
        "/api/videos",
        teacher,
        json={
            "course_id": course_id,
            "title": "Sound basics",
            "filename": "sound.mp4",
            "content_type": "video/mp4",
            "size_bytes": 1000,
            "position": 10,
        },
    )["video"]
    page.reload()
    wait_ready_page(page)
    page.get_by_role("button", name="Move Sound basics up").click()
    page.locator("#video-list li").first.get_by_text("Sound basics").wait_for()
    listed = api(site, "GET", f"/api/videos?course_id={course_id}", teacher)["items"]
    assert [video["id"] for video in listed][:2] == [second["id"], video_id]

    page.goto(f"/catalog.html?q={title}")
    wait_ready_page(page)
    page.get_by_role("link", name=title).wait_for()
