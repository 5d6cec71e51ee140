"""Pytest fixtures every service suite shares (moto stores, tokens); loaded automatically."""

from __future__ import annotations

import os

import pytest

from .testing import ContractClient, TokenFactory

TEST_BUCKET = "dread-test-media"


def pytest_configure(config):
    """Share one botocore data loader between every boto3 session the tests make.

    moto gives each test a fresh default session, and each new session reads the service
    models and endpoints.json from disk again (about 30 JSON files per test, ~70 % of a unit
    test's time). The models are read-only, so one cached loader per data path serves them all.
    """
    import functools

    import botocore.loaders
    import botocore.session

    botocore.session.create_loader = functools.cache(botocore.loaders.create_loader)


@pytest.fixture
def aws_env(monkeypatch):
    """Fake credentials and region so nothing can reach a real AWS account."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)


@pytest.fixture
def moto(aws_env):
    """Every boto3 call inside the test goes to moto."""
    os.environ.setdefault("MOTO_S3_CUSTOM_ENDPOINTS", "http://s3.local.test")
    from moto import mock_aws

    with mock_aws():
        yield


@pytest.fixture(scope="session")
def _boto3_session():
    """One boto3 session for the fixtures' clients: a new one registers ~7 000 event handlers.

    moto intercepts every session made after it is imported, and the fake credentials are the
    same in every test, so sharing it changes nothing a test can see.
    """
    import boto3
    import moto  # noqa: F401  (its request hook must be registered before the session exists)

    return boto3.session.Session()


@pytest.fixture
def dynamodb(moto, _boto3_session):
    """A moto DynamoDB resource."""
    return _boto3_session.resource("dynamodb", region_name="us-east-1")


@pytest.fixture
def s3(moto, _boto3_session):
    """A moto S3 client with the test bucket created."""
    client = _boto3_session.client("s3", region_name="us-east-1")
    client.create_bucket(Bucket=TEST_BUCKET)
    return client


@pytest.fixture
def tokens():
    """Mints access tokens that the service under test accepts."""
    return TokenFactory()


@pytest.fixture
def kit_settings(tokens):
    """Keyword arguments for a service's Settings in unit tests."""
    return {
        "jwks": tokens.jwks,
        "cursor_secret": "unit-test-cursor-secret",
        "bucket": TEST_BUCKET,
        "forbid_scan": True,
        "log_level": "WARNING",
    }


@pytest.fixture(autouse=True)
def contract_client(monkeypatch):
    """Every Flask test client checks each response against its route's documented contract."""
    import flask

    monkeypatch.setattr(flask.Flask, "test_client_class", ContractClient)
