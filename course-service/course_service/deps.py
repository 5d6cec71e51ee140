"""Typed accessors for this app's dependencies (the one place that knows their keys)."""

from __future__ import annotations

from flask import current_app

from .covers import Covers
from .store import CourseStore
from .store_enrollment import EnrollmentStore

COURSES = "course.store"
ENROLLMENTS = "course.enrollments"
COVERS = "course.covers"


def courses() -> CourseStore:
    """The course store of this app."""
    return current_app.extensions[COURSES]


def enrollments() -> EnrollmentStore:
    """The enrolment store of this app."""
    return current_app.extensions[ENROLLMENTS]


def covers() -> Covers:
    """The cover images of this app's courses (S3)."""
    return current_app.extensions[COVERS]
