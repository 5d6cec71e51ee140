"""DREAD watchlist service: `create_app` builds the Flask app for gunicorn and tests."""

import service_kit as kit

from . import account_data, api, deps
from .config import Settings
from .store import WatchlistStore
from .tables import TABLES

PREFIX = "/api/watchlist"


def create_app(settings: Settings | None = None, *, dynamodb=None):
    """Build the app; tests pass settings and moto-backed clients."""
    settings = settings or Settings.from_env()
    dynamodb = dynamodb or kit.dynamodb_resource(settings)
    app = kit.create_service_app(__name__, settings, prefix=PREFIX, title="DREAD watchlist service")
    app.extensions[deps.STORE] = WatchlistStore.from_resource(dynamodb, settings)
    kit.watch_tables(app, settings, TABLES)
    app.register_blueprint(api.blueprint, url_prefix=PREFIX)
    app.register_blueprint(account_data.blueprint)  # internal: export and purge of a user
    return app
