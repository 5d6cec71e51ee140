"""Profile tables: one item per user."""

from service_kit import TableSpec

# USER#<id>: display_name, bio, location, website, avatar_key (confirmed upload),
# pending_avatar_key (issued upload not yet confirmed), version, created_at, updated_at.
TABLES = (TableSpec(name="profiles", range_key=None),)
