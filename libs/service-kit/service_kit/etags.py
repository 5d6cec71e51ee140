"""Conditional GETs (RFC 9110 §13): entity tags and If-None-Match → 304."""

from __future__ import annotations

from flask import Response


def entity_tags(header: str | None) -> list[tuple[bool, str]]:
    """The tags a list header names, as (weak, opaque-tag) pairs (`*` is (False, "*"))."""
    tags = []
    for part in (header or "").split(","):
        part = part.strip()
        if not part:
            continue
        weak = part.startswith("W/")
        tags.append((weak, part[2:] if weak else part))
    return tags


def none_match(header: str | None, etag: str) -> bool:
    """True when If-None-Match names `etag` (weak comparison, as RFC 9110 requires) or `*`."""
    _, current = entity_tags(etag)[0]
    return any(tag in ("*", current) for _, tag in entity_tags(header))


def not_modified(etag: str) -> Response:
    """The 304 answer to a matching If-None-Match: no body, the ETag repeated."""
    return Response(status=304, headers={"ETag": etag})
