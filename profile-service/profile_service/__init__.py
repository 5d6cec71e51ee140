"""DREAD profile service: `create_app` builds the Flask app for gunicorn and tests."""

import service_kit as kit

from . import account_data, api, api_internal, deps
from .avatars import Avatars
from .config import Settings
from .store import ProfileStore
from .tables import TABLES

PREFIX = "/api/profiles"


def create_app(settings: Settings | None = None, *, dynamodb=None, s3=None, s3_public=None):
    """Build the app; tests pass settings and moto-backed clients."""
    settings = settings or Settings.from_env()
    server, public = kit.s3_clients(settings, s3, s3_public)
    avatars = Avatars(s3=server, s3_public=public, bucket=settings.bucket)
    store = ProfileStore.from_resource(dynamodb or kit.dynamodb_resource(settings), settings)
    return kit.create_service_app(
        __name__, settings, prefix=PREFIX, title="DREAD profile service", tables=TABLES,
        bucket=True, extensions={deps.STORE: store, deps.AVATARS: avatars},
        api=(api,), internal=(account_data, api_internal),
    )  # fmt: skip
