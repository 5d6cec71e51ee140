"""Fixtures: the profile service on moto tables built from its own tables.py."""

import pytest
from profile_service import create_app
from profile_service.config import Settings
from profile_service.tables import TABLES
from service_kit.testing import create_tables


@pytest.fixture
def settings(kit_settings):
    """Unit-test settings (static JWKS, test bucket, Scan forbidden)."""
    return Settings(service="profile", **kit_settings)


@pytest.fixture
def app(settings, dynamodb, s3):
    """The app on fresh moto tables."""
    create_tables(dynamodb, TABLES, settings.table_name)
    return create_app(settings, dynamodb=dynamodb, s3=s3)


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()
