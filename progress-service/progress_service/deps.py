"""Typed accessors for this app's dependencies (the one place that knows their keys)."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app

from .access import VideoCourses
from .store import ProgressStore

STORE = "progress.store"
VIDEOS = "progress.videos"
CLOCK = "progress.clock"


def store() -> ProgressStore:
    """The app's ProgressStore."""
    return current_app.extensions[STORE]


def video_courses() -> VideoCourses:
    """What this app has learned about videos (course, duration)."""
    return current_app.extensions[VIDEOS]


def clock() -> Callable[[], float]:
    """The wall clock heartbeat credit is bounded by (tests move it by hand)."""
    return current_app.extensions[CLOCK]
