"""Tables of follows, notifications and the fan-out queue (the notify half of the forum)."""

from service_kit import Index, TableSpec

NOTIFY_TABLES = (
    # THREAD#<tid> or COURSE#<cid> / USER#<uid>: who follows what, `state` following|muted
    # (muted: the user unfollowed, so posting again does not re-follow them).
    # gsi1 = what a user follows: gsi1pk USER#<uid>, gsi1sk THREAD#<tid> | COURSE#<cid>.
    # NAMES#<cid> / <lower display name>#<uid>: people of a course's forum, for @mentions.
    TableSpec(name="follows", indexes=(Index("gsi1", "gsi1pk", "gsi1sk"),)),
    # USER#<uid>/N#<ulid>: a user's notifications, newest first (ULIDs sort by time);
    # USER#<uid>/COUNT: the unread count (one GetItem), kept exact in the same transactions;
    # USER#<uid>/DIGEST: when the last digest went out. gsi1 (sparse, keys only) = unread
    # ones: gsi1pk UNREAD#<uid>, gsi1sk N#<ulid>, removed when read. gsi2 (keys only) = by
    # actor: gsi2pk ACTOR#<uid>, so a deleted account's name leaves others' lists too.
    # TTL drops old ones.
    TableSpec(
        name="notifications",
        indexes=(
            Index("gsi1", "gsi1pk", "gsi1sk", keys_only=True),
            Index("gsi2", "gsi2pk", "gsi1sk", keys_only=True),
        ),
        ttl_attribute="expires_at",
    ),
    # PENDING/<ulid>: posts waiting to be fanned out, oldest first, each leased by a worker
    # and advanced a bounded chunk at a time; RUN#<n>/RUN: one digest run per interval.
    TableSpec(name="events", ttl_attribute="expires_at"),
)
