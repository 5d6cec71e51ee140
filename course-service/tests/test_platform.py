"""The routes every service shares, on this service."""

from service_kit.testing import assert_platform_routes, assert_readyz_checks_every_table


def test_platform_routes_are_served(client):
    assert_platform_routes(client, "/api/courses")


def test_readyz_checks_every_table(client, settings):
    from course_service.tables import TABLES

    assert_readyz_checks_every_table(client, "/api/courses", settings, TABLES)


def test_openapi_document_is_valid_and_lists_every_route(client):
    from openapi_spec_validator import validate

    document = client.get("/api/courses/openapi.json").get_json()
    validate(document)
    assert set(document["paths"]) == {
        "/api/courses",
        "/api/courses/enrolled",
        "/api/courses/mine",
        "/api/courses/recommended",
        "/api/courses/{course_id}",
        "/api/courses/{course_id}/access",
        "/api/courses/{course_id}/enrollment",
        "/api/courses/{course_id}/sections",
        "/api/courses/{course_id}/sections/{section_id}",
        "/api/courses/{course_id}/cover",
        "/api/courses/{course_id}/cover/complete",
        "/api/courses/suggest",
        "/api/courses/instructors/{user_id}",
    }
