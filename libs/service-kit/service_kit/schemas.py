"""Request validation with pydantic models that also describe the route in OpenAPI."""

from __future__ import annotations

import functools
from typing import Annotated

from flask import request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import BadRequest, Problem, UnsupportedMediaType, ValidationFailed


class RequestSchema(BaseModel):
    """Base for request bodies: unknown fields are refused, strings trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class QuerySchema(BaseModel):
    """Base for query strings: unknown parameters are ignored (cache busters etc.)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class ResponseSchema(BaseModel):
    """Base for documented responses."""

    model_config = ConfigDict(extra="allow")


class PageQuery(QuerySchema):
    """`?limit=&cursor=` as every list endpoint takes them."""

    limit: Annotated[int, Field(ge=1, le=100)] = 20
    cursor: Annotated[str | None, Field(max_length=2048)] = None


def validation_errors(error: ValidationError) -> dict[str, str]:
    """Map pydantic errors to {field.path: message}."""
    errors: dict[str, str] = {}
    for item in error.errors(include_url=False):
        field = ".".join(str(part) for part in item["loc"]) or "body"
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = "Unknown field."
        errors.setdefault(field, message)
    return errors


def _summarise(errors: dict[str, str]) -> str:
    return "Invalid " + ", ".join(sorted(errors)) + "."


def parse_json_body(model: type[BaseModel]):
    """Parse and validate the request body as `model` (400 / 415 / 422 on bad input)."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        data = {}
    else:
        if request.mimetype != "application/json":
            raise UnsupportedMediaType("Send the body as application/json.")
        try:
            data = request.get_json(silent=True)
        except RecursionError as error:  # not a ValueError, so `silent` lets it through
            raise BadRequest(
                "The request body is nested too deeply.", errors={"body": "Nested too deeply."}
            ) from error
        if data is None:
            raise BadRequest("The request body is not valid JSON.")
    if not isinstance(data, dict):
        raise ValidationFailed(
            "The request body must be a JSON object.", errors={"body": "Expected an object."}
        )
    try:
        return model.model_validate(data)
    except ValidationError as error:
        errors = validation_errors(error)
        raise ValidationFailed(_summarise(errors), errors=errors) from error


def parse_query(model: type[BaseModel]):
    """Validate the query string as `model` (400 naming the parameter)."""
    try:
        return model.model_validate(request.args.to_dict())
    except ValidationError as error:
        errors = validation_errors(error)
        raise BadRequest(_summarise(errors), errors=errors) from error


def spec(
    *,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    response: type[BaseModel] | None = None,
    status: int = 200,
    summary: str | None = None,
    errors: tuple[type[Problem], ...] = (),
    responses: dict[int, str] | None = None,
    headers: dict[str, str] | None = None,
):
    """Validate `body`/`query` into keyword arguments and record the route for OpenAPI.

    `errors` are the domain errors the handler raises (their status and docstring are
    documented); `responses` other answers ({304: "..."}); `headers` request headers it
    reads ({"If-Match": "..."}). The kit adds what it raises itself (see service_kit.openapi),
    and the test plugin fails any test that sees a status the route does not document.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if body is not None:
                kwargs["body"] = parse_json_body(body)
            if query is not None:
                kwargs["query"] = parse_query(query)
            return view(*args, **kwargs)

        wrapper._openapi = {
            "body": body,
            "query": query,
            "response": response,
            "status": status,
            "summary": summary or (view.__doc__ or "").strip().splitlines()[0:1],
            "errors": tuple(errors),
            "responses": dict(responses or {}),
            "headers": dict(headers or {}),
        }
        return wrapper

    return decorator
