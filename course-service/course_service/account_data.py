"""A user's enrolments for the account lifecycle: export them, purge them (internal routes).

Purging unenrols through the enrolment store, so course counts drop with each enrolment.
"""

from __future__ import annotations

from boto3.dynamodb.conditions import Key
from service_kit.account_data import account_blueprint

from . import deps
from .store_enrollment import to_enrollment


def _enrollments():
    return deps.enrollments()


def _items(user_id: str) -> list[dict]:
    items, params = [], {"KeyConditionExpression": Key("pk").eq(f"USER#{user_id}")}
    while True:
        page = _enrollments().table.query(ConsistentRead=True, **params)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        params["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def export(user_id: str) -> dict:
    """The user's enrolments."""
    return {"enrollments": [to_enrollment(item) for item in _items(user_id)]}


def purge(user_id: str) -> None:
    """Unenrol the user from every course."""
    for item in _items(user_id):
        _enrollments().remove(user_id=user_id, course_id=item["course_id"])


blueprint = account_blueprint("courses", export=export, purge=purge)
