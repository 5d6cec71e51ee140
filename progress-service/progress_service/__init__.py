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
    dynamodb = dynamodb or kit.dynamodb_resource(settings)
    app = kit.create_service_app(__name__, settings, prefix=PREFIX, title="DREAD progress service")
    app.extensions[deps.STORE] = store = ProgressStore.from_resource(dynamodb, settings)
    app.extensions[deps.ANALYTICS] = AnalyticsStore(store.tables["analytics"])
    app.extensions[deps.VIDEOS] = VideoCourses()
    app.extensions[deps.CLOCK] = clock.epoch  # heartbeat credit is bounded by wall time
    kit.watch_tables(app, settings, TABLES)
    app.register_blueprint(api.blueprint, url_prefix=PREFIX)
    app.register_blueprint(api_analytics.blueprint, url_prefix=PREFIX)
    app.register_blueprint(account_data.blueprint)  # internal: export and purge of a user
    return app
