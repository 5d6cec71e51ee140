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
    stores = {
        deps.COURSES: CourseStore.from_resource(dynamodb, settings),
        deps.ENROLLMENTS: EnrollmentStore.from_resource(dynamodb, settings),
    }
    return kit.create_service_app(
        __name__, settings, prefix=PREFIX, title="DREAD course service", tables=TABLES,
        extensions=stores, api=(api, api_enrollment, api_recommend),
        internal=(api_internal, account_data),  # not under /api/: NGINX never proxies them
    )  # fmt: skip
