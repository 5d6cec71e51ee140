"""OpenAPI 3.1 built from the app's routes and their pydantic schemas, plus a docs page."""

from __future__ import annotations

import re

from flask import Blueprint, Flask, Response, current_app, jsonify
from markupsafe import escape
from pydantic.json_schema import models_json_schema
from werkzeug.routing import IntegerConverter

from . import deps
from .errors import Problem
from .ids import ID_PATTERN, MAX_ID_CHARS, IdConverter

_PATH_PARAM = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
_HIDDEN_METHODS = {"HEAD", "OPTIONS"}

PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": ["string", "null"]},
        "errors": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}


def _problem(description: str) -> dict:
    return {
        "description": description,
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }


def _first_line(error: type[Problem]) -> str:
    return ((error.__doc__ or "").strip().splitlines() or [error.title])[0]


def _path_schema(rule, name: str) -> dict:
    converter = rule._converters.get(name)
    if isinstance(converter, IdConverter):
        return {"type": "string", "pattern": f"^{ID_PATTERN}$", "maxLength": MAX_ID_CHARS}
    if isinstance(converter, IntegerConverter):
        return {"type": "integer"}
    return {"type": "string"}


def _common_errors(rule, meta: dict, view, *, rate_limited: bool) -> dict[int, list[str]]:
    """What the kit itself answers for a route of this shape (API.md's conventions)."""
    common: dict[int, list[str]] = {}
    if meta.get("body") is not None:
        common[400] = ["Malformed or too deeply nested JSON"]
        common[413] = ["Body over the size limit"]
        common[415] = ["Not application/json"]
        common[422] = ["Validation failed; `errors` names each field"]
    if meta.get("query") is not None:
        common.setdefault(400, []).append("Invalid query parameter; `errors` names it")
        # NGINX refuses a request URI over 8 KiB before any service sees it
        common[414] = ["Request URI over 8 KiB (answered by NGINX)"]
    if getattr(view, "_openapi_auth", False):
        common[401] = ["Missing, expired or invalid access token"]
        common[403] = ["Authenticated but not allowed"]
    if rule.arguments:
        common[404] = ["No such resource, one the caller may not know exists, or not an id"]
    if rate_limited:
        common[429] = ["Rate limited; retry after `Retry-After` seconds"]
    common[503] = ["A backing store or service is unreachable; retry after `Retry-After`"]
    return common


def _responses(rule, meta: dict, view, refs: dict, *, rate_limited: bool) -> dict:
    described = _common_errors(rule, meta, view, rate_limited=rate_limited)
    for error in meta.get("errors", ()):
        described.setdefault(error.status, []).append(_first_line(error))
    responses: dict = {}
    status = str(meta.get("status", 200))
    response = meta.get("response")
    responses[status] = {"description": "Success"}
    if response is not None:
        responses[status]["content"] = {
            "application/json": {"schema": refs[(response, "serialization")]}
        }
    for code, description in meta.get("responses", {}).items():
        responses.setdefault(str(code), {"description": description})
    for code in sorted(described):
        text = "; ".join(dict.fromkeys(described[code]))
        responses[str(code)] = _problem(text)
    return dict(sorted(responses.items()))


def _operation(rule, meta: dict, view, refs: dict, *, rate_limited: bool = False) -> dict:
    operation: dict = {"operationId": rule.endpoint.replace(".", "_")}
    summary = meta.get("summary")
    if isinstance(summary, list):
        summary = summary[0] if summary else None
    if summary:
        operation["summary"] = summary
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": _path_schema(rule, name)}
        for name in sorted(rule.arguments)
    ]
    for name, description in meta.get("headers", {}).items():
        parameters.append(
            {
                "name": name,
                "in": "header",
                "required": False,
                "description": description,
                "schema": {"type": "string"},
            }
        )
    query = meta.get("query")
    if query is not None:
        schema = query.model_json_schema()
        required = set(schema.get("required", []))
        for name, prop in schema.get("properties", {}).items():
            parameters.append(
                {"name": name, "in": "query", "required": name in required, "schema": prop}
            )
    if parameters:
        operation["parameters"] = parameters
    body = meta.get("body")
    if body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": refs[(body, "validation")]}},
        }
    if getattr(view, "_openapi_auth", False):
        operation["security"] = [{"bearerAuth": []}]
    operation["responses"] = _responses(rule, meta, view, refs, rate_limited=rate_limited)
    return operation


def build_openapi(app: Flask, *, title: str, version: str = "1.0.0") -> dict:
    """The OpenAPI 3.1 document of every documented route in `app`."""
    rate_limited = bool(app.extensions.get(deps.RATE_LIMITED))
    routes = []
    models = set()
    for rule in app.url_map.iter_rules():
        view = app.view_functions.get(rule.endpoint)
        meta = getattr(view, "_openapi", None)
        if meta is None:
            continue
        routes.append((rule, meta, view))
        if meta.get("body") is not None:
            models.add((meta["body"], "validation"))
        if meta.get("response") is not None:
            models.add((meta["response"], "serialization"))
    ordered = sorted(models, key=lambda pair: (pair[0].__name__, pair[1]))
    refs, defs = models_json_schema(ordered, ref_template="#/components/schemas/{model}")
    schemas = dict(defs.get("$defs", {}))
    schemas["Problem"] = PROBLEM_SCHEMA
    paths: dict = {}
    for rule, meta, view in sorted(routes, key=lambda r: r[0].rule):
        path = _PATH_PARAM.sub(r"{\1}", rule.rule)
        for method in sorted(rule.methods - _HIDDEN_METHODS):
            paths.setdefault(path, {})[method.lower()] = _operation(
                rule, meta, view, refs, rate_limited=rate_limited
            )
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            },
        },
    }


# Statuses no operation documents: not an operation's answer / a bug tests assert on purpose.
UNDOCUMENTED_STATUSES = {405, 500}


def document_of(app: Flask) -> dict:
    """The app's OpenAPI document, built once."""
    cached = app.extensions.get(deps.OPENAPI)
    if cached is None:
        cached = build_openapi(app, title=app.extensions.get(deps.TITLE, app.name))
        app.extensions[deps.OPENAPI] = cached
    return cached


DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} — API docs</title>
<link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css"></head>
<body data-spec-url="{spec_url}"><div id="swagger-ui"></div>
<script src="/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/js/api-docs.js"></script></body></html>
"""


def docs_blueprint(prefix: str, title: str) -> Blueprint:
    """`<prefix>/openapi.json` and `<prefix>/docs` (Swagger UI served by NGINX)."""
    blueprint = Blueprint("docs", __name__)

    @blueprint.get(f"{prefix}/openapi.json")
    def openapi_json():
        """The OpenAPI document of this service."""
        return jsonify(document_of(current_app))

    @blueprint.get(f"{prefix}/docs")
    def docs_page():
        """Interactive documentation."""
        html = DOCS_PAGE.format(title=escape(title), spec_url=escape(f"{prefix}/openapi.json"))
        return Response(html, mimetype="text/html")

    return blueprint
