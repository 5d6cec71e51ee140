"""Request and response schemas of /api/forum (validation and OpenAPI)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictBool, field_validator, model_validator
from service_kit import PageQuery, RequestSchema, ResponseSchema
from service_kit.ids import IdReference

Title = Annotated[str, Field(min_length=1, max_length=200)]
Body = Annotated[str, Field(min_length=1, max_length=10_000)]
Reason = Annotated[str, Field(min_length=1, max_length=500)]
FlagCategory = Literal["spam", "off_topic", "inappropriate", "other"]


class ThreadCreate(RequestSchema):
    """Body of POST /courses/{course_id}/threads."""

    title: Title
    body: Body
    video_id: IdReference | None = None


class ThreadPatch(RequestSchema):
    """Body of PATCH /threads/{id}: the author edits text, moderators pin and lock,
    the author or a moderator marks the answer (null clears it)."""

    title: Title | None = None
    body: Body | None = None
    pinned: StrictBool | None = None
    locked: StrictBool | None = None
    answer_reply_id: IdReference | None = None

    @model_validator(mode="after")
    def _something(self):
        if not self.model_fields_set:
            raise ValueError("send at least one of title, body, pinned, locked, answer_reply_id")
        return self


class ReplyCreate(RequestSchema):
    """Body of POST /threads/{id}/replies."""

    body: Body


class ReplyPatch(RequestSchema):
    """Body of PATCH /replies/{id}."""

    body: Body


class FlagCreate(RequestSchema):
    """Body of POST /{threads|replies}/{id}/flags: a preset category and/or a reason."""

    category: FlagCategory = "other"
    reason: Reason | None = Field(default=None, validate_default=True)

    @field_validator("reason")
    @classmethod
    def _explained(cls, reason, info):
        if reason is None and info.data.get("category", "other") == "other":
            raise ValueError("Say why moderators should look at this post.")
        return reason


class VoteCast(RequestSchema):
    """Body of PUT /{threads|replies}/{id}/vote: one up-vote."""

    value: Literal[1]

    @field_validator("value", mode="before")
    @classmethod
    def _number(cls, value):
        if isinstance(value, bool):  # true == 1 in Python, not in this API
            raise ValueError("Must be the number 1.")
        return value


class VoteState(ResponseSchema):
    """A post's score and the caller's vote (1 or 0)."""

    score: int
    my_vote: int


class Preview(RequestSchema):
    """Body of POST /preview: Markdown to render exactly as a post would be."""

    body: Body
    video_id: IdReference | None = None


class PreviewEnvelope(ResponseSchema):
    """`{body_html}`."""

    body_html: str


class Thread(ResponseSchema):
    """A discussion thread of a course."""

    id: str
    course_id: str
    author_id: str
    author_name: str
    author_role: str | None = None
    author_avatar_url: str | None = None
    author_deleted: bool = False
    title: str
    body: str
    body_html: str
    video_id: str | None = None
    video_title: str | None = None
    pinned: bool
    locked: bool
    deleted: bool
    reply_count: int
    score: int
    my_vote: int
    answer_reply_id: str | None = None
    following: bool = False  # the caller follows it (new replies notify them)
    version: int
    created_at: str
    last_activity_at: str
    edited_at: str | None = None


class Reply(ResponseSchema):
    """A reply in a thread."""

    id: str
    thread_id: str
    author_id: str
    author_name: str
    author_role: str | None = None
    author_avatar_url: str | None = None
    author_deleted: bool = False
    body: str
    body_html: str
    deleted: bool
    score: int
    my_vote: int
    version: int
    created_at: str
    edited_at: str | None = None


class ThreadEnvelope(ResponseSchema):
    """`{thread}`."""

    thread: Thread


class ReplyEnvelope(ResponseSchema):
    """`{reply}`."""

    reply: Reply


class ThreadPage(ResponseSchema):
    """A page of threads: pinned first, then newest activity."""

    items: list[Thread]
    next_cursor: str | None


class ReplyPage(ResponseSchema):
    """A page of replies, oldest first."""

    items: list[Reply]
    next_cursor: str | None


class Flag(ResponseSchema):
    """One user's flag on a post."""

    post_type: str
    post_id: str
    category: str
    reason: str
    created_at: str


class FlagEnvelope(ResponseSchema):
    """`{flag}`."""

    flag: Flag


class FlaggedPost(ResponseSchema):
    """A flagged post with its flag count, latest reason and the post itself."""

    post_type: str
    post_id: str
    thread_id: str
    course_id: str
    flag_count: int
    last_category: str
    last_reason: str
    last_flagged_at: str
    post: Thread | Reply | None


class FlaggedPage(ResponseSchema):
    """A page of flagged posts, most recently flagged first."""

    items: list[FlaggedPost]
    next_cursor: str | None


class ForumPageQuery(PageQuery):
    """`?limit=&cursor=`."""


class ThreadPageQuery(PageQuery):
    """`?limit=&cursor=&answered=`: answered=true/false keeps only (un)answered threads."""

    answered: bool | None = None
