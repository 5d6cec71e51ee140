"""Captions, transcripts, course-wide search, chapters and stream renewal through NGINX,
on a really transcoded video (the presigned caption PUT goes through the S3 gate)."""

from __future__ import annotations

import uuid

import pytest
import requests

from tests.integration.test_videos import Course, _ok, upload_single, wait_until_done
from tests.media import make_video

GOOD = (
    "WEBVTT\n\n00:00.500 --> 00:01.500\nLeaves hold <b>chlorophyll</b>.\n\n"
    "00:02.000 --> 00:03.500\nChlorophyll absorbs red light.\n"
)
BAD = "WEBVTT\n\n00:00.500 --> 00:01.500\nFine\n\n00:02.000 --> 00:01.000\nBackwards\n"


@pytest.fixture(scope="module")
def lesson(stack, tmp_path_factory):
    """A course with one ready 4 s video."""
    course = Course(stack)
    path = make_video(
        tmp_path_factory.mktemp("media-extras") / "clip.mp4", seconds=4, size="640x360"
    )
    video = wait_until_done(stack, course, upload_single(stack, course, path)["id"])
    assert video["status"] == "ready", video
    return course, video


def _caption(stack, course, video_id, text, language="en"):
    """POST …/captions, PUT the file to the presigned URL, POST …/complete."""
    created = _ok(
        stack.request(
            "POST",
            f"/api/videos/{video_id}/captions",
            json={"language": language, "label": language.upper()},
            headers=course.instructor.headers,
        ),
        201,
    )["upload"]
    put = requests.put(created["url"], data=text.encode(), headers=created["headers"], timeout=30)
    assert put.status_code == 200, put.text
    return stack.request(
        "POST", f"/api/videos/{video_id}/captions/{language}/complete",
        headers=course.instructor.headers,
    )  # fmt: skip


def test_invalid_webvtt_is_refused_with_its_line(stack, lesson):
    course, video = lesson
    response = _caption(stack, course, video["id"], BAD, language="fr")
    assert response.status_code == 422, response.text
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert response.json()["errors"]["file"].startswith("line 6: ")
    listed = _ok(
        stack.get(f"/api/videos/{video['id']}/captions", headers=course.student.headers), 200
    )
    assert [c["language"] for c in listed["items"]] == []


def test_completed_caption_gives_list_stream_transcript_and_search(stack, lesson):
    course, video = lesson
    done = _ok(_caption(stack, course, video["id"], GOOD), 200)["caption"]
    assert done["status"] == "completed" and done["cue_count"] == 2
    assert requests.get(done["url"], timeout=10).text == GOOD
    student = course.student.headers
    listed = _ok(stack.get(f"/api/videos/{video['id']}/captions", headers=student), 200)
    assert [c["language"] for c in listed["items"]] == ["en"]
    urls = _ok(stack.get(f"/api/videos/{video['id']}/stream", headers=student), 200)
    assert [c["language"] for c in urls["captions"]] == ["en"]
    transcript = _ok(stack.get(f"/api/videos/{video['id']}/transcript", headers=student), 200)
    assert transcript["cues"][0] == {
        "start_s": 0.5,
        "end_s": 1.5,
        "text": "Leaves hold chlorophyll.",
    }
    found = _ok(
        stack.get(
            "/api/videos/search",
            params={"course_id": course.id, "q": "chlorophyll light"},
            headers=student,
        ),
        200,
    )["items"]
    assert [(h["video_id"], h["start_s"], h["text"]) for h in found] == [
        (video["id"], 2.0, "Chlorophyll absorbs red light.")
    ]
    stranger = stack.get(
        "/api/videos/search", params={"course_id": course.id, "q": "light"},
        headers=course.stranger.headers,
    )  # fmt: skip
    assert stranger.status_code == 403


def test_deleted_caption_is_gone_everywhere(stack, lesson):
    course, video = lesson
    done = _ok(_caption(stack, course, video["id"], GOOD, language="de"), 200)["caption"]
    response = stack.request(
        "DELETE", f"/api/videos/{video['id']}/captions/de", headers=course.instructor.headers
    )
    assert response.status_code == 204
    assert requests.get(done["url"], timeout=10).status_code == 404
    gone = stack.get(
        f"/api/videos/{video['id']}/transcript?language=de", headers=course.student.headers
    )
    assert gone.status_code == 404


def test_chapters_are_validated_against_the_duration(stack, lesson):
    course, video = lesson
    path = f"/api/videos/{video['id']}"
    chapters = [{"start_s": 0, "title": "Start"}, {"start_s": 2.5, "title": "Middle"}]
    patched = stack.request(
        "PATCH", path, json={"chapters": chapters}, headers=course.instructor.headers
    )
    assert _ok(patched, 200)["video"]["chapters"] == [
        {"start_s": 0.0, "title": "Start"},
        {"start_s": 2.5, "title": "Middle"},
    ]
    late = stack.request(
        "PATCH", path, json={"chapters": [{"start_s": 60, "title": "Past the end"}]},
        headers=course.instructor.headers,
    )  # fmt: skip
    assert late.status_code == 422 and "chapters.0.start_s" in late.json()["errors"]
    shown = _ok(stack.get(path, headers=course.student.headers), 200)["video"]
    assert [c["title"] for c in shown["chapters"]] == ["Start", "Middle"]


def test_unknown_section_is_422(stack, lesson):
    course, video = lesson
    response = stack.request(
        "PATCH", f"/api/videos/{video['id']}", json={"section_id": uuid.uuid4().hex},
        headers=course.instructor.headers,
    )  # fmt: skip
    assert response.status_code == 422 and "section_id" in response.json()["errors"]


def test_stream_can_be_renewed_with_fresh_urls(stack, lesson):
    course, video = lesson
    first = _ok(stack.get(f"/api/videos/{video['id']}/stream", headers=course.student.headers), 200)
    assert first["expires_in_s"] == 3600
    again = _ok(stack.get(f"/api/videos/{video['id']}/stream", headers=course.student.headers), 200)
    assert requests.get(again["hls_url"], timeout=10).status_code == 200
    assert requests.get(first["hls_url"], timeout=10).status_code == 200
