"""The kit's cross-cutting behaviour, seen through a minimal demo service."""

import json
import time
from dataclasses import replace

import pytest
from service_kit.aws import dynamodb_resource
from service_kit.testing import assert_platform_routes, assert_problem

PREFIX = "/api/demo"


def test_platform_routes_are_served(client):
    assert_platform_routes(client, PREFIX)


def test_openapi_describes_documented_routes(client):
    document = client.get(f"{PREFIX}/openapi.json").get_json()
    post = document["paths"][f"{PREFIX}/things"]["post"]
    assert post["security"] == [{"bearerAuth": []}]
    assert "201" in post["responses"] and "422" in post["responses"]
    body_ref = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][body_ref.rsplit("/", 1)[1]]
    assert schema["properties"]["count"]["maximum"] == 10
    get = document["paths"][f"{PREFIX}/things"]["get"]
    assert {p["name"] for p in get["parameters"]} == {"limit", "cursor"}


def test_request_id_is_echoed_or_generated(client):
    echoed = client.get(f"{PREFIX}/healthz", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["X-Request-ID"] == "abc-123"
    generated = client.get(f"{PREFIX}/healthz")
    assert len(generated.headers["X-Request-ID"]) == 32


def test_unknown_route_is_problem_404(client):
    body = assert_problem(client.get(f"{PREFIX}/nope"), 404)
    assert body["instance"] == f"{PREFIX}/nope"


def test_wrong_method_is_problem_405_with_allow(client):
    response = client.delete(f"{PREFIX}/things")
    assert_problem(response, 405)
    assert "POST" in response.headers["Allow"]


def test_malformed_json_is_400(client, tokens):
    response = client.post(
        f"{PREFIX}/things",
        data="{not json",
        content_type="application/json",
        headers=tokens.headers(),
    )
    assert "JSON" in assert_problem(response, 400)["detail"]


def test_body_over_limit_is_413(client, tokens):
    big = json.dumps({"name": "x" * (2 * 1024 * 1024)})
    response = client.post(
        f"{PREFIX}/things", data=big, content_type="application/json", headers=tokens.headers()
    )
    assert_problem(response, 413)


def test_wrong_content_type_is_415(client, tokens):
    response = client.post(
        f"{PREFIX}/things", data="name=x", content_type="text/plain", headers=tokens.headers()
    )
    assert_problem(response, 415)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "ok", "count": 11}, "count"),
        ({"name": "ok", "count": "many"}, "count"),
        ({"name": "ok", "extra": 1}, "extra"),
        ([1, 2], "body"),
    ],
)
def test_invalid_body_is_422_naming_the_field(client, tokens, payload, field):
    response = client.post(f"{PREFIX}/things", json=payload, headers=tokens.headers())
    body = assert_problem(response, 422)
    assert field in body["errors"]


def test_valid_body_is_accepted(client, tokens):
    response = client.post(
        f"{PREFIX}/things", json={"name": "lamp", "count": 3}, headers=tokens.headers()
    )
    assert response.status_code == 201
    assert response.get_json() == {"name": "lamp", "count": 3}


def test_unexpected_error_is_500_without_details(client):
    body = assert_problem(client.get(f"{PREFIX}/boom"), 500)
    assert "secret" not in json.dumps(body)


def test_scan_on_request_path_is_refused(client):
    assert_problem(client.get(f"{PREFIX}/scan"), 500)


