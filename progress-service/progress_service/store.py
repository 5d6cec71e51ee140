"""ProgressStore: the learner-facing progress data (heartbeats, resume points, lists)."""

from __future__ import annotations

import logging

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError
from service_kit.dynamo import TableStore, condition_failed

from . import coverage, items
from .heartbeat import RECENT_REFRESH_S, Change, HeartbeatWriter
from .tables import TABLES

logger = logging.getLogger(__name__)

to_progress = items.to_progress
_BATCH = 100  # BatchGetItem's limit


class ProgressStore(TableStore):
    """Data access for the progress service; tables are injected."""

    TABLES = TABLES

    def __init__(self, *, tables: dict, **kwargs):
        super().__init__(tables=tables, **kwargs)
        self.progress = tables["progress"]
        self.writer = HeartbeatWriter(self.progress)

    def beat(self, **heartbeat) -> tuple[dict, Change]:
        """Apply one heartbeat (see HeartbeatWriter.record); (progress, what it newly added)."""
        item, change = self.writer.record(**heartbeat)
        progress = to_progress(item)
        if not progress["completed"] and coverage.is_complete(
            coverage.percent_of(progress["watched_s"], progress["duration_s"])
        ):
            done = self._complete(
                user_id=heartbeat["user_id"], video_id=heartbeat["video_id"], now=heartbeat["now"]
            )
            change.completed = change.completed or done.pop("by_me")
            progress.update(done)
        return progress, change

    def record_heartbeat(self, **heartbeat) -> dict:
        """Apply one heartbeat; its progress."""
        return self.beat(**heartbeat)[0]

    def _complete(self, *, user_id: str, video_id: str, now: str) -> dict:
        """Mark completed (once; the rare transition) and leave "continue watching"."""
        try:
            self.progress.update_item(
                Key=items.meta_key(user_id, video_id),
                UpdateExpression="SET completed = :true, completed_at = :now REMOVE gsi2pk, gsi2sk",
                ConditionExpression="attribute_not_exists(completed_at)",
                ExpressionAttributeValues={":true": True, ":now": now},
            )
        except ClientError as error:
            if not condition_failed(error):
                raise
            # A concurrent heartbeat completed it first; its completed_at stands.
            item = self.progress.get_item(
                Key=items.meta_key(user_id, video_id),
                ProjectionExpression="completed_at",
                ConsistentRead=True,
            ).get("Item")
            return {
                "completed": True,
                "completed_at": (item or {}).get("completed_at"),
                "by_me": False,
            }
        logger.info("user %s completed video %s", user_id, video_id)
        return {"completed": True, "completed_at": now, "by_me": True}

    def get(self, *, user_id: str, video_id: str) -> dict | None:
        """The user's progress on one video, or None."""
        item = self.progress.get_item(
            Key=items.meta_key(user_id, video_id), ConsistentRead=True
        ).get("Item")
        return to_progress(item) if item else None

    def _metas(self, keys: list[dict]) -> list[dict]:
        """Meta items by key (BatchGetItem; missing ones dropped), in the keys' order."""
        found: dict[tuple, dict] = {}
        client, name = self.progress.meta.client, self.progress.name
        for start in range(0, len(keys), _BATCH):
            request = {name: {"Keys": keys[start : start + _BATCH]}}
            while request:
                answer = client.batch_get_item(RequestItems=request)
                for raw in answer["Responses"].get(name, []):
                    item = raw
                    found[(item["pk"], item["sk"])] = item
                request = answer.get("UnprocessedKeys") or {}
        return [found[(k["pk"], k["sk"])] for k in keys if (k["pk"], k["sk"]) in found]

    def list_course(self, *, user_id: str, course_id: str) -> list[dict]:
        """Every progress of the user in one course: index keys, then the items themselves."""
        params = {
            "IndexName": "gsi1",
            "KeyConditionExpression": Key("gsi1pk").eq(f"USER#{user_id}#COURSE#{course_id}"),
        }
        keys = []
        while True:
            page = self.progress.query(**params)
            keys += [{"pk": i["pk"], "sk": i["sk"]} for i in page["Items"]]
            if "LastEvaluatedKey" not in page:
                break
            params["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        return [to_progress(item) for item in self._metas(keys)]

    def list_recent(self, *, user_id: str, limit: int) -> list[dict]:
        """The user's unfinished videos, most recently watched first.

        The index's sort key is refreshed at most every RECENT_REFRESH_S, so it may lag the
        real `updated_at` by that much: every entry within that window of the page's last one
        is fetched too, and the items are ordered by their own `updated_at`. The video on top
        is not moved at all while it stays on top (heartbeat.py): its key can lag more, but
        nothing was moved above it since, so it still sorts first.
        """
        query = {
            "IndexName": "gsi2",
            "KeyConditionExpression": Key("gsi2pk").eq(f"USER#{user_id}"),
            "ScanIndexForward": False,
        }
        page = self.progress.query(**query, Limit=limit)["Items"]
        if len(page) == limit:
            lowest = page[-1]["gsi2sk"].split("#", 1)[0]
            floor = items.shifted(lowest, -RECENT_REFRESH_S)
            query["KeyConditionExpression"] &= Key("gsi2sk").gt(floor)
            page = []
            while True:
                answer = self.progress.query(**query)
                page += answer["Items"]
                if "LastEvaluatedKey" not in answer:
                    break
                query["ExclusiveStartKey"] = answer["LastEvaluatedKey"]
        metas = self._metas([{"pk": i["pk"], "sk": i["sk"]} for i in page])
        # The index is eventually consistent: a just-completed video may linger briefly.
        unfinished = [to_progress(m) for m in metas if not m.get("completed")]
        unfinished.sort(key=lambda p: p["updated_at"], reverse=True)
        return unfinished[:limit]


__all__ = ["Change", "ProgressStore", "to_progress"]
