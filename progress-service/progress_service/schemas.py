"""Request and response schemas of /api/progress (validation and OpenAPI)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, FiniteFloat, ValidationInfo, field_validator
from service_kit import IdReference, QuerySchema, RequestSchema, ResponseSchema

MAX_DURATION_S = 12 * 3600  # bounds the cell set: ≤ 43 200 cells (~175 KB) per item
SPAN_SLACK_S = 5.0  # players report a little past the end (rounding, late metadata)
MAX_SPANS = 100

Seconds = Annotated[FiniteFloat, Field(ge=0, strict=True)]
Id = IdReference  # the kit's rule for ids named in a body or query (odd ones are a 404)


class Heartbeat(RequestSchema):
    """Body of PUT /videos/{video_id}: where the player is and what it played since last time."""

    course_id: Id
    duration_s: Annotated[FiniteFloat, Field(ge=0, le=MAX_DURATION_S, strict=True)]
    position_s: Seconds
    watched: Annotated[list[tuple[Seconds, Seconds]], Field(max_length=MAX_SPANS)] = []

    @field_validator("position_s")
    @classmethod
    def _position_within_video(cls, value: float, info: ValidationInfo) -> float:
        duration = info.data.get("duration_s")
        if duration is not None and value > duration + SPAN_SLACK_S:
            raise ValueError("position_s is past the end of the video")
        return value

    @field_validator("watched")
    @classmethod
    def _spans_within_video(cls, spans: list, info: ValidationInfo) -> list:
        duration = info.data.get("duration_s")
        for index, (start, end) in enumerate(spans):
            if not start < end:
                raise ValueError(f"span {index}: from_s must be less than to_s")
            if duration is not None and end > duration + SPAN_SLACK_S:
                raise ValueError(f"span {index} ends past the end of the video")
        return spans


class Progress(ResponseSchema):
    """One user's progress on one video."""

    video_id: str
    course_id: str
    position_s: float
    watched_s: float
    duration_s: float
    percent: float
    completed: bool
    completed_at: str | None = None
    updated_at: str


class ProgressEnvelope(ResponseSchema):
    """`{progress}`."""

    progress: Progress


class CourseProgress(ResponseSchema):
    """A user's progress through one course."""

    course_id: str
    completed_videos: int
    total_videos: int
    percent: float
    videos: list[Progress]


class RecentQuery(QuerySchema):
    """`?limit=` (1 to 100, default 20)."""

    limit: Annotated[int, Field(ge=1, le=100)] = 20


class RecentPage(ResponseSchema):
    """ "Continue watching": unfinished videos, most recent first."""

    items: list[Progress]
