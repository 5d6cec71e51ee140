"""Request and response schemas of /api/courses (validation and OpenAPI).

Categories are free text (1 to 50 characters, e.g. "Programming", "Data Science", "Design",
"Business", "Languages", "Music"); the catalog filter compares them case- and
spacing-insensitively. Tags are stored lower-case, duplicates dropped.
"""

from __future__ import annotations

from typing import Annotated, Literal

import service_kit as kit
from pydantic import Field, StringConstraints, field_validator

Title = Annotated[str, Field(min_length=1, max_length=200)]
Description = Annotated[str, Field(max_length=10_000)]
Category = Annotated[
    str,
    Field(min_length=1, max_length=50, description="Free text, e.g. Programming, Data Science"),
]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=30)]
Tags = Annotated[list[Tag], Field(max_length=10)]
Level = Literal["beginner", "intermediate", "advanced"]
Published = Annotated[bool, Field(strict=True)]


class CourseCreate(kit.RequestSchema):
    """Body of POST /api/courses."""

    title: Title
    description: Description
    category: Category
    tags: Tags = []
    level: Level = "beginner"
    published: Published = False


def _leave_out(schema: dict) -> None:
    """Document a PATCH field as optional without a (null) default it would refuse."""
    schema.pop("default", None)


def _optional():
    return Field(default=None, json_schema_extra=_leave_out)


class CourseUpdate(kit.RequestSchema):
    """Body of PATCH /api/courses/{id}: any subset of the editable fields (never null)."""

    title: Title = _optional()
    description: Description = _optional()
    category: Category = _optional()
    tags: Tags = _optional()
    level: Level = _optional()
    published: Published = _optional()

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value):
        if value is None:
            raise ValueError("May not be null; leave the field out to keep it.")
        return value

    def changes(self) -> dict:
        """Only the fields the client sent."""
        return self.model_dump(include=self.model_fields_set)


Sort = Literal["relevance", "popular", "newest", "title"]


class CatalogQuery(kit.PageQuery):
    """`?q=&category=&level=&sort=&limit=&cursor=` of the catalog."""

    q: Annotated[str | None, Field(max_length=200, description="Words in title or tags")] = None
    category: Annotated[str | None, Field(max_length=50)] = None
    level: Level | None = None
    sort: Annotated[
        Sort | None,
        Field(
            description="Default: relevance with q (newest match first), popular without; "
            "popular, newest and title apply to a search's matches too"
        ),
    ] = None


class SuggestQuery(kit.QuerySchema):
    """`?q=` of the search box's suggestions."""

    q: Annotated[
        str, Field(max_length=200, description="What was typed; its last word is a prefix")
    ] = ""


class Suggestion(kit.ResponseSchema):
    """A published course a search box may offer."""

    id: str
    title: str


class Suggestions(kit.ResponseSchema):
    """`{items: [{id, title}]}`: at most 8."""

    items: list[Suggestion]


class InstructorProfile(kit.ResponseSchema):
    """An instructor's public card."""

    id: str
    display_name: str
    bio: str
    avatar_url: str | None


class InstructorPage(kit.ResponseSchema):
    """`{instructor, courses}`: the instructor's published courses, newest first."""

    instructor: InstructorProfile
    courses: list[Course]


class VideoReport(kit.RequestSchema):
    """Body of PUT /internal/courses/{id}/videos/{video_id} (from the video service)."""

    duration_s: Annotated[float, Field(ge=0, le=7 * 24 * 3600)]


class CoverUploadRequest(kit.RequestSchema):
    """Body of POST /api/courses/{id}/cover."""

    content_type: Literal["image/png", "image/jpeg", "image/webp"]
    size_bytes: Annotated[int, Field(ge=1, le=5 * 1024 * 1024, description="At most 5 MiB")]


class Upload(kit.ResponseSchema):
    """How the browser sends the file straight to S3 (a presigned POST form)."""

    method: Literal["POST"]
    url: str
    fields: dict[str, str]
    expires_at: str
    max_bytes: int


class UploadEnvelope(kit.ResponseSchema):
    """`{upload, complete_url}`: post the file as the form says, then POST complete_url."""

    upload: Upload
    complete_url: str


class RecommendQuery(kit.QuerySchema):
    """`?limit=` of the recommendations."""

    limit: Annotated[int, Field(ge=1, le=50)] = 10


class SectionCreate(kit.RequestSchema):
    """Body of POST /api/courses/{id}/sections."""

    title: Title
    position: Annotated[
        int | None, Field(ge=0, description="0 first; default (or past the end): last")
    ] = None


class SectionUpdate(kit.RequestSchema):
    """Body of PATCH /api/courses/{id}/sections/{section_id}: a new title and/or position."""

    title: Title = _optional()
    position: Annotated[int, Field(ge=0, description="0 first; past the end: last")] = _optional()

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value):
        if value is None:
            raise ValueError("May not be null; leave the field out to keep it.")
        return value


class Section(kit.ResponseSchema):
    """A section (module) of a course; videos name it in their `section_id`."""

    id: str
    title: str
    position: int


class SectionOut(kit.ResponseSchema):
    """`{section}`."""

    section: Section


class Instructor(kit.ResponseSchema):
    """Who teaches a course (its owner)."""

    id: str
    display_name: str


class CoverUrls(kit.ResponseSchema):
    """Presigned GET URLs of the cover's fixed webp sizes."""

    small: str = Field(description="480x270, for cards")
    large: str = Field(description="1280x720, for the course page hero")


class Course(kit.ResponseSchema):
    """A course."""

    id: str
    title: str
    description: str
    category: str
    tags: list[str]
    level: Level
    published: bool
    owner_id: str
    enrolled_count: int
    version: int
    created_at: str
    updated_at: str
    published_at: str | None
    sections: list[Section]
    instructor: Instructor
    video_count: int = Field(description="Ready videos")
    total_duration_s: float = Field(description="Sum of the ready videos' durations")
    cover_url: str | None = Field(description="The large cover (presigned), or null")
    cover_urls: CoverUrls | None


class CourseOut(kit.ResponseSchema):
    """`{course}`."""

    course: Course


class CoursePage(kit.ResponseSchema):
    """A page of courses."""

    items: list[Course]
    next_cursor: str | None


class Enrollment(kit.ResponseSchema):
    """The caller's enrolment in a course."""

    course_id: str
    user_id: str
    enrolled_at: str


class EnrollmentOut(kit.ResponseSchema):
    """`{enrollment}`."""

    enrollment: Enrollment


class Access(kit.ResponseSchema):
    """What the caller may do with a course (asked by other services)."""

    course_id: str
    owner_id: str
    title: str
    published: bool
    relation: Literal["owner", "admin", "enrolled", "none"]
    can_view_content: bool
    can_moderate: bool


class Recommendation(kit.ResponseSchema):
    """A recommended course and why."""

    course: Course
    reason: str


class Recommendations(kit.ResponseSchema):
    """`{items: [{course, reason}]}`."""

    items: list[Recommendation]
