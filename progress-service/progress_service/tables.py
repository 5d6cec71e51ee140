"""Progress tables: per-user, per-video positions and coverage."""

from service_kit import Index, TableSpec

TABLES = (
    # USER#<uid>/VIDEO#<vid>; gsi1 = by user and course (gsi1pk USER#<uid>#COURSE#<cid>);
    # gsi2 = "continue watching" (gsi2pk USER#<uid> while unfinished, gsi2sk updated_at).
    TableSpec(
        name="progress",
        indexes=(Index("gsi1", "gsi1pk", "gsi1sk"), Index("gsi2", "gsi2pk", "gsi2sk")),
    ),
)
