"""GET /api/auth/users and PATCH /api/auth/users/{id} (admins), public user cards."""

import uuid

import pytest
from service_kit.testing import assert_problem


def test_list_users_is_paged_newest_first_with_cursors(client, signed_in, register):
    _admin, headers = signed_in("admin")
    made = [register()[0]["id"] for _ in range(3)]
    first = client.get("/api/auth/users?limit=2", headers=headers)
    assert first.status_code == 200
    page = first.get_json()
    assert [u["id"] for u in page["items"]] == made[::-1][:2]
    assert page["next_cursor"]
    second = client.get(
        f"/api/auth/users?limit=2&cursor={page['next_cursor']}", headers=headers
    ).get_json()
    assert second["items"][0]["id"] == made[0]
    for user in page["items"] + second["items"]:
        assert set(user) == {"id", "email", "display_name", "role", "created_at", "suspended"}


def test_list_users_oldest_first(client, signed_in, register):
    admin, headers = signed_in("admin")
    later = register()[0]["id"]
    items = client.get("/api/auth/users?order=oldest", headers=headers).get_json()["items"]
    assert [u["id"] for u in items] == [admin["id"], later]


def test_list_users_last_page_has_null_cursor(client, signed_in):
    _admin, headers = signed_in("admin")
    assert (
        client.get("/api/auth/users?limit=100", headers=headers).get_json()["next_cursor"] is None
    )


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "limit=x", "order=random"])
def test_list_users_bad_query_is_400(client, signed_in, query):
    _admin, headers = signed_in("admin")
    assert_problem(client.get(f"/api/auth/users?{query}", headers=headers), 400)


def test_list_users_tampered_cursor_is_400(client, signed_in, register):
    _admin, headers = signed_in("admin")
    register()
    cursor = client.get("/api/auth/users?limit=1", headers=headers).get_json()["next_cursor"]
    tampered = cursor[:-2] + ("AA" if cursor[-2:] != "AA" else "BB")
    assert_problem(client.get(f"/api/auth/users?cursor={tampered}", headers=headers), 400)


@pytest.mark.parametrize("role", ["student", "instructor"])
def test_list_users_for_non_admin_is_403(client, signed_in, role):
    _user, headers = signed_in(role)
    assert_problem(client.get("/api/auth/users", headers=headers), 403)


def test_list_users_without_token_is_401(client):
    assert_problem(client.get("/api/auth/users"), 401)


def test_patch_role_is_200_and_next_login_carries_it(client, signed_in, register, login):
    _admin, headers = signed_in("admin")
    user, email, password = register()
    response = client.patch(
        f"/api/auth/users/{user['id']}", json={"role": "instructor"}, headers=headers
    )
    assert response.status_code == 200
    assert response.get_json()["user"]["role"] == "instructor"
    assert login(email, password).get_json()["user"]["role"] == "instructor"


def test_patch_role_of_unknown_user_is_404(client, signed_in):
    _admin, headers = signed_in("admin")
    response = client.patch(
        f"/api/auth/users/{uuid.uuid4()}", json={"role": "admin"}, headers=headers
    )
    assert_problem(response, 404)


@pytest.mark.parametrize("body", [{"role": "superuser"}, {}, {"role": "admin", "email": "x"}])
def test_patch_role_invalid_body_is_422(client, signed_in, register, body):
    _admin, headers = signed_in("admin")
    user = register()[0]
    assert_problem(client.patch(f"/api/auth/users/{user['id']}", json=body, headers=headers), 422)


def test_patch_role_by_instructor_is_403(client, signed_in, register):
    _user, headers = signed_in("instructor")
    user = register()[0]
    response = client.patch(
        f"/api/auth/users/{user['id']}", json={"role": "admin"}, headers=headers
    )
    assert_problem(response, 403)


def test_patch_own_admin_role_away_is_403(client, signed_in):
    admin, headers = signed_in("admin")
    response = client.patch(
        f"/api/auth/users/{admin['id']}", json={"role": "student"}, headers=headers
    )
    assert_problem(response, 403)


def test_patch_role_without_token_is_401(client):
    assert_problem(client.patch(f"/api/auth/users/{uuid.uuid4()}", json={"role": "admin"}), 401)


def test_public_user_card_has_no_email(client, signed_in, register):
    _viewer, headers = signed_in()
    user = register(display_name="Lin")[0]
    response = client.get(f"/api/auth/users/{user['id']}/public", headers=headers)
    assert response.status_code == 200
    card = response.get_json()["user"]
    assert card == {k: v for k, v in user.items() if k not in ("email", "suspended")}


def test_public_user_card_of_unknown_user_is_404(client, signed_in):
    _viewer, headers = signed_in()
    assert_problem(client.get(f"/api/auth/users/{uuid.uuid4()}/public", headers=headers), 404)
