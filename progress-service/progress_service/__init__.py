"""DREAD progress service: `create_app` builds the Flask app for gunicorn and tests."""

import service_kit as kit
from service_kit import clock

from . import api, api_analytics
from .access import VideoCourses
from .analytics import AnalyticsStore
from .config import Settings
from .store import ProgressStore
from .tables import TABLES

PREFIX = "/api/progress"


def create_app(settings: Settings | None = None, *, dynamodb=None):
    """Build the app; tests pass settings and moto-backed clients."""
    settings = settings or Settings.from_env()
    dynamodb = dynamodb or kit.dynamodb_resource(settings)
    app = kit.create_service_app(__name__, settings, prefix=PREFIX, title="DREAD progress service")
    app.extensions["progress.store"] = ProgressStore.from_resource(dynamodb, settings)
    store = app.extensions["progress.store"]
    app.extensions["progress.analytics"] = AnalyticsStore(store.tables["analytics"])
    app.extensions["progress.videos"] = VideoCourses()
    app.extensions["progress.clock"] = clock.epoch  # heartbeat credit is bounded by wall time
    kit.watch_tables(app, settings, TABLES)
    app.register_blueprint(api.blueprint, url_prefix=PREFIX)
    app.register_blueprint(api_analytics.blueprint, url_prefix=PREFIX)
    return app
