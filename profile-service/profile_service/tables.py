"""Profile tables: one item per user."""

from service_kit import TableSpec

TABLES = (TableSpec(name="profiles", range_key=None),)
