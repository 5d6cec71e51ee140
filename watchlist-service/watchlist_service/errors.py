"""Domain errors of the watchlist service (each renders as problem+json)."""

import service_kit as kit


class VideoNotFound(kit.NotFound):
    """No such video (or one the caller may not know exists)."""


class ItemNotFound(kit.NotFound):
    """The video is not on the caller's watchlist."""
