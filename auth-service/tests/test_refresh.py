"""POST /api/auth/refresh and /logout: rotation, reuse detection, CSRF guards, cookie clearing."""

import time

import pytest
from auth_service.service import hash_refresh_token
from service_kit.testing import assert_problem

from .conftest import BROWSER


def _cookie_value(response):
    return response.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]


def _refresh(client, token=None, headers=BROWSER):
    if token is not None:
        client.set_cookie("dread_refresh", token, path="/api/auth")
    return client.post("/api/auth/refresh", headers=headers)


@pytest.fixture
def session(register, login):
    """A signed-in user: (user, refresh token)."""
    user, email, password = register()
    return user, _cookie_value(login(email, password))


def test_refresh_rotates_the_cookie_and_returns_a_new_token(client, session):
    user, token = session
    response = _refresh(client, token)
    assert response.status_code == 200
    body = response.get_json()
    assert body["user"] == user and body["token_type"] == "Bearer" and body["access_token"]
    new_token = _cookie_value(response)
    assert new_token != token
    assert "HttpOnly" in response.headers["Set-Cookie"]
    assert _refresh(client, new_token).status_code == 200


def _spent_long_ago(service, token):
    service.tokens.table.update_item(
        Key={"pk": f"TOKEN#{hash_refresh_token(token)}", "sk": "TOKEN"},
        UpdateExpression="SET used_at = :then",
        ExpressionAttributeValues={":then": int(time.time()) - 60},
    )


def test_refresh_reuse_of_spent_token_revokes_the_family(client, session, service):
    _user, first = session
    second = _cookie_value(_refresh(client, first))
    _spent_long_ago(service, first)  # past the grace for concurrent tabs
    reused = _refresh(client, first)
    body = assert_problem(reused, 401)
    assert "reused" in body["detail"]
    assert "Max-Age=0" in reused.headers["Set-Cookie"]
    assert_problem(_refresh(client, second), 401)  # the thief's or the owner's: both end


def test_a_token_spent_twice_at_once_keeps_the_session(client, session, service):
    # two tabs (or a page left mid-refresh) send the same cookie within the grace
    _user, first = session
    second = _cookie_value(_refresh(client, first))
    again = _refresh(client, first)
    assert again.status_code == 200, again.get_json()
    third = _cookie_value(again)
    assert len({first, second, third}) == 3
    assert _refresh(client, second).status_code == 200
    assert _refresh(client, third).status_code == 200
    # the grace runs from the first spending: it is not renewed by spending again
    _spent_long_ago(service, first)
    assert_problem(_refresh(client, first), 401)


def test_refresh_picks_up_a_new_role(client, session, service):
    user, token = session
    service.users.set_role(user_id=user["id"], role="instructor")
    assert _refresh(client, token).get_json()["user"]["role"] == "instructor"


def test_refresh_without_cookie_is_401(client):
    assert_problem(client.post("/api/auth/refresh", headers=BROWSER), 401)


def test_refresh_with_unknown_token_is_401(client):
    assert_problem(_refresh(client, "made-up-token-value-0123456789"), 401)


def test_refresh_with_expired_token_is_401(client, session, service):
    _user, token = session
    service.tokens.table.update_item(
        Key={"pk": f"TOKEN#{hash_refresh_token(token)}", "sk": "TOKEN"},
        UpdateExpression="SET expires_at = :past",
        ExpressionAttributeValues={":past": int(time.time()) - 1},
    )
    assert_problem(_refresh(client, token), 401)


@pytest.mark.parametrize("path", ["/api/auth/refresh", "/api/auth/logout"])
def test_cookie_endpoints_without_xrw_header_are_403(client, session, path):
    _user, token = session
    client.set_cookie("dread_refresh", token, path="/api/auth")
    assert_problem(client.post(path), 403)
    assert_problem(client.post(path, headers={"X-Requested-With": "fetch"}), 403)


@pytest.mark.parametrize("path", ["/api/auth/refresh", "/api/auth/logout"])
@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://localhost:9999"])
def test_cookie_endpoints_from_another_origin_are_403(client, session, path, origin):
    _user, token = session
    client.set_cookie("dread_refresh", token, path="/api/auth")
    assert_problem(client.post(path, headers={**BROWSER, "Origin": origin}), 403)


@pytest.mark.parametrize("origin", ["http://localhost", "http://dread.test:8080"])
def test_refresh_from_own_origin_is_200(client, session, origin):
    _user, token = session
    assert _refresh(client, token, headers={**BROWSER, "Origin": origin}).status_code == 200


def test_logout_is_204_clears_cookie_and_ends_the_session(client, session):
    _user, token = session
    client.set_cookie("dread_refresh", token, path="/api/auth")
    response = client.post("/api/auth/logout", headers=BROWSER)
    assert response.status_code == 204
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("dread_refresh=;") and "Max-Age=0" in cookie
    assert "Path=/api/auth" in cookie
    assert_problem(_refresh(client, token), 401)


def test_logout_without_cookie_is_still_204(client):
    assert client.post("/api/auth/logout", headers=BROWSER).status_code == 204


def test_logout_ends_only_that_session(client, register, login):
    _user, email, password = register()
    first = _cookie_value(login(email, password))
    second = _cookie_value(login(email, password))
    client.set_cookie("dread_refresh", first, path="/api/auth")
    assert client.post("/api/auth/logout", headers=BROWSER).status_code == 204
    assert _refresh(client, second).status_code == 200
