"""Watchlist tables: one item per (user, video)."""

from service_kit import Index, TableSpec

TABLES = (
    # USER#<uid>/VIDEO#<vid>; gsi1 = the user's list newest first (gsi1pk USER#<uid>,
    # gsi1sk "<added_at>#<vid>"); gsi2 = by video, to drop a deleted video everywhere.
    TableSpec(
        name="items",
        indexes=(Index("gsi1", "gsi1pk", "gsi1sk"), Index("gsi2", "gsi2pk", "gsi2sk")),
    ),
)
