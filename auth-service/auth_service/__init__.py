"""DREAD auth service: `create_app` builds the Flask app for gunicorn and tests."""

import service_kit as kit

from . import api, api_account, api_internal, api_reset, api_users, deps
from .admin import Administration
from .config import Settings
from .keys import KeyRing, KeyRingVerifier
from .lifecycle import AccountLifecycle
from .reset import PasswordReset
from .service import AuthService
from .store import UserStore
from .store_audit import AuditStore
from .store_deletions import DeletionJobStore
from .store_outbox import OutboxStore
from .store_quota import QuotaStore
from .store_resets import ResetTokenStore
from .store_throttle import ACCOUNT, CLIENT, SESSION, Backoff, ThrottleStore
from .store_tokens import RefreshTokenStore
from .tables import TABLES

PREFIX = "/api/auth"


def _backoff(settings: Settings) -> dict[str, Backoff]:
    account = Backoff(settings.login_free_failures, settings.login_max_lockout_s)
    client = Backoff(settings.login_client_free_failures, settings.login_max_lockout_s)
    return {ACCOUNT: account, CLIENT: client, SESSION: account}


def build_service(settings: Settings, dynamodb) -> AuthService:
    """The accounts service on this settings' tables and keys (also used by the CLI and seed)."""
    tables = kit.dynamo.bind_tables(dynamodb, settings, TABLES)
    return AuthService(
        users=UserStore(table=tables["users"]),
        tokens=RefreshTokenStore(table=tables["tokens"]),
        throttle=ThrottleStore(table=tables["throttle"], policies=_backoff(settings)),
        keys=KeyRing(key_dir=settings.signing_key_dir, pem_text=settings.signing_keys_pem),
        settings=settings,
    )


def build_reset(settings: Settings, dynamodb, service: AuthService) -> PasswordReset:
    """Password reset on the tokens, outbox and throttle tables."""
    table = lambda name: dynamodb.Table(settings.table_name(name))  # noqa: E731
    return PasswordReset(
        auth=service,
        resets=ResetTokenStore(table=table("tokens")),
        outbox=OutboxStore(table=table("outbox")),
        quota=QuotaStore(table=table("throttle")),
    )


def build_lifecycle(settings: Settings, dynamodb, service: AuthService) -> AccountLifecycle:
    """Account deletion and export on the jobs and audit tables."""
    table = lambda name: dynamodb.Table(settings.table_name(name))  # noqa: E731
    return AccountLifecycle(
        auth=service,
        jobs=DeletionJobStore(table=table("jobs")),
        audit=AuditStore(table=table("audit")),
    )


def create_app(settings: Settings | None = None, *, dynamodb=None):
    """Build the app; tests pass settings and moto-backed clients."""
    settings = settings or Settings.from_env()
    dynamodb = dynamodb or kit.dynamodb_resource(settings)
    service = build_service(settings, dynamodb)
    lifecycle = build_lifecycle(settings, dynamodb, service)
    reset = build_reset(settings, dynamodb, service)
    reset.audit = lifecycle.audit
    parts = {
        deps.SERVICE: service,
        deps.LIFECYCLE: lifecycle,
        deps.RESET: reset,
        deps.ADMIN: Administration(auth=service, audit=lifecycle.audit),
        # Verify our own tokens from the key ring directly instead of fetching our own JWKS.
        kit.deps.VERIFIER: KeyRingVerifier(
            service.keys, issuer=settings.token_issuer, audience=settings.token_audience
        ),
        # ... and sign our own service tokens instead of asking ourselves over HTTP.
        kit.deps.SERVICE_TOKEN_MINTER: lambda: api_internal.mint_service_token("auth"),
    }
    return kit.create_service_app(
        __name__, settings, prefix=PREFIX, title="DREAD auth service", tables=TABLES,
        rate_limited=True,  # NGINX rate-limits all of /api/auth
        extensions=parts, api=(api, api_users, api_reset, api_account), internal=(api_internal,),
    )  # fmt: skip
