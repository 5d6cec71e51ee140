"""The routes every service shares, on this service."""

from service_kit.testing import assert_platform_routes, assert_readyz_checks_every_table


def test_platform_routes_are_served(client):
    assert_platform_routes(client, "/api/progress")


def test_readyz_checks_every_table(client, settings):
    from progress_service.tables import TABLES

    assert_readyz_checks_every_table(client, "/api/progress", settings, TABLES)
