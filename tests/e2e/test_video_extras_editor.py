"""The editor's video extras component: chapters (add, save, a server refusal under its row)
and captions (a bad WebVTT file named by line, upload, list, delete after confirming)."""

from __future__ import annotations

from tests.e2e.e2e_support import (
    api,
    audit,
    create_course,
    make_video,
    new_account,
    unique,
    upload_video,
    wait_ready,
)
from tests.e2e.test_editing import login

MOUNT = """async (video) => {
  const page = document.querySelector('script[type=module][src*="/pages/"]').getAttribute('src');
  const base = page.slice(0, page.indexOf('/pages/'));
  const {mountVideoExtrasEditor} = await import(`${base}/components/video-extras-editor.js`);
  const box = document.createElement('section');
  box.id = 'extras-test';
  box.setAttribute('aria-label', 'Video extras');
  document.querySelector('main').append(box);
  mountVideoExtrasEditor(box, video);
}"""
GOOD = b"WEBVTT\n\n00:00.500 --> 00:02.000\nHello learners.\n"
BAD = b"WEBVTT\n\n00:00.500 --> 00:02.000\nHello\n\n00:03.000 00:04.000\nNo arrow\n"


def test_instructor_edits_chapters_and_captions(new_page, site, tmp_path):
    teacher = new_account(site, role="instructor", display_name="Cap Tioner")
    course = create_course(site, teacher, title=unique("Extras"))
    clip = make_video(tmp_path / "clip.mp4", seconds=6)
    video = wait_ready(
        site, teacher, upload_video(site, teacher, course["id"], clip, title="Clip")["id"]
    )
    page = new_page()
    login(page, teacher, f"/course-edit.html?id={course['id']}")
    page.evaluate(MOUNT, video)
    box = page.locator("#extras-test")

    # chapters: two rows saved, sorted by the time
    box.get_by_role("button", name="Add chapter").click()
    box.get_by_label("Starts at").nth(0).fill("0:03")
    box.get_by_label("Chapter title").nth(0).fill("Middle")
    box.get_by_role("button", name="Add chapter").click()
    box.get_by_label("Starts at").nth(1).fill("1")
    box.get_by_label("Chapter title").nth(1).fill("Intro")
    box.get_by_role("button", name="Save chapters").click()
    page.locator("#live-status").get_by_text("Chapters saved (2).").wait_for()
    saved = api(site, "GET", f"/api/videos/{video['id']}", teacher)["video"]["chapters"]
    assert saved == [{"start_s": 1.0, "title": "Intro"}, {"start_s": 3.0, "title": "Middle"}]
    assert box.get_by_label("Chapter title").nth(0).input_value() == "Intro"

    # a chapter past the end: the server's refusal shows under that row's time
    box.get_by_role("button", name="Add chapter").click()
    box.get_by_label("Starts at").nth(2).fill("9:00")
    box.get_by_label("Chapter title").nth(2).fill("Too late")
    box.get_by_role("button", name="Save chapters").click()
    late = box.get_by_label("Starts at").nth(2)
    box.locator(".is-invalid").first.wait_for()
    assert "is-invalid" in (late.get_attribute("class") or "")
    assert "end of the video" in box.locator(".invalid-feedback").first.inner_text()
    box.get_by_role("button", name="Remove chapter 3").click()

    # captions: a bad file is refused with its line, a good one is listed, then deleted
    box.get_by_label("Language code").fill("en")
    box.get_by_label("Label").fill("English")
    files = box.get_by_label("WebVTT file (.vtt)")
    files.set_input_files({"name": "bad.vtt", "mimeType": "text/vtt", "buffer": BAD})
    box.get_by_role("button", name="Upload captions").click()
    box.get_by_role("alert").filter(has_text="line 6").wait_for()
    files.set_input_files({"name": "good.vtt", "mimeType": "text/vtt", "buffer": GOOD})
    box.get_by_role("button", name="Upload captions").click()
    row = (
        box.get_by_role("list", name="Captions").get_by_role("listitem").filter(has_text="English")
    )
    row.wait_for()
    assert "1 cues" in row.inner_text()
    audit(page, "video-extras-editor")
    box.get_by_role("button", name="Delete captions English (en)").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    box.get_by_text("No captions yet.").wait_for()
    assert api(site, "GET", f"/api/videos/{video['id']}/captions", teacher)["items"] == []
