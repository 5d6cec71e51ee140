"""The routes every service shares, on this service."""

from service_kit.testing import assert_platform_routes


def test_platform_routes_are_served(client):
    assert_platform_routes(client, "/api/forum")


def test_readyz_checks_every_table(client, settings):
    from forum_service.tables import TABLES

    checks = client.get("/api/forum/readyz").get_json()["checks"]
    for spec in TABLES:
        assert checks[f"table:{settings.table_name(spec.name)}"] == "ok"
