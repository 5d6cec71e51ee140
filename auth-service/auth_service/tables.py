"""Auth tables: users (with email-uniqueness items), refresh tokens, login throttling."""

from service_kit import Index, TableSpec

TABLES = (
    # USER#<id>/USER holds the user; EMAIL#<lower email>/EMAIL reserves the address (both
    # written in one transaction). gsi1 lists users for admins: gsi1pk "USER",
    # gsi1sk "<created_at with microseconds>#<id>" (only user items carry it: sparse).
    # by_email / by_name: admin search by prefix of the (lower-case) email or of `name_key`
    # ("<casefolded display name>#<id>"), on the same sparse gsi1pk (deleted users drop out).
    TableSpec(
        name="users",
        indexes=(
            Index("gsi1", "gsi1pk", "gsi1sk"),
            Index("by_email", "gsi1pk", "email"),
            Index("by_name", "gsi1pk", "name_key"),
        ),
    ),
    # TOKEN#<sha256 of the token>/TOKEN per refresh token (user, family, used_at);
    # USER#<id>/FAMILY#<id> per login session: revoking it kills every token of the family,
    # and a Query on USER#<id> finds all of a user's families (password change).
    TableSpec(name="tokens", ttl_attribute="expires_at"),
    # ACCOUNT#<lower email>, CLIENT#<address or IPv6 /64>, FAMILY#<refresh family>:
    # failed-login counters and lock deadlines (store_throttle.py); expire by TTL.
    TableSpec(name="throttle", range_key=None, ttl_attribute="expires_at"),
    # PENDING/<due ms>#<id>: mail waiting for the sender (store_outbox.py), FAILED/…: gave up.
    TableSpec(name="outbox", ttl_attribute="expires_at"),
    # DUE/<due ms>#<user id>: account-deletion jobs until every service purged the user.
    TableSpec(name="jobs"),
    # AUDIT/<at with µs>#<id>: role changes, suspensions, deletions, resets, admin creations.
    TableSpec(name="audit"),
)
