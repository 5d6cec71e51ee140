"""Problem details (RFC 9457) for every error a service returns."""

from __future__ import annotations

import logging

from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)
from flask import Flask, Response, json, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

logger = logging.getLogger(__name__)

PROBLEM_TYPE_BASE = "https://dread.dev/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"

# DynamoDB/S3 error codes that mean "the store cannot serve this now", not "you sent bad data".
UNAVAILABLE_CODES = {
    "ResourceNotFoundException",
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
    "SlowDown",
    "NoSuchBucket",
}
CONNECTION_ERRORS = (
    EndpointConnectionError,
    ConnectTimeoutError,
    ReadTimeoutError,
    ConnectionClosedError,
)


class Problem(Exception):
    """An error that renders as problem+json; subclass it for domain errors."""

    status = 500
    title = "Internal Server Error"
    slug = "internal"

    def __init__(self, detail: str | None = None, *, errors: dict | None = None, headers=None):
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = errors
        self.headers = headers or {}


class BadRequest(Problem):
    status, title, slug = 400, "Bad Request", "bad-request"


class Unauthorized(Problem):
    status, title, slug = 401, "Unauthorized", "unauthorized"

    def __init__(self, detail: str | None = None, **kwargs):
        kwargs.setdefault("headers", {"WWW-Authenticate": 'Bearer realm="dread"'})
        super().__init__(detail, **kwargs)


class Forbidden(Problem):
    status, title, slug = 403, "Forbidden", "forbidden"


class NotFound(Problem):
    status, title, slug = 404, "Not Found", "not-found"


class Conflict(Problem):
    status, title, slug = 409, "Conflict", "conflict"


class PreconditionFailed(Problem):
    status, title, slug = 412, "Precondition Failed", "precondition-failed"


class UnsupportedMediaType(Problem):
    status, title, slug = 415, "Unsupported Media Type", "unsupported-media-type"


class ValidationFailed(Problem):
    status, title, slug = 422, "Validation Failed", "validation"


class TooManyRequests(Problem):
    status, title, slug = 429, "Too Many Requests", "rate-limited"

    def __init__(self, detail: str | None = None, *, retry_after: int = 1, **kwargs):
        kwargs.setdefault("headers", {"Retry-After": str(max(1, int(retry_after)))})
        super().__init__(detail, **kwargs)


class ServiceUnavailable(Problem):
    status, title, slug = 503, "Service Unavailable", "unavailable"

    def __init__(self, detail: str | None = None, **kwargs):
        kwargs.setdefault("headers", {"Retry-After": "2"})
        super().__init__(detail, **kwargs)


# The kit's own problems: their slug and title are the `type` and `title` of that status.
_KINDS = {
    cls.status: (cls.slug, cls.title)
    for cls in (
        Problem,
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        PreconditionFailed,
        UnsupportedMediaType,
        ValidationFailed,
        TooManyRequests,
        ServiceUnavailable,
    )
}


def problem_kind(status: int) -> tuple[str, str]:
    """The (slug, title) of a status, the same whichever layer answers (NGINX uses it too)."""
    if status in _KINDS:
        return _KINDS[status]
    name = HTTP_STATUS_CODES.get(status, "Error")
    return name.lower().replace(" ", "-"), name


def problem_response(
    status: int,
    title: str,
    detail: str,
    *,
    slug: str | None = None,
    errors: dict | None = None,
    headers: dict | None = None,
) -> Response:
    """Build a problem+json response."""
    body = {
        "type": PROBLEM_TYPE_BASE + (slug or str(status)),
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.path if request else None,
    }
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _render_problem(error: Problem) -> Response:
    return problem_response(
        error.status,
        error.title,
        error.detail,
        slug=error.slug,
        errors=error.errors,
        headers=error.headers,
    )


def _render_http_exception(error: HTTPException) -> Response:
    headers = {}
    if error.code == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    slug, title = problem_kind(error.code or 500)
    detail = error.description or error.name
    if error.code == 400 and "JSON" in (detail or ""):
        detail = "The request body is not valid JSON."
    return problem_response(error.code or 500, title, detail, slug=slug, headers=headers)


def _render_store_unreachable(error: Exception) -> Response:
    logger.warning("backing store unreachable: %s", error)
    return _render_problem(ServiceUnavailable("A backing store is unreachable; try again shortly."))


def _render_client_error(error: ClientError) -> Response:
    code = error.response.get("Error", {}).get("Code", "")
    if code in UNAVAILABLE_CODES:
        return _render_store_unreachable(error)
    logger.exception("unexpected AWS error %s", code)
    return _render_unexpected(error)


def _render_unexpected(error: Exception) -> Response:
    logger.error("unhandled error", exc_info=error)
    return problem_response(
        500, Problem.title, "Something went wrong on our side.", slug=Problem.slug
    )


def register_error_handlers(app: Flask) -> None:
    """Render every error raised in `app`, werkzeug's own included, as problem+json."""
    app.register_error_handler(Problem, _render_problem)
    app.register_error_handler(HTTPException, _render_http_exception)
    app.register_error_handler(ClientError, _render_client_error)
    for error_class in CONNECTION_ERRORS:
        app.register_error_handler(error_class, _render_store_unreachable)
    app.register_error_handler(Exception, _render_unexpected)
