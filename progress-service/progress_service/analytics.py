"""Instructor analytics kept at heartbeat time from what each heartbeat newly covered.

Each figure grows only from a `heartbeat.Change`, which the chunk's conditional write makes
exact: a cell, a learner's first second of a bucket, a re-watch mark or a completion is
reported by exactly one heartbeat, so replays and reordering never double-count.

Video counters live in shard items (a learner always writes the same one of SHARDS), one per
5-minute group of 10-second buckets, so hundreds of viewers of one video spread their writes;
a read sums one Query's items. The course roster is one item per learner and course.
"""

from __future__ import annotations

import math
import uuid
import zlib

from boto3.dynamodb.conditions import Key
from service_kit import dynamo
from service_kit.dynamo import query_page

from . import bitmap
from .heartbeat import Change

SHARDS = 8
GROUP_BUCKETS = 30  # 5 minutes of 10-second buckets per counter item (< 1 KB)
BUCKET_S = bitmap.BUCKET_CELLS  # seconds per retention bucket (cells are 1 s)
HOT_SPOTS = 5
DELETED_NAME = "Deleted user"  # the roster's name for an anonymised (deleted) learner


def shard_of(user_id: str) -> int:
    """The counter shard a learner writes to (stable, spread evenly)."""
    return zlib.crc32(user_id.encode()) % SHARDS


def _counter_key(video_id: str, group: int, shard: int) -> dict:
    return {"pk": f"VIDEO#{video_id}", "sk": f"G{group:03d}#S{shard}"}


def _roster_key(course_id: str, user_id: str) -> dict:
    return {"pk": f"COURSE#{course_id}", "sk": f"LEARNER#{user_id}"}


def _add(table, key: dict, adds: dict[str, int], sets: dict | None = None) -> None:
    """One UpdateItem: ADD every counter in `adds`, SET every value in `sets`."""
    names, values, parts = {}, {}, []
    for n, (name, amount) in enumerate(adds.items()):
        names[f"#a{n}"], values[f":a{n}"] = name, amount
        parts.append(f"#a{n} :a{n}")
    expression = "ADD " + ", ".join(parts)
    if sets:
        assigned = []
        for n, (name, value) in enumerate(sets.items()):
            names[f"#s{n}"], values[f":s{n}"] = name, value
            assigned.append(f"#s{n} = :s{n}")
        expression = "SET " + ", ".join(assigned) + " " + expression
    table.update_item(
        Key=key,
        UpdateExpression=expression,
        ExpressionAttributeNames=names,
        ExpressionAttributeValues=values,
    )


