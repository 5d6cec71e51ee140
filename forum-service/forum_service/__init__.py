"""DREAD forum service: `create_app` builds the Flask app for gunicorn and tests."""

import service_kit as kit

from . import api, api_flags, api_replies, deps
from .config import Settings
from .store import ForumStore
from .tables import TABLES

PREFIX = "/api/forum"


def create_app(settings: Settings | None = None, *, dynamodb=None):
    """Build the app; tests pass settings and moto-backed clients."""
    settings = settings or Settings.from_env()
    dynamodb = dynamodb or kit.dynamodb_resource(settings)
    app = kit.create_service_app(__name__, settings, prefix=PREFIX, title="DREAD forum service")
    app.extensions[deps.STORE] = ForumStore.from_resource(dynamodb, settings)
    kit.watch_tables(app, settings, TABLES)
    for blueprint in (api.blueprint, api_replies.blueprint, api_flags.blueprint):
        app.register_blueprint(blueprint, url_prefix=PREFIX)
    return app