def test_pages_with_cursor_return_every_item_once(client, tokens):
    headers = tokens.headers("pager")
    names = {f"item{i:02d}" for i in range(7)}
    for name in names:
        client.post(f"{PREFIX}/things", json={"name": name}, headers=headers)
    seen, cursor = [], None
    while True:
        url = f"{PREFIX}/things?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(url, headers=headers).get_json()
        seen += [item["name"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(names)


@pytest.mark.parametrize("cursor", ["garbage", "eyJwayI6IngifQ.AAAA", "a.b.c", "%%%"])
def test_tampered_cursor_is_400(client, tokens, cursor):
    response = client.get(
        f"{PREFIX}/things", query_string={"cursor": cursor}, headers=tokens.headers()
    )
    assert "cursor" in assert_problem(response, 400)["errors"]


def test_cursor_of_another_listing_is_400(client, tokens):
    foreign = client.get(f"{PREFIX}/catalog").get_json()["next_cursor"]
    response = client.get(
        f"{PREFIX}/things", query_string={"cursor": foreign}, headers=tokens.headers()
    )
    assert "cursor" in assert_problem(response, 400)["errors"]


@pytest.mark.parametrize("depth", [3000, 100_000])
@pytest.mark.parametrize(("opening", "closing"), [("[", "]"), ('{"a":', "}")])
def test_deeply_nested_json_is_400(client, tokens, depth, opening, closing):
    data = opening * depth + "1" + closing * depth
    response = client.post(
        f"{PREFIX}/things", data=data, content_type="application/json", headers=tokens.headers()
    )
    assert "nested" in assert_problem(response, 400)["detail"]


@pytest.mark.parametrize(
    "thing_id",
    ["lookup", "healthz", "a.b", "%2e", "a~b", "x" * 100, "x" * 2100, "0" * 33, "-" * 32],
)
def test_a_path_parameter_that_is_not_an_id_is_404(client, tokens, thing_id):
    assert_problem(client.get(f"{PREFIX}/things/{thing_id}", headers=tokens.headers()), 404)


@pytest.mark.parametrize(
    "thing_id",
    [
        "0f8fad5b-d9cb-469f-a165-70867728950e",
        "0f8fad5bd9cb469fa16570867728950e",
        "01ARZ3NDEKTSV4RRFFQ69G5FAV",
    ],
)
def test_a_path_parameter_that_is_an_id_reaches_the_handler(client, tokens, thing_id):
    response = client.get(f"{PREFIX}/things/{thing_id}", headers=tokens.headers())
    assert assert_problem(response, 404)["detail"] == "No such thing."  # the handler's own


@pytest.mark.parametrize("limit", ["0", "101", "ten"])
def test_bad_limit_is_400(client, tokens, limit):
    response = client.get(
        f"{PREFIX}/things", query_string={"limit": limit}, headers=tokens.headers()
    )
    assert "limit" in assert_problem(response, 400)["errors"]


def test_readyz_is_503_fast_when_store_is_unreachable(app_factory, settings, aws_env):
    unreachable = replace(settings, dynamodb_endpoint="http://127.0.0.1:9")
    app = app_factory(unreachable, dynamodb_resource(unreachable))
    started = time.monotonic()
    response = app.test_client().get(f"{PREFIX}/readyz")
    assert time.monotonic() - started < 2.0
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


def test_readyz_is_503_when_a_table_is_missing(app, client, dynamodb, settings):
    dynamodb.meta.client.delete_table(TableName=settings.table_name("things"))
    assert client.get(f"{PREFIX}/readyz").status_code == 503


def test_store_unreachable_on_request_path_is_503(app_factory, settings, tokens, aws_env):
    unreachable = replace(settings, dynamodb_endpoint="http://127.0.0.1:9")
    app = app_factory(unreachable, dynamodb_resource(unreachable))
    response = app.test_client().get(f"{PREFIX}/things", headers=tokens.headers())
    assert_problem(response, 503)
    assert response.headers["Retry-After"]


def test_openapi_is_valid_and_documents_what_the_kit_answers(client):
    from openapi_spec_validator import validate

    document = client.get(f"{PREFIX}/openapi.json").get_json()
    validate(document)
    post = document["paths"][f"{PREFIX}/things"]["post"]["responses"]
    assert {"201", "400", "401", "403", "413", "415", "422", "503"} <= set(post)
    assert "404" not in post  # no path parameter
    one = document["paths"][f"{PREFIX}/things/{{thing_id}}"]["get"]
    assert {"200", "401", "403", "404", "503"} <= set(one["responses"])
    (parameter,) = one["parameters"]
    assert parameter["schema"]["pattern"].startswith("^") and parameter["schema"]["maxLength"]
    catalog = document["paths"][f"{PREFIX}/catalog"]["get"]["responses"]
    assert {"200", "400", "414", "503"} == set(catalog)  # no auth, no body, no path parameter


def test_undocumented_status_is_a_contract_violation(app, tokens):
    from flask.testing import FlaskClient
    from service_kit.testing import contract_violations

    plain = FlaskClient(app)  # the plugin's ContractClient would raise on the 409 itself
    documented = plain.get(f"{PREFIX}/things/{'0' * 32}", headers=tokens.headers())  # 404
    assert contract_violations(app, documented) == []
    undeclared = plain.get(f"{PREFIX}/undeclared")
    assert undeclared.status_code == 409
    (violation,) = contract_violations(app, undeclared)
    assert violation.startswith("status 409 is not documented")