class AnalyticsStore:
    """Counter and roster items of the analytics table."""

    def __init__(self, table):
        self.table = table

    def record(self, *, user_id: str, course_id: str, video_id: str, change: Change, now: str):
        """Grow the video's counters and the learner's roster row by one heartbeat's change."""
        if not change:
            return
        groups: dict[int, dict[str, int]] = {}
        for bucket in change.new_buckets:
            groups.setdefault(bucket // GROUP_BUCKETS, {})[f"b{bucket}"] = 1
        for bucket in change.rewatched:
            groups.setdefault(bucket // GROUP_BUCKETS, {})[f"r{bucket}"] = 1
        seconds = len(change.credited)
        totals = {"t": seconds, "v": int(change.first_view), "d": int(change.completed)}
        home = min(groups) if groups else 0
        groups.setdefault(home, {}).update({k: v for k, v in totals.items() if v})
        shard = shard_of(user_id)
        for group, adds in sorted(groups.items()):
            if adds:
                _add(self.table, _counter_key(video_id, group, shard), adds)
        roster = {"watched_s": seconds, f"w_{video_id}": seconds}
        if change.completed:
            roster["completed_videos"] = 1
            roster[f"c_{video_id}"] = 1
        _add(
            self.table,
            _roster_key(course_id, user_id),
            roster,
            {"user_id": user_id, "course_id": course_id, "last_activity_at": now},
        )

    def anonymise_learner(self, *, user_id: str, course_id: str) -> bool:
        """Move a deleted learner's roster row to an anonymous id: the course's figures keep
        their counts, nothing in the row points back to the person. False when there is none."""
        key = _roster_key(course_id, user_id)
        row = self.table.get_item(Key=key, ConsistentRead=True).get("Item")
        if not row:
            return False
        anonymous = f"deleted-{uuid.uuid4().hex}"  # random: no hash of the user id to reverse
        moved = {**row, **_roster_key(course_id, anonymous), "user_id": anonymous}
        moved["anonymous"] = True
        moved.pop("last_activity_at", None)  # when they watched is about them too
        try:  # one transaction, so a retried purge can never count the learner twice
            dynamo.transact(
                self.table.meta.client,
                [
                    {"Put": {"TableName": self.table.name, "Item": moved}},
                    {
                        "Delete": {
                            "TableName": self.table.name,
                            "Key": key,
                            "ConditionExpression": "attribute_exists(pk)",
                        }
                    },
                ],
            )
        except dynamo.TransactionCancelled:
            return False  # a concurrent purge moved it first
        return True

    def video(self, *, video_id: str, course_id: str, duration_s: float) -> dict:
        """Summed counters of one video: the API's video analytics."""
        sums: dict[str, int] = {}
        query = {"KeyConditionExpression": Key("pk").eq(f"VIDEO#{video_id}")}
        while True:
            page = self.table.query(**query)
            for item in page["Items"]:
                for name, value in item.items():
                    if name not in ("pk", "sk"):
                        sums[name] = sums.get(name, 0) + int(value)
            if "LastEvaluatedKey" not in page:
                break
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        buckets = math.ceil(duration_s / BUCKET_S) if duration_s > 0 else 0
        retention = [sums.get(f"b{i}", 0) for i in range(buckets)]
        rewatch = [sums.get(f"r{i}", 0) for i in range(buckets)]
        return {
            "video_id": video_id,
            "course_id": course_id,
            "duration_s": duration_s,
            "viewers": sums.get("v", 0),
            "completed_viewers": sums.get("d", 0),
            "watch_time_s": float(min(sums.get("t", 0), sums.get("v", 0) * duration_s)),
            "retention": {"bucket_s": BUCKET_S, "viewers": retention},
            "rewatches": {"bucket_s": BUCKET_S, "viewers": rewatch},
            "hot_spots": hot_spots(rewatch),
        }

    def roster(self, *, course_id: str) -> list[dict]:
        """Every roster row of a course (the course analytics and the CSV read them all)."""
        rows, query = [], {"KeyConditionExpression": Key("pk").eq(f"COURSE#{course_id}")}
        while True:
            page = self.table.query(**query)
            rows += page["Items"]
            if "LastEvaluatedKey" not in page:
                return rows
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def roster_page(self, *, course_id: str, limit: int, cursor: str | None, secret: str):
        """One page of roster rows: (rows, next cursor)."""
        return query_page(
            self.table,
            limit=limit,
            cursor=cursor,
            secret=secret,
            expect={"pk": f"COURSE#{course_id}"},
            KeyConditionExpression=Key("pk").eq(f"COURSE#{course_id}"),
        )


def hot_spots(rewatch: list[int]) -> list[dict]:
    """Runs of adjacent re-watched buckets, most re-watched first (at most HOT_SPOTS)."""
    runs, start = [], None
    for index, count in enumerate([*rewatch, 0]):
        if count and start is None:
            start = index
        elif not count and start is not None:
            peak = max(rewatch[start:index])
            runs.append({"from_s": start * BUCKET_S, "to_s": index * BUCKET_S, "learners": peak})
            start = None
    runs.sort(key=lambda run: (-run["learners"], run["from_s"]))
    return runs[:HOT_SPOTS]


def course_figures(rows: list[dict], ready: list[str]) -> dict:
    """Course analytics from the roster rows and the course's ready videos."""
    started = [r for r in rows if int(r.get("watched_s", 0)) > 0]
    done = [r for r in rows if ready and all(int(r.get(f"c_{v}", 0)) for v in ready)]
    videos = [
        {
            "video_id": v,
            "viewers": sum(1 for r in rows if int(r.get(f"w_{v}", 0)) > 0),
            "completed_viewers": sum(1 for r in rows if int(r.get(f"c_{v}", 0))),
            "watch_time_s": float(sum(int(r.get(f"w_{v}", 0)) for r in rows)),
        }
        for v in ready
    ]
    return {"started": len(started), "completed": len(done), "videos": videos}


def roster_row(row: dict, ready: list[str], names: dict[str, str]) -> dict:
    """One learner's line of the roster (counting only the course's ready videos)."""
    completed = sum(1 for v in ready if int(row.get(f"c_{v}", 0)))
    return {
        "user_id": row["user_id"],
        "display_name": DELETED_NAME if row.get("anonymous") else names.get(row["user_id"]),
        "completed_videos": completed,
        "total_videos": len(ready),
        "percent": round(completed / len(ready) * 100, 2) if ready else 0.0,
        "watched_s": float(sum(int(row.get(f"w_{v}", 0)) for v in ready)),
        "last_activity_at": row.get("last_activity_at"),
    }
