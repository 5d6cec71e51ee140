"""Video CRUD, upload planning and permissions (course service faked)."""

import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from service_kit.testing import assert_problem

from .conftest import PART_SIZE, SMALL_THRESHOLD


def new_video(client, people, _headers=None, **changes):
    body = {
        "course_id": people.course_id,
        "title": "Intro",
        "filename": "intro.mp4",
        "content_type": "video/mp4",
        "size_bytes": 1000,
        **changes,
    }
    return client.post("/api/videos", json=body, headers=_headers or people.instructor)


def test_create_video_small_file_gives_one_presigned_put(client, people, settings):
    response = new_video(client, people)
    assert response.status_code == 201
    body = response.get_json()
    video, upload = body["video"], body["upload"]
    assert video["status"] == "uploading" and video["course_id"] == people.course_id
    assert video["renditions"] == [] and video["thumbnail_url"] is None
    assert upload["method"] == "PUT"
    assert f"videos/{video['id']}/source?" in upload["url"]
    assert "X-Amz-Signature=" in upload["url"]
    assert upload["headers"] == {"Content-Type": "video/mp4", "Content-Length": "1000"}


def test_create_video_put_url_signs_the_length_and_lives_15_minutes(client, people):
    upload = new_video(client, people, size_bytes=1234).get_json()["upload"]
    query = parse_qs(urlsplit(upload["url"]).query)
    assert query["X-Amz-SignedHeaders"] == ["content-length;content-type;host"]
    assert int(query["X-Amz-Expires"][0]) <= 15 * 60


def test_create_video_large_file_gives_multipart_parts(client, people):
    size = SMALL_THRESHOLD + PART_SIZE + 10
    upload = new_video(client, people, size_bytes=size).get_json()["upload"]
    assert upload["method"] == "multipart" and upload["upload_id"]
    assert upload["part_size"] == PART_SIZE
    assert [p["part_number"] for p in upload["parts"]] == [1, 2, 3]
    assert all("partNumber=" in p["url"] and "uploadId=" in p["url"] for p in upload["parts"])


def test_create_video_key_never_comes_from_filename(client, people):
    body = new_video(client, people, filename="../../etc/passwd.mp4").get_json()
    assert "passwd" not in body["upload"]["url"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"content_type": "image/png", "filename": "a.png"}, "content_type"),
        ({"filename": "movie.avi"}, "filename"),
        ({"size_bytes": 0}, "size_bytes"),
        ({"size_bytes": 200 * 1024 * 1024}, "size_bytes"),
        ({"title": ""}, "title"),
        ({"colour": "red"}, "colour"),
        ({"position": -1}, "position"),
    ],
)
def test_create_video_bad_input_is_422_naming_the_field(client, people, changes, field):
    body = assert_problem(new_video(client, people, **changes), 422)
    assert field in body["errors"]


@pytest.mark.parametrize(
    ("content_type", "filename"),
    [("video/quicktime", "a.MOV"), ("video/webm", "a.webm"), ("video/x-matroska", "a.mkv")],
)
def test_create_video_accepts_each_video_type(client, people, content_type, filename):
    response = new_video(client, people, content_type=content_type, filename=filename)
    assert response.status_code == 201


def test_create_video_by_enrolled_student_is_403(client, people):
    body = {
        "course_id": people.course_id,
        "title": "x",
        "filename": "a.mp4",
        "content_type": "video/mp4",
        "size_bytes": 5,
    }
    assert_problem(client.post("/api/videos", json=body, headers=people.student), 403)


def test_create_video_in_unknown_course_is_404(client, people):
    assert_problem(new_video(client, people, course_id=uuid.uuid4().hex), 404)


def test_create_video_anonymous_is_401(client, people):
    assert_problem(client.post("/api/videos", json={}), 401)


def test_list_videos_is_ordered_by_position(client, people):
    ids = [
        new_video(client, people, title=t, position=p).get_json()["video"]["id"]
        for t, p in (("b", 5), ("a", 1), ("c", 9))
    ]
    appended = new_video(client, people, title="d").get_json()["video"]
    assert appended["position"] == 10
    listed = client.get(f"/api/videos?course_id={people.course_id}", headers=people.student)
    assert listed.status_code == 200
    assert [v["id"] for v in listed.get_json()["items"]] == [ids[1], ids[0], ids[2], appended["id"]]


def test_list_videos_of_published_course_is_public(client, people):
    new_video(client, people)
    response = client.get(f"/api/videos?course_id={people.course_id}")
    assert response.status_code == 200 and len(response.get_json()["items"]) == 1


def test_list_videos_of_draft_course_is_404_to_others(client, people, courses, tokens):
    draft = courses.add(uuid.uuid4().hex, published=False)
    assert_problem(client.get(f"/api/videos?course_id={draft}"), 404)
    assert_problem(client.get(f"/api/videos?course_id={draft}", headers=people.student), 404)
    admin = client.get(f"/api/videos?course_id={draft}", headers=people.admin)
    assert admin.status_code == 200 and admin.get_json() == {"items": []}


