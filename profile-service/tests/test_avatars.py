"""POST /api/profiles/me/avatar (presigned POST), /complete (HEAD-checked), DELETE."""

import base64
import json

import pytest
from service_kit.pytest_plugin import TEST_BUCKET
from service_kit.testing import assert_problem

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _ask(client, headers, content_type="image/png", size=72):
    return client.post(
        "/api/profiles/me/avatar",
        json={"content_type": content_type, "size_bytes": size},
        headers=headers,
    )


def _upload(s3, upload, body=PNG, content_type=None):
    """What the browser's form POST does, done with the key and type S3 would accept."""
    fields = upload["fields"]
    s3.put_object(
        Bucket=TEST_BUCKET,
        Key=fields["key"],
        Body=body,
        ContentType=content_type or fields["Content-Type"],
    )


def _complete(client, headers):
    return client.post("/api/profiles/me/avatar/complete", headers=headers)


def test_avatar_upload_is_a_presigned_post_with_conditions(client, user):
    user_id, headers = user()
    response = _ask(client, headers, "image/webp", 1234)
    assert response.status_code == 201
    upload = response.get_json()["upload"]
    assert upload["method"] == "POST" and upload["url"]
    fields = upload["fields"]
    assert fields["key"].startswith(f"avatars/{user_id}/") and fields["key"].endswith(".webp")
    assert fields["Content-Type"] == "image/webp"
    policy = json.loads(base64.b64decode(fields["policy"]))
    conditions = policy["conditions"]
    assert ["content-length-range", 1, 2 * 1024 * 1024] in conditions
    assert {"Content-Type": "image/webp"} in conditions
    assert {"key": fields["key"]} in conditions
    assert response.get_json()["complete_url"] == "/api/profiles/me/avatar/complete"


def test_avatar_keys_are_chosen_by_the_service_and_never_repeat(client, user):
    _user_id, headers = user()
    first = _ask(client, headers).get_json()["upload"]["fields"]["key"]
    second = _ask(client, headers).get_json()["upload"]["fields"]["key"]
    assert first != second


@pytest.mark.parametrize(
    ("content_type", "size", "field"),
    [
        ("image/gif", 100, "content_type"),
        ("image/svg+xml", 100, "content_type"),
        ("text/html", 100, "content_type"),
        ("image/png", 0, "size_bytes"),
        ("image/png", 2 * 1024 * 1024 + 1, "size_bytes"),
    ],
)
def test_avatar_wrong_type_or_size_is_422(client, user, content_type, size, field):
    _user_id, headers = user()
    body = assert_problem(_ask(client, headers, content_type, size), 422)
    assert field in body["errors"]


def test_avatar_without_token_is_401(client):
    assert_problem(client.post("/api/profiles/me/avatar", json={}), 401)


def test_avatar_complete_sets_a_presigned_avatar_url(client, user, s3):
    user_id, headers = user()
    upload = _ask(client, headers).get_json()["upload"]
    _upload(s3, upload)
    response = _complete(client, headers)
    assert response.status_code == 200
    url = response.get_json()["profile"]["avatar_url"]
    assert upload["fields"]["key"] in url and "X-Amz-Signature=" in url and "X-Amz-Expires" in url
    _viewer, viewer_headers = user()
    public = client.get(f"/api/profiles/{user_id}", headers=viewer_headers).get_json()["profile"]
    assert upload["fields"]["key"] in public["avatar_url"]


def test_avatar_complete_before_upload_is_409(client, user):
    _user_id, headers = user()
    _ask(client, headers)
    assert_problem(_complete(client, headers), 409)


def test_avatar_complete_without_request_is_409(client, user):
    _user_id, headers = user()
    assert_problem(_complete(client, headers), 409)


def test_avatar_complete_refuses_and_deletes_a_wrong_file(client, user, s3):
    _user_id, headers = user()
    upload = _ask(client, headers).get_json()["upload"]
    _upload(s3, upload, body=b"<html>", content_type="text/html")
    assert_problem(_complete(client, headers), 422)
    listed = s3.list_objects_v2(Bucket=TEST_BUCKET, Prefix=upload["fields"]["key"])
    assert listed.get("KeyCount", 0) == 0
    assert (
        client.get("/api/profiles/me", headers=headers).get_json()["profile"]["avatar_url"] is None
    )


def test_new_avatar_replaces_and_deletes_the_old_object(client, user, s3):
    _user_id, headers = user()
    first = _ask(client, headers).get_json()["upload"]
    _upload(s3, first)
    _complete(client, headers)
    second = _ask(client, headers, "image/jpeg", 10).get_json()["upload"]
    _upload(s3, second, body=b"\xff\xd8\xff" + b"0" * 7)
    assert _complete(client, headers).status_code == 200
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=TEST_BUCKET).get("Contents", [])]
    assert second["fields"]["key"] in keys and first["fields"]["key"] not in keys


def test_delete_avatar_is_204_and_clears_the_url(client, user, s3):
    _user_id, headers = user()
    upload = _ask(client, headers).get_json()["upload"]
    _upload(s3, upload)
    _complete(client, headers)
    assert client.delete("/api/profiles/me/avatar", headers=headers).status_code == 204
    profile = client.get("/api/profiles/me", headers=headers).get_json()["profile"]
    assert profile["avatar_url"] is None
