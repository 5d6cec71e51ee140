"""ProgressStore: the only module of this service that talks to DynamoDB."""

from __future__ import annotations

import logging
from decimal import Decimal

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from . import coverage

logger = logging.getLogger(__name__)

_HEARTBEAT_SET = (
    "SET video_id = :vid, course_id = :cid, position_s = :pos, duration_s = :dur, "
    "updated_at = :now, created_at = if_not_exists(created_at, :now), "
    "gsi1pk = :g1pk, gsi1sk = :g1sk"
)
_UNFINISHED_KEYS = ", gsi2pk = :g2pk, gsi2sk = :g2sk"


def _key(user_id: str, video_id: str) -> dict:
    return {"pk": f"USER#{user_id}", "sk": f"VIDEO#{video_id}"}


def _seconds(value: float) -> Decimal:
    return Decimal(str(round(value, 3)))


def _is_condition_failure(error: ClientError) -> bool:
    return error.response["Error"]["Code"] == "ConditionalCheckFailedException"


def to_progress(item: dict) -> dict:
    """The API's `progress` from a stored item (coverage computed from the cell set)."""
    duration = float(item.get("duration_s", 0))
    watched = coverage.watched_seconds(len(item.get("cells", ())), duration)
    return {
        "video_id": item["video_id"],
        "course_id": item["course_id"],
        "position_s": float(item.get("position_s", 0)),
        "watched_s": watched,
        "duration_s": duration,
        "percent": round(coverage.percent_of(watched, duration), 2),
        "completed": bool(item.get("completed", False)),
        "completed_at": item.get("completed_at"),
        "updated_at": item["updated_at"],
    }


class ProgressStore:
    """Data access for the progress service; tables are injected."""

    def __init__(self, *, tables: dict):
        self.tables = tables
        self.progress = tables["progress"]

    @classmethod
    def from_resource(cls, dynamodb, settings) -> ProgressStore:
        """Bind the store to this service's tables on a boto3 DynamoDB resource."""
        from .tables import TABLES

        return cls(
            tables={spec.name: dynamodb.Table(settings.table_name(spec.name)) for spec in TABLES}
        )

    def record_heartbeat(
        self,
        *,
        user_id: str,
        video_id: str,
        course_id: str,
        position_s: float,
        duration_s: float,
        cells: set[int],
        now: str,
    ) -> dict:
        """Merge one heartbeat (one UpdateItem on the common path); return the progress."""
        values = {
            ":vid": video_id,
            ":cid": course_id,
            ":pos": _seconds(position_s),
            ":dur": _seconds(duration_s),
            ":now": now,
            ":g1pk": f"USER#{user_id}#COURSE#{course_id}",
            ":g1sk": f"VIDEO#{video_id}",
        }
        add = ""
        if cells:  # DynamoDB sets cannot be empty
            add = " ADD cells :cells"
            values[":cells"] = set(cells)
        try:
            # Common path: the video is unfinished, so it stays in "continue watching".
            item = self.progress.update_item(
                Key=_key(user_id, video_id),
                UpdateExpression=_HEARTBEAT_SET + _UNFINISHED_KEYS + add,
                ConditionExpression="attribute_not_exists(completed_at)",
                ExpressionAttributeValues={
                    **values,
                    ":g2pk": f"USER#{user_id}",
                    ":g2sk": f"{now}#{video_id}",
                },
                ReturnValues="ALL_NEW",
            )["Attributes"]
        except ClientError as error:
            if not _is_condition_failure(error):
                raise
            # Rewatching a completed video: a second write that never re-adds the gsi2 keys.
            item = self.progress.update_item(
                Key=_key(user_id, video_id),
                UpdateExpression=_HEARTBEAT_SET + add,
                ExpressionAttributeValues=values,
                ReturnValues="ALL_NEW",
            )["Attributes"]
        progress = to_progress(item)
        if not progress["completed"] and coverage.is_complete(
            coverage.percent_of(progress["watched_s"], progress["duration_s"])
        ):
            progress.update(self._complete(user_id=user_id, video_id=video_id, now=now))
        return progress

    def _complete(self, *, user_id: str, video_id: str, now: str) -> dict:
        """Mark completed (once; the rare transition) and leave "continue watching"."""
        try:
            self.progress.update_item(
                Key=_key(user_id, video_id),
                UpdateExpression="SET completed = :true, completed_at = :now REMOVE gsi2pk, gsi2sk",
                ConditionExpression="attribute_not_exists(completed_at)",
                ExpressionAttributeValues={":true": True, ":now": now},
            )
        except ClientError as error:
            if not _is_condition_failure(error):
                raise
            # A concurrent heartbeat completed it first; its completed_at stands.
            return {"completed": True, "completed_at": self._completed_at(user_id, video_id)}
        logger.info("user %s completed video %s", user_id, video_id)
        return {"completed": True, "completed_at": now}

    def _completed_at(self, user_id: str, video_id: str) -> str | None:
        item = self.progress.get_item(
            Key=_key(user_id, video_id),
            ProjectionExpression="completed_at",
            ConsistentRead=True,
        ).get("Item")
        return (item or {}).get("completed_at")

    def get(self, *, user_id: str, video_id: str) -> dict | None:
        """The user's progress on one video, or None."""
        item = self.progress.get_item(Key=_key(user_id, video_id), ConsistentRead=True).get("Item")
        return to_progress(item) if item else None

    def list_course(self, *, user_id: str, course_id: str) -> list[dict]:
        """Every progress of the user in one course (all pages)."""
        params = {
            "IndexName": "gsi1",
            "KeyConditionExpression": Key("gsi1pk").eq(f"USER#{user_id}#COURSE#{course_id}"),
        }
        found = []
        while True:
            page = self.progress.query(**params)
            found += [to_progress(item) for item in page["Items"]]
            if "LastEvaluatedKey" not in page:
                return found
            params["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def list_recent(self, *, user_id: str, limit: int) -> list[dict]:
        """The user's unfinished videos, most recently watched first."""
        page = self.progress.query(
            IndexName="gsi2",
            KeyConditionExpression=Key("gsi2pk").eq(f"USER#{user_id}"),
            ScanIndexForward=False,
            Limit=limit,
        )
        # The index is eventually consistent: a just-completed video may linger briefly.
        return [to_progress(i) for i in page["Items"] if not i.get("completed")]
