"""POST /api/courses/{id}/cover[/complete], DELETE …/cover: presigned POST, webp renditions."""

import base64
import io
import json

from course_service.covers import MAX_COVER_BYTES, upload_key
from PIL import Image
from service_kit.pytest_plugin import TEST_BUCKET
from service_kit.testing import assert_problem


def _image(fmt: str = "PNG", size=(1600, 1200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 90)).save(buffer, fmt)
    return buffer.getvalue()


def _upload(s3, course_id: str, data: bytes, content_type: str = "image/png") -> None:
    s3.put_object(
        Bucket=TEST_BUCKET, Key=upload_key(course_id), Body=data, ContentType=content_type
    )


def test_upload_form_is_a_presigned_post_limited_to_type_and_5_mib(client, make_course, instructor):
    course = make_course()
    body = {"content_type": "image/webp", "size_bytes": 1000}
    response = client.post(
        f"/api/courses/{course['id']}/cover", json=body, headers=instructor.headers
    )
    assert response.status_code == 201
    answer = response.get_json()
    upload = answer["upload"]
    assert upload["method"] == "POST" and upload["max_bytes"] == MAX_COVER_BYTES
    assert upload["fields"]["key"] == upload_key(course["id"])
    policy = json.loads(base64.b64decode(upload["fields"]["policy"]))
    assert ["content-length-range", 1, MAX_COVER_BYTES] in policy["conditions"]
    assert {"Content-Type": "image/webp"} in policy["conditions"]
    assert answer["complete_url"] == f"/api/courses/{course['id']}/cover/complete"


def test_bad_upload_requests_are_422_naming_the_field(client, make_course, instructor):
    url = f"/api/courses/{make_course()['id']}/cover"
    too_big = {"content_type": "image/png", "size_bytes": MAX_COVER_BYTES + 1}
    assert (
        "size_bytes"
        in assert_problem(client.post(url, json=too_big, headers=instructor.headers), 422)["errors"]
    )
    svg = {"content_type": "image/svg+xml", "size_bytes": 10}
    assert (
        "content_type"
        in assert_problem(client.post(url, json=svg, headers=instructor.headers), 422)["errors"]
    )


def test_only_the_owner_or_an_admin_may_upload(client, make_course, student, person):
    url = f"/api/courses/{make_course()['id']}/cover"
    body = {"content_type": "image/png", "size_bytes": 10}
    assert_problem(client.post(url, json=body, headers=student.headers), 403)
    assert_problem(client.post(url, json=body, headers=person("instructor").headers), 403)
    assert_problem(client.post(url, json=body), 401)


def test_complete_reencodes_to_webp_sizes_and_removes_the_upload(
    client, make_course, instructor, s3
):
    course = make_course()
    _upload(s3, course["id"], _image("JPEG"), "image/jpeg")
    response = client.post(
        f"/api/courses/{course['id']}/cover/complete", headers=instructor.headers
    )
    assert response.status_code == 200, response.get_json()
    done = response.get_json()["course"]
    assert (
        set(done["cover_urls"]) == {"small", "large"}
        and done["cover_url"] == done["cover_urls"]["large"]
    )
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=TEST_BUCKET, Prefix="covers/")["Contents"]]
    assert upload_key(course["id"]) not in keys and len(keys) == 2
    for key in keys:
        head = s3.head_object(Bucket=TEST_BUCKET, Key=key)
        assert head["ContentType"] == "image/webp"
        image = Image.open(io.BytesIO(s3.get_object(Bucket=TEST_BUCKET, Key=key)["Body"].read()))
        assert image.format == "WEBP"
        assert image.size == ((480, 270) if key.endswith("-small.webp") else (1280, 720))
    again = client.get(f"/api/courses/{course['id']}").get_json()["course"]
    assert again["cover_urls"]["small"] == done["cover_urls"]["small"]  # reused: browser cache


def test_a_new_cover_replaces_the_old_objects(client, make_course, instructor, s3):
    course = make_course()
    for _ in range(2):
        _upload(s3, course["id"], _image())
        client.post(f"/api/courses/{course['id']}/cover/complete", headers=instructor.headers)
    assert len(s3.list_objects_v2(Bucket=TEST_BUCKET, Prefix="covers/")["Contents"]) == 2


def test_a_file_that_is_not_an_image_is_422_and_deleted(client, make_course, instructor, s3):
    course = make_course()
    _upload(s3, course["id"], b"<html><script>alert(1)</script></html>", "image/png")
    response = client.post(
        f"/api/courses/{course['id']}/cover/complete", headers=instructor.headers
    )
    assert "cover" in assert_problem(response, 422)["errors"]
    assert "Contents" not in s3.list_objects_v2(Bucket=TEST_BUCKET, Prefix="covers/")
    assert client.get(f"/api/courses/{course['id']}").get_json()["course"]["cover_url"] is None


def test_a_type_the_policy_would_refuse_is_422(client, make_course, instructor, s3):
    course = make_course()
    _upload(s3, course["id"], _image(), "image/svg+xml")
    assert_problem(
        client.post(f"/api/courses/{course['id']}/cover/complete", headers=instructor.headers), 422
    )


def test_complete_without_an_upload_is_409(client, make_course, instructor):
    course = make_course()
    assert_problem(
        client.post(f"/api/courses/{course['id']}/cover/complete", headers=instructor.headers), 409
    )


def test_delete_cover_and_course_remove_the_objects(client, make_course, instructor, s3):
    course = make_course()
    _upload(s3, course["id"], _image())
    client.post(f"/api/courses/{course['id']}/cover/complete", headers=instructor.headers)
    assert (
        client.delete(f"/api/courses/{course['id']}/cover", headers=instructor.headers).status_code
        == 204
    )
    assert client.get(f"/api/courses/{course['id']}").get_json()["course"]["cover_urls"] is None
    assert "Contents" not in s3.list_objects_v2(Bucket=TEST_BUCKET, Prefix="covers/")
    _upload(s3, course["id"], _image())
    client.post(f"/api/courses/{course['id']}/cover/complete", headers=instructor.headers)
    assert (
        client.delete(f"/api/courses/{course['id']}", headers=instructor.headers).status_code == 204
    )
    assert "Contents" not in s3.list_objects_v2(Bucket=TEST_BUCKET, Prefix="covers/")
