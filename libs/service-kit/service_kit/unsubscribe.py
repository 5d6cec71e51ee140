"""Unsubscribe links that work without logging in: a signed user id, no expiry.

The forum's digest mints them, the profile service honours them; both hold the platform's
service secret. A link only ever turns a mailing off, so it may live as long as the mail.
"""

from __future__ import annotations

from .cursor import decode_cursor, encode_cursor
from .errors import BadRequest

_PURPOSE = "dread unsubscribe"


def unsubscribe_token(user_id: str, *, secret: str, mailing: str = "digest") -> str:
    """The token of `user_id`'s unsubscribe link for `mailing`."""
    return encode_cursor({"u": user_id, "m": mailing}, secret, purpose=_PURPOSE)


def unsubscribed_user(token: str, *, secret: str, mailing: str = "digest") -> str:
    """The user id a token was minted for; BadRequest naming `token` when it was not ours."""
    try:
        key = decode_cursor(token, secret, expect={"m": mailing}, purpose=_PURPOSE)
    except BadRequest as error:
        raise BadRequest(
            "This unsubscribe link is not valid.", errors={"token": "Invalid or altered link."}
        ) from error
    if not key or not isinstance(key.get("u"), str):
        raise BadRequest("This unsubscribe link is not valid.", errors={"token": "Missing."})
    return key["u"]
