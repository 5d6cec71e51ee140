"""GET/PATCH /api/auth/me and POST /api/auth/password."""

import pytest
from service_kit.testing import assert_problem

from .conftest import BROWSER, STRONG_PASSWORD

NEW_PASSWORD = "lantern-harbour-37-violet-moss"


def _cookie_value(response):
    return response.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]


def test_get_me_returns_the_user(client, signed_in):
    user, headers = signed_in()
    response = client.get("/api/auth/me", headers=headers)
    assert response.status_code == 200
    assert response.get_json() == {"user": user}


def test_get_me_without_token_is_401(client):
    response = client.get("/api/auth/me")
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_get_me_of_vanished_user_is_404(client, service, signed_in):
    user, headers = signed_in()
    service.users.table.delete_item(Key={"pk": f"USER#{user['id']}", "sk": "USER"})
    assert_problem(client.get("/api/auth/me", headers=headers), 404)


def test_patch_me_changes_display_name(client, signed_in):
    _user, headers = signed_in()
    response = client.patch("/api/auth/me", json={"display_name": "  Grace  "}, headers=headers)
    assert response.status_code == 200
    assert response.get_json()["user"]["display_name"] == "Grace"


@pytest.mark.parametrize("body", [{}, {"display_name": ""}, {"email": "x@example.com"}])
def test_patch_me_invalid_body_is_422(client, signed_in, body):
    _user, headers = signed_in()
    assert_problem(client.patch("/api/auth/me", json=body, headers=headers), 422)


def _change(client, headers, current=STRONG_PASSWORD, new=NEW_PASSWORD):
    body = {"current_password": current, "new_password": new}
    return client.post("/api/auth/password", json=body, headers=headers)


def test_password_change_is_204_and_the_new_password_works(client, register, login):
    _user, email, password = register()
    token = login(email, password).get_json()["access_token"]
    assert _change(client, {"Authorization": f"Bearer {token}"}).status_code == 204
    assert login(email, password).status_code == 401
    assert login(email, NEW_PASSWORD).status_code == 200


def test_password_change_revokes_every_other_session(client, register, login, app):
    _user, email, password = register()
    other_device = _cookie_value(login(email, password))
    this_device = login(email, password)
    headers = {"Authorization": f"Bearer {this_device.get_json()['access_token']}"}
    # The browser sends this device's cookie along (Path=/api/auth covers /password).
    client.set_cookie("dread_refresh", _cookie_value(this_device), path="/api/auth")
    assert _change(client, headers).status_code == 204
    assert client.post("/api/auth/refresh", headers=BROWSER).status_code == 200
    other = app.test_client()
    other.set_cookie("dread_refresh", other_device, path="/api/auth")
    assert_problem(other.post("/api/auth/refresh", headers=BROWSER), 401)


def test_password_change_with_wrong_current_password_is_403(client, signed_in):
    _user, headers = signed_in()
    body = assert_problem(_change(client, headers, current="not-my-password-1"), 403)
    assert "current_password" in body["errors"]


def test_password_change_guessing_current_password_is_throttled(client, signed_in):
    _user, headers = signed_in()
    statuses = [_change(client, headers, current=f"guess-{n}-abc").status_code for n in range(8)]
    assert 429 in statuses


@pytest.mark.parametrize("new", ["short", "password1234", "bbbbbbbbbbbb"])
def test_password_change_to_weak_password_is_422(client, signed_in, new):
    _user, headers = signed_in()
    body = assert_problem(_change(client, headers, new=new), 422)
    assert "password" in body["errors"]


def test_password_change_without_token_is_401(client):
    assert_problem(_change(client, {}), 401)


def test_password_change_missing_field_is_422(client, signed_in):
    _user, headers = signed_in()
    response = client.post(
        "/api/auth/password", json={"new_password": NEW_PASSWORD}, headers=headers
    )
    assert "current_password" in assert_problem(response, 422)["errors"]
