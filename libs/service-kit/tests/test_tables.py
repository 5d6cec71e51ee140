"""Table bootstrap: idempotent creation, and indexes added to tables made by older code."""

import boto3
from service_kit import Index, TableSpec
from service_kit.tables import ensure_tables

OLD = TableSpec(name="things", indexes=(Index("gsi1", "gsi1pk", "gsi1sk"),))
NEW = TableSpec(
    name="things",
    indexes=(Index("gsi1", "gsi1pk", "gsi1sk"), Index("by_count", "gsi1pk", "n")),
    attribute_types={"n": "N"},
)


def _index_names(client, name: str) -> set[str]:
    table = client.describe_table(TableName=name)["Table"]
    return {index["IndexName"] for index in table.get("GlobalSecondaryIndexes", [])}


def test_ensure_tables_is_idempotent(moto):
    client = boto3.client("dynamodb", region_name="us-east-1")
    assert ensure_tables(client, (OLD,), lambda n: f"t-{n}") == ["t-things"]
    assert ensure_tables(client, (OLD,), lambda n: f"t-{n}") == ["t-things"]
    assert _index_names(client, "t-things") == {"gsi1"}


def test_ensure_tables_adds_an_index_missing_from_an_existing_table(moto):
    client = boto3.client("dynamodb", region_name="us-east-1")
    ensure_tables(client, (OLD,), lambda n: f"t-{n}")
    ensure_tables(client, (NEW,), lambda n: f"t-{n}")
    assert _index_names(client, "t-things") == {"gsi1", "by_count"}
    table = boto3.resource("dynamodb", region_name="us-east-1").Table("t-things")
    table.put_item(Item={"pk": "a", "sk": "b", "gsi1pk": "P", "n": 3})
    found = table.query(
        IndexName="by_count",
        KeyConditionExpression="gsi1pk = :p AND n > :zero",
        ExpressionAttributeValues={":p": "P", ":zero": 0},
    )["Items"]
    assert [item["pk"] for item in found] == ["a"]
