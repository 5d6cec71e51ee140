"""DREAD video service: `create_app` builds the Flask app for gunicorn and tests."""

import service_kit as kit

from . import api, api_stream, api_upload, deps
from .config import Settings
from .media import MediaStore
from .store import VideoStore
from .tables import TABLES

PREFIX = "/api/videos"


def create_app(settings: Settings | None = None, *, dynamodb=None, s3=None, s3_public=None):
    """Build the app; tests pass settings and moto-backed clients."""
    settings = settings or Settings.from_env()
    server, public = kit.s3_clients(settings, s3, s3_public)
    media = MediaStore(server=server, public=public, bucket=settings.bucket)
    store = VideoStore.from_resource(dynamodb or kit.dynamodb_resource(settings), settings)
    return kit.create_service_app(
        __name__, settings, prefix=PREFIX, title="DREAD video service", tables=TABLES,
        bucket=True, extensions={deps.STORE: store, deps.MEDIA: media},
        api=(api, api_upload, api_stream),
    )  # fmt: skip
