"""/api/auth through NGINX on a private stack: every row of API.md's auth table."""

import random
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jwt
import pytest
import requests

from tests.accounts import XHR, auth_call, demo_admin, login, new_account, register


def _problem(response, status):
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["Content-Type"].startswith("application/problem+json")
    return response.json()


def _cookie(response):
    return response.cookies.get("dread_refresh")


def _post_with_cookie(stack, path, token, headers=XHR):
    cookies = {"dread_refresh": token} if token else {}
    return auth_call(stack, "POST", path, cookies=cookies, headers=headers)


# --- register ---------------------------------------------------------------------------


def test_register_is_201_student_without_secrets(stack):
    password = f"reg-{uuid.uuid4().hex[:12]}-Pw"
    response = register(stack, password=password, display_name="Reg")
    assert response.status_code == 201
    user = response.json()["user"]
    assert set(user) == {"id", "email", "display_name", "role", "created_at", "suspended"}
    assert user["role"] == "student" and user["created_at"].endswith("Z")
    assert password not in response.text and "argon2" not in response.text


def test_register_duplicate_email_other_case_is_409(stack):
    email = f"dup-{uuid.uuid4().hex[:8]}@example.com"
    assert register(stack, email=email).status_code == 201
    _problem(register(stack, email=email.upper()), 409)


def test_register_twenty_concurrent_same_email_exactly_one_wins(stack):
    email = f"race-{uuid.uuid4().hex[:8]}@example.com"
    time.sleep(2.5)  # let NGINX's per-client bucket refill so the burst lands together
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(lambda _n: register(stack, email=email).status_code, range(20)))
    assert statuses.count(201) == 1, statuses
    assert statuses.count(409) == 19, statuses


@pytest.mark.parametrize("password", ["short", "password123", "zzzzzzzzzzzz", "same@example.com"])
def test_register_weak_password_is_422(stack, password):
    response = register(stack, email="same@example.com", password=password)
    assert "password" in _problem(response, 422)["errors"]


def test_register_malformed_json_is_400(stack):
    response = auth_call(
        stack,
        "POST",
        "/api/auth/register",
        data="{oops",
        headers={"Content-Type": "application/json"},
    )
    _problem(response, 400)


# --- login ------------------------------------------------------------------------------


