"""Forum tables: threads, replies, flags and posting-rate counters."""

from service_kit import Index, TableSpec

TABLES = (
    # THREAD#<id>/THREAD; gsi1 = threads of a course (gsi1pk COURSE#<cid>, gsi1sk
    # "<pinned 0/1>#<last_activity_at>#<id>").
    TableSpec(name="threads", indexes=(Index("gsi1", "gsi1pk", "gsi1sk"),)),
    # THREAD#<tid>/REPLY#<created_at>#<id>; gsi1 = reply by id.
    TableSpec(name="replies", indexes=(Index("gsi1", "gsi1pk", "gsi1sk"),)),
    # POST#<id>/FLAG#<user>; gsi1 = flagged posts of a course.
    TableSpec(name="flags", indexes=(Index("gsi1", "gsi1pk", "gsi1sk"),)),
)