def test_list_videos_without_course_id_is_400(client):
    assert_problem(client.get("/api/videos"), 400)


def test_get_video_of_draft_course_is_404_for_stranger(client, people, courses):
    video = new_video(client, people).get_json()["video"]
    courses.items[people.course_id]["published"] = False
    assert_problem(client.get(f"/api/videos/{video['id']}", headers=people.stranger), 404)
    assert client.get(f"/api/videos/{video['id']}", headers=people.instructor).status_code == 200


def test_update_video_changes_fields_and_order(client, people):
    first = new_video(client, people, title="one").get_json()["video"]
    second = new_video(client, people, title="two").get_json()["video"]
    response = client.patch(
        f"/api/videos/{second['id']}", json={"title": "Two"}, headers=people.instructor
    )
    assert response.status_code == 200
    assert response.get_json()["video"]["title"] == "Two"
    # move the first video after the second (positions 0 and 1 become 2 and 1: no tie)
    moved = client.patch(
        f"/api/videos/{first['id']}", json={"position": 2}, headers=people.instructor
    )
    assert moved.status_code == 200 and moved.get_json()["video"]["position"] == 2
    listed = client.get(f"/api/videos?course_id={people.course_id}").get_json()["items"]
    assert [v["id"] for v in listed] == [second["id"], first["id"]]


@pytest.mark.parametrize("body", [{}, {"title": None}, {"status": "ready"}])
def test_update_video_bad_body_is_422(client, people, body):
    video = new_video(client, people).get_json()["video"]
    assert_problem(
        client.patch(f"/api/videos/{video['id']}", json=body, headers=people.instructor), 422
    )


def test_update_video_by_student_is_403(client, people):
    video = new_video(client, people).get_json()["video"]
    response = client.patch(
        f"/api/videos/{video['id']}", json={"title": "x"}, headers=people.student
    )
    assert_problem(response, 403)


def test_delete_video_removes_every_object(client, people, s3, settings):
    video = new_video(client, people).get_json()["video"]
    for key in ("source", "hls/360p/seg_00000.ts", "thumbnail.jpg", "captions/en.vtt"):
        s3.put_object(Bucket=settings.bucket, Key=f"videos/{video['id']}/{key}", Body=b"x")
    response = client.delete(f"/api/videos/{video['id']}", headers=people.admin)
    assert response.status_code == 204
    listed = s3.list_objects_v2(Bucket=settings.bucket, Prefix=f"videos/{video['id']}/")
    assert listed.get("KeyCount", 0) == 0
    assert_problem(client.get(f"/api/videos/{video['id']}"), 404)


def test_delete_video_by_stranger_is_403(client, people):
    video = new_video(client, people).get_json()["video"]
    assert_problem(client.delete(f"/api/videos/{video['id']}", headers=people.stranger), 403)


def test_lookup_videos_returns_only_existing(client, people):
    kept = new_video(client, people).get_json()["video"]
    gone = new_video(client, people).get_json()["video"]
    client.delete(f"/api/videos/{gone['id']}", headers=people.instructor)
    ids = ",".join([kept["id"], gone["id"], uuid.uuid4().hex])
    response = client.get(f"/api/videos/lookup?ids={ids}", headers=people.stranger)
    assert response.status_code == 200
    assert [v["id"] for v in response.get_json()["items"]] == [kept["id"]]


@pytest.mark.parametrize("ids", ["", ",".join(str(i) for i in range(101))])
def test_lookup_videos_bad_ids_is_400(client, people, ids):
    assert_problem(client.get(f"/api/videos/lookup?ids={ids}", headers=people.student), 400)


def test_lookup_videos_anonymous_is_401(client):
    assert_problem(client.get("/api/videos/lookup?ids=a"), 401)


def test_lookup_videos_leaves_out_drafts_for_others(client, people, courses, tokens):
    shown = new_video(client, people).get_json()["video"]
    draft_owner = uuid.uuid4().hex
    draft = courses.add(draft_owner, published=False, enrolled=[])
    owner = tokens.headers(draft_owner, "instructor")
    hidden = new_video(client, people, course_id=draft, _headers=owner).get_json()["video"]
    ids = f"{shown['id']},{hidden['id']}"
    for headers in (people.stranger, people.student, people.instructor):
        answer = client.get(f"/api/videos/lookup?ids={ids}", headers=headers).get_json()
        assert [v["id"] for v in answer["items"]] == [shown["id"]]
    for headers in (owner, people.admin):
        answer = client.get(f"/api/videos/lookup?ids={ids}", headers=headers).get_json()
        assert [v["id"] for v in answer["items"]] == [shown["id"], hidden["id"]]


def test_lookup_videos_leaves_out_videos_of_a_deleted_course(client, people, courses):
    video = new_video(client, people).get_json()["video"]
    del courses.items[people.course_id]  # the course service now answers 404 for it
    for headers in (people.stranger, people.instructor, people.admin):
        answer = client.get(f"/api/videos/lookup?ids={video['id']}", headers=headers).get_json()
        assert answer["items"] == []
