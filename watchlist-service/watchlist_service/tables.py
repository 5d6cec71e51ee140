"""Watchlist tables: one item per (user, video)."""

from service_kit import Index, TableSpec

TABLES = (
    # USER#<uid>/VIDEO#<vid>: GetItem for "is it on my list", conditional put for idempotency.
    # gsi1 = the user's list newest first (gsi1pk USER#<uid>, gsi1sk "<added_at>#<vid>").
    # No by-video index: videos are deleted in another service, so stale items are dropped
    # lazily when a page shows them (one lookup per page), not by a fan-out delete.
    TableSpec(name="items", indexes=(Index("gsi1", "gsi1pk", "gsi1sk"),)),
)
