"""A video's section (one of the course's current sections) and its chapters."""

import pytest
from service_kit.testing import assert_problem

from .test_api import new_video
from .test_upload_stream import make_ready


@pytest.fixture
def ready_video(app, client, people, s3, settings):
    """A ready video (120 s) of the people's course."""
    video = new_video(client, people).get_json()["video"]
    make_ready(app, s3, settings, video["id"])
    return video


def _patch(client, people, video_id, body, headers=None):
    return client.patch(f"/api/videos/{video_id}", json=body, headers=headers or people.instructor)


CHAPTERS = [{"start_s": 0, "title": "Welcome"}, {"start_s": 42.5, "title": "Light"}]


def test_chapters_set_and_shown(client, people, ready_video):
    response = _patch(client, people, ready_video["id"], {"chapters": CHAPTERS})
    assert response.status_code == 200
    assert response.get_json()["video"]["chapters"] == [
        {"start_s": 0.0, "title": "Welcome"},
        {"start_s": 42.5, "title": "Light"},
    ]
    shown = client.get(f"/api/videos/{ready_video['id']}", headers=people.student).get_json()
    assert [c["title"] for c in shown["video"]["chapters"]] == ["Welcome", "Light"]
    cleared = _patch(client, people, ready_video["id"], {"chapters": []}).get_json()
    assert cleared["video"]["chapters"] == []


@pytest.mark.parametrize(
    ("chapters", "field"),
    [
        ([{"start_s": 10, "title": "B"}, {"start_s": 5, "title": "A"}], "chapters"),
        ([{"start_s": 5, "title": "A"}, {"start_s": 5, "title": "B"}], "chapters"),
        ([{"start_s": 0, "title": "A"}, {"start_s": 120, "title": "End"}], "chapters.1.start_s"),
        ([{"start_s": -1, "title": "A"}], "chapters.0.start_s"),
        ([{"start_s": 1, "title": ""}], "chapters.0.title"),
        ([{"start_s": 1}], "chapters.0.title"),
        ([{"start_s": 1, "title": "A", "colour": "red"}], "chapters.0.colour"),
        ([{"start_s": float(i), "title": "x"} for i in range(101)], "chapters"),
    ],
)
def test_bad_chapters_are_422_naming_the_field(client, people, ready_video, chapters, field):
    body = assert_problem(_patch(client, people, ready_video["id"], {"chapters": chapters}), 422)
    assert field in body["errors"], body["errors"]


def test_chapters_before_transcoding_are_422(client, people):
    video = new_video(client, people).get_json()["video"]
    body = assert_problem(_patch(client, people, video["id"], {"chapters": CHAPTERS}), 422)
    assert "chapters" in body["errors"]


def test_chapters_by_student_are_403(client, people, ready_video):
    response = _patch(client, people, ready_video["id"], {"chapters": CHAPTERS}, people.student)
    assert_problem(response, 403)


def test_section_set_on_create_and_patch(client, people, courses, ready_video):
    courses.items[people.course_id]["sections"] = {"s1", "s2"}
    created = new_video(client, people, section_id="s1")
    assert created.status_code == 201
    assert created.get_json()["video"]["section_id"] == "s1"
    moved = _patch(client, people, ready_video["id"], {"section_id": "s2"}).get_json()["video"]
    assert moved["section_id"] == "s2"
    unsectioned = _patch(client, people, ready_video["id"], {"section_id": None}).get_json()
    assert unsectioned["video"]["section_id"] is None


def test_unknown_section_is_422(client, people, courses, ready_video):
    courses.items[people.course_id]["sections"] = {"s1"}
    body = assert_problem(_patch(client, people, ready_video["id"], {"section_id": "zz"}), 422)
    assert "section_id" in body["errors"]
    assert "section_id" in assert_problem(new_video(client, people, section_id="zz"), 422)["errors"]


def test_deleted_section_reads_as_null(client, people, courses, ready_video):
    courses.items[people.course_id]["sections"] = {"s1"}
    _patch(client, people, ready_video["id"], {"section_id": "s1"})
    courses.items[people.course_id]["sections"] = set()
    shown = client.get(f"/api/videos/{ready_video['id']}", headers=people.student).get_json()
    assert shown["video"]["section_id"] is None
    listed = client.get(f"/api/videos?course_id={people.course_id}").get_json()["items"]
    assert [v["section_id"] for v in listed] == [None]


def test_patch_null_title_still_refused(client, people, ready_video):
    assert_problem(_patch(client, people, ready_video["id"], {"title": None}), 422)
