"""POST /api/auth/login: tokens, the cookie, one 401 message, per-account and per-client backoff."""

import time

import jwt
import pytest
from auth_service.login_reads import ROTATED_PROOF_S
from auth_service.service import hash_refresh_token
from service_kit.testing import assert_problem

from .conftest import BROWSER


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
    assert statuses == [401] * (len(statuses) - 1) + [429], statuses
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
    assert service.throttle.record_failure("ACCOUNT", email) == 2
    service.throttle.table.update_item(  # let the lock run out
        Key={"pk": f"ACCOUNT#{email}"}, UpdateExpression="REMOVE locked_until"
    )
    assert service.throttle.record_failure("ACCOUNT", email) == 4
    service.throttle.table.update_item(
        Key={"pk": f"ACCOUNT#{email}"}, UpdateExpression="REMOVE locked_until"
    )
    assert login(email, password).status_code == 200
    assert service.throttle.status("ACCOUNT", email) == (0, False)


def test_throttle_counter_expired_by_time_starts_again(service):
    account = "stale@example.com"
    service.throttle.table.put_item(
        Item={"pk": f"ACCOUNT#{account}", "failures": 50, "expires_at": int(time.time()) - 5}
    )
    assert service.throttle.status("ACCOUNT", account) == (0, False)
    assert service.throttle.record_failure("ACCOUNT", account) == 0  # counter restarted at 1


# --- per client: the address NGINX appended to X-Forwarded-For ---------------------------


def _from(address, **headers):
    """Headers of a request that reached NGINX from `address` (NGINX appends the peer)."""
    spoofed = headers.pop("spoofed", None)
    forwarded = f"{spoofed}, {address}" if spoofed else address
    return {"X-Forwarded-For": forwarded, **headers}


def test_wrong_logins_over_many_accounts_from_one_client_reach_429(login, service):
    free = service.settings.login_client_free_failures
    statuses = []
    for n in range(free + 2):
        # a different account each time (no account counter ever locks), spoofed headers too
        headers = _from("203.0.113.7", spoofed=f"198.51.100.{n}", **{"X-Real-IP": f"10.0.0.{n}"})
        statuses.append(login(f"victim-{n}@example.com", "summer-2024-pass", headers=headers))
    assert [r.status_code for r in statuses[:-1]] == [401] * (free + 1)
    locked = statuses[-1]
    body = assert_problem(locked, 429)
    assert int(locked.headers["Retry-After"]) >= 1 and "try again" in body["detail"]


def test_a_locked_client_is_refused_even_the_right_password(register, login, service):
    _user, email, password = register()
    for n in range(service.settings.login_client_free_failures + 1):
        login(f"victim-{n}@example.com", "summer-2024-pass", headers=_from("203.0.113.8"))
    assert_problem(login(email, password, headers=_from("203.0.113.8")), 429)
    # the lock is this client's only: the same login from elsewhere works
    assert login(email, password, headers=_from("203.0.113.9")).status_code == 200


def test_a_client_cannot_reset_its_counter_by_signing_into_its_own_account(
    client, register, login, service
):
    _user, own_email, own_password = register()
    here = _from("203.0.113.10")
    for n in range(service.settings.login_client_free_failures + 1):
        client.delete_cookie("dread_refresh", path="/api/auth")  # no proof: a plain login
        assert login(own_email, own_password, headers=here).status_code == 200
        assert login(f"victim-{n}@example.com", "summer-2024-pass", headers=here).status_code == 401
    client.delete_cookie("dread_refresh", path="/api/auth")
    assert_problem(login(own_email, own_password, headers=here), 429)


@pytest.mark.parametrize(
    ("headers", "remote", "hops", "expected"),
    [
        ({}, "192.0.2.1", 1, "192.0.2.1"),  # called directly: the peer
        ({"X-Forwarded-For": "192.0.2.5"}, "127.0.0.1", 1, "192.0.2.5"),
        ({"X-Forwarded-For": "6.6.6.6, 192.0.2.5"}, "127.0.0.1", 1, "192.0.2.5"),
        ({"X-Forwarded-For": "6.6.6.6, 192.0.2.5", "X-Real-IP": "7.7.7.7"}, "::1", 1, "192.0.2.5"),
        ({"X-Forwarded-For": "6.6.6.6, 192.0.2.5, 10.0.0.2"}, "127.0.0.1", 2, "192.0.2.5"),
        ({"X-Forwarded-For": "192.0.2.5"}, "127.0.0.1", 2, "127.0.0.1"),  # too few: the peer
        ({"X-Forwarded-For": "2001:db8:1:2:3:4:5:6"}, "127.0.0.1", 1, "2001:db8:1:2::/64"),
        ({"X-Forwarded-For": "::ffff:192.0.2.9"}, "127.0.0.1", 1, "192.0.2.9"),
    ],
)
def test_client_address_is_what_our_proxy_appended(app, headers, remote, hops, expected):
    from auth_service.web import client_address

    environ = {"REMOTE_ADDR": remote}
    with app.test_request_context("/api/auth/login", headers=headers, environ_base=environ):
        assert client_address(hops) == expected


