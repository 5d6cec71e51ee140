"""DREAD course service: `create_app` builds the Flask app for gunicorn and tests."""

import service_kit as kit

from . import (
    account_data,
    api,
    api_covers,
    api_discovery,
    api_enrollment,
    api_internal,
    api_recommend,
    api_sections,
    deps,
)
from .config import Settings
from .covers import Covers
from .store import CourseStore
from .store_enrollment import EnrollmentStore
from .tables import TABLES

PREFIX = "/api/courses"


def create_app(settings: Settings | None = None, *, dynamodb=None, s3=None, s3_public=None):
    """Build the app; tests pass settings and moto-backed clients."""
    settings = settings or Settings.from_env()
    dynamodb = dynamodb or kit.dynamodb_resource(settings)
    server, public = kit.s3_clients(settings, s3, s3_public)
    covers = Covers(s3=server, s3_public=public, bucket=settings.bucket)
    courses = CourseStore.from_resource(dynamodb, settings)
    courses.cover_urls = covers.urls
    stores = {
        deps.COURSES: courses,
        deps.ENROLLMENTS: EnrollmentStore.from_resource(dynamodb, settings),
        deps.COVERS: covers,
    }
    return kit.create_service_app(
        __name__, settings, prefix=PREFIX, title="DREAD course service", tables=TABLES,
        bucket=True, extensions=stores,
        api=(api, api_covers, api_discovery, api_enrollment, api_recommend, api_sections),
        internal=(api_internal, account_data),  # not under /api/: NGINX never proxies them
    )  # fmt: skip
