"""ProgressStore: the only module of this service that talks to DynamoDB."""

from __future__ import annotations

import logging
from decimal import Decimal

import service_kit as kit
from boto3.dynamodb.conditions import Key
from boto3.dynamodb.types import TypeDeserializer
from botocore.exceptions import ClientError

from . import coverage

logger = logging.getLogger(__name__)

_HEARTBEAT_SET = (
    "SET video_id = :vid, course_id = :cid, position_s = :pos, duration_s = :dur, "
    "updated_at = :now, created_at = if_not_exists(created_at, :now), "
    "gsi1pk = :g1pk, gsi1sk = :g1sk"
)
_UNFINISHED_KEYS = ", gsi2pk = :g2pk, gsi2sk = :g2sk"
_DESERIALIZE = TypeDeserializer()
MAX_HEARTBEAT_ATTEMPTS = 3


class _Refused(Exception):
    """A conditional heartbeat write was refused; `old` is the item as it stood (or None)."""

    def __init__(self, old: dict | None):
        super().__init__("condition failed")
        self.old = old


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
        now_s: float,
    ) -> dict:
        """Merge one heartbeat, crediting at most the time budget (coverage.budget_s).

        Common path, one UpdateItem: the video is unfinished and every claimed cell fits
        the budget, so no read is needed (the condition checks the previous beat's time).
        Otherwise (replays, a first heartbeat, a completed video, a client claiming too
        much) the old item comes back with the refusal and only the new cells that fit are
        added, guarded by the previous beat's time so concurrent heartbeats cannot double
        the budget. Cells are only ever added: nothing a heartbeat does loses coverage.
        """
        values = {
            ":vid": video_id,
            ":cid": course_id,
            ":pos": _seconds(position_s),
            ":dur": _seconds(duration_s),
            ":now": now,
            ":beat": _seconds(now_s),
            ":g1pk": f"USER#{user_id}#COURSE#{course_id}",
            ":g1sk": f"VIDEO#{video_id}",
        }
        unfinished = {":g2pk": f"USER#{user_id}", ":g2sk": f"{now}#{video_id}"}
        key = _key(user_id, video_id)
        fits = "beat_at <= :earliest"
        if len(cells) * coverage.CELL_S <= coverage.FIRST_ALLOWANCE_S:
            fits = f"({fits} OR attribute_not_exists(beat_at))"
        earliest = coverage.earliest_previous_beat(len(cells), now_s)
        try:
            item = self._write(
                key,
                _HEARTBEAT_SET + _UNFINISHED_KEYS,
                cells,
                {**values, **unfinished, ":earliest": _seconds(earliest)},
                f"attribute_not_exists(completed_at) AND {fits}",
            )
        except _Refused as refused:
            old = refused.old
            for _attempt in range(MAX_HEARTBEAT_ATTEMPTS):
                previous = old.get("beat_at") if old else None
                held = {int(c) for c in (old or {}).get("cells", ())}
                budget = coverage.budget_s(float(previous) if previous is not None else None, now_s)
                add = coverage.credited(cells, held, budget)
                done = bool(old and old.get("completed_at"))
                guard = (
                    "beat_at = :prev" if previous is not None else "attribute_not_exists(beat_at)"
                )
                extra = {":prev": previous} if previous is not None else {}
                try:
                    item = self._write(
                        key,
                        _HEARTBEAT_SET + ("" if done else _UNFINISHED_KEYS),
                        add,
                        {**values, **({} if done else unfinished), **extra},
                        guard,
                    )
                    break
                except _Refused as again:  # a concurrent heartbeat wrote first: re-read
                    old = again.old
            else:
                raise kit.ServiceUnavailable("Too many concurrent heartbeats; try again.")
        progress = to_progress(item)
        if not progress["completed"] and coverage.is_complete(
            coverage.percent_of(progress["watched_s"], progress["duration_s"])
        ):
            progress.update(self._complete(user_id=user_id, video_id=video_id, now=now))
        return progress

    def _write(self, key: dict, expression: str, cells: set[int], values: dict, condition: str):
        """One conditional heartbeat UpdateItem; _Refused carries the old item."""
        expression += ", beat_at = :beat"
        if cells:  # DynamoDB sets cannot be empty
            expression += " ADD cells :cells"
            values = {**values, ":cells": set(cells)}
        try:
            return self.progress.update_item(
                Key=key,
                UpdateExpression=expression,
                ConditionExpression=condition,
                ExpressionAttributeValues=values,
                ReturnValues="ALL_NEW",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )["Attributes"]
        except ClientError as error:
            if not _is_condition_failure(error):
                raise
            old = error.response.get("Item")
            if old is not None:
                old = {k: _DESERIALIZE.deserialize(v) for k, v in old.items()}
            else:  # an endpoint that does not return it, or no item yet
                old = self.progress.get_item(Key=key, ConsistentRead=True).get("Item")
            raise _Refused(old) from error

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
