"""Accounts for the integration suites: fresh users of any role, signed in through NGINX.

    from tests.accounts import new_account, login

    student = new_account(stack)                      # registered + signed in
    teacher = new_account(stack, role="instructor")   # promoted by the demo admin
    stack.get("/api/courses/enrolled", headers=student.headers)

Every call goes through NGINX, whose per-client `limit_req` on /api/auth may answer 429 when
a suite signs many users in quickly; these helpers wait (Retry-After) and try again.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

import requests

DEMO_ADMIN = ("admin@dread.local", "dread-admin-demo")
XHR = {"X-Requested-With": "XMLHttpRequest"}
_RETRIES = 12
_ADMIN_TOKEN_MAX_AGE_S = 600
_admin_cache: dict[str, tuple[float, Account]] = {}


@dataclass
class Account:
    """A signed-in user: who it is, its credentials and a fresh access token."""

    id: str
    email: str
    password: str
    role: str
    display_name: str
    token: str
    refresh_token: str | None = field(default=None, repr=False)

    @property
    def headers(self) -> dict:
        """The Authorization header for this account."""
        return {"Authorization": f"Bearer {self.token}"}


def auth_call(stack, method: str, path: str, **kwargs) -> requests.Response:
    """A request through NGINX that waits out 429s (Retry-After) before giving up."""
    for _ in range(_RETRIES):
        response = stack.request(method, path, **kwargs)
        if response.status_code != 429:
            return response
        time.sleep(min(float(response.headers.get("Retry-After", "1")), 5.0))
    return response


def register(stack, *, email=None, password=None, display_name=None) -> requests.Response:
    """POST /api/auth/register (unique email and strong password unless given)."""
    body = {
        "email": email or f"it-{uuid.uuid4().hex[:12]}@example.com",
        "password": password or f"it-{uuid.uuid4().hex[:16]}-Pw",
        "display_name": display_name or "Test User",
    }
    return auth_call(stack, "POST", "/api/auth/register", json=body)


def login(stack, email: str, password: str) -> Account:
    """Sign in (asserting 200) and return the Account with its token and refresh cookie."""
    response = auth_call(
        stack, "POST", "/api/auth/login", json={"email": email, "password": password}
    )
    assert response.status_code == 200, (response.status_code, response.text)
    body = response.json()
    user = body["user"]
    return Account(
        id=user["id"],
        email=user["email"],
        password=password,
        role=user["role"],
        display_name=user["display_name"],
        token=body["access_token"],
        refresh_token=response.cookies.get("dread_refresh"),
    )


def demo_admin(stack) -> Account:
    """The seeded demo admin, signed in (token reused for up to 10 minutes)."""
    # keyed by the stack's data folder too: a later stack on the same port has other keys
    key = f"{stack.url} {getattr(stack, 'home', '')}"  # DREAD_E2E_URL sites have no home
    cached = _admin_cache.get(key)
    if cached and time.monotonic() - cached[0] < _ADMIN_TOKEN_MAX_AGE_S:
        return cached[1]
    account = login(stack, *DEMO_ADMIN)
    _admin_cache[key] = (time.monotonic(), account)
    return account


def set_role(stack, user_id: str, role: str) -> requests.Response:
    """PATCH /api/auth/users/{user_id} as the demo admin."""
    return auth_call(
        stack,
        "PATCH",
        f"/api/auth/users/{user_id}",
        json={"role": role},
        headers=demo_admin(stack).headers,
    )


def new_account(stack, role: str = "student", *, display_name: str | None = None) -> Account:
    """Register a fresh user, give it `role` (via the demo admin) and sign it in."""
    password = f"it-{uuid.uuid4().hex[:16]}-Pw"
    response = register(stack, password=password, display_name=display_name)
    assert response.status_code == 201, (response.status_code, response.text)
    user = response.json()["user"]
    if role != "student":
        promoted = set_role(stack, user["id"], role)
        assert promoted.status_code == 200, (promoted.status_code, promoted.text)
    return login(stack, user["email"], password)


__all__ = ["DEMO_ADMIN", "XHR", "Account", "auth_call", "demo_admin", "login", "new_account"]
