"""The `<video_id:...>` URL converter: ids are UUIDs or ULIDs (API.md conventions)."""

from werkzeug.routing import BaseConverter

# UUID (canonical or 32 hex digits) or ULID (26 Crockford base32 characters). Matching the
# shape in the route means any other path under /api/watchlist/ is a plain 404, token or not.
VIDEO_ID_PATTERN = (
    r"(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|[0-9a-fA-F]{32}"
    r"|[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26})"
)


class VideoIdConverter(BaseConverter):
    """Matches a video id and nothing else."""

    regex = VIDEO_ID_PATTERN
