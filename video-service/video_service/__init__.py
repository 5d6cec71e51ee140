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
    dynamodb = dynamodb or kit.dynamodb_resource(settings)
    app = kit.create_service_app(__name__, settings, prefix=PREFIX, title="DREAD video service")
    app.extensions[deps.STORE] = VideoStore.from_resource(dynamodb, settings)
    app.extensions[deps.MEDIA] = MediaStore(
        server=s3 or kit.s3_client(settings),
        public=s3_public or kit.s3_client(settings, public=True),
        bucket=settings.bucket,
    )
    kit.watch_tables(app, settings, TABLES)
    kit.watch_bucket(app, settings)
    for module in (api, api_upload, api_stream):
        app.register_blueprint(module.blueprint, url_prefix=PREFIX)
    return app
