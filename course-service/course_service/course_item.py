"""The stored shape of a course: keys, sparse catalog attributes, search words, public view."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from service_kit import clock
from service_kit.values import plain

from . import catalog
from .text import MAX_PAIR_WORDS, category_key, course_words, normal_tags

PUBLISHED = "PUBLISHED"
PUBLIC_FIELDS = (
    "id", "title", "description", "category", "tags", "level", "published", "owner_id",
    "enrolled_count", "version", "created_at", "updated_at", "published_at",
)  # fmt: skip
# Attributes an edit rewrites (never enrolled_count, video_count, total_duration_s: those
# are ADDed to concurrently by enrolments and by the video service).
EDITABLE = (
    "title", "description", "category", "category_key", "tags", "level", "published", "words",
    "updated_at", "version", "published_at", "rank", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk",
    "sections", "instructor_name", "cover_key", "lvlpk", "clpk", "title_key", "paired",
)  # fmt: skip
_CATALOG_ONLY = (
    "published_at", "rank", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "lvlpk", "clpk", "title_key",
)  # fmt: skip


def key(course_id: str) -> dict:
    """The primary key of a course item."""
    return {"pk": f"COURSE#{course_id}", "sk": "COURSE"}


def _no_cover(_key: str | None) -> dict:
    return {}


def to_course(item: dict, cover_urls: Callable[[str | None], dict] = _no_cover) -> dict:
    """The public `course` shape of a stored item (`cover_urls` presigns the cover's sizes)."""
    course = {name: plain(item.get(name)) for name in PUBLIC_FIELDS}
    course["tags"] = list(course["tags"] or [])
    course["sections"] = [
        {"id": section["id"], "title": section["title"], "position": position}
        for position, section in enumerate(item.get("sections") or [])
    ]
    course["instructor"] = {"id": item["owner_id"], "display_name": item.get("instructor_name", "")}
    course["video_count"] = max(0, int(plain(item.get("video_count", 0))))
    # Sums of float ADDs drift by a few ulps: round to the millisecond, never below zero.
    course["total_duration_s"] = max(0.0, round(float(plain(item.get("total_duration_s", 0))), 3))
    urls = cover_urls(item.get("cover_key")) if item.get("cover_key") else {}
    course["cover_url"] = urls.get("large")
    course["cover_urls"] = urls or None
    return course


def derive(item: dict, moment) -> dict:
    """Recompute the search words and the sparse catalog attributes of `item` (in place)."""
    item["tags"] = normal_tags(item.get("tags", []))
    item["category_key"] = category_key(item["category"])
    item["words"] = course_words(title=item["title"], tags=item["tags"])
    # Its word-pair postings are (re)written with its words (store_search); an item stored
    # before pairs existed has no flag, and search falls back for its words (vocabulary).
    item["paired"] = len(item["words"]) <= MAX_PAIR_WORDS
    if item.get("cover_key") is None:
        item.pop("cover_key", None)  # removed, not stored as NULL
    if not item["published"]:
        for name in _CATALOG_ONLY:
            item.pop(name, None)
        return item
    if "rank" not in item:  # newly published: it enters the catalog at the top
        item["published_at"] = clock.timestamp(moment)
        item["rank"] = clock.order_key(moment, item["id"])
    item.update(catalog.attributes(item))
    return item


def new_item(*, owner_id: str, fields: dict, instructor_name: str = "") -> dict:
    """The item of a new course owned by `owner_id` (whose display name is `instructor_name`)."""
    moment, course_id = clock.now(), str(uuid.uuid4())
    item = {
        **fields,
        **key(course_id),
        "id": course_id,
        "owner_id": owner_id,
        "instructor_name": instructor_name,
        "enrolled_count": 0,
        "video_count": 0,
        "total_duration_s": 0,
        "sections": [],
        "version": 1,
        "created_at": clock.timestamp(moment),
        "updated_at": clock.timestamp(moment),
        "gsi3pk": f"OWNER#{owner_id}",
        "gsi3sk": clock.order_key(moment, course_id),
    }
    return derive(item, moment)


def edited(old: dict, changes: dict) -> dict:
    """The item after `changes`, with the next version."""
    moment = clock.now()
    new = derive({**old, **changes}, moment)
    new.update(version=old["version"] + 1, updated_at=clock.timestamp(moment))
    return new
