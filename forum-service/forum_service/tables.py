"""Forum tables: threads, replies, flags and posting-rate counters."""

from service_kit import Index, TableSpec

from .tables_notify import NOTIFY_TABLES

TABLES = (
    # THREAD#<id>/THREAD; gsi1 = threads of a course, pinned first then newest activity:
    # gsi1pk COURSE#<cid>, gsi1sk "<1 pinned|0>#<last_activity_at>#<id>", queried descending,
    # so the first page costs the same with 10 or 10 000 threads.
    TableSpec(name="threads", indexes=(Index("gsi1", "gsi1pk", "gsi1sk"),)),
    # THREAD#<tid>/REPLY#<created_at>#<id>: a thread's replies oldest first, read consistently.
    # gsi1 (keys only) = a reply by id: gsi1pk REPLY#<id>, gsi1sk REPLY.
    TableSpec(name="replies", indexes=(Index("gsi1", "gsi1pk", "gsi1sk", keys_only=True),)),
    # POST#<id>/FLAG#<user>: one flag per user per post (conditional put);
    # POST#<id>/SUMMARY: count and latest flag of a post, written in the same transaction;
    # gsi1 = flagged posts of a course, most recently flagged first (only summaries carry it):
    # gsi1pk COURSE#<cid>, gsi1sk "<last_flagged_at>#<post id>".
    TableSpec(name="flags", indexes=(Index("gsi1", "gsi1pk", "gsi1sk"),)),
    # USER#<uid>/POSTS#<minute>: posts in one clock minute, ADD under a condition; TTL cleans up.
    TableSpec(name="limits", ttl_attribute="expires_at"),
)
TABLES += NOTIFY_TABLES  # follows, notifications, fan-out queue (tables_notify.py)
