"""The published catalog's listings: one sparse GSI per (filter, order), so every page is one
Query on one partition whatever the catalog size (no FilterExpression, no Scan).

A published course carries a partition attribute per filter (all, category, level, both)
and the sort attributes (rank = newest, enrolled_count = popular, title_key = title).
"""

from __future__ import annotations

from service_kit import Index

from .text import category_key

# filter -> partition attribute of the course item
FACETS = {"all": "gsi1pk", "category": "gsi2pk", "level": "lvlpk", "both": "clpk"}
# order -> (sort attribute, newest/most first?)
ORDERS = {
    "newest": ("gsi1sk", False),
    "popular": ("enrolled_count", False),
    "title": ("title_key", True),
}
# (filter, order) -> index name; the first three predate the others (kept for existing tables)
_NAMES = {("all", "newest"): "gsi1", ("category", "newest"): "gsi2", ("all", "popular"): "popular"}


def index_name(facet: str, order: str) -> str:
    """The GSI listing `facet`'s courses in `order`."""
    return _NAMES.get((facet, order), f"{facet}_{order}")


INDEXES = tuple(
    Index(index_name(facet, order), partition, ORDERS[order][0])
    for facet, partition in FACETS.items()
    for order in ORDERS
)


def title_key(title: str) -> str:
    """The A-Z sort key of a title (case- and spacing-insensitive)."""
    return category_key(title)[:200]


def attributes(item: dict) -> dict:
    """The listing attributes of a published course item (partition and sort keys)."""
    level, cat = item.get("level", "beginner"), item["category_key"]
    return {
        "gsi1pk": "PUBLISHED",
        "gsi1sk": item["rank"],
        "gsi2pk": f"CAT#{cat}",
        "gsi2sk": item["rank"],
        "lvlpk": f"LVL#{level}",
        "clpk": f"CL#{level}#{cat}",
        "title_key": title_key(item["title"]),
    }


def listing(*, category: str | None, level: str | None, order: str) -> tuple[str, str, str, bool]:
    """(index, partition attribute, partition value, ascending) of one catalog listing."""
    if category is not None and level is not None:
        facet, value = "both", f"CL#{level}#{category_key(category)}"
    elif category is not None:
        facet, value = "category", f"CAT#{category_key(category)}"
    elif level is not None:
        facet, value = "level", f"LVL#{level}"
    else:
        facet, value = "all", "PUBLISHED"
    return index_name(facet, order), FACETS[facet], value, ORDERS[order][1]
