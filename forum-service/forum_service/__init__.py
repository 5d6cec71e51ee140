"""DREAD forum service: `create_app` builds the Flask app for gunicorn and tests."""

import service_kit as kit

from . import (
    account_data,
    api,
    api_flags,
    api_follows,
    api_notifications,
    api_replies,
    api_votes,
    deps,
)
from .config import Settings
from .store import ForumStore
from .store_notify import notify_stores
from .tables import TABLES

PREFIX = "/api/forum"


def create_app(settings: Settings | None = None, *, dynamodb=None):
    """Build the app; tests pass settings and moto-backed clients."""
    settings = settings or Settings.from_env()
    store = ForumStore.from_resource(dynamodb or kit.dynamodb_resource(settings), settings)
    return kit.create_service_app(
        __name__, settings, prefix=PREFIX, title="DREAD forum service", tables=TABLES,
        extensions={deps.STORE: store, **notify_stores(store.resource, settings)},
        api=(api, api_replies, api_votes, api_flags, api_follows, api_notifications),
        internal=(account_data,),
    )  # fmt: skip
