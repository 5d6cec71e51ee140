"""Search page cursors: the signed last rank seen, bound to one query (listings use the kit's)."""

from __future__ import annotations

import service_kit as kit
from flask import current_app


def _secret() -> str:
    return kit.settings_of(current_app).cursor_secret


def after_of(cursor: str | None, *, scope: str) -> str | None:
    """The rank a page of listing `scope` resumes below; 400 for a cursor of anything else."""
    key = kit.decode_cursor(cursor, _secret())
    if key is None:
        return None
    after = key.get("after")
    # A cursor of another listing (another user's courses, another query) is refused too.
    if key.get("scope") != scope or not isinstance(after, str) or not after:
        raise kit.BadRequest(
            "The cursor is not valid.", errors={"cursor": "Invalid or tampered cursor."}
        )
    return after


def page(items: list[dict], next_after: str | None, *, scope: str) -> dict:
    """`{items, next_cursor}`."""
    cursor = None
    if next_after:
        cursor = kit.encode_cursor({"after": next_after, "scope": scope}, _secret())
    return {"items": items, "next_cursor": cursor}
