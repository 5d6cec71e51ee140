"""Conditional GETs (RFC 9110 §13): entity tags and If-None-Match → 304."""

from __future__ import annotations

import re

from flask import Response

from .errors import BadRequest

_VERSION = re.compile(r'^\s*(W/)?"?(\d{1,18})"?\s*$')


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


def expected_versions(header: str | None, what: str = "resource") -> frozenset[int] | None:
    """Versions an If-Match header names ("3", 3, comma-separated); None: any (absent or `*`).

    Comparison is strong (RFC 9110 §13.1.1): a weak tag such as W/"3" names no version, so
    a header of only weak tags matches nothing (an empty set: the caller answers 412).
    """
    if header is None or header.strip() in ("", "*"):
        return None
    versions = [_VERSION.match(part) for part in header.split(",")]
    if not all(versions):
        raise BadRequest(
            f'If-Match must name a {what} version, e.g. "3".',
            errors={"If-Match": 'Expected a version number such as "3".'},
        )
    return frozenset(int(match.group(2)) for match in versions if not match.group(1))


def version_tag(version: int) -> str:
    """The strong ETag of a versioned resource."""
    return f'"{version}"'
