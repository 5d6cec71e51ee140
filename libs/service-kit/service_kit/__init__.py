"""Cross-cutting code shared by every DREAD service (no domain model, no table access)."""

# first: decides the metrics registry before anything imports prometheus_client
from . import metrics_mode  # noqa: F401, I001
from . import clock, deps, dynamo
from .app import create_service_app, settings_of, watch_bucket, watch_tables
from .auth import User, current_user, optional_user, require_role, require_user
from .aws import dynamodb_resource, forbid_scan, s3_client, s3_clients
from .config import KitSettings, env_bool, env_int, env_str
from .cursor import decode_cursor, encode_cursor
from .errors import (
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    PreconditionFailed,
    Problem,
    ServiceUnavailable,
    TooManyRequests,
    Unauthorized,
    ValidationFailed,
)
from .ids import IdReference, ResourceId, is_id
from .schemas import PageQuery, QuerySchema, RequestSchema, ResponseSchema, spec
from .tables import Index, TableSpec

__all__ = [
    "BadRequest",
    "Conflict",
    "Forbidden",
    "IdReference",
    "Index",
    "KitSettings",
    "NotFound",
    "PageQuery",
    "PreconditionFailed",
    "Problem",
    "QuerySchema",
    "RequestSchema",
    "ResourceId",
    "ResponseSchema",
    "ServiceUnavailable",
    "TableSpec",
    "TooManyRequests",
    "Unauthorized",
    "User",
    "ValidationFailed",
    "clock",
    "create_service_app",
    "current_user",
    "decode_cursor",
    "deps",
    "dynamo",
    "dynamodb_resource",
    "encode_cursor",
    "env_bool",
    "env_int",
    "env_str",
    "forbid_scan",
    "is_id",
    "optional_user",
    "require_role",
    "require_user",
    "s3_client",
    "s3_clients",
    "settings_of",
    "spec",
    "watch_bucket",
    "watch_tables",
]
