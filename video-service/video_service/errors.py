"""Domain errors of the video service (rendered as problem+json by the kit)."""

from service_kit import Conflict, Forbidden, NotFound, ValidationFailed


class VideoNotFound(NotFound):
    """No such video (or one the caller may not know exists)."""

    def __init__(self, detail: str = "No such video."):
        super().__init__(detail)


class NotCourseModerator(Forbidden):
    """Only the course owner or an admin may change a course's videos."""

    def __init__(self, detail: str = "Only the course owner or an admin may do this."):
        super().__init__(detail)


class NotEnrolled(Forbidden):
    """Streaming needs an enrolment (or ownership of the course)."""

    def __init__(self, detail: str = "Enrol in this course to watch its videos."):
        super().__init__(detail)


class WrongStatus(Conflict):
    """The video is not in the state this action needs."""


class UploadIncomplete(ValidationFailed):
    """The uploaded object is missing, or differs from what was declared."""

    def __init__(self, detail: str, field: str = "parts"):
        super().__init__(detail, errors={field: detail})


class InvalidStreamToken(Forbidden):
    """An HLS playlist token that is missing, altered, expired or for another video."""

    def __init__(self, detail: str = "This playlist link is invalid or has expired."):
        super().__init__(detail)


class CaptionNotFound(NotFound):
    """The video has no caption track of that language (for the caller)."""

    def __init__(self, detail: str = "This video has no caption in that language."):
        super().__init__(detail)
