"""DREAD profile service: `create_app` builds the Flask app for gunicorn and tests."""

import service_kit as kit

from . import account_data, api, deps
from .avatars import Avatars
from .config import Settings
from .store import ProfileStore
from .tables import TABLES

PREFIX = "/api/profiles"


def create_app(settings: Settings | None = None, *, dynamodb=None, s3=None, s3_public=None):
    """Build the app; tests pass settings and moto-backed clients."""
    settings = settings or Settings.from_env()
    dynamodb = dynamodb or kit.dynamodb_resource(settings)
    app = kit.create_service_app(__name__, settings, prefix=PREFIX, title="DREAD profile service")
    app.extensions[deps.STORE] = ProfileStore.from_resource(dynamodb, settings)
    app.extensions[deps.AVATARS] = Avatars(
        s3=s3 or kit.s3_client(settings),
        s3_public=s3_public or kit.s3_client(settings, public=True),
        bucket=settings.bucket,
    )
    kit.watch_tables(app, settings, TABLES)
    kit.watch_bucket(app, settings)
    app.register_blueprint(api.blueprint, url_prefix=PREFIX)
    app.register_blueprint(account_data.blueprint)  # internal: export and purge of a user
    return app
