"""Settings shared by every service, read from the environment in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields


class MissingSetting(RuntimeError):
    """A required environment variable is not set."""


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    """Read a string variable; fail fast when it is required and missing."""
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if required and default is None:
        raise MissingSetting(f"environment variable {name} is required")
    return default


def env_int(name: str, default: int) -> int:
    """Read an integer variable, naming the variable when it is not a number."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise MissingSetting(
            f"environment variable {name} must be an integer, got {raw!r}"
        ) from error


def service_secret_from_env(cursor_secret: str | None) -> str:
    """DREAD_SERVICE_SECRET, else one derived from the cursor secret (HMAC, its own purpose):
    every service already holds that, so deployments without the new variable keep working."""
    explicit = env_str("DREAD_SERVICE_SECRET")
    if explicit or not cursor_secret:
        return explicit or ""
    import hashlib
    import hmac

    return hmac.new(cursor_secret.encode(), b"dread service tokens", hashlib.sha256).hexdigest()


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean variable (1/true/yes/on)."""
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    return raw in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class KitSettings:
    """What every service needs: stores, token verification, cursors, limits."""

    service: str
    table_prefix: str = "dread"
    aws_region: str = "us-east-1"
    dynamodb_endpoint: str | None = None
    s3_endpoint: str | None = None
    s3_public_endpoint: str | None = None
    bucket: str = "dread-media"
    jwks_url: str | None = None
    jwks: dict | None = None  # static key set (tests); wins over jwks_url
    token_issuer: str = "dread-auth"  # noqa: S105 (a name, not a secret)
    token_audience: str = "dread"  # noqa: S105
    cursor_secret: str = ""  # signs pagination cursors; from the environment only
    # traded at the auth service for short-lived service tokens (service_tokens.py)
    service_secret: str = ""
    max_json_bytes: int = 1024 * 1024
    log_level: str = "INFO"
    environment: str = "development"
    service_urls: dict = field(default_factory=dict)
    forbid_scan: bool = False

    def __post_init__(self):
        if not self.cursor_secret:
            raise MissingSetting("cursor_secret (DREAD_CURSOR_SECRET) must be set")

    @classmethod
    def kit_kwargs_from_env(cls, service: str) -> dict:
        """Keyword arguments for the kit's fields, read from the environment."""
        urls = {
            name: env_str(f"{name.upper()}_SERVICE_URL", f"http://127.0.0.1:{port}")
            for name, port in DEFAULT_SERVICE_PORTS.items()
        }
        environment = env_str("DREAD_ENV", "development")
        cursor_secret = env_str("DREAD_CURSOR_SECRET", required=True)
        return {
            "service": service,
            "table_prefix": env_str("DREAD_TABLE_PREFIX", "dread"),
            "aws_region": env_str("AWS_REGION", env_str("AWS_DEFAULT_REGION", "us-east-1")),
            "dynamodb_endpoint": env_str("DYNAMODB_ENDPOINT"),
            "s3_endpoint": env_str("S3_ENDPOINT"),
            "s3_public_endpoint": env_str("S3_PUBLIC_ENDPOINT"),
            "bucket": env_str("S3_BUCKET", "dread-media"),
            "jwks_url": env_str("AUTH_JWKS_URL", urls["auth"] + "/api/auth/.well-known/jwks.json"),
            "token_issuer": env_str("DREAD_TOKEN_ISSUER", "dread-auth"),
            "token_audience": env_str("DREAD_TOKEN_AUDIENCE", "dread"),
            "cursor_secret": cursor_secret,
            "service_secret": service_secret_from_env(cursor_secret),
            "max_json_bytes": env_int("DREAD_MAX_JSON_BYTES", 1024 * 1024),
            "log_level": env_str("DREAD_LOG_LEVEL", "INFO"),
            "environment": environment,
            "service_urls": urls,
            "forbid_scan": env_bool("DREAD_FORBID_SCAN"),
        }

    @classmethod
    def from_env(cls, service: str, **overrides):
        """Settings for `service` from the environment; subclasses add their own fields."""
        kwargs = cls.kit_kwargs_from_env(service)
        names = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in kwargs.items() if k in names}
        kwargs.update(overrides)
        return cls(**kwargs)

    def table_name(self, table: str) -> str:
        """Full DynamoDB table name: <prefix>-<service>-<table>."""
        return f"{self.table_prefix}-{self.service}-{table}"


DEFAULT_SERVICE_PORTS = {
    "auth": 5001,
    "course": 5002,
    "forum": 5003,
    "profile": 5004,
    "progress": 5005,
    "video": 5006,
    "watchlist": 5007,
}
