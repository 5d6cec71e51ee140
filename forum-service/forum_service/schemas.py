"""Request and response schemas of /api/forum (validation and OpenAPI)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictBool, model_validator
from service_kit import PageQuery, RequestSchema, ResponseSchema

Title = Annotated[str, Field(min_length=1, max_length=200)]
Body = Annotated[str, Field(min_length=1, max_length=10_000)]
Reason = Annotated[str, Field(min_length=1, max_length=500)]


class ThreadCreate(RequestSchema):
    """Body of POST /courses/{course_id}/threads."""

    title: Title
    body: Body


class ThreadPatch(RequestSchema):
    """Body of PATCH /threads/{id}: the author edits text, moderators pin and lock."""

    title: Title | None = None
    body: Body | None = None
    pinned: StrictBool | None = None
    locked: StrictBool | None = None

    @model_validator(mode="after")
    def _something(self):
        if not self.model_fields_set:
            raise ValueError("send at least one of title, body, pinned, locked")
        return self


class ReplyCreate(RequestSchema):
    """Body of POST /threads/{id}/replies."""

    body: Body


class ReplyPatch(RequestSchema):
    """Body of PATCH /replies/{id}."""

    body: Body


class FlagCreate(RequestSchema):
    """Body of POST /{threads|replies}/{id}/flags."""

    reason: Reason


class Thread(ResponseSchema):
    """A discussion thread of a course."""

    id: str
    course_id: str
    author_id: str
    author_name: str
    title: str
    body: str
    pinned: bool
    locked: bool
    deleted: bool
    reply_count: int
    created_at: str
    last_activity_at: str
    edited_at: str | None = None


class Reply(ResponseSchema):
    """A reply in a thread."""

    id: str
    thread_id: str
    author_id: str
    author_name: str
    body: str
    deleted: bool
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
    last_reason: str
    last_flagged_at: str
    post: Thread | Reply | None


class FlaggedPage(ResponseSchema):
    """A page of flagged posts, most recently flagged first."""

    items: list[FlaggedPost]
    next_cursor: str | None


class ForumPageQuery(PageQuery):
    """`?limit=&cursor=`."""
