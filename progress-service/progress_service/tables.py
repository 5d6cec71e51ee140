"""Progress tables: per-user, per-video positions and coverage."""

from service_kit import Index, TableSpec

TABLES = (
    # USER#<uid>/VIDEO#<vid>: the meta item (position, duration, `watched_cells` count,
    # completion, index keys); USER#<uid>/VIDEO#<vid>#C<nn>: coverage chunk nn, a 225-byte
    # bitmap of 1800 one-second cells (bitmap.py). Items stored before chunks hold `cells`, a
    # Number Set, moved to chunks by their next heartbeat (heartbeat.py).
    # gsi1 = the user's videos of one course (gsi1pk USER#<uid>#COURSE#<cid>, gsi1sk VIDEO#<vid>).
    # gsi2 = "continue watching", sparse: only unfinished items carry gsi2pk USER#<uid>
    # (gsi2sk "<recent_at>#<vid>"); completing a video removes both keys.
    # Both project keys only: their keys never change on a common heartbeat, so a heartbeat
    # writes nothing to them; readers fetch the (small) meta items by key.
    TableSpec(
        name="progress",
        indexes=(
            Index("gsi1", "gsi1pk", "gsi1sk", keys_only=True),
            Index("gsi2", "gsi2pk", "gsi2sk", keys_only=True),
        ),
    ),
    # Instructor analytics (analytics.py), grown at heartbeat time from newly covered seconds:
    # VIDEO#<vid>/G<group>#S<shard>: counters of one 5-minute group of 10-second buckets in
    # one shard (b<n>: learners who watched bucket n, r<n>: who re-watched it; t: watched
    # seconds, v: viewers, d: completed viewers), summed over shards and groups on read.
    # COURSE#<cid>/LEARNER#<uid>: one learner's roster row (watched_s, w_<vid>, done, ...).
    TableSpec(name="analytics"),
)
