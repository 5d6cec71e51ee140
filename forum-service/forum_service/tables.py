"""Forum tables: threads, replies, flags, votes and posting-rate counters."""

from service_kit import Index, TableSpec

from .tables_notify import NOTIFY_TABLES

# Every post is also indexed by its author (author_id, created_at): the account lifecycle
# exports and anonymises a user's posts with Query calls, never a Scan.
_BY_AUTHOR = Index("author", "author_id", "created_at")

TABLES = (
    # THREAD#<id>/THREAD; gsi1 = threads of a course, pinned first then newest activity:
    # gsi1pk COURSE#<cid>, gsi1sk "<1 pinned|0>#<last_activity_at>#<id>", queried descending,
    # so the first page costs the same with 10 or 10 000 threads.
    # gsi2 = the same order split by state: gsi2pk COURSE#<cid>#ANSWERED or #OPEN, gsi2sk =
    # gsi1sk, so "unanswered only" is one Query too, not a filter over every thread.
    TableSpec(
        name="threads",
        indexes=(Index("gsi1", "gsi1pk", "gsi1sk"), Index("gsi2", "gsi2pk", "gsi2sk"), _BY_AUTHOR),
    ),
    # THREAD#<tid>/REPLY#<created_at>#<id>: a thread's replies oldest first, read consistently.
    # gsi1 (keys only) = a reply by id: gsi1pk REPLY#<id>, gsi1sk REPLY.
    TableSpec(
        name="replies",
        indexes=(Index("gsi1", "gsi1pk", "gsi1sk", keys_only=True), _BY_AUTHOR),
    ),
    # POST#<id>/FLAG#<user>: one flag per user per post (conditional put);
    # POST#<id>/SUMMARY: count and latest flag of a post, written in the same transaction;
    # gsi1 = flagged posts of a course, most recently flagged first (only summaries carry it):
    # gsi1pk COURSE#<cid>, gsi1sk "<last_flagged_at>#<post id>". Dismissing or deleting the
    # post deletes its summary, so it leaves the queue.
    TableSpec(name="flags", indexes=(Index("gsi1", "gsi1pk", "gsi1sk"),)),
    # POST#<id>/VOTE#<user>: one vote per user per post, put with the post's score in one
    # transaction; gsi1 (keys only) = a user's votes: gsi1pk USER#<uid>, gsi1sk POST#<id>.
    TableSpec(name="votes", indexes=(Index("gsi1", "gsi1pk", "gsi1sk", keys_only=True),)),
    # USER#<uid>/POSTS#<minute>: posts in one clock minute, ADD under a condition; TTL cleans up.
    TableSpec(name="limits", ttl_attribute="expires_at"),
)
TABLES += NOTIFY_TABLES  # follows, notifications, fan-out queue (tables_notify.py)
