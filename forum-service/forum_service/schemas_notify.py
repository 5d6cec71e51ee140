"""Schemas of follows and notifications under /api/forum (validation and OpenAPI)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator
from service_kit import PageQuery, RequestSchema, ResponseSchema
from service_kit.ids import ResourceId


class FollowState(ResponseSchema):
    """`{following}` of a thread or course for the caller."""

    following: bool


class Notification(ResponseSchema):
    """Something that happened in a followed thread or course, or a mention."""

    id: str
    kind: Literal["reply", "thread", "answer", "mention"]
    course_id: str
    thread_id: str
    reply_id: str | None
    actor_id: str | None
    actor_name: str | None
    thread_title: str | None
    course_title: str | None
    excerpt: str | None
    created_at: str
    read: bool


class NotificationPage(ResponseSchema):
    """A page of notifications, newest first."""

    items: list[Notification]
    next_cursor: str | None


class UnreadCount(ResponseSchema):
    """`{count}` of unread notifications."""

    count: int


class MarkRead(RequestSchema):
    """Body of POST /notifications/read: `{ids}` (≤ 100) or `{all: true}`."""

    ids: Annotated[list[ResourceId], Field(min_length=1, max_length=100)] | None = None
    all: Literal[True] | None = None

    @model_validator(mode="after")
    def _one_of(self):
        if (self.ids is None) == (self.all is None):
            raise ValueError("send either ids (a list) or all: true")
        return self


class NotificationQuery(PageQuery):
    """`?limit=&cursor=`."""
