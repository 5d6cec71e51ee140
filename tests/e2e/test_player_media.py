"""Chapters, transcript and course-wide transcript search on a real stack: chapter marks on
the seek bar, the current chapter named, the chapter list seeks; the transcript panel
follows playback, seeks on click and searches; the seek bar previews the frame under the
pointer; the course search component lists a cue and opens its video at that time."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from tests.e2e.e2e_support import (
    api,
    audit,
    create_course,
    make_video,
    new_account,
    unique,
    upload_video,
    wait_ready,
    wait_ready_page,
    wait_until,
)
from tests.e2e.test_player import VIDEO, open_watch, put_caption

VTT = (
    "WEBVTT\n\n"
    "00:00.000 --> 00:04.000\nWelcome to the lesson on plants.\n\n"
    "00:04.000 --> 00:09.000\nLeaves are green because of chlorophyll.\n\n"
    "00:09.000 --> 00:14.000\nRoots take water from the soil.\n\n"
    "00:14.000 --> 00:20.000\nThat is all for today.\n"
)
CHAPTERS = [
    {"start_s": 0, "title": "Welcome"},
    {"start_s": 4, "title": "Leaves"},
    {"start_s": 9, "title": "Roots"},
]


@pytest.fixture(scope="module")
def plants(site, tmp_path_factory):
    """A captioned 20 s video with three chapters, and an enrolled student."""
    teacher = new_account(site, role="instructor")
    student = new_account(site)
    course = create_course(site, teacher, title=unique("Plants"))
    clip = make_video(tmp_path_factory.mktemp("plants") / "plants.mp4", seconds=20)
    video = upload_video(site, teacher, course["id"], clip, title="How plants live")
    put_caption(site, teacher, video["id"], VTT)
    wait_ready(site, teacher, video["id"])
    api(site, "PATCH", f"/api/videos/{video['id']}", teacher, json={"chapters": CHAPTERS})
    api(site, "PUT", f"/api/courses/{course['id']}/enrollment", student)
    return {"course": course, "video": video, "student": student}


def test_chapters_mark_the_bar_name_the_part_and_seek(new_page, plants):
    page = new_page()
    open_watch(page, plants["student"], plants["video"]["id"])
    page.locator("body").press("k")
    marks = page.locator(".player-marks .player-mark")
    assert marks.count() == 2  # the first chapter starts at 0: no mark there
    lefts = marks.evaluate_all("(ms) => ms.map((m) => parseFloat(m.style.left))")
    assert [round(x) for x in lefts] == [20, 45]
    chapters = page.get_by_test_id("chapter-list")
    chapters.get_by_role("button", name=re.compile("Roots")).click()
    wait_until(page, f"() => {VIDEO}.currentTime >= 9")
    current = page.get_by_test_id("current-chapter")
    wait_until(
        page,
        "() => document.querySelector('[data-testid=current-chapter]').textContent === 'Roots'",
    )
    assert current.inner_text() == "Roots"
    roots = chapters.get_by_role("button", name=re.compile("Roots"))
    assert roots.get_attribute("aria-current") == "true"


def test_transcript_follows_seeks_and_searches(new_page, plants):
    page = new_page()
    open_watch(page, plants["student"], plants["video"]["id"])
    panel = page.get_by_test_id("transcript-list")
    panel.get_by_role("button", name=re.compile("Roots take water")).click()
    wait_until(page, f"() => {VIDEO}.currentTime >= 9 && {VIDEO}.currentTime < 12")
    active = page.locator(".transcript-cue.active")
    wait_until(page, "() => !!document.querySelector('.transcript-cue.active')")
    assert "Roots take water" in active.inner_text()
    page.get_by_label("Search the transcript").fill("green chlorophyll")
    visible = panel.locator(".transcript-cue:not([hidden])")
    assert visible.count() == 1 and "Leaves are green" in visible.inner_text()
    assert page.locator("#transcript-count").inner_text() == "1 of 4 lines match."
    # the current chapter and cue are highlighted while axe looks, in both colour modes
    wait_until(page, "() => !!document.querySelector('.player-chapters > .active')")
    audit(page, "player-transcript")
    page.emulate_media(color_scheme="dark")
    wait_until(page, "() => document.documentElement.dataset.bsTheme === 'dark'")
    assert page.locator(".player-chapters > .active").count() == 1
    audit(page, "player-transcript-dark")


def test_seek_bar_hover_previews_the_frame_time_and_chapter(new_page, plants):
    page = new_page()
    open_watch(page, plants["student"], plants["video"]["id"])
    seek = page.get_by_role("slider", name="Seek")
    box = seek.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] / 2)
    preview = page.get_by_test_id("seek-preview")
    preview.wait_for()
    assert re.fullmatch(r"0:1[01] · Roots", preview.inner_text().strip()), preview.inner_text()
    # the storyboard's frame for that time: a tile of the presigned sprite sheet
    frame = page.get_by_test_id("storyboard-frame")
    frame.wait_for()
    style = frame.evaluate(
        "(f) => [f.style.backgroundImage, f.style.backgroundPosition, f.offsetWidth]"
    )
    assert "http" in style[0] and "X-Amz-" in style[0], style
    assert style[2] > 40, style
    loaded = page.evaluate(
        """async (url) => (await fetch(url)).ok""",
        re.search(r'url\("(.+)"\)', style[0]).group(1),
    )
    assert loaded  # the sprite itself answers (presigned, same origin)


def test_course_search_opens_the_video_at_the_cue(new_page, plants):
    page = new_page()
    # the course page's own "Transcripts" tab (the component in the page's module graph, so
    # it shares the page's signed-in API client)
    course_path = f"/course.html?id={plants['course']['id']}"
    page.goto(f"/login.html?next={quote(course_path)}")
    wait_ready_page(page)
    page.get_by_label("Email").fill(plants["student"].email)
    page.get_by_label("Password").fill(plants["student"].password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/course\.html\?id="))
    wait_ready_page(page)
    page.get_by_role("tab", name="Transcripts").click()
    pane = page.locator("#transcripts-pane")
    pane.get_by_label("Search what the videos say").fill("chlorophyll")
    pane.get_by_role("button", name="Search", exact=True).click()
    hit = page.get_by_test_id("transcript-results").get_by_role(
        "link", name=re.compile("How plants live")
    )
    hit.wait_for()
    assert "0:04" in hit.inner_text()
    assert "chlorophyll" in page.get_by_test_id("transcript-results").inner_text()
    hit.click()
    page.wait_for_url(re.compile(r"/watch\.html\?.*\bt=4\b"))
    wait_ready_page(page)
    wait_until(page, f"() => {VIDEO}.currentTime >= 4 && {VIDEO}.currentTime < 8")
