"""boto3 clients with endpoint overrides, short timeouts and bounded retries."""

from __future__ import annotations

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from .config import KitSettings

# Request paths must fail fast when a store is down (503), not hang.
REQUEST_CONFIG = Config(
    connect_timeout=1,
    read_timeout=3,
    retries={"max_attempts": 3, "mode": "standard"},
    max_pool_connections=32,
)
# Readiness answers within 2 s, so no retries and tighter timeouts.
PROBE_CONFIG = Config(connect_timeout=0.5, read_timeout=1, retries={"max_attempts": 1})


# What S3 (and s3rver, and a HEAD's bare status) answers for an object or upload not there.
MISSING_OBJECT_CODES = frozenset({"404", "NoSuchKey", "NotFound", "NoSuchUpload"})


def object_missing(error: BaseException) -> bool:
    """True when S3 answered that the object (or multipart upload) is not there."""
    return isinstance(error, ClientError) and (
        str(error.response.get("Error", {}).get("Code", "")) in MISSING_OBJECT_CODES
    )


def head_object(s3, bucket: str, key: str) -> dict | None:
    """S3's HEAD answer for an object, or None when it is not there."""
    try:
        return s3.head_object(Bucket=bucket, Key=key)
    except ClientError as error:
        if object_missing(error):
            return None
        raise


class ScanForbidden(RuntimeError):
    """A request path issued a DynamoDB Scan (forbidden by design)."""


def _refuse_scan(**_kwargs):
    raise ScanForbidden("Scan is not allowed on a request path")


def forbid_scan(client) -> None:
    """Make `client` raise on any Scan call (test and development guard)."""
    client.meta.events.register("before-call.dynamodb.Scan", _refuse_scan)


def dynamodb_resource(settings: KitSettings, *, config: Config = REQUEST_CONFIG):
    """A DynamoDB service resource for `settings` (tables come from resource.Table)."""
    resource = boto3.session.Session().resource(
        "dynamodb",
        region_name=settings.aws_region,
        endpoint_url=settings.dynamodb_endpoint,
        config=config,
    )
    if settings.forbid_scan:
        forbid_scan(resource.meta.client)
    return resource


def s3_client(settings: KitSettings, *, public: bool = False, config: Config = REQUEST_CONFIG):
    """An S3 client; `public=True` signs URLs for the address browsers use."""
    endpoint = settings.s3_public_endpoint if public and settings.s3_public_endpoint else None
    endpoint = endpoint or settings.s3_endpoint
    s3_config = config.merge(
        Config(signature_version="s3v4", s3={"addressing_style": "path" if endpoint else "auto"})
    )
    return boto3.session.Session().client(
        "s3", region_name=settings.aws_region, endpoint_url=endpoint, config=s3_config
    )


def s3_clients(settings: KitSettings, server=None, public=None) -> tuple:
    """(server-side client, browser-URL signer) for a service that owns bucket objects;
    tests pass their own clients for either."""
    return server or s3_client(settings), public or s3_client(settings, public=True)
