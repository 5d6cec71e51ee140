"""The one id rule of the platform: path parameters, query/body ids and ids sent to services.

API.md: ids are server-generated UUIDs or ULIDs. Matching that shape in the route itself
means a path such as `/videos/lookup`, `/videos/a.b` or a 2 KB string is a plain 404 before
any handler, store or other service sees it (route names like `lookup` or `healthz` can
never pass for an id, and no id can exceed DynamoDB's key size).
"""

from __future__ import annotations

import os
import re
import time
from typing import Annotated
from urllib.parse import quote

from pydantic import Field
from werkzeug.routing import BaseConverter

# UUID (canonical or 32 hex digits) or ULID (26 Crockford base32 characters).
ID_PATTERN = (
    r"(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|[0-9a-fA-F]{32}"
    r"|[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26})"
)
MAX_ID_CHARS = 36
_ID = re.compile(ID_PATTERN)

# For request schemas: the same rule as a pydantic type (a 422/400 naming the field).
ResourceId = Annotated[str, Field(min_length=1, max_length=MAX_ID_CHARS, pattern=f"^{ID_PATTERN}$")]
# For body and query fields that name another resource: bounded and URL-safe only. Whether
# it is an id at all is the lookup's business (`is_id`, else "no such thing": a 404, as for
# a path), so the same odd id answers the same in a path and in a body.
IdReference = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9._~-]+$")]


class IdConverter(BaseConverter):
    """`<id:name>` in a route: matches an id and nothing else (anything else is a 404)."""

    regex = ID_PATTERN


def is_id(value) -> bool:
    """True when `value` is an id as the platform mints them."""
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def path_segment(value: str) -> str:
    """`value` quoted as one path segment: no `/`, `?`, `#`, `%` or dot-segment survives."""
    # quote() leaves "." alone, and "." / ".." are dot-segments that clients normalise away.
    return quote(str(value), safe="").replace(".", "%2E")


_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_ulid(now_ms: int | None = None) -> str:
    """A fresh ULID: 48 bits of milliseconds then 80 random bits, so ids sort by creation."""
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    value = (ms << 80) | int.from_bytes(os.urandom(10), "big")
    return "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))
