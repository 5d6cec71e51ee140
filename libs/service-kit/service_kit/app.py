"""The app factory every service builds on: errors, logging, auth, health, metrics, docs."""

from __future__ import annotations

import threading

import boto3
from flask import Flask

from . import deps
from .auth import JwksVerifier
from .aws import PROBE_CONFIG
from .config import KitSettings
from .errors import register_error_handlers
from .health import bucket_check, health_blueprint, table_check
from .ids import IdConverter
from .logs import configure_logging, init_request_ids
from .metrics import init_metrics
from .openapi import docs_blueprint


def create_service_app(
    import_name: str,
    settings: KitSettings,
    *,
    prefix: str,
    title: str,
    rate_limited=False,
    extensions: dict | None = None,
    tables=(),
    bucket: bool = False,
    api=(),
    internal=(),
) -> Flask:
    """A Flask app with everything cross-cutting wired, plus the service's own parts.

    `rate_limited`: the edge rate-limits this area (every operation may answer 429).
    `extensions`: the service's dependencies by their `deps` key; `tables` (specs) and
    `bucket`: what readyz checks; `api`: modules whose `blueprint` serves under `prefix`;
    `internal`: modules whose `blueprint` serves outside /api/ (NGINX never proxies it).
    """
    configure_logging(settings.service, settings.log_level)
    app = Flask(import_name)
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_json_bytes,
        JSON_SORT_KEYS=False,
        DREAD_SETTINGS=settings,
    )
    app.json.sort_keys = False
    app.url_map.strict_slashes = False
    app.url_map.converters["id"] = IdConverter  # `<id:name>`: the one id rule
    app.extensions[deps.SETTINGS] = settings
    app.extensions[deps.VERIFIER] = JwksVerifier(
        issuer=settings.token_issuer,
        audience=settings.token_audience,
        jwks_url=settings.jwks_url,
        jwks=settings.jwks,
    )
    app.extensions[deps.READY_CHECKS] = []
    app.extensions[deps.TITLE] = title
    app.extensions[deps.RATE_LIMITED] = rate_limited
    init_request_ids(app)
    init_metrics(app, settings.service)
    register_error_handlers(app)
    app.register_blueprint(health_blueprint(prefix))
    app.register_blueprint(docs_blueprint(prefix, title))
    app.extensions.update(extensions or {})
    if tables:
        watch_tables(app, settings, tables)
    if bucket:
        watch_bucket(app, settings)
    for module in api:
        app.register_blueprint(module.blueprint, url_prefix=prefix)
    for module in internal:
        app.register_blueprint(module.blueprint)
    return app


class _LazyClient:
    """A boto3 client made on first use: building one (a session, its handlers, the service
    model) costs more than the rest of an app, and an app made for one test rarely probes."""

    def __init__(self, make):
        self._make, self._client, self._lock = make, None, threading.Lock()

    def warm(self):
        """Make the client now (readyz does, before its checks' deadline starts)."""
        if self._client is None:
            with self._lock:  # readyz runs its checks on several threads at once
                if self._client is None:
                    self._client = self._make()
        return self._client

    def __getattr__(self, name):
        return getattr(self.warm(), name)


def _probe_client(settings: KitSettings, service_name: str, probe_client=None):
    if probe_client is not None:
        return probe_client
    endpoint = settings.dynamodb_endpoint if service_name == "dynamodb" else settings.s3_endpoint
    return _LazyClient(
        lambda: boto3.session.Session().client(
            service_name,
            region_name=settings.aws_region,
            endpoint_url=endpoint,
            config=PROBE_CONFIG,
        )
    )


def watch_tables(app: Flask, settings: KitSettings, specs, *, probe_client=None) -> None:
    """Make readyz check each table in `specs` (a short-timeout client, so 503 comes fast)."""
    client = _probe_client(settings, "dynamodb", probe_client)
    for spec in specs:
        app.extensions[deps.READY_CHECKS].append(
            table_check(client, settings.table_name(spec.name))
        )


def watch_bucket(app: Flask, settings: KitSettings, *, probe_client=None) -> None:
    """Make readyz check the media bucket."""
    client = _probe_client(settings, "s3", probe_client)
    app.extensions[deps.READY_CHECKS].append(bucket_check(client, settings.bucket))


settings_of = deps.settings_of
