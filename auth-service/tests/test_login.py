"""POST /api/auth/login: tokens, the refresh cookie, one 401 message, per-account backoff."""

import time

import jwt
import pytest
from service_kit.testing import assert_problem


def _claims(client, token):
    jwks = client.get("/api/auth/.well-known/jwks.json").get_json()
    header = jwt.get_unverified_header(token)
    key = next(k for k in jwks["keys"] if k["kid"] == header["kid"])
    return header, jwt.decode(
        token, jwt.PyJWK(key).key, algorithms=["EdDSA"], audience="dread", issuer="dread-auth"
    )


def test_login_returns_eddsa_token_and_user(client, register, login):
    user, email, password = register()
    response = login(email.upper(), password)
    assert response.status_code == 200
    body = response.get_json()
    assert body["token_type"] == "Bearer"
    assert 0 < body["expires_in"] <= 900
    assert body["user"] == user
    assert response.headers["Cache-Control"] == "no-store"
    header, claims = _claims(client, body["access_token"])
    assert header["alg"] == "EdDSA" and header["kid"] == "first-key"
    assert claims["sub"] == user["id"] and claims["role"] == "student"
    assert {"iss", "aud", "sub", "role", "exp", "iat", "jti"} <= set(claims)
    assert claims["exp"] - claims["iat"] <= 900


def test_login_sets_strict_httponly_cookie_scoped_to_auth(register, login):
    _user, email, password = register()
    cookie = login(email, password).headers["Set-Cookie"]
    assert cookie.startswith("dread_refresh=")
    value = cookie.split(";")[0].split("=", 1)[1]
    assert len(value) >= 22  # ≥ 128 bits, URL-safe base64
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/api/auth" in cookie
    assert "Secure" not in cookie


def test_login_over_https_marks_cookie_secure(register, login):
    _user, email, password = register()
    response = login(email, password, headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in response.headers["Set-Cookie"]


def test_login_stores_only_a_hash_of_the_refresh_token(register, login, service):
    _user, email, password = register()
    token = login(email, password).headers["Set-Cookie"].split(";")[0].split("=", 1)[1]
    assert (
        service.tokens.table.get_item(Key={"pk": f"TOKEN#{token}", "sk": "TOKEN"}).get("Item")
        is None
    )
    from auth_service.service import hash_refresh_token

    stored = service.tokens.get_token(token_hash=hash_refresh_token(token))
    assert stored is not None and token not in str(stored)
    assert int(stored["expires_at"]) > time.time()


def test_login_wrong_password_and_unknown_email_give_the_same_401(register, login):
    _user, email, _password = register()
    wrong = login(email, "not-the-right-password-9")
    unknown = login("nobody-here@example.com", "not-the-right-password-9")
    first, second = assert_problem(wrong, 401), assert_problem(unknown, 401)
    assert first["detail"] == second["detail"]
    assert wrong.headers.get("Set-Cookie") is None


@pytest.mark.parametrize("body", [{}, {"email": "x@example.com"}, {"password": "whatever1"}])
def test_login_missing_field_is_422(client, body):
    assert_problem(client.post("/api/auth/login", json=body), 422)


def test_login_brute_force_reaches_429_with_retry_after(register, login):
    _user, email, _password = register()
    statuses = []
    for attempt in range(20):
        response = login(email, f"wrong-guess-{attempt}-xyz")
        statuses.append(response.status_code)
        if response.status_code == 429:
            body = assert_problem(response, 429)
            assert int(response.headers["Retry-After"]) >= 1
            assert "try again" in body["detail"]
            break
    assert statuses[-1] == 429, statuses
    assert set(statuses[:-1]) == {401}


def test_login_while_locked_refuses_even_the_right_password(register, login, service):
    _user, email, password = register()
    for attempt in range(service.settings.login_free_failures + 1):
        login(email, f"wrong-guess-{attempt}-xyz")
    assert login(email, password).status_code == 429


def test_login_unknown_email_is_throttled_like_a_known_one(login):
    statuses = [login("ghost@example.com", f"guess-{n}-abcdef").status_code for n in range(8)]
    assert 429 in statuses


def test_login_backoff_doubles_and_success_clears_it(register, login, service):
    _user, email, password = register()
    free = service.settings.login_free_failures
    for attempt in range(free):
        assert login(email, f"wrong-{attempt}-guess!").status_code == 401
    assert service.throttle.record_failure(account=email) == 2
    service.throttle.table.update_item(  # let the lock run out
        Key={"pk": f"ACCOUNT#{email}"}, UpdateExpression="REMOVE locked_until"
    )
    assert service.throttle.record_failure(account=email) == 4
    service.throttle.table.update_item(
        Key={"pk": f"ACCOUNT#{email}"}, UpdateExpression="REMOVE locked_until"
    )
    assert login(email, password).status_code == 200
    assert service.throttle.status(account=email) == (0, False)


def test_throttle_counter_expired_by_time_starts_again(service):
    account = "stale@example.com"
    service.throttle.table.put_item(
        Item={"pk": f"ACCOUNT#{account}", "failures": 50, "expires_at": int(time.time()) - 5}
    )
    assert service.throttle.status(account=account) == (0, False)
    assert service.throttle.record_failure(account=account) == 0  # counter restarted at 1
