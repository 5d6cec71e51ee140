"""Every service's OpenAPI, as NGINX serves it, documents every status its operations answer.

The kit generates these from the routes' declarations (`kit.spec(errors=...)`) and from what
it raises itself; the service suites fail any test that sees an undocumented status. This
walks the served documents for the conventions of API.md and the review's specific gaps.
"""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from tests.conftest import AREAS

METHODS = ("get", "put", "post", "patch", "delete")


@pytest.fixture(scope="module")
def documents(stack):
    """The served OpenAPI document of each area, validated."""
    served = {}
    for area in AREAS:
        response = stack.get(f"/api/{area}/openapi.json")
        assert response.status_code == 200, area
        served[area] = response.json()
        validate(served[area])
    return served


def _operations(documents):
    for area, document in documents.items():
        for path, item in document["paths"].items():
            for method in METHODS:
                if method in item:
                    yield area, f"{method.upper()} {path}", item[method]


def test_every_operation_documents_the_statuses_it_can_answer(documents):
    gaps = []
    for area, name, operation in _operations(documents):
        codes = set(operation["responses"])
        parameters = operation.get("parameters", [])
        need = {"503"}
        if any(p["in"] == "path" for p in parameters):
            need.add("404")
        if any(p["in"] == "query" for p in parameters):
            need.add("400")
        if "requestBody" in operation:
            need |= {"400", "413", "415", "422"}
        if operation.get("security"):
            need |= {"401", "403"}
        if area == "auth":  # NGINX rate-limits the whole area
            need.add("429")
        if not any(code.startswith("2") for code in codes):
            gaps.append(f"{name}: no success status")
        if need - codes:
            gaps.append(f"{name}: missing {sorted(need - codes)}")
    assert not gaps, gaps


def _op(documents, area, method, path):
    return documents[area]["paths"][path][method]


def test_the_reviewed_gaps_are_documented(documents):
    assert "204" in _op(documents, "videos", "delete", "/api/videos/{video_id}")["responses"]
    login = _op(documents, "auth", "post", "/api/auth/login")["responses"]
    assert {"401", "429"} <= set(login)
    assert "409" in _op(documents, "auth", "post", "/api/auth/register")["responses"]
    assert {"401", "403"} <= set(_op(documents, "auth", "post", "/api/auth/refresh")["responses"])
    patch = _op(documents, "courses", "patch", "/api/courses/{course_id}")
    assert "412" in patch["responses"]
    assert "If-Match" in {p["name"] for p in patch["parameters"] if p["in"] == "header"}
    get = _op(documents, "courses", "get", "/api/courses/{course_id}")
    assert "304" in get["responses"]
    stream = _op(documents, "videos", "get", "/api/videos/{video_id}/stream")
    assert "409" in stream["responses"]


def test_register_documents_the_password_policy(documents):
    document = documents["auth"]
    body = _op(documents, "auth", "post", "/api/auth/register")["requestBody"]
    name = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    password = document["components"]["schemas"][name]["properties"]["password"]
    assert (password["minLength"], password["maxLength"]) == (8, 72)
    assert "bytes" in password["description"]


def test_id_path_parameters_are_constrained(documents):
    for _area, name, operation in _operations(documents):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path" and parameter["name"].endswith("_id"):
                assert parameter["schema"].get("pattern"), name
