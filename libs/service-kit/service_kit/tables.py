"""Table definitions shared by bootstrap, tests and IaC checks; idempotent creation."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from botocore.exceptions import ClientError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Index:
    """A global secondary index (projection ALL unless keys_only)."""

    name: str
    hash_key: str
    range_key: str | None = None
    keys_only: bool = False


@dataclass(frozen=True)
class TableSpec:
    """One DynamoDB table: string keys pk/sk by default, optional GSIs and TTL."""

    name: str
    hash_key: str = "pk"
    range_key: str | None = "sk"
    indexes: tuple[Index, ...] = field(default_factory=tuple)
    ttl_attribute: str | None = None
    # attribute name -> DynamoDB type, for key attributes that are not strings
    attribute_types: dict = field(default_factory=dict)

    def _attribute_definitions(self) -> list[dict]:
        names = [self.hash_key, self.range_key]
        for index in self.indexes:
            names += [index.hash_key, index.range_key]
        seen = []
        for name in names:
            if name and name not in seen:
                seen.append(name)
        return [
            {"AttributeName": n, "AttributeType": self.attribute_types.get(n, "S")} for n in seen
        ]

    @staticmethod
    def _key_schema(hash_key: str, range_key: str | None) -> list[dict]:
        schema = [{"AttributeName": hash_key, "KeyType": "HASH"}]
        if range_key:
            schema.append({"AttributeName": range_key, "KeyType": "RANGE"})
        return schema

    def create_kwargs(self, table_name: str) -> dict:
        """Arguments for DynamoDB CreateTable (on-demand billing)."""
        kwargs = {
            "TableName": table_name,
            "KeySchema": self._key_schema(self.hash_key, self.range_key),
            "AttributeDefinitions": self._attribute_definitions(),
            "BillingMode": "PAY_PER_REQUEST",
        }
        if self.indexes:
            kwargs["GlobalSecondaryIndexes"] = [self.index_kwargs(index) for index in self.indexes]
        return kwargs

    def index_kwargs(self, index: Index) -> dict:
        """One GlobalSecondaryIndexes entry (CreateTable, or UpdateTable's Create)."""
        return {
            "IndexName": index.name,
            "KeySchema": self._key_schema(index.hash_key, index.range_key),
            "Projection": {"ProjectionType": "KEYS_ONLY" if index.keys_only else "ALL"},
        }


def ensure_tables(client, specs, name_for, *, wait_s: float = 30.0) -> list[str]:
    """Create each missing table (idempotent), wait until active, enable TTL; return names."""
    names = []
    for spec in specs:
        table_name = name_for(spec.name)
        names.append(table_name)
        try:
            client.create_table(**spec.create_kwargs(table_name))
            logger.info("created table %s", table_name)
        except ClientError as error:
            if error.response["Error"]["Code"] != "ResourceInUseException":
                raise
        deadline = time.monotonic() + wait_s
        _wait_active(client, table_name, deadline)
        _add_missing_indexes(client, spec, table_name, deadline)
        if spec.ttl_attribute:
            _enable_ttl(client, table_name, spec.ttl_attribute)
    return names


def _wait_active(client, table_name: str, deadline: float) -> None:
    """Wait until the table and all its indexes are ACTIVE."""
    while True:
        table = client.describe_table(TableName=table_name)["Table"]
        statuses = [table["TableStatus"]]
        statuses += [
            i.get("IndexStatus", "ACTIVE") for i in table.get("GlobalSecondaryIndexes", [])
        ]
        if all(status == "ACTIVE" for status in statuses):
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"table {table_name} did not become ACTIVE")
        time.sleep(0.2)


def _add_missing_indexes(client, spec: TableSpec, table_name: str, deadline: float) -> None:
    """Create the GSIs a table made by older code lacks (one per UpdateTable, as AWS requires)."""
    table = client.describe_table(TableName=table_name)["Table"]
    present = {index["IndexName"] for index in table.get("GlobalSecondaryIndexes", [])}
    for index in spec.indexes:
        if index.name in present:
            continue
        keys = {index.hash_key, index.range_key}
        client.update_table(
            TableName=table_name,
            AttributeDefinitions=[
                d for d in spec._attribute_definitions() if d["AttributeName"] in keys
            ],
            GlobalSecondaryIndexUpdates=[{"Create": spec.index_kwargs(index)}],
        )
        logger.info("added index %s to table %s", index.name, table_name)
        _wait_active(client, table_name, deadline)


def _enable_ttl(client, table_name: str, attribute: str) -> None:
    current = client.describe_time_to_live(TableName=table_name)["TimeToLiveDescription"]
    if current.get("TimeToLiveStatus") in ("ENABLED", "ENABLING"):
        return
    try:
        client.update_time_to_live(
            TableName=table_name,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": attribute},
        )
    except ClientError as error:
        logger.warning("could not enable TTL on %s: %s", table_name, error)
