"""OpenAPI 3.1 built from the app's routes and their pydantic schemas, plus a docs page."""

from __future__ import annotations

import re

from flask import Blueprint, Flask, Response, current_app, jsonify
from markupsafe import escape
from pydantic.json_schema import models_json_schema

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


def _operation(rule, meta: dict, view, refs: dict) -> dict:
    operation: dict = {"operationId": rule.endpoint.replace(".", "_"), "responses": {}}
    summary = meta.get("summary")
    if isinstance(summary, list):
        summary = summary[0] if summary else None
    if summary:
        operation["summary"] = summary
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in rule.arguments
    ]
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
        operation["responses"]["400"] = _problem("Malformed JSON")
        operation["responses"]["415"] = _problem("Not application/json")
        operation["responses"]["422"] = _problem("Validation failed; `errors` names each field")
    if query is not None:
        operation["responses"]["400"] = _problem("Invalid query parameter")
    status = str(meta.get("status", 200))
    response = meta.get("response")
    if response is not None:
        operation["responses"][status] = {
            "description": "Success",
            "content": {"application/json": {"schema": refs[(response, "serialization")]}},
        }
    else:
        operation["responses"][status] = {"description": "Success"}
    if getattr(view, "_openapi_auth", False):
        operation["security"] = [{"bearerAuth": []}]
        operation["responses"]["401"] = _problem("Missing or invalid access token")
        operation["responses"]["403"] = _problem("Not allowed")
    operation["responses"]["503"] = _problem("A backing store is unreachable")
    return operation


def build_openapi(app: Flask, *, title: str, version: str = "1.0.0") -> dict:
    """The OpenAPI 3.1 document of every documented route in `app`."""
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
            paths.setdefault(path, {})[method.lower()] = _operation(rule, meta, view, refs)
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
        cached = current_app.extensions.get("dread.openapi")
        if cached is None:
            cached = build_openapi(current_app, title=title)
            current_app.extensions["dread.openapi"] = cached
        return jsonify(cached)

    @blueprint.get(f"{prefix}/docs")
    def docs_page():
        """Interactive documentation."""
        html = DOCS_PAGE.format(title=escape(title), spec_url=escape(f"{prefix}/openapi.json"))
        return Response(html, mimetype="text/html")

    return blueprint
