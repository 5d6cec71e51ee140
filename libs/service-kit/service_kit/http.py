"""Calls from one service to another: short timeouts, caller's token, failures → 503."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import requests

from .errors import ServiceUnavailable

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = (1.0, 3.0)
_session = requests.Session()


def call_service(
    method: str,
    url: str,
    *,
    token: str | None = None,
    json_body=None,
    params=None,
    timeout=DEFAULT_TIMEOUT_S,
) -> requests.Response:
    """Send one request to another service; network errors and 5xx become ServiceUnavailable."""
    headers = {"Accept": "application/json"}
    if token is None and urlsplit(url).path.startswith("/internal/"):
        from .service_tokens import service_token  # internal routes want a service token

        token = service_token()
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        response = _session.request(
            method, url, headers=headers, json=json_body, params=params, timeout=timeout
        )
    except requests.RequestException as error:
        logger.warning("call to %s failed: %s", url, error)
        raise ServiceUnavailable("A service this request depends on is unreachable.") from error
    if response.status_code >= 500:
        logger.warning("call to %s answered %s", url, response.status_code)
        raise ServiceUnavailable("A service this request depends on is unavailable.")
    return response
