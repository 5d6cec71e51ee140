"""PUT/DELETE /internal/courses/{id}/videos/{video_id}: video_count and total_duration_s."""

import uuid

import pytest


@pytest.fixture
def report(client, tokens):
    """report(course_id, video_id, seconds or None) → status of the video service's call."""

    def send(course_id, video_id, seconds):
        url = f"/internal/courses/{course_id}/videos/{video_id}"
        headers = tokens.service_headers("video")
        if seconds is None:
            return client.delete(url, headers=headers).status_code
        return client.put(url, json={"duration_s": seconds}, headers=headers).status_code

    return send


def _totals(client, course_id):
    course = client.get(f"/api/courses/{course_id}").get_json()["course"]
    return course["video_count"], course["total_duration_s"]


def test_ready_and_deleted_videos_are_counted_exactly_once(client, make_course, report):
    course_id = make_course()["id"]
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    assert report(course_id, first, 61.5) == 204
    assert report(course_id, first, 61.5) == 204  # a repeated report changes nothing
    assert report(course_id, second, 30.25) == 204
    assert _totals(client, course_id) == (2, 91.75)
    assert report(course_id, second, 40.25) == 204  # a corrected duration replaces the old
    assert _totals(client, course_id) == (2, 101.75)
    assert report(course_id, first, None) == 204
    assert report(course_id, first, None) == 204
    assert _totals(client, course_id) == (1, 40.25)


def test_reports_need_a_service_token(client, make_course, instructor):
    url = f"/internal/courses/{make_course()['id']}/videos/{uuid.uuid4()}"
    assert client.put(url, json={"duration_s": 1}, headers=instructor.headers).status_code in (
        401,
        403,
    )


def test_report_for_an_unknown_course_is_404_and_bad_duration_422(client, report, make_course):
    assert report(str(uuid.uuid4()), str(uuid.uuid4()), 5) == 404
    assert report(str(uuid.uuid4()), str(uuid.uuid4()), None) == 204
    assert report(make_course()["id"], str(uuid.uuid4()), -1) == 422


def test_course_edits_keep_the_counts(client, make_course, instructor, report):
    course_id = make_course()["id"]
    report(course_id, str(uuid.uuid4()), 10)
    client.patch(f"/api/courses/{course_id}", json={"title": "New"}, headers=instructor.headers)
    assert _totals(client, course_id) == (1, 10.0)
