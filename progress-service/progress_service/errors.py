"""Domain errors of the progress service (each renders as problem+json)."""

import service_kit as kit


class VideoNotFound(kit.NotFound):
    """No such video (or one the caller may not know exists)."""


class NotInCourse(kit.Forbidden):
    """The caller may not watch this course's videos."""


class VideoNotReady(kit.Conflict):
    """The video cannot be watched yet (it is still uploading or processing)."""


class ProgressNotFound(kit.NotFound):
    """The caller has no progress on this video yet."""


class NotManager(kit.Forbidden):
    """Only the course's owner and admins see its analytics."""
