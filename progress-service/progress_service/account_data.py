"""A user's progress for the account lifecycle: export it, purge it (internal routes).

Purging removes the user's own items; course analytics keep only anonymous counts.
"""

from __future__ import annotations

from boto3.dynamodb.conditions import Key
from service_kit.account_data import account_blueprint

from . import deps
from .items import recent_key
from .store import to_progress


def _table():
    return deps.store().progress


def _items(user_id: str) -> list[dict]:
    items, params = [], {"KeyConditionExpression": Key("pk").eq(f"USER#{user_id}")}
    while True:
        page = _table().query(ConsistentRead=True, **params)
        items += [item for item in page["Items"] if item["sk"].startswith("VIDEO#")]
        if "LastEvaluatedKey" not in page:
            return items
        params["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def export(user_id: str) -> dict:
    """The user's progress on every video."""
    return {"progress": [to_progress(item) for item in _items(user_id)]}


def purge(user_id: str) -> None:
    """Anonymise the user's roster rows (counts stay), then delete their progress items."""
    items = _items(user_id)
    # rows first: the progress items name the courses, so a retried purge still finds them
    for course_id in sorted({item["course_id"] for item in items if item.get("course_id")}):
        deps.analytics().anonymise_learner(user_id=user_id, course_id=course_id)
    with _table().batch_writer() as batch:
        for item in items:
            batch.delete_item(Key={"pk": item["pk"], "sk": item["sk"]})
        batch.delete_item(Key=recent_key(user_id))  # names the video they watched last


blueprint = account_blueprint("progress", export=export, purge=purge)
