"""Auth tables: users (with email-uniqueness items), refresh tokens, login throttling."""

from service_kit import Index, TableSpec

TABLES = (
    # USER#<id>/USER holds the user; EMAIL#<lower email>/EMAIL reserves the address.
    # gsi1 lists users for admins: gsi1pk "USER", gsi1sk "<created_at>#<id>".
    TableSpec(name="users", indexes=(Index("gsi1", "gsi1pk", "gsi1sk"),)),
    # TOKEN#<sha256>/TOKEN per refresh token; FAMILY#<id>/... and USER#<id>/FAMILY#<id> let
    # a reuse or a password change revoke a family or every family of a user.
    TableSpec(name="tokens", ttl_attribute="expires_at"),
    # ACCOUNT#<email> failure counters with backoff; expire by TTL.
    TableSpec(name="throttle", range_key=None, ttl_attribute="expires_at"),
)
