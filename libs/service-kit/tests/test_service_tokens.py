"""Service tokens: the guard accepts only them, and the secret has a safe default."""

import pytest
import service_kit as kit
from flask import jsonify
from service_kit.config import service_secret_from_env
from service_kit.service_tokens import require_service


@pytest.fixture
def internal_app(kit_settings):
    """A kit app with one internal route."""
    settings = kit.KitSettings(service="demo", **kit_settings)
    app = kit.create_service_app(__name__, settings, prefix="/api/demo", title="demo")

    @app.get("/internal/demo/ping")
    @require_service
    def ping():
        return jsonify(ok=True)

    return app


def test_service_token_passes_the_guard(internal_app, tokens):
    client = internal_app.test_client()
    assert client.get("/internal/demo/ping", headers=tokens.service_headers()).status_code == 200


@pytest.mark.parametrize("role", ["student", "admin"])
def test_user_tokens_are_refused(internal_app, tokens, role):
    client = internal_app.test_client()
    assert client.get("/internal/demo/ping", headers=tokens.headers(role=role)).status_code == 401


def test_system_role_on_the_user_audience_is_refused(internal_app, tokens):
    headers = tokens.headers("service:x", role="system")  # aud "dread", not "dread-internal"
    assert internal_app.test_client().get("/internal/demo/ping", headers=headers).status_code == 401


def test_no_token_is_refused(internal_app):
    assert internal_app.test_client().get("/internal/demo/ping").status_code == 401


def test_service_secret_defaults_to_a_derivation_of_the_cursor_secret(monkeypatch):
    monkeypatch.delenv("DREAD_SERVICE_SECRET", raising=False)
    derived = service_secret_from_env("cursor")
    assert derived and derived != "cursor" and derived == service_secret_from_env("cursor")
    monkeypatch.setenv("DREAD_SERVICE_SECRET", "explicit")
    assert service_secret_from_env("cursor") == "explicit"
