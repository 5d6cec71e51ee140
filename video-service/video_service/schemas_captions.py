"""Schemas of captions, transcripts and transcript search (validation and OpenAPI)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field
from service_kit import IdReference, QuerySchema, ResponseSchema

LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"  # a BCP 47 tag such as en, pt-BR
Language = Annotated[str, Field(min_length=2, max_length=35, pattern=LANGUAGE_PATTERN)]


class CaptionView(ResponseSchema):
    """A completed caption track with its presigned URL (it expires like stream URLs)."""

    language: str
    label: str
    url: str
    status: Literal["pending", "completed"] | None = None
    cue_count: int | None = None


class CaptionEnvelope(ResponseSchema):
    """`{caption}`."""

    caption: CaptionView


class CaptionList(ResponseSchema):
    """`{items: [caption]}` (completed captions only)."""

    items: list[CaptionView]


class TranscriptQuery(QuerySchema):
    """`?language=` of GET …/transcript (default: the first completed caption)."""

    language: Language | None = None


class CueView(ResponseSchema):
    """One cue of a transcript."""

    start_s: float
    end_s: float
    text: str


class Transcript(ResponseSchema):
    """`{language, cues}`."""

    language: str
    label: str | None = None
    cues: list[CueView]


class SearchQuery(QuerySchema):
    """`?course_id=&q=&limit=` of GET /api/videos/search."""

    course_id: IdReference
    q: Annotated[str, Field(min_length=1, max_length=200)]
    limit: Annotated[int, Field(ge=1, le=100)] = 20


class SearchHit(ResponseSchema):
    """A cue that holds every word of the query, with its video."""

    video_id: str
    title: str
    start_s: float
    end_s: float
    text: str
    language: str | None = None


class SearchResults(ResponseSchema):
    """`{items: [hit]}`, best first."""

    items: list[SearchHit]
