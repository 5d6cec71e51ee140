"""DREAD progress service: `create_app` builds the Flask app for gunicorn and tests."""

import service_kit as kit
from service_kit import clock

from . import account_data, api, api_analytics, deps
from .access import VideoCourses
from .analytics import AnalyticsStore
from .config import Settings
from .store import ProgressStore
from .tables import TABLES

PREFIX = "/api/progress"


def create_app(settings: Settings | None = None, *, dynamodb=None):
    """Build the app; tests pass settings and moto-backed clients."""
    settings = settings or Settings.from_env()
    store = ProgressStore.from_resource(dynamodb or kit.dynamodb_resource(settings), settings)
    parts = {
        deps.STORE: store,
        deps.ANALYTICS: AnalyticsStore(store.tables["analytics"]),
        deps.VIDEOS: VideoCourses(),
        deps.CLOCK: clock.epoch,  # heartbeat credit is bounded by wall time
    }
    return kit.create_service_app(
        __name__, settings, prefix=PREFIX, title="DREAD progress service", tables=TABLES,
        extensions=parts, api=(api, api_analytics), internal=(account_data,),
    )  # fmt: skip
