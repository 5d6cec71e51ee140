"""Course tables: courses, enrolments, search words and co-enrolment counters."""

from service_kit import Index, TableSpec

TABLES = (
    # COURSE#<id>/COURSE; gsi1 = sparse "published catalog" (gsi1pk "PUBLISHED", gsi1sk
    # "<created_at>#<id>"); gsi2 = published by category; gsi3 = by owner (drafts included).
    TableSpec(
        name="courses",
        indexes=(
            Index("gsi1", "gsi1pk", "gsi1sk"),
            Index("gsi2", "gsi2pk", "gsi2sk"),
            Index("gsi3", "gsi3pk", "gsi3sk"),
        ),
    ),
    # USER#<uid>/COURSE#<cid>; gsi1 = by course (gsi1pk COURSE#<cid>).
    TableSpec(name="enrollments", indexes=(Index("gsi1", "gsi1pk", "gsi1sk"),)),
    # WORD#<word>/<created_at>#<course id> inverted index; PAIR#<a>/<b> co-enrolment counters.
    TableSpec(name="index"),
)
