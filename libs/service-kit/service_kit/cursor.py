"""Opaque, signed pagination cursors: a tampered or foreign cursor is a 400, never a 500.

A cursor is signed for its purpose too: by default the service and endpoint that minted it
(inside a request), so one listing's cursor — another service's, say, whose keys the
store would refuse — is refused by every other listing, even where services share a secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from decimal import Decimal

from flask import current_app, has_request_context, request

from . import deps
from .errors import BadRequest
from .values import plain_number

_SIG_BYTES = 16


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _plain(value):
    if isinstance(value, Decimal):
        return plain_number(value)
    raise TypeError(f"cannot encode {type(value).__name__} in a cursor")


def _default_purpose() -> str:
    """`<service>:<endpoint>` of the current request ("" outside one)."""
    if not has_request_context() or not request.endpoint:
        return ""
    settings = deps.settings_if_any()
    return f"{settings.service if settings else current_app.name}:{request.endpoint}"


def _signature(secret: str, purpose: str, payload: bytes) -> bytes:
    signed = purpose.encode() + b"\0" + payload
    return hmac.new(secret.encode(), signed, hashlib.sha256).digest()[:_SIG_BYTES]


def encode_cursor(key: dict | None, secret: str, *, purpose: str | None = None) -> str | None:
    """Turn a DynamoDB LastEvaluatedKey into an opaque cursor (None stays None).

    `purpose` defaults to the current service and endpoint (see the module docstring).
    """
    if not key:
        return None
    purpose = _default_purpose() if purpose is None else purpose
    payload = json.dumps(key, default=_plain, separators=(",", ":"), sort_keys=True).encode()
    return _b64(payload) + "." + _b64(_signature(secret, purpose, payload))


def decode_cursor(
    cursor: str | None, secret: str, *, expect: dict | None = None, purpose: str | None = None
) -> dict | None:
    """Turn a cursor back into an ExclusiveStartKey, refusing anything we did not sign.

    `expect` pins key attributes (e.g. the partition key of the query): a cursor signed for
    another partition — another user's or another course's page — is refused as tampered.
    `purpose` (default: this service and endpoint) must be the one the cursor was made for.
    """
    if not cursor:
        return None
    invalid = BadRequest(
        "The cursor is not valid.", errors={"cursor": "Invalid or tampered cursor."}
    )
    try:
        payload_part, signature_part = cursor.split(".", 1)
        payload = _unb64(payload_part)
        signature = _unb64(signature_part)
    except (ValueError, TypeError) as error:
        raise invalid from error
    purpose = _default_purpose() if purpose is None else purpose
    if not hmac.compare_digest(signature, _signature(secret, purpose, payload)):
        raise invalid
    try:
        key = json.loads(payload)
    except ValueError as error:
        raise invalid from error
    if not isinstance(key, dict):
        raise invalid
    if expect and any(key.get(name) != value for name, value in expect.items()):
        raise invalid
    return key
