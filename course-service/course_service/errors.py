"""Domain errors of the course service (rendered as problem+json by the kit)."""

from service_kit import Conflict, NotFound, PreconditionFailed


class CourseNotFound(NotFound):
    """No such course, or one the caller may not know exists."""

    def __init__(self, detail: str = "No such course."):
        super().__init__(detail)


class EnrollmentNotFound(NotFound):
    """The caller is not enrolled in this course."""

    def __init__(self, detail: str = "You are not enrolled in this course."):
        super().__init__(detail)


class StaleVersion(PreconditionFailed):
    """If-Match named a version that is no longer current."""

    def __init__(self, current: int):
        super().__init__(
            f"The course has changed (current version {current}); reload and retry.",
            headers={"ETag": f'"{current}"'},
        )


class EditConflict(Conflict):
    """Concurrent edits kept winning the race; the caller should retry."""

    def __init__(self):
        super().__init__("The course is being edited concurrently; reload and retry.")


class NotPublished(Conflict):
    """Enrolment in a course that is not published."""

    def __init__(self):
        super().__init__("Only published courses accept enrolments.")


class SectionNotFound(NotFound):
    """No such section in this course."""

    def __init__(self):
        super().__init__("No such section in this course.")


class TooManySections(Conflict):
    """A course holds at most MAX_SECTIONS sections."""

    def __init__(self, limit: int):
        super().__init__(f"A course has at most {limit} sections.")


class InstructorNotFound(NotFound):
    """No such user, or one who publishes no course."""

    def __init__(self):
        super().__init__("No such instructor.")


class NoCoverUpload(Conflict):
    """complete was called before the file reached the bucket."""

    def __init__(self):
        super().__init__("No cover file has been uploaded yet: post it to the upload form first.")
