"""One page of a DynamoDB Query, resumed from a decoded cursor (the store owns the query)."""

from __future__ import annotations


def query_page(table, *, start_key: dict | None, **query) -> tuple[list[dict], dict | None]:
    """Run `table.query(**query)` from `start_key`; return the items and the key to go on from."""
    if start_key:
        query["ExclusiveStartKey"] = start_key
    page = table.query(**query)
    return page["Items"], page.get("LastEvaluatedKey")
