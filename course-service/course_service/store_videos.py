"""The ready videos of each course, as the video service reports them: video_count and
total_duration_s on the course item, kept exact by one tally item per counted video.

A report is idempotent: the tally item (pk COURSE#<id>, sk VIDEO#<video id>, duration_s)
and the course's counters change in one transaction, conditional on the tally's previous
state, so a repeated or concurrent report never counts a video twice.
"""

from __future__ import annotations

from decimal import Decimal

from service_kit.dynamo import TransactionCancelled, transact

from .errors import CourseNotFound, EditConflict
from .store_base import BUSY

MAX_ATTEMPTS = 3


def _decimal(value: float) -> Decimal:
    return Decimal(str(round(value, 3)))


class VideoTally:
    """Counts a course's ready videos and their length (the `courses` table, injected)."""

    def __init__(self, *, table, client):
        self.table, self.client = table, client

    def _tally_key(self, course_id: str, video_id: str) -> dict:
        return {"pk": f"COURSE#{course_id}", "sk": f"VIDEO#{video_id}"}

    def _counters(self, course_id: str, count: int, seconds: Decimal) -> dict:
        return {
            "Update": {
                "TableName": self.table.name,
                "Key": {"pk": f"COURSE#{course_id}", "sk": "COURSE"},
                "UpdateExpression": "ADD video_count :n, total_duration_s :s",
                "ConditionExpression": "attribute_exists(pk)",
                "ExpressionAttributeValues": {":n": count, ":s": seconds},
            }
        }

    def _tally(self, course_id: str, video_id: str) -> dict | None:
        key = self._tally_key(course_id, video_id)
        return self.table.get_item(Key=key, ConsistentRead=True).get("Item")

    def ready(self, *, course_id: str, video_id: str, duration_s: float) -> None:
        """Count a ready video (again: its duration is corrected); 404 for no such course."""
        new = _decimal(duration_s)
        for _ in range(MAX_ATTEMPTS):
            old = self._tally(course_id, video_id)
            if old is not None and old["duration_s"] == new:
                return
            put = {"TableName": self.table.name, "Item": {**self._tally_key(course_id, video_id)}}
            put["Item"]["duration_s"] = new
            if old is None:
                put["ConditionExpression"] = "attribute_not_exists(pk)"
                counters = self._counters(course_id, 1, new)
            else:
                put["ConditionExpression"] = "duration_s = :old"
                put["ExpressionAttributeValues"] = {":old": old["duration_s"]}
                counters = self._counters(course_id, 0, new - old["duration_s"])
            if self._write([{"Put": put}, counters]):
                return
        raise EditConflict()

    def gone(self, *, course_id: str, video_id: str) -> None:
        """Stop counting a video (deleted, or no longer ready); nothing when it was not counted."""
        for _ in range(MAX_ATTEMPTS):
            old = self._tally(course_id, video_id)
            if old is None:
                return
            delete = {
                "TableName": self.table.name,
                "Key": self._tally_key(course_id, video_id),
                "ConditionExpression": "duration_s = :old",
                "ExpressionAttributeValues": {":old": old["duration_s"]},
            }
            try:
                if self._write(
                    [{"Delete": delete}, self._counters(course_id, -1, -old["duration_s"])]
                ):
                    return
            except CourseNotFound:  # the course is gone: only the tally is left to drop
                self.table.delete_item(Key=delete["Key"])
                return
        raise EditConflict()

    def _write(self, items: list[dict]) -> bool:
        """True when written; False when the tally changed meanwhile (re-read and retry)."""
        try:
            transact(self.client, items, busy=BUSY)
        except TransactionCancelled as error:
            if error.failed(1):
                raise CourseNotFound() from None
            if error.failed(0):
                return False
            raise
        return True
