"""Video tables: video metadata (and worker job state)."""

from service_kit import Index, TableSpec

TABLES = (
    # VIDEO#<id>/VIDEO; gsi1 = by course ordered by position (gsi1pk COURSE#<cid>,
    # gsi1sk "<position>#<id>"); gsi2 = sparse job queue (gsi2pk "JOBS", gsi2sk lease time).
    TableSpec(
        name="videos",
        indexes=(Index("gsi1", "gsi1pk", "gsi1sk"), Index("gsi2", "gsi2pk", "gsi2sk")),
    ),
)