def test_login_is_200_with_token_and_strict_cookie(stack):
    account = new_account(stack)
    response = auth_call(
        stack,
        "POST",
        "/api/auth/login",
        json={"email": account.email, "password": account.password},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer" and 0 < body["expires_in"] <= 900
    assert body["user"]["id"] == account.id
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/api/auth" in cookie
    assert "Secure" not in cookie  # plain HTTP locally


def test_login_unknown_email_and_wrong_password_share_one_401(stack):
    account = new_account(stack)
    wrong = auth_call(
        stack, "POST", "/api/auth/login", json={"email": account.email, "password": "nope-nope-1"}
    )
    unknown = auth_call(
        stack,
        "POST",
        "/api/auth/login",
        json={"email": f"ghost-{uuid.uuid4().hex[:6]}@example.com", "password": "nope-nope-1"},
    )
    assert _problem(wrong, 401)["detail"] == _problem(unknown, 401)["detail"]


def test_login_missing_password_is_422(stack):
    response = auth_call(stack, "POST", "/api/auth/login", json={"email": "a@example.com"})
    assert "password" in _problem(response, 422)["errors"]


def test_login_brute_force_on_one_account_is_429_within_20_tries(stack):
    account = new_account(stack)
    for attempt in range(20):
        response = stack.request(
            "POST",
            "/api/auth/login",
            json={"email": account.email, "password": f"guess-{attempt}-xyz"},
        )
        if _is_backoff(response):
            break
        time.sleep(0.15)  # stay under NGINX's per-client rate: this is the account's limit
    body = _problem(response, 429)
    assert "rate-limited" in body["type"] and SIGN_IN_BACKOFF in body["detail"]
    assert int(response.headers["Retry-After"]) >= 1


# The service's 429 names failed sign-ins; NGINX's limit_req 429 ("slow down") does not.
SIGN_IN_BACKOFF = "failed sign-in attempts"


def _is_backoff(response) -> bool:
    return response.status_code == 429 and SIGN_IN_BACKOFF in response.json()["detail"]


class _FromAddress(requests.adapters.HTTPAdapter):
    """Connects from another loopback address, so NGINX sees (and appends) another client."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, source_address=(self.address, 0), **kwargs)


def _client_at(address: str | None = None) -> requests.Session:
    """A client of its own: a random 127.x.y.z other than 127.0.0.1 (all of 127/8 is local)."""
    if address is None:
        octets = [random.randint(1, 254), random.randint(0, 254), random.randint(1, 254)]
        address = "127." + ".".join(map(str, octets))
    session = requests.Session()
    session.mount("http://", _FromAddress(address))
    return session


def _sign_in(stack, email, password, *, via=requests, **kwargs):
    """POST /login through NGINX; waits out NGINX's own 429 only (it never reaches us)."""
    for _ in range(20):
        response = via.post(
            stack.url + "/api/auth/login",
            json={"email": email, "password": password},
            timeout=10,
            **kwargs,
        )
        if response.status_code != 429 or _is_backoff(response):
            return response
        time.sleep(0.5)
    return response


def test_wrong_logins_over_many_accounts_from_one_client_back_off(stack):
    attacker = _client_at()
    statuses = []
    for n in range(40):
        # a new account every time (no account counter ever locks); forged headers each time
        spoofed = {"X-Forwarded-For": f"198.51.100.{n}", "X-Real-IP": f"198.51.100.{n}"}
        email = f"stuffed-{uuid.uuid4().hex[:8]}@example.com"
        response = _sign_in(stack, email, "Summer-2024-pass!", via=attacker, headers=spoofed)
        statuses.append(response.status_code)
        if _is_backoff(response):
            break
        time.sleep(0.15)  # under NGINX's rate: what answers 429 here is the service
    # 20 free failures (the default), the 21st locks, the next attempt is refused
    assert statuses == [401] * 21 + [429], statuses
    assert int(response.headers["Retry-After"]) >= 1
    account = new_account(stack)  # an account that never failed once
    assert _is_backoff(_sign_in(stack, account.email, account.password, via=attacker))
    # the lock is that address's alone: the same login from another one works
    assert _sign_in(stack, account.email, account.password, via=_client_at()).status_code == 200


def test_refresh_cookie_of_the_account_passes_a_strangers_lock(stack):
    account = new_account(stack)  # signed in earlier in this browser: it holds the cookie
    rotated = _cookie(_post_with_cookie(stack, "/api/auth/refresh", account.refresh_token))
    spent, other = account.refresh_token, new_account(stack).refresh_token
    attacker, lock_s = _client_at(), 0
    for n in range(16):  # guess until the account is locked for a while (2, 4, 8 … s)
        response = _sign_in(stack, account.email, f"guess-{n}-xyz", via=attacker)
        if _is_backoff(response):
            lock_s = int(response.headers["Retry-After"])
            if lock_s >= 8:
                break
            time.sleep(lock_s)
        else:
            assert response.status_code == 401, response.text
        time.sleep(0.15)
    assert lock_s >= 8
    right = (account.email, account.password)
    assert _is_backoff(_sign_in(stack, *right))  # no cookie: held like anyone
    assert _is_backoff(_sign_in(stack, *right, cookies={"dread_refresh": other}))
    for proof in (rotated, spent):  # valid, or spent by a rotation a moment ago
        response = _sign_in(stack, *right, cookies={"dread_refresh": proof})
        assert response.status_code == 200, response.text
        assert _cookie(response)
    # and the stranger is still locked out
    assert _is_backoff(_sign_in(stack, *right, via=attacker))


def test_nginx_limits_one_client_on_auth_with_problem_429(stack):
    time.sleep(2.5)
    with ThreadPoolExecutor(max_workers=16) as pool:
        responses = list(pool.map(lambda _n: stack.get("/api/auth/healthz"), range(60)))
    limited = [r for r in responses if r.status_code == 429]
    assert limited, [r.status_code for r in responses]
    assert limited[0].headers["Retry-After"]
    assert limited[0].headers["Content-Type"].startswith("application/problem+json")
    time.sleep(2.5)


def test_demo_accounts_sign_in_with_their_roles(stack):
    for email, password, role in [
        ("admin@dread.local", "dread-admin-demo", "admin"),
        ("instructor@dread.local", "dread-instructor-demo", "instructor"),
        ("student@dread.local", "dread-student-demo", "student"),
    ]:
        assert login(stack, email, password).role == role


# --- refresh / logout -------------------------------------------------------------------


def test_refresh_is_200_and_rotates_the_cookie(stack):
    account = new_account(stack)
    response = _post_with_cookie(stack, "/api/auth/refresh", account.refresh_token)
    assert response.status_code == 200
    assert response.json()["user"]["id"] == account.id and response.json()["access_token"]
    assert _cookie(response) and _cookie(response) != account.refresh_token


def test_refresh_reuse_revokes_the_family(stack):
    account = new_account(stack)
    rotated = _cookie(_post_with_cookie(stack, "/api/auth/refresh", account.refresh_token))
    # within the grace (AUTH_REFRESH_REUSE_GRACE_S=2 in the test stack): two tabs at once
    again = _post_with_cookie(stack, "/api/auth/refresh", account.refresh_token)
    assert again.status_code == 200, again.text
    time.sleep(2.5)
    _problem(_post_with_cookie(stack, "/api/auth/refresh", account.refresh_token), 401)
    _problem(_post_with_cookie(stack, "/api/auth/refresh", rotated), 401)
    _problem(_post_with_cookie(stack, "/api/auth/refresh", _cookie(again)), 401)


def test_refresh_without_cookie_is_401(stack):
    _problem(_post_with_cookie(stack, "/api/auth/refresh", None), 401)


@pytest.mark.parametrize("path", ["/api/auth/refresh", "/api/auth/logout"])
def test_cookie_endpoints_need_xhr_header_and_same_origin(stack, path):
    account = new_account(stack)
    _problem(_post_with_cookie(stack, path, account.refresh_token, headers={}), 403)
    evil = {**XHR, "Origin": "https://evil.example"}
    _problem(_post_with_cookie(stack, path, account.refresh_token, headers=evil), 403)
    same = {**XHR, "Origin": stack.url}
    assert _post_with_cookie(stack, path, account.refresh_token, headers=same).status_code in (
        200,
        204,
    )


def test_logout_is_204_clears_cookie_and_refresh_then_fails(stack):
    account = new_account(stack)
    response = _post_with_cookie(stack, "/api/auth/logout", account.refresh_token)
    assert response.status_code == 204
    assert "Max-Age=0" in response.headers["Set-Cookie"]
    _problem(_post_with_cookie(stack, "/api/auth/refresh", account.refresh_token), 401)


# --- me / password ----------------------------------------------------------------------


def test_me_is_200_with_token_and_401_without(stack):
    account = new_account(stack, display_name="Me Myself")
    response = auth_call(stack, "GET", "/api/auth/me", headers=account.headers)
    assert response.status_code == 200
    assert response.json()["user"]["display_name"] == "Me Myself"
    _problem(auth_call(stack, "GET", "/api/auth/me"), 401)


def test_password_change_is_204_and_ends_other_sessions(stack):
    account = new_account(stack)
    other = login(stack, account.email, account.password)
    new_password = f"changed-{uuid.uuid4().hex[:12]}-Pw"
    response = auth_call(
        stack,
        "POST",
        "/api/auth/password",
        json={"current_password": account.password, "new_password": new_password},
        headers=account.headers,
        cookies={"dread_refresh": account.refresh_token},
    )
    assert response.status_code == 204
    _problem(_post_with_cookie(stack, "/api/auth/refresh", other.refresh_token), 401)
    assert _post_with_cookie(stack, "/api/auth/refresh", account.refresh_token).status_code == 200
    assert login(stack, account.email, new_password).id == account.id


@pytest.mark.parametrize(
    ("current", "new", "status"),
    [("wrong-password-1", "fine-new-pass-word-77", 403), (None, "password", 422)],
)
def test_password_change_refusals(stack, current, new, status):
    account = new_account(stack)
    body = {"current_password": current or account.password, "new_password": new}
    _problem(
        auth_call(stack, "POST", "/api/auth/password", json=body, headers=account.headers), status
    )
    _problem(auth_call(stack, "POST", "/api/auth/password", json=body), 401)


# --- jwks -------------------------------------------------------------------------------


def test_jwks_verifies_issued_tokens(stack):
    account = new_account(stack)
    keys = auth_call(stack, "GET", "/api/auth/.well-known/jwks.json").json()["keys"]
    kid = jwt.get_unverified_header(account.token)["kid"]
    jwk = next(k for k in keys if k["kid"] == kid)
    assert "d" not in jwk
    claims = jwt.decode(
        account.token,
        jwt.PyJWK(jwk).key,
        algorithms=["EdDSA"],
        audience="dread",
        issuer="dread-auth",
    )
    assert claims["sub"] == account.id and claims["exp"] - claims["iat"] <= 900


# --- users (admin) ----------------------------------------------------------------------


def test_admin_lists_users_newest_first_with_cursor(stack):
    made = [new_account(stack).id for _ in range(3)]
    admin = demo_admin(stack)
    page = auth_call(stack, "GET", "/api/auth/users?limit=2", headers=admin.headers)
    assert page.status_code == 200
    assert [u["id"] for u in page.json()["items"]] == made[::-1][:2]
    cursor = page.json()["next_cursor"]
    following = auth_call(
        stack, "GET", f"/api/auth/users?limit=2&cursor={cursor}", headers=admin.headers
    )
    assert following.json()["items"][0]["id"] == made[0]
    _problem(
        auth_call(stack, "GET", f"/api/auth/users?cursor={cursor[:-3]}xyz", headers=admin.headers),
        400,
    )


def test_users_list_is_403_for_students_and_401_without_token(stack):
    _problem(auth_call(stack, "GET", "/api/auth/users", headers=new_account(stack).headers), 403)
    _problem(auth_call(stack, "GET", "/api/auth/users"), 401)


def test_admin_changes_a_role(stack):
    account = new_account(stack)
    admin = demo_admin(stack)
    path = f"/api/auth/users/{account.id}"
    response = auth_call(stack, "PATCH", path, json={"role": "instructor"}, headers=admin.headers)
    assert response.status_code == 200 and response.json()["user"]["role"] == "instructor"
    assert login(stack, account.email, account.password).role == "instructor"
    _problem(auth_call(stack, "PATCH", path, json={"role": "king"}, headers=admin.headers), 422)
    unknown = f"/api/auth/users/{uuid.uuid4()}"
    _problem(auth_call(stack, "PATCH", unknown, json={"role": "admin"}, headers=admin.headers), 404)
    _problem(auth_call(stack, "PATCH", path, json={"role": "admin"}, headers=account.headers), 403)
    _problem(auth_call(stack, "PATCH", path, json={"role": "admin"}), 401)


# --- key rotation (last: it adds a signing key to this stack) -------------------------------


def _wait(predicate, timeout_s=12.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def _published_kids(stack) -> set[str]:
    keys = auth_call(stack, "GET", "/api/auth/.well-known/jwks.json").json()["keys"]
    return {key["kid"] for key in keys}


def test_zz_key_rotation_keeps_old_tokens_valid_everywhere(stack):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    before = new_account(stack)
    old_kid = jwt.get_unverified_header(before.token)["kid"]
    key_dir = Path(stack.home) / "secrets" / "signing-keys"
    new_kid = f"rotated-{uuid.uuid4().hex[:6]}"
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    (key_dir / f"{new_kid}.pem").write_bytes(pem)
    assert _wait(lambda: {old_kid, new_kid} <= _published_kids(stack))
    after = new_account(stack)
    assert jwt.get_unverified_header(after.token)["kid"] == new_kid
    for account in (before, after):
        assert auth_call(stack, "GET", "/api/auth/me", headers=account.headers).status_code == 200
        # Other services refetch the JWKS on an unknown kid (at most every 5 s).
        assert _wait(
            lambda a=account: auth_call(
                stack, "GET", "/api/profiles/me", headers=a.headers
            ).status_code
            == 200
        )
