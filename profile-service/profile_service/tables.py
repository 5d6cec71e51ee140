"""Profile tables: one item per user."""

from service_kit import Index, TableSpec

# USER#<id>: display_name, bio, location, website, avatar_key (confirmed upload),
# pending_avatar_key (issued upload not yet confirmed), email_digest, version, created_at,
# updated_at. Index `digest` (sparse, keys only) = who opted into the forum's daily digest:
# digest_pk DIGEST, digest_sk <user id>, present only while email_digest is true.
TABLES = (
    TableSpec(
        name="profiles",
        range_key=None,
        indexes=(Index("digest", "digest_pk", "digest_sk", keys_only=True),),
    ),
)
