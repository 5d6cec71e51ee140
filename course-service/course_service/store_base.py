"""DynamoDB helpers the stores share: newest-first pages, batch reads (the rest is the kit's)."""

from __future__ import annotations

import time

from boto3.dynamodb.conditions import Key
from service_kit import ServiceUnavailable, dynamo

BUSY = "Too many concurrent changes to this course; try again."


def newest_first(table, *, index: str, partition: str, cursor, limit: int, secret: str):
    """A page of one partition of `index` (`<index>pk`/`<index>sk`), newest first.

    The kit's signed cursor is pinned to the partition: another listing's is refused.
    Returns (items, next_cursor).
    """
    return dynamo.query_page(
        table,
        limit=limit,
        cursor=cursor,
        secret=secret,
        expect={f"{index}pk": partition},
        IndexName=index,
        KeyConditionExpression=Key(f"{index}pk").eq(partition),
        ScanIndexForward=False,
    )


def batch_get(resource, table_name: str, keys: list[dict], *, attempts: int = 5) -> list[dict]:
    """BatchGetItem of up to 100 keys, retrying unprocessed keys; order is not kept."""
    found: list[dict] = []
    pending = {table_name: {"Keys": keys}} if keys else {}
    for attempt in range(attempts):
        if not pending:
            return found
        answer = resource.batch_get_item(RequestItems=pending)
        found += answer.get("Responses", {}).get(table_name, [])
        pending = answer.get("UnprocessedKeys") or {}
        if pending:
            time.sleep(0.01 * 2**attempt)
    if pending:
        raise ServiceUnavailable("The course store is busy; try again.")
    return found
