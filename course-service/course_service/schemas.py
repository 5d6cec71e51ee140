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


class CatalogQuery(kit.PageQuery):
    """`?q=&category=&limit=&cursor=` of the catalog."""

    q: Annotated[str | None, Field(max_length=200, description="Words in title or tags")] = None
    category: Annotated[str | None, Field(max_length=50)] = None


class RecommendQuery(kit.QuerySchema):
    """`?limit=` of the recommendations."""

    limit: Annotated[int, Field(ge=1, le=50)] = 10


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
