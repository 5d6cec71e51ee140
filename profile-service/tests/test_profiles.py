"""GET/PATCH /api/profiles/me and GET /api/profiles/{user_id}."""

import uuid

import pytest
from service_kit.testing import assert_problem

FIELDS = {
    "user_id", "display_name", "bio", "location", "website", "avatar_url", "version", "updated_at"
}  # fmt: skip


def test_get_me_creates_profile_from_the_account(client, user, fake_auth):
    user_id, headers = user("Ada Lovelace")
    response = client.get("/api/profiles/me", headers=headers)
    assert response.status_code == 200
    profile = response.get_json()["profile"]
    assert set(profile) == FIELDS
    assert profile["user_id"] == user_id and profile["display_name"] == "Ada Lovelace"
    assert profile["bio"] == "" and profile["website"] is None and profile["avatar_url"] is None
    calls = len(fake_auth.calls)
    assert client.get("/api/profiles/me", headers=headers).status_code == 200
    assert len(fake_auth.calls) == calls  # created once, then read locally


def test_get_me_without_token_is_401(client):
    assert_problem(client.get("/api/profiles/me"), 401)


def test_get_me_when_auth_is_down_is_503(client, user, fake_auth):
    _user_id, headers = user()
    fake_auth.down = True
    assert_problem(client.get("/api/profiles/me", headers=headers), 503)


def test_patch_me_updates_fields(client, user):
    _user_id, headers = user()
    body = {"bio": "Line one\nline two", "location": "Lyon", "website": "https://ada.example/x"}
    response = client.patch("/api/profiles/me", json=body, headers=headers)
    assert response.status_code == 200
    profile = response.get_json()["profile"]
    assert {k: profile[k] for k in body} == body
    assert profile["version"] == 2


def test_patch_me_null_clears_optional_fields(client, user):
    _user_id, headers = user()
    client.patch(
        "/api/profiles/me", json={"bio": "x", "website": "http://a.example"}, headers=headers
    )
    profile = client.patch(
        "/api/profiles/me", json={"bio": None, "website": ""}, headers=headers
    ).get_json()["profile"]
    assert profile["bio"] == "" and profile["website"] is None


def test_patch_display_name_renames_the_account_too(client, user, fake_auth):
    user_id, headers = user("Old Name")
    response = client.patch("/api/profiles/me", json={"display_name": "New Name"}, headers=headers)
    assert response.get_json()["profile"]["display_name"] == "New Name"
    assert fake_auth.accounts[user_id]["display_name"] == "New Name"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"bio": "x" * 2001}, "bio"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"website": "ftp://files.example"}, "website"),
        ({"website": "https://"}, "website"),
        ({"website": "https://user:pw@evil.example"}, "website"),
        ({"display_name": ""}, "display_name"),
        ({"display_name": None}, "display_name"),
        ({"display_name": "x" * 81}, "display_name"),
        ({"display_name": "two\nlines"}, "display_name"),
        ({"location": "x" * 101}, "location"),
        ({"email": "me@example.com"}, "email"),
        ({"bio": 42}, "bio"),
    ],
)
def test_patch_me_invalid_input_is_422_naming_the_field(client, user, body, field):
    _user_id, headers = user()
    problem = assert_problem(client.patch("/api/profiles/me", json=body, headers=headers), 422)
    assert field in problem["errors"]


def test_patch_me_bio_of_2000_chars_is_accepted(client, user):
    _user_id, headers = user()
    response = client.patch("/api/profiles/me", json={"bio": "é" * 2000}, headers=headers)
    assert response.status_code == 200


def test_patch_me_with_stale_if_match_is_412(client, user):
    _user_id, headers = user()
    etag = client.get("/api/profiles/me", headers=headers).headers["ETag"]
    assert (
        client.patch(
            "/api/profiles/me", json={"bio": "a"}, headers={**headers, "If-Match": etag}
        ).status_code
        == 200
    )
    stale = client.patch(
        "/api/profiles/me", json={"bio": "b"}, headers={**headers, "If-Match": etag}
    )
    assert_problem(stale, 412)


def test_patch_me_with_malformed_if_match_is_400(client, user):
    _user_id, headers = user()
    response = client.patch(
        "/api/profiles/me", json={"bio": "a"}, headers={**headers, "If-Match": "abc"}
    )
    assert_problem(response, 400)


def test_patch_me_without_token_is_401(client):
    assert_problem(client.patch("/api/profiles/me", json={"bio": "x"}), 401)


def test_public_profile_has_no_email_and_is_created_lazily(client, user):
    other_id, _other_headers = user("Grace Hopper")
    _viewer_id, headers = user()
    response = client.get(f"/api/profiles/{other_id}", headers=headers)
    assert response.status_code == 200
    profile = response.get_json()["profile"]
    assert set(profile) == FIELDS and "email" not in response.get_data(as_text=True)
    assert profile["display_name"] == "Grace Hopper"


def test_public_profile_shows_edits(client, user):
    other_id, other_headers = user()
    client.patch("/api/profiles/me", json={"bio": "Hello"}, headers=other_headers)
    _viewer_id, headers = user()
    assert (
        client.get(f"/api/profiles/{other_id}", headers=headers).get_json()["profile"]["bio"]
        == "Hello"
    )


@pytest.mark.parametrize("user_id", [str(uuid.uuid4()), "x" * 200, "not-a-user"])
def test_public_profile_of_unknown_user_is_404(client, user, user_id):
    _viewer_id, headers = user()
    assert_problem(client.get(f"/api/profiles/{user_id}", headers=headers), 404)


def test_public_profile_without_token_is_401(client, user):
    other_id, _headers = user()
    assert_problem(client.get(f"/api/profiles/{other_id}"), 401)


def test_internal_public_profile_needs_a_service_token_and_shows_no_email(client, tokens):
    user_id = "u-internal-1"
    client.patch(
        "/api/profiles/me", json={"bio": "Teaches maths."}, headers=tokens.headers(user_id)
    )
    path = f"/internal/profiles/{user_id}"
    assert client.get(path, headers=tokens.headers(user_id)).status_code in (401, 403)
    answer = client.get(path, headers=tokens.service_headers("course"))
    assert answer.status_code == 200
    profile = answer.get_json()["profile"]
    assert profile["bio"] == "Teaches maths." and "email" not in profile
    missing = client.get("/internal/profiles/u-nobody", headers=tokens.service_headers("course"))
    assert missing.status_code == 404
