"""Typed accessors for this app's dependencies (the one place that knows their keys)."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from service_kit.deps import cursor_secret, settings  # the kit's, for every service

from .access import VideoCourses
from .analytics import AnalyticsStore
from .store import ProgressStore

STORE = "progress.store"
VIDEOS = "progress.videos"
CLOCK = "progress.clock"
ANALYTICS = "progress.analytics"
__all__ = [
    "ANALYTICS",
    "CLOCK",
    "STORE",
    "VIDEOS",
    "analytics",
    "clock",
    "cursor_secret",
    "settings",
    "store",
    "video_courses",
]


def store() -> ProgressStore:
    """The app's ProgressStore."""
    return current_app.extensions[STORE]


def video_courses() -> VideoCourses:
    """What this app has learned about videos (course, duration)."""
    return current_app.extensions[VIDEOS]


def clock() -> Callable[[], float]:
    """The wall clock heartbeat credit is bounded by (tests move it by hand)."""
    return current_app.extensions[CLOCK]


def analytics() -> AnalyticsStore:
    """The per-video and per-course counters kept at heartbeat time."""
    return current_app.extensions[ANALYTICS]
