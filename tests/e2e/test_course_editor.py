"""The course editor as an instructor uses it: server messages in plain words, Publish keeps
unsaved edits, analytics links, uploads by drag and drop with one progress indicator through
transcoding, a warning before leaving mid-upload, and an upload a reload cut off resumed (only
the missing parts) or discarded."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import requests
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.e2e_support import (
    LAPTOP_AND_PHONE,
    announced,
    api,
    audit,
    create_course,
    make_png,
    make_video,
    new_account,
    unique,
    wait_ready_page,
)
from tests.e2e.test_editing import login
from tests.e2e.test_instructor_journey import throttle_uploads

# The indicator once the bytes are sent.
SENT = ".video-progress[data-stage=processing], .video-progress[data-stage=ready]"

# Every caption the first video row's indicator shows, in order (from inside the page).
RECORD_STAGES = """() => {
  window.stages = [];
  const look = () => {
    const bar = document.querySelector('#video-list [data-video-id] [role=progressbar]');
    const text = bar && bar.getAttribute('aria-valuetext');
    if (text && window.stages[window.stages.length - 1] !== text) window.stages.push(text);
  };
  new MutationObserver(look).observe(document.getElementById('video-list'),
    {subtree: true, attributes: true, childList: true});
}"""

DROP = """([zone, files]) => {
  const transfer = new DataTransfer();
  for (const [b64, name, type] of files) {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    transfer.items.add(new File([bytes], name, { type }));
  }
  for (const kind of ["dragenter", "dragover", "drop"]) {
    const init = { dataTransfer: transfer, bubbles: true, cancelable: true };
    zone.dispatchEvent(new DragEvent(kind, init));
  }
}"""


def drop_files(page, selector: str, files: list[tuple[bytes, str, str]]) -> None:
    """Drop files (bytes, name, type) onto the element, as a file dragged from the desktop."""
    encoded = [[base64.b64encode(data).decode(), name, kind] for data, name, kind in files]
    page.locator(selector).evaluate("(zone, files) => (" + DROP + ")([zone, files])", encoded)


def test_messages_publish_and_analytics_links(new_page, site):
    teacher = new_account(site, role="instructor", display_name="Pia Publisher")
    page = new_page()
    login(page, teacher, "/teach.html")

    # A title of spaces passes the browser's `required` and is refused by the service.
    page.get_by_label("Title").fill("   ")
    page.get_by_label("Description").fill("Anything.")
    page.get_by_role("button", name="Create course").click()
    page.locator("#new-course-title-error").get_by_text("Give the course a title.").wait_for()
    assert page.locator("#new-course-form [role=alert]").inner_text() == "Give the course a title."
    assert "String should have" not in page.locator("#new-course-form").inner_text()

    course = create_course(site, teacher, title=unique("Unsaved"), published=False)
    page.reload()
    wait_ready_page(page)
    analytics = page.get_by_role("link", name=f"Analytics of {course['title']}")
    assert analytics.get_attribute("href") == f"/course-analytics.html?id={course['id']}"
    audit(page, "editor-teach", LAPTOP_AND_PHONE)

    page.get_by_role("link", name=f"Edit {course['title']}").click()
    wait_ready_page(page)
    link = page.get_by_role("link", name="Analytics", exact=True)
    assert link.get_attribute("href") == f"/course-analytics.html?id={course['id']}"
    # Edits not saved yet, then Publish: they go with it instead of being dropped.
    page.get_by_label("Description").fill("Edited, not saved, then published.")
    page.get_by_label("Tags").fill("fresh, tags")
    page.get_by_role("button", name="Publish").click()
    page.locator("#course-heading").get_by_text("Published").wait_for()
    announced(
        page, "Published: the course is in the catalog. Your unsaved changes were saved with it."
    ).wait_for(state="attached")
    stored = api(site, "GET", f"/api/courses/{course['id']}", teacher)["course"]
    assert stored["published"] is True
    assert stored["description"] == "Edited, not saved, then published."
    assert stored["tags"] == ["fresh", "tags"]
    # Nothing is pending any more: leaving does not ask.
    assert page.evaluate(LEAVING) is False
    page.get_by_label("Title").fill("")
    page.get_by_label("Title").fill("   ")
    page.get_by_role("button", name="Unpublish").click()
    page.locator("#details-title-error").get_by_text("Give the course a title.").wait_for()
    assert api(site, "GET", f"/api/courses/{course['id']}", teacher)["course"]["published"]
    assert page.evaluate(LEAVING) is True


# Whether the page would ask before being left (the beforeunload handler cancels the event).
LEAVING = """() => {
  const event = new Event("beforeunload", { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}"""


def test_dropped_files_upload_with_one_indicator_and_a_leave_warning(new_page, site, tmp_path):
    teacher = new_account(site, role="instructor")
    course = create_course(site, teacher, title=unique("Dropping"), published=False)
    page = new_page()
    login(page, teacher, f"/course-edit.html?id={course['id']}")
    clip = make_video(tmp_path / "dropped-lesson.mp4", seconds=5)
    page.evaluate(RECORD_STAGES)
    throttle_uploads(page, max(64 * 1024, clip.stat().st_size // 4))

    drop_files(page, "[data-testid=drop-zone]", [(b"not a video", "notes.txt", "text/plain")])
    refused = page.locator("#upload-status [role=alert]")
    refused.get_by_text("notes.txt is not a video file").wait_for()
    page.get_by_role("heading", name="Upload videos").click()  # a real gesture: Chromium asks
    drop_files(page, "[data-testid=drop-zone]", [(clip.read_bytes(), clip.name, "video/mp4")])
    row = page.locator("#video-list li", has_text="dropped-lesson")
    row.locator(".video-progress[data-stage=uploading]").wait_for()

    # Mid-upload, closing the tab asks first; staying keeps the upload going.
    assert page.evaluate(LEAVING) is True
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    deadline = 50
    while not asked and deadline:
        page.wait_for_timeout(100)
        deadline -= 1
    assert asked == ["beforeunload"] and not page.is_closed()

    throttle_uploads(page, -1)
    row.locator(".video-progress[data-stage=ready]").wait_for(timeout=240000)
    assert page.evaluate(LEAVING) is False
    stages = page.evaluate("window.stages")
    kinds = [re.sub(r" · .*", "", text) for text in stages]
    kinds = [kind for index, kind in enumerate(kinds) if index == 0 or kinds[index - 1] != kind]
    assert kinds[-3:] == ["Uploading", "Processing", "Ready"] or kinds[-2:] == [
        "Uploading",
        "Ready",
    ], stages
    uploaded = [int(t.split("· ")[1][:-1]) for t in stages if t.startswith("Uploading · ")]
    assert uploaded == sorted(uploaded) and any(0 < value < 100 for value in uploaded), stages
    assert row.locator("[role=progressbar]").count() == 1  # one indicator, nothing beside it
    video_id = row.get_attribute("data-video-id")
    assert row.get_by_role("link", name="Analytics of dropped-lesson").get_attribute("href") == (
        f"/video-analytics.html?id={video_id}"
    )
    announced(page, "dropped-lesson is ready.").wait_for(state="attached")

    # Chapters through the extras editor mounted in the row.
    row.get_by_role("button", name="Chapters and captions of dropped-lesson").click()
    row.get_by_role("button", name="Add chapter").click()
    row.get_by_label("Starts at").last.fill("0:02")
    row.get_by_label("Chapter title").last.fill("The middle")
    row.get_by_role("button", name="Save chapters").click()
    announced(page, "Chapters saved (1).").wait_for(state="attached")
    chapters = api(site, "GET", f"/api/videos/{video_id}", teacher)["video"]["chapters"]
    assert chapters == [{"start_s": 2, "title": "The middle"}]
    audit(page, "editor-uploads", LAPTOP_AND_PHONE)


def start_cut_off_upload(site, teacher, course_id: str, path: Path, parts_sent: int) -> dict:
    """Create a multipart upload and send only its first parts, as a tab closed mid-upload."""
    data = path.read_bytes()
    created = api(
        site,
        "POST",
        "/api/videos",
        teacher,
        json={
            "course_id": course_id,
            "title": path.stem,
            "filename": path.name,
            "content_type": "video/mp4",
            "size_bytes": len(data),
        },
    )
    upload = created["upload"]
    assert upload["method"] == "multipart" and len(upload["parts"]) > parts_sent
    size = upload["part_size"]
    for part in upload["parts"][:parts_sent]:
        number = part["part_number"]
        sent = requests.put(part["url"], data=data[(number - 1) * size : number * size], timeout=60)
        assert sent.ok, sent.text[:300]
        api(
            site,
            "PUT",
            f"/api/videos/{created['video']['id']}/upload/parts/{number}",
            teacher,
            json={"etag": sent.headers["ETag"]},
        )
    return created


def test_a_cut_off_upload_resumes_with_the_same_file_or_is_discarded(new_page, site, tmp_path):
    teacher = new_account(site, role="instructor")
    course = create_course(site, teacher, title=unique("Resuming"), published=False)
    # Over the test stack's 2 MiB multipart threshold: 1 MiB parts.
    clip = make_video(tmp_path / "long-lecture.mp4", seconds=32, size="1280x720")
    created = start_cut_off_upload(site, teacher, course["id"], clip, parts_sent=1)
    part_count = created["upload"]["part_count"]
    other = tmp_path / "abandoned.mp4"
    other.write_bytes(b"x" * 1000)
    abandoned = api(
        site,
        "POST",
        "/api/videos",
        teacher,
        json={
            "course_id": course["id"],
            "title": "abandoned",
            "filename": other.name,
            "content_type": "video/mp4",
            "size_bytes": 1000,
        },
    )["video"]

    page = new_page()
    login(page, teacher, f"/course-edit.html?id={course['id']}")
    row = page.locator("#video-list li", has_text="long-lecture")
    row.locator(".video-progress[data-stage=interrupted]").wait_for()
    row.get_by_text("This upload was cut off before it finished.").wait_for()
    audit(page, "editor-interrupted-upload", LAPTOP_AND_PHONE)

    # The wrong file is refused before anything is sent.
    with page.expect_file_chooser() as chooser:
        row.get_by_role("button", name="Resume upload of long-lecture").click()
    chooser.value.set_files(str(other))
    row.get_by_role("alert").get_by_text("is not the file this upload").wait_for()

    puts = []
    page.on(
        "request",
        lambda request: puts.append(request.url)
        if request.method == "PUT" and "partNumber=" in request.url
        else None,
    )
    with page.expect_file_chooser() as chooser:
        row.get_by_role("button", name="Resume upload of long-lecture").click()
    chooser.value.set_files(str(clip))
    row.locator(SENT).wait_for(timeout=60000)
    sent = sorted(int(re.search(r"partNumber=(\d+)", url).group(1)) for url in puts)
    assert sent == list(range(2, part_count + 1)), sent  # part 1 was kept, not sent again
    video_id = created["video"]["id"]
    status = api(site, "GET", f"/api/videos/{video_id}", teacher)["video"]["status"]
    assert status in ("processing", "ready")

    cut = page.locator("#video-list li", has_text="abandoned")
    cut.get_by_role("button", name="Discard the upload of abandoned").click()
    page.get_by_role("dialog").get_by_role("button", name="Discard").click()
    cut.wait_for(state="detached")
    auth = {"Authorization": f"Bearer {teacher.token}"}
    gone = site.request("GET", f"/api/videos/{abandoned['id']}", headers=auth)
    assert gone.status_code == 404


def drag(source, target) -> None:
    """Drag `source` onto `target` with the mouse, both on screen first: Playwright scrolls an
    off-screen target into view only after the button is down, and that scroll cancels the drag."""
    target.evaluate("(node) => node.scrollIntoView({ block: 'center' })")
    source.drag_to(target)


def drag_and_announce(page, source, target, text: str, stored) -> None:
    """Drag `source` onto `target` and wait for the page to announce `text`.

    On a loaded machine Chromium now and then drops a synthetic mouse drag before it starts
    (seen once in CI). The drag is tried again only when `stored()` shows the first one
    changed nothing, so a move that is saved but never announced still fails.
    """
    drag(source, target)
    try:
        announced(page, text).wait_for(state="attached", timeout=8000)
        return
    except PlaywrightTimeout:
        if not stored():
            drag(source, target)
    announced(page, text).wait_for(state="attached")


def section_titles(site, teacher, course_id: str) -> list[str]:
    """The course's section titles in order, as the API has them."""
    course = api(site, "GET", f"/api/courses/{course_id}", teacher)["course"]
    return [section["title"] for section in course["sections"]]


def test_sections_are_added_renamed_moved_and_deleted_and_a_cover_is_set(new_page, site, tmp_path):
    teacher = new_account(site, role="instructor")
    course = create_course(site, teacher, title=unique("Structured"), published=False)
    page = new_page()
    login(page, teacher, f"/course-edit.html?id={course['id']}")

    for title in ("Week 1", "Week 2", "Week 3"):
        page.get_by_label("New section").fill(title)
        page.get_by_role("button", name="Add section").click()
        page.get_by_role("heading", name=title, exact=True).wait_for()
    # Saving the details after section changes still works (the page follows the version).
    page.get_by_label("Description").fill("Three weeks of structure.")
    page.get_by_role("button", name="Save changes").click()
    page.locator("#details-status").get_by_text("Changes saved.").wait_for()

    page.get_by_role("button", name="Rename section Week 2").click()
    page.get_by_label("Section title").fill("Week two")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("heading", name="Week two", exact=True).wait_for()
    page.get_by_role("button", name="Move section Week 3 up").click()
    announced(page, "Section Week 3 moved up.").wait_for(state="attached")
    assert section_titles(site, teacher, course["id"]) == ["Week 1", "Week 3", "Week two"]
    # Drag and drop: Week two onto Week 1 takes its place.
    moved = ["Week two", "Week 1", "Week 3"]
    drag_and_announce(
        page,
        page.locator(".section-header", has_text="Week two"),
        page.locator(".section-header", has_text="Week 1"),
        "Section moved.",
        lambda: section_titles(site, teacher, course["id"]) == moved,
    )
    assert section_titles(site, teacher, course["id"]) == moved
    page.get_by_role("button", name="Delete section Week 3").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    page.get_by_role("heading", name="Week 3", exact=True).wait_for(state="detached")
    assert section_titles(site, teacher, course["id"]) == ["Week two", "Week 1"]

    # Videos go into sections through their Section menu (keyboard) or by drag and drop.
    first, second = (
        api(
            site,
            "POST",
            "/api/videos",
            teacher,
            json={
                "course_id": course["id"],
                "title": title,
                "filename": f"{title}.mp4",
                "content_type": "video/mp4",
                "size_bytes": 1000,
            },
        )["video"]
        for title in ("Lesson A", "Lesson B")
    )
    page.reload()
    wait_ready_page(page)
    sections = api(site, "GET", f"/api/courses/{course['id']}", teacher)["course"]["sections"]
    week_one = next(section for section in sections if section["title"] == "Week 1")
    page.locator("#video-list li", has_text="Lesson A").get_by_label("Section").select_option(
        label="Week 1"
    )
    announced(page, "Lesson A moved to Week 1.").wait_for(state="attached")
    drag_and_announce(
        page,
        page.locator("#video-list li", has_text="Lesson B"),
        page.locator(f".video-group[data-section-id='{week_one['id']}'] li", has_text="Lesson A"),
        "Lesson B moved.",
        lambda: any(
            video["title"] == "Lesson B" and video.get("section_id") == week_one["id"]
            for video in api(site, "GET", f"/api/videos?course_id={course['id']}", teacher)["items"]
        ),
    )
    stored = {
        video["title"]: video
        for video in api(site, "GET", f"/api/videos?course_id={course['id']}", teacher)["items"]
    }
    assert stored["Lesson A"]["section_id"] == stored["Lesson B"]["section_id"] == week_one["id"]
    assert stored["Lesson B"]["position"] < stored["Lesson A"]["position"]  # dropped before it
    group = page.locator(f".video-group[data-section-id='{week_one['id']}'] li")
    assert group.nth(0).get_attribute("data-video-id") == second["id"]
    assert group.nth(1).get_attribute("data-video-id") == first["id"]

    # An empty section title is refused in plain words.
    page.get_by_label("New section").fill("  ")
    page.get_by_role("button", name="Add section").click()
    page.locator("#new-section-form").get_by_text("Give the section a title.").first.wait_for()

    # The cover: a file that is not an image is refused before upload; a PNG is previewed.
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture")
    page.get_by_label("Cover image").set_input_files(str(notes))
    page.locator("#cover [role=alert]").get_by_text("is not a PNG, JPEG or WebP image").wait_for()
    page.get_by_label("Cover image").set_input_files(str(make_png(tmp_path / "cover.png", 320)))
    announced(page, "Cover image saved.").wait_for(state="attached")
    preview = page.get_by_role("img", name=f"Cover of {course['title']}")
    preview.wait_for()
    stored = api(site, "GET", f"/api/courses/{course['id']}", teacher)["course"]
    assert stored["cover_url"] and preview.get_attribute("src") == stored["cover_url"]
    assert page.evaluate("(img) => img.naturalWidth > 0", preview.element_handle())
    page.get_by_label("Replace the cover image").wait_for()
    audit(page, "editor-sections-cover", LAPTOP_AND_PHONE)

    # The same editor in Spanish and in dark mode: translated, still axe-clean.
    page.evaluate("() => localStorage.setItem('dread.lang', 'es')")
    page.evaluate("() => localStorage.setItem('dread.theme', 'dark')")
    page.reload()
    wait_ready_page(page)
    page.get_by_role("heading", name="Vídeos y secciones").wait_for()
    page.get_by_role("button", name="Añadir sección").wait_for()
    page.get_by_role("button", name="Renombrar la sección Week two").wait_for()
    assert page.evaluate("() => document.documentElement.dataset.bsTheme") == "dark"
    audit(page, "editor-sections-es-dark", LAPTOP_AND_PHONE)
