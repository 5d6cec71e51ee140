"""Request and response schemas of /api/videos (validation and OpenAPI)."""

from __future__ import annotations

from itertools import pairwise
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from service_kit import IdReference, QuerySchema, RequestSchema, ResponseSchema

# content type → the file extensions a browser may name such a file with
VIDEO_TYPES = {
    "video/mp4": (".mp4", ".m4v"),
    "video/quicktime": (".mov", ".qt"),
    "video/webm": (".webm",),
    "video/x-matroska": (".mkv",),
}
MAX_PARTS = 10_000
Title = Annotated[str, Field(min_length=1, max_length=200)]
Description = Annotated[str, Field(max_length=5000)]
Position = Annotated[int, Field(ge=0, le=1_000_000)]
Id = IdReference  # the kit's rule for ids named in a body or query (odd ones are a 404)


MAX_CHAPTERS = 100


class Chapter(RequestSchema):
    """One chapter: where it starts (seconds into the video) and its title."""

    start_s: Annotated[float, Field(ge=0, le=7 * 24 * 3600, allow_inf_nan=False)]
    title: Title


Chapters = Annotated[list[Chapter], Field(max_length=MAX_CHAPTERS)]


class VideoCreate(RequestSchema):
    """Body of POST /api/videos: the video's details and the file the browser will upload."""

    course_id: Id
    title: Title
    description: Description = ""
    position: Position | None = None
    section_id: Id | None = None
    # content_type is declared before filename so the filename check can see it
    content_type: Literal["video/mp4", "video/quicktime", "video/webm", "video/x-matroska"]
    filename: Annotated[str, Field(min_length=1, max_length=255)]
    size_bytes: Annotated[int, Field(ge=1)]

    @field_validator("filename")
    @classmethod
    def _extension_matches(cls, value: str, info: ValidationInfo) -> str:
        content_type = info.data.get("content_type")
        if content_type and not value.lower().endswith(VIDEO_TYPES[content_type]):
            allowed = ", ".join(VIDEO_TYPES[content_type])
            raise ValueError(f"a {content_type} file must end with {allowed}")
        return value


class VideoUpdate(RequestSchema):
    """Body of PATCH /api/videos/{id}: at least one field (`section_id` null: unsectioned)."""

    title: Title | None = None
    description: Description | None = None
    position: Position | None = None
    section_id: Id | None = None
    chapters: Chapters | None = None

    @field_validator("chapters")
    @classmethod
    def _in_order(cls, value):
        starts = [chapter.start_s for chapter in value or []]
        for index, (before, after) in enumerate(pairwise(starts), 2):
            if after <= before:
                raise ValueError(
                    f"chapter {index} must start after chapter {index - 1} "
                    "(sorted by start_s, no two at the same time)"
                )
        return value

    @model_validator(mode="after")
    def _not_empty(self):
        if not self.model_fields_set:
            raise ValueError(
                "send at least one of title, description, position, section_id, chapters"
            )
        for name in self.model_fields_set - {"section_id"}:
            if getattr(self, name) is None:
                raise ValueError(f"{name} may not be null")
        return self


class PartDone(RequestSchema):
    """One uploaded part: its number and the ETag S3 answered."""

    part_number: Annotated[int, Field(ge=1, le=MAX_PARTS)]
    etag: Annotated[str, Field(min_length=1, max_length=200)]


class PartReport(RequestSchema):
    """Body of PUT /api/videos/{id}/upload/parts/{n}: the ETag S3 answered for that part."""

    etag: Annotated[str, Field(min_length=1, max_length=200)]


class UploadComplete(RequestSchema):
    """Body of POST /api/videos/{id}/upload/complete (parts only for multipart uploads)."""

    parts: Annotated[list[PartDone], Field(max_length=MAX_PARTS)] | None = None


class CaptionCreate(RequestSchema):
    """Body of POST /api/videos/{id}/captions."""

    language: Annotated[
        str, Field(min_length=2, max_length=35, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
    ]
    label: Annotated[str, Field(min_length=1, max_length=100)]


class CourseQuery(QuerySchema):
    """`?course_id=` of GET /api/videos."""

    course_id: Id


class LookupQuery(QuerySchema):
    """`?ids=a,b,c` (1 to 100 ids) of GET /api/videos/lookup."""

    ids: Annotated[str, Field(min_length=1, max_length=100 * 65)]

    @field_validator("ids")
    @classmethod
    def _split(cls, value: str) -> str:
        ids = [part for part in value.split(",") if part]
        if not ids or len(ids) > 100:
            raise ValueError("give 1 to 100 comma-separated ids")
        return value

    @property
    def id_list(self) -> list[str]:
        """The ids, de-duplicated, in order."""
        return list(dict.fromkeys(part.strip() for part in self.ids.split(",") if part.strip()))


class TokenQuery(QuerySchema):
    """`?token=` of the HLS playlists."""

    token: Annotated[str, Field(max_length=200)] = ""


class Rendition(ResponseSchema):
    """One rung of the HLS ladder."""

    name: str
    height: int
    bandwidth: int


class ChapterView(ResponseSchema):
    """A chapter of a video."""

    start_s: float
    title: str


class Video(ResponseSchema):
    """A video (`error` when failed, `progress_percent` while processing)."""

    id: str
    course_id: str
    title: str
    description: str
    position: int
    status: Literal["uploading", "processing", "ready", "failed"]
    duration_s: float | None
    thumbnail_url: str | None
    renditions: list[Rendition]
    section_id: str | None = None
    chapters: list[ChapterView] = []
    created_at: str
    updated_at: str | None = None
    error: str | None = None
    progress_percent: int | None = None


class VideoEnvelope(ResponseSchema):
    """`{video}`."""

    video: Video


class VideoList(ResponseSchema):
    """`{items: [video]}`."""

    items: list[Video]


class PartUrl(ResponseSchema):
    """Where to PUT one part."""

    part_number: int
    url: str


class HeldPart(ResponseSchema):
    """A part S3 (or the browser's report) already holds, when resuming an upload."""

    part_number: int
    etag: str
    size: int | None = None


class Upload(ResponseSchema):
    """How the browser sends the file: one presigned PUT, or presigned multipart parts."""

    method: Literal["PUT", "multipart"]
    url: str | None = None
    headers: dict[str, str] | None = None
    upload_id: str | None = None
    part_size: int | None = None
    part_count: int | None = None
    parts: list[PartUrl] | None = None
    uploaded: bool | None = None  # resuming a single PUT: whether S3 holds the file
    uploaded_parts: list[HeldPart] | None = None  # resuming multipart: the parts held
    expires_at: str


class VideoCreated(ResponseSchema):
    """`{video, upload}`."""

    video: Video
    upload: Upload


class UploadEnvelope(ResponseSchema):
    """`{upload}` (captions add their `language` and `label`; resuming adds `uploaded_parts`)."""

    upload: Upload
    language: str | None = None
    label: str | None = None


class Caption(ResponseSchema):
    """A caption track with its presigned URL."""

    language: str
    label: str
    url: str


class Storyboard(ResponseSchema):
    """Seek previews: a WebVTT thumbnails track over one sprite sheet of `count` tiles."""

    url: str
    sprite_url: str
    interval_s: float
    count: int
    columns: int
    tile_width: int
    tile_height: int


class Stream(ResponseSchema):
    """Where to play a ready video from; every URL expires at `expires_at`."""

    mp4_url: str
    hls_url: str
    expires_at: str
    expires_in_s: int
    storyboard: Storyboard | None = None
    captions: list[Caption]
