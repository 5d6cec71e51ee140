"""The browser side of sessions: the refresh cookie and the checks against cross-site calls."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from flask import Response, request
from service_kit import Forbidden
from werkzeug.http import dump_cookie

from .deps import settings

COOKIE_NAME = "dread_refresh"
COOKIE_PATH = "/api/auth"


def is_https() -> bool:
    """True when the browser talks HTTPS to us (NGINX says so in X-Forwarded-Proto)."""
    forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    return forwarded == "https" or request.scheme == "https"


def client_address(proxy_hops: int) -> str:
    """The caller's address as our own proxies saw it, for per-client login counters."""
    # NGINX appends the peer it saw to X-Forwarded-For; entries left of what our proxies
    # appended were sent by the client and are never trusted. X-Real-IP is not set by our
    # NGINX, so a client's own passes through unchanged: it is ignored too.
    joined = ",".join(request.headers.getlist("X-Forwarded-For"))
    entries = [entry.strip() for entry in joined.split(",") if entry.strip()]
    if proxy_hops and len(entries) >= proxy_hops:
        raw = entries[-proxy_hops]
    else:
        raw = request.remote_addr or "unknown"  # called directly, not through a proxy
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw[:64]
    if address.version == 6 and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    if address.version == 6:  # one host usually holds a whole /64: count it as one client
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def refresh_cookie(value: str, max_age: int) -> str:
    """A Set-Cookie value for the refresh token: HttpOnly, SameSite=Strict, /api/auth only."""
    return dump_cookie(
        COOKIE_NAME,
        value,
        max_age=max_age,
        path=COOKIE_PATH,
        secure=is_https(),
        httponly=True,
        samesite="Strict",
    )


def cleared_cookie() -> str:
    """A Set-Cookie value that removes the refresh cookie."""
    return dump_cookie(
        COOKIE_NAME,
        "",
        max_age=0,
        expires=0,
        path=COOKIE_PATH,
        secure=is_https(),
        httponly=True,
        samesite="Strict",
    )


def set_cookie(response: Response, cookie: str) -> Response:
    """Attach one Set-Cookie header."""
    response.headers.add("Set-Cookie", cookie)
    return response


def _origin_of(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _own_origins() -> set[str]:
    scheme = "https" if is_https() else "http"
    origins = {f"{scheme}://{request.host.lower()}"}
    public_url = settings().public_url
    if public_url:
        origins.add(_origin_of(public_url))
    return origins


def require_browser_call() -> None:
    """Refuse cross-site requests to cookie-authenticated endpoints (403)."""
    if request.headers.get("X-Requested-With") != "XMLHttpRequest":
        raise Forbidden("This endpoint needs the header X-Requested-With: XMLHttpRequest.")
    origin = request.headers.get("Origin")
    if origin is not None and _origin_of(origin) not in _own_origins():
        raise Forbidden("Cross-origin requests may not use the session cookie.")
