"""Request and response schemas of /api/progress (validation and OpenAPI)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, FiniteFloat, ValidationInfo, field_validator
from service_kit import IdReference, PageQuery, QuerySchema, RequestSchema, ResponseSchema

MAX_DURATION_S = 12 * 3600  # ≤ 24 coverage chunks of 30 minutes
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


class Series(ResponseSchema):
    """Per-bucket counts of distinct learners: `viewers[i]` covers [i·bucket_s, (i+1)·bucket_s)."""

    bucket_s: int
    viewers: list[int]


class HotSpot(ResponseSchema):
    """A run of buckets some learners watched more than once."""

    from_s: float
    to_s: float
    learners: int


class VideoAnalytics(ResponseSchema):
    """One video's audience: viewers, completion, watch time, retention and re-watches."""

    video_id: str
    course_id: str
    duration_s: float
    viewers: int
    completed_viewers: int
    watch_time_s: float
    retention: Series
    rewatches: Series
    hot_spots: list[HotSpot]


class VideoFigures(ResponseSchema):
    """One video's figures in the course analytics."""

    video_id: str
    title: str | None = None
    duration_s: float | None = None
    viewers: int
    completed_viewers: int
    watch_time_s: float


class CourseAnalytics(ResponseSchema):
    """A course's funnel and per-video figures."""

    course_id: str
    learners: int
    started: int
    completed: int
    videos: list[VideoFigures]


class Learner(ResponseSchema):
    """One learner's line of the roster."""

    user_id: str
    display_name: str | None
    completed_videos: int
    total_videos: int
    percent: float
    watched_s: float
    last_activity_at: str | None


class LearnerPage(ResponseSchema):
    """A page of the roster."""

    items: list[Learner]
    next_cursor: str | None


class LearnersQuery(PageQuery):
    """`?limit=&cursor=&format=` (`format=csv`: the whole roster as text/csv)."""

    limit: Annotated[int, Field(ge=1, le=100)] = 50
    format: Literal["json", "csv"] = "json"
