"""Typed accessors for this app's dependencies (the one place that knows their keys)."""

from __future__ import annotations

from flask import current_app
from service_kit import deps as kit_deps

from .config import Settings
from .media import MediaStore
from .store import VideoStore
from .transcripts import TranscriptStore

STORE = "video.store"
MEDIA = "video.media"
TRANSCRIPTS = "video.transcripts"


def store() -> VideoStore:
    """The VideoStore of this app."""
    return current_app.extensions[STORE]


def media() -> MediaStore:
    """The MediaStore (S3) of this app."""
    return current_app.extensions[MEDIA]


def transcripts() -> TranscriptStore:
    """The TranscriptStore (cues and the word index) of this app."""
    return current_app.extensions[TRANSCRIPTS]


def settings() -> Settings:
    """This app's Settings."""
    return kit_deps.settings()
