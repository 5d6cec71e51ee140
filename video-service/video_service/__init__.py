"""DREAD video service: `create_app` builds the Flask app for gunicorn and tests."""

import service_kit as kit

from . import api, api_captions, api_search, api_stream, api_upload, deps
from .config import Settings
from .media import MediaStore
from .store import VideoStore
from .tables import TABLES
from .transcripts import TranscriptStore

PREFIX = "/api/videos"


def create_app(settings: Settings | None = None, *, dynamodb=None, s3=None, s3_public=None):
    """Build the app; tests pass settings and moto-backed clients."""
    settings = settings or Settings.from_env()
    server, public = kit.s3_clients(settings, s3, s3_public)
    media = MediaStore(server=server, public=public, bucket=settings.bucket)
    resource = dynamodb or kit.dynamodb_resource(settings)
    store = VideoStore.from_resource(resource, settings)
    transcripts = TranscriptStore.from_resource(resource, settings)
    extensions = {deps.STORE: store, deps.MEDIA: media, deps.TRANSCRIPTS: transcripts}
    return kit.create_service_app(
        __name__, settings, prefix=PREFIX, title="DREAD video service", tables=TABLES,
        bucket=True, extensions=extensions,
        api=(api, api_search, api_upload, api_captions, api_stream),
    )  # fmt: skip
