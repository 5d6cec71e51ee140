"""The routes every service shares, on this service."""

from service_kit.testing import assert_platform_routes, assert_readyz_checks_every_table


def test_platform_routes_are_served(client):
    assert_platform_routes(client, "/api/videos")


def test_readyz_checks_every_table(client, settings):
    from video_service.tables import TABLES

    assert_readyz_checks_every_table(client, "/api/videos", settings, TABLES)


def test_openapi_document_is_valid_and_lists_every_route(client):
    from openapi_spec_validator import validate

    document = client.get("/api/videos/openapi.json").get_json()
    validate(document)
    for path in (
        "/api/videos",
        "/api/videos/lookup",
        "/api/videos/{video_id}/stream",
        "/api/videos/{video_id}/upload/complete",
        "/api/videos/{video_id}/captions",
    ):
        assert path in document["paths"]
