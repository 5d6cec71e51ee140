"""AuthStore: the only module of this service that talks to DynamoDB."""

from __future__ import annotations


class AuthStore:
    """Data access for the auth service; tables are injected."""

    def __init__(self, *, tables: dict):
        self.tables = tables

    @classmethod
    def from_resource(cls, dynamodb, settings) -> AuthStore:
        """Bind the store to this service's tables on a boto3 DynamoDB resource."""
        from .tables import TABLES

        return cls(
            tables={spec.name: dynamodb.Table(settings.table_name(spec.name)) for spec in TABLES}
        )
