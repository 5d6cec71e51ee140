"""Progress tables: per-user, per-video positions and coverage."""

from service_kit import Index, TableSpec

TABLES = (
    # USER#<uid>/VIDEO#<vid>: position, duration and `cells`, a Number Set of watched
    # 1-second cells (see coverage.py) that heartbeats grow with ADD.
    # gsi1 = the user's videos of one course (gsi1pk USER#<uid>#COURSE#<cid>, gsi1sk VIDEO#<vid>).
    # gsi2 = "continue watching", sparse: only unfinished items carry gsi2pk USER#<uid>
    # (gsi2sk "<updated_at>#<vid>"); completing a video removes both keys.
    TableSpec(
        name="progress",
        indexes=(Index("gsi1", "gsi1pk", "gsi1sk"), Index("gsi2", "gsi2pk", "gsi2sk")),
    ),
)