# --- a client that proves an earlier login on the account passes the account lock ---------


def _lock_account(login, email, service, address="203.0.113.66"):
    """Guess wrong from an attacker's address until the account backs off."""
    for n in range(service.settings.login_free_failures + 1):
        login(email, f"wrong-guess-{n}-xyz", headers=_from(address))
    assert service.throttle.status("ACCOUNT", email)[0] > 0


@pytest.fixture
def holder(app, register):
    """A user signed in on their own browser (a separate client keeping its cookie)."""
    browser = app.test_client()
    _user, email, password = register()

    def _login(password=password, **kwargs):
        body = {"email": email, "password": password}
        return browser.post("/api/auth/login", json=body, headers=_from("192.0.2.44"), **kwargs)

    assert _login().status_code == 200
    return browser, email, password, _login


def test_refresh_cookie_of_the_account_passes_its_lock(login, service, holder):
    _browser, email, password, holder_login = holder
    _lock_account(login, email, service)
    assert_problem(login(email, password, headers=_from("192.0.2.45")), 429)  # no cookie
    response = holder_login()
    assert response.status_code == 200, response.get_json()
    assert response.headers["Set-Cookie"].startswith("dread_refresh=")


def test_recently_rotated_refresh_cookie_passes_the_lock(login, service, holder):
    browser, email, _password, holder_login = holder
    spent = browser.get_cookie("dread_refresh", path="/api/auth").value
    assert browser.post("/api/auth/refresh", headers=BROWSER).status_code == 200  # rotated
    browser.set_cookie("dread_refresh", spent, path="/api/auth")  # the response got lost
    _lock_account(login, email, service)
    assert holder_login().status_code == 200


def test_long_spent_refresh_cookie_does_not_pass_the_lock(login, service, holder):
    browser, email, _password, holder_login = holder
    spent = browser.get_cookie("dread_refresh", path="/api/auth").value
    assert browser.post("/api/auth/refresh", headers=BROWSER).status_code == 200
    service.tokens.table.update_item(
        Key={"pk": f"TOKEN#{hash_refresh_token(spent)}", "sk": "TOKEN"},
        UpdateExpression="SET used_at = :long_ago",
        ExpressionAttributeValues={":long_ago": int(time.time()) - ROTATED_PROOF_S - 5},
    )
    browser.set_cookie("dread_refresh", spent, path="/api/auth")
    _lock_account(login, email, service)
    assert_problem(holder_login(), 429)


def test_cookie_of_an_ended_session_or_another_account_does_not_pass(
    client, login, register, service, holder
):
    browser, email, _password, holder_login = holder
    _lock_account(login, email, service)
    _other, other_email, other_password = register()
    other_cookie = login(other_email, other_password).headers["Set-Cookie"]
    other_token = other_cookie.split(";")[0].split("=", 1)[1]
    own = browser.get_cookie("dread_refresh", path="/api/auth").value
    for token in (other_token, "forged-cookie-value"):
        browser.set_cookie("dread_refresh", token, path="/api/auth")
        assert_problem(holder_login(), 429)
    browser.set_cookie("dread_refresh", own, path="/api/auth")
    assert browser.post("/api/auth/logout", headers=BROWSER).status_code == 204
    browser.set_cookie("dread_refresh", own, path="/api/auth")  # replayed after logout
    assert_problem(holder_login(), 429)


def test_cookie_holder_guessing_backs_off_on_its_own_session(login, service, holder):
    _browser, email, _password, holder_login = holder
    _lock_account(login, email, service)
    statuses = [holder_login(password=f"typo-{n}-xyz").status_code for n in range(8)]
    assert statuses[0] == 401 and 429 in statuses, statuses  # throttled, but by itself


# --- a login's cost is its password hash: two reads and one write around it ---------------


def _store_calls(service):
    calls = []
    events = service.users.table.meta.client.meta.events
    events.register("before-call.dynamodb", lambda model, **_kw: calls.append(model.name))
    return calls


def test_a_login_reads_in_two_round_trips_and_writes_once(register, login, service):
    _user, email, password = register()
    calls = _store_calls(service)
    assert login(email, password).status_code == 200
    assert calls == ["BatchGetItem", "BatchGetItem", "BatchWriteItem"]


def test_a_login_with_a_refresh_cookie_still_reads_in_two_round_trips(app, register, service):
    _user, email, password = register()
    browser = app.test_client()
    body = {"email": email, "password": password}
    assert browser.post("/api/auth/login", json=body).status_code == 200
    calls = _store_calls(service)
    assert browser.post("/api/auth/login", json=body).status_code == 200  # cookie sent along
    assert calls == ["BatchGetItem", "BatchGetItem", "BatchWriteItem"]
