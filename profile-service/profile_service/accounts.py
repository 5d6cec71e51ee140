"""What the profile service asks the auth service, always with the caller's own token."""

from __future__ import annotations

from flask import current_app
from service_kit import NotFound, Unauthorized, ValidationFailed
from service_kit.auth import User
from service_kit.http import call_service


def _url(path: str) -> str:
    return current_app.extensions["dread.settings"].service_urls["auth"] + "/api/auth" + path


def _answer(response, what: str) -> dict:
    if response.status_code == 401:
        raise Unauthorized("The auth service refused the token.")
    if response.status_code == 404:
        raise NotFound(f"No such {what}.")
    if response.status_code == 422:
        body = response.json()
        raise ValidationFailed(body.get("detail", "Invalid input."), errors=body.get("errors"))
    if response.status_code != 200:
        raise NotFound(f"No such {what}.")
    return response.json()["user"]


def my_account(caller: User) -> dict:
    """The caller's account (id, display_name, …) from GET /api/auth/me."""
    return _answer(call_service("GET", _url("/me"), token=caller.token), "account")


def public_account(user_id: str, caller: User) -> dict:
    """Another user's public card (no email); NotFound when there is no such account."""
    return _answer(
        call_service("GET", _url(f"/users/{user_id}/public"), token=caller.token), "profile"
    )


def rename_account(caller: User, display_name: str) -> dict:
    """Keep the account's display name in step with the profile's."""
    response = call_service(
        "PATCH", _url("/me"), token=caller.token, json_body={"display_name": display_name}
    )
    return _answer(response, "account")
