"""A user's watchlist for the account lifecycle: export it, purge it (internal routes)."""

from __future__ import annotations

from boto3.dynamodb.conditions import Key
from service_kit.account_data import account_blueprint

from . import deps


def _table():
    return deps.store().items


def _items(user_id: str) -> list[dict]:
    items, params = [], {"KeyConditionExpression": Key("pk").eq(f"USER#{user_id}")}
    while True:
        page = _table().query(ConsistentRead=True, **params)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        params["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def export(user_id: str) -> dict:
    """The user's watchlist items."""
    fields = ("video_id", "course_id", "title", "added_at")
    return {"items": [{f: item.get(f) for f in fields} for item in _items(user_id)]}


def purge(user_id: str) -> None:
    """Delete every item of the user's watchlist."""
    with _table().batch_writer() as batch:
        for item in _items(user_id):
            batch.delete_item(Key={"pk": item["pk"], "sk": item["sk"]})


blueprint = account_blueprint("watchlist", export=export, purge=purge)
