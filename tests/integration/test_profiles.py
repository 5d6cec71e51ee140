"""/api/profiles through NGINX on a private stack: every row of API.md's profiles table."""

import uuid

import pytest
import requests

from tests.accounts import auth_call, new_account

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def _problem(response, status):
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["Content-Type"].startswith("application/problem+json")
    return response.json()


def _upload(upload, body=PNG, filename="avatar.png"):
    """What a browser form does with the presigned POST: fields first, then the file."""
    return requests.post(
        upload["url"], data=upload["fields"], files={"file": (filename, body)}, timeout=10
    )


def test_my_profile_exists_from_registration_on(stack):
    account = new_account(stack, display_name="Newcomer")
    response = stack.get("/api/profiles/me", headers=account.headers)
    assert response.status_code == 200
    profile = response.json()["profile"]
    assert profile["user_id"] == account.id and profile["display_name"] == "Newcomer"
    assert profile["avatar_url"] is None and profile["bio"] == ""


def test_my_profile_without_token_is_401(stack):
    _problem(stack.get("/api/profiles/me"), 401)


def test_patch_my_profile_updates_and_renames_the_account(stack):
    account = new_account(stack)
    body = {
        "display_name": "Renamed",
        "bio": "Teaches <b>things</b>",
        "location": "Oslo",
        "website": "https://example.org/me",
    }
    response = stack.request("PATCH", "/api/profiles/me", json=body, headers=account.headers)
    assert response.status_code == 200
    profile = response.json()["profile"]
    assert {k: profile[k] for k in body} == body
    me = auth_call(stack, "GET", "/api/auth/me", headers=account.headers).json()["user"]
    assert me["display_name"] == "Renamed"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"bio": "x" * 2001}, "bio"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"display_name": ""}, "display_name"),
        ({"email": "me@example.com"}, "email"),
    ],
)
def test_patch_my_profile_invalid_is_422(stack, body, field):
    account = new_account(stack)
    response = stack.request("PATCH", "/api/profiles/me", json=body, headers=account.headers)
    assert field in _problem(response, 422)["errors"]


def test_patch_my_profile_without_token_is_401(stack):
    _problem(stack.request("PATCH", "/api/profiles/me", json={"bio": "x"}), 401)


def test_patch_with_stale_if_match_is_412(stack):
    account = new_account(stack)
    etag = stack.get("/api/profiles/me", headers=account.headers).headers["ETag"]
    headers = {**account.headers, "If-Match": etag}
    assert stack.request("PATCH", "/api/profiles/me", json={"bio": "1"}, headers=headers).ok
    _problem(stack.request("PATCH", "/api/profiles/me", json={"bio": "2"}, headers=headers), 412)


def test_avatar_upload_through_presigned_post_then_presigned_get(stack):
    account = new_account(stack)
    response = stack.request(
        "POST",
        "/api/profiles/me/avatar",
        json={"content_type": "image/png", "size_bytes": len(PNG)},
        headers=account.headers,
    )
    assert response.status_code == 201
    upload = response.json()["upload"]
    assert upload["method"] == "POST" and upload["url"].startswith(stack.url.split(":")[0])
    sent = _upload(upload)
    assert sent.status_code in (200, 201, 204), sent.text
    completed = stack.request("POST", "/api/profiles/me/avatar/complete", headers=account.headers)
    assert completed.status_code == 200, completed.text
    avatar_url = completed.json()["profile"]["avatar_url"]
    assert "X-Amz-Signature=" in avatar_url
    image = requests.get(avatar_url, timeout=10)
    assert image.status_code == 200 and image.content == PNG
    assert image.headers["Content-Type"] == "image/png"


def _ask_upload(stack, account, content_type="image/png", size=1024):
    response = stack.request(
        "POST",
        "/api/profiles/me/avatar",
        json={"content_type": content_type, "size_bytes": size},
        headers=account.headers,
    )
    assert response.status_code == 201, response.text
    return response.json()["upload"]


@pytest.mark.parametrize(
    ("change", "body", "status", "code"),
    [
        ({"Content-Type": "text/html"}, PNG, 403, "AccessDenied"),  # another type than signed
        ({"key": "avatars/someone-else/evil.png"}, PNG, 403, "AccessDenied"),  # another object
        ({}, b"", 400, "EntityTooSmall"),  # outside content-length-range 1..2 MiB (as S3 says)
    ],
)
def test_presigned_post_refuses_what_its_policy_does_not_allow(stack, change, body, status, code):
    account = new_account(stack)
    upload = _ask_upload(stack, account)
    tampered = {**upload, "fields": {**upload["fields"], **change}}
    refused = _upload(tampered, body=body)
    assert refused.status_code == status and f"<Code>{code}</Code>" in refused.text
    response = stack.request("POST", "/api/profiles/me/avatar/complete", headers=account.headers)
    _problem(response, 409)  # nothing arrived under the key the service chose


def test_avatar_complete_before_upload_is_409(stack):
    account = new_account(stack)
    stack.request(
        "POST",
        "/api/profiles/me/avatar",
        json={"content_type": "image/webp", "size_bytes": 10},
        headers=account.headers,
    )
    response = stack.request("POST", "/api/profiles/me/avatar/complete", headers=account.headers)
    _problem(response, 409)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"content_type": "image/gif", "size_bytes": 10}, "content_type"),
        ({"content_type": "image/png", "size_bytes": 2 * 1024 * 1024 + 1}, "size_bytes"),
    ],
)
def test_avatar_wrong_type_or_size_is_422(stack, body, field):
    account = new_account(stack)
    response = stack.request("POST", "/api/profiles/me/avatar", json=body, headers=account.headers)
    assert field in _problem(response, 422)["errors"]


def test_avatar_without_token_is_401(stack):
    body = {"content_type": "image/png", "size_bytes": 10}
    _problem(stack.request("POST", "/api/profiles/me/avatar", json=body), 401)


def test_public_profile_has_no_email(stack):
    owner = new_account(stack, display_name="Public Person")
    viewer = new_account(stack)
    response = stack.get(f"/api/profiles/{owner.id}", headers=viewer.headers)
    assert response.status_code == 200
    assert response.json()["profile"]["display_name"] == "Public Person"
    assert owner.email not in response.text and "email" not in response.json()["profile"]


def test_public_profile_of_unknown_user_is_404_and_needs_a_token(stack):
    viewer = new_account(stack)
    _problem(stack.get(f"/api/profiles/{uuid.uuid4()}", headers=viewer.headers), 404)
    _problem(stack.get(f"/api/profiles/{viewer.id}"), 401)
