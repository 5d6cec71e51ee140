"""DREAD course service: `create_app` builds the Flask app for gunicorn and tests."""

import service_kit as kit

from . import account_data, api, api_enrollment, api_internal, api_recommend, deps
from .config import Settings
from .store import CourseStore
from .store_enrollment import EnrollmentStore
from .tables import TABLES

PREFIX = "/api/courses"


def create_app(settings: Settings | None = None, *, dynamodb=None):
    """Build the app; tests pass settings and moto-backed clients."""
    settings = settings or Settings.from_env()
    dynamodb = dynamodb or kit.dynamodb_resource(settings)
    app = kit.create_service_app(__name__, settings, prefix=PREFIX, title="DREAD course service")
    app.extensions[deps.COURSES] = CourseStore.from_resource(dynamodb, settings)
    app.extensions[deps.ENROLLMENTS] = EnrollmentStore.from_resource(dynamodb, settings)
    kit.watch_tables(app, settings, TABLES)
    for module in (api, api_enrollment, api_recommend):
        app.register_blueprint(module.blueprint, url_prefix=PREFIX)
    app.register_blueprint(api_internal.blueprint)  # not under /api/: NGINX never proxies it
    app.register_blueprint(account_data.blueprint)  # internal: export and purge of a user
    return app
