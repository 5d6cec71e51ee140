"""Fixtures: the auth service on moto tables built from its own tables.py."""

import pytest
from auth_service import create_app
from auth_service.config import Settings
from auth_service.tables import TABLES
from service_kit.testing import create_tables


@pytest.fixture
def settings(kit_settings):
    """Unit-test settings (static JWKS, test bucket, Scan forbidden)."""
    return Settings(service="auth", **kit_settings)


@pytest.fixture
def app(settings, dynamodb):
    """The app on fresh moto tables."""
    create_tables(dynamodb, TABLES, settings.table_name)
    return create_app(settings, dynamodb=dynamodb)


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()
