"""Request and response schemas of /api/watchlist (validation and OpenAPI)."""

from __future__ import annotations

from service_kit import PageQuery, ResponseSchema


class Item(ResponseSchema):
    """A video on the caller's watchlist."""

    video_id: str
    course_id: str
    title: str
    added_at: str


class ItemEnvelope(ResponseSchema):
    """`{item}`."""

    item: Item


class ItemPage(ResponseSchema):
    """A page of watchlist items, newest first."""

    items: list[Item]
    next_cursor: str | None


class WatchlistQuery(PageQuery):
    """`?limit=&cursor=`."""
