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
    store = WatchlistStore.from_resource(dynamodb or kit.dynamodb_resource(settings), settings)
    return kit.create_service_app(
        __name__, settings, prefix=PREFIX, title="DREAD watchlist service", tables=TABLES,
        extensions={deps.STORE: store}, api=(api,), internal=(account_data,),
    )  # fmt: skip
