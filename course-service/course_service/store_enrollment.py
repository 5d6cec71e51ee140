"""EnrollmentStore: enrolments, the exact enrolled_count, co-enrolment counters."""

from __future__ import annotations

import logging

from botocore.exceptions import BotoCoreError, ClientError
from service_kit import clock
from service_kit.dynamo import TableStore, TransactionCancelled, transact
from service_kit.values import plain

from . import course_item
from .errors import CourseNotFound
from .store_base import BUSY, batch_get, newest_first
from .store_search import SearchIndex
from .tables import TABLES

# Pair counters are updated with up to this many of the user's other courses, so one
# enrolment (2 + 2 * MAX_PAIRED items) always fits in one transaction of ≤ 100 items.
MAX_PAIRED = 45
logger = logging.getLogger(__name__)


def to_enrollment(item: dict) -> dict:
    """The public `enrollment` shape of a stored item."""
    return {name: item[name] for name in ("course_id", "user_id", "enrolled_at")}


class EnrollmentStore(TableStore):
    """Data access for enrolments; tables are injected."""

    TABLES = TABLES

    def __init__(self, *, tables: dict, resource, settings=None):
        super().__init__(tables=tables, resource=resource, settings=settings)
        self.table = tables["enrollments"]
        self.courses = tables["courses"]
        self.index = tables["index"]
        self.client = resource.meta.client
        self.search_index = SearchIndex(table=self.index, resource=resource)

    @staticmethod
    def _key(user_id: str, course_id: str) -> dict:
        return {"pk": f"USER#{user_id}", "sk": f"COURSE#{course_id}"}

    def get(self, *, user_id: str, course_id: str) -> dict | None:
        """The user's enrolment in the course, or None."""
        item = self.table.get_item(Key=self._key(user_id, course_id), ConsistentRead=True)
        return to_enrollment(item["Item"]) if "Item" in item else None

    def add(self, *, user_id: str, course_id: str) -> tuple[dict, bool]:
        """Enrol (idempotent): (enrollment, created). CourseNotFound unless published."""
        moment = clock.now()
        item = {
            **self._key(user_id, course_id),
            "course_id": course_id,
            "user_id": user_id,
            "enrolled_at": clock.timestamp(moment),
            "gsi1pk": f"USER#{user_id}",
            "gsi1sk": clock.order_key(moment, course_id),
        }
        enrol = {
            "Put": {
                "TableName": self.table.name,
                "Item": item,
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }
        count = self._count(course_id, 1, "attribute_exists(pk) AND published = :yes")
        others = self._other_courses(user_id, course_id)
        try:
            transact(self.client, [enrol, count, *self._pairs(course_id, others, 1)], busy=BUSY)
        except TransactionCancelled as error:
            if error.failed(0):
                return self.get(user_id=user_id, course_id=course_id), False
            if error.failed(1):
                raise CourseNotFound() from error
            raise
        self._rekey(course_id)
        return to_enrollment(item), True

    def remove(self, *, user_id: str, course_id: str) -> None:
        """Unenrol (idempotent); the course's count drops in the same transaction."""
        drop = {
            "Delete": {
                "TableName": self.table.name,
                "Key": self._key(user_id, course_id),
                "ConditionExpression": "attribute_exists(pk)",
            }
        }
        count = self._count(course_id, -1, "attribute_exists(pk)")
        others = self._other_courses(user_id, course_id)
        try:
            transact(self.client, [drop, count, *self._pairs(course_id, others, -1)], busy=BUSY)
        except TransactionCancelled as error:
            if error.failed(0):
                return  # not enrolled: nothing to do
            if not error.failed(1):
                raise
            # The course is gone: only the enrolment is left to remove.
            self.table.delete_item(Key=self._key(user_id, course_id))
            return
        self._rekey(course_id)

    def _rekey(self, course_id: str) -> None:
        """Search by popularity follows the new count (SearchIndex.refresh_popularity); the
        enrolment is done whatever happens here, so a store error is only logged."""
        names = ["id", "published", "rank", "words", "enrolled_count"]
        try:
            course = self.courses.get_item(
                Key=course_item.key(course_id),
                ConsistentRead=True,
                ProjectionExpression=", ".join(f"#{n}" for n in names),
                ExpressionAttributeNames={f"#{n}": n for n in names},
            ).get("Item")
            self.search_index.refresh_popularity(course)
        except (BotoCoreError, ClientError) as error:
            logger.warning("popularity of %s not re-keyed: %s", course_id, error)

    def _count(self, course_id: str, delta: int, condition: str) -> dict:
        values = {":d": delta, **({":yes": True} if ":yes" in condition else {})}
        return {
            "Update": {
                "TableName": self.courses.name,
                "Key": {"pk": f"COURSE#{course_id}", "sk": "COURSE"},
                "UpdateExpression": "ADD enrolled_count :d",
                "ConditionExpression": condition,
                "ExpressionAttributeValues": values,
            }
        }

    def _pairs(self, course_id: str, others: list[str], delta: int) -> list[dict]:
        """ADD updates of the co-enrolment counters of `course_id` with each of `others`."""
        updates = []
        for a, b in [(course_id, o) for o in others] + [(o, course_id) for o in others]:
            updates.append(
                {
                    "Update": {
                        "TableName": self.index.name,
                        "Key": {"pk": f"PAIR#{a}", "sk": b},
                        "UpdateExpression": "ADD n :d SET course_id = :b",
                        "ExpressionAttributeValues": {":d": delta, ":b": b},
                    }
                }
            )
        return updates

    def _other_courses(self, user_id: str, course_id: str) -> list[str]:
        items = self.table.query(
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": f"USER#{user_id}"},
            ProjectionExpression="course_id",
            ConsistentRead=True,
            Limit=MAX_PAIRED + 1,
        )["Items"]
        return [i["course_id"] for i in items if i["course_id"] != course_id][:MAX_PAIRED]

    def list_course_ids(self, *, user_id: str, cursor: str | None, limit: int):
        """A page of the ids of the user's courses, most recent enrolment first."""
        items, next_cursor = newest_first(
            self.table, index="gsi1", partition=f"USER#{user_id}", cursor=cursor, limit=limit,
            secret=self.settings.cursor_secret,
        )  # fmt: skip
        return [item["course_id"] for item in items], next_cursor

    def enrolled_among(self, *, user_id: str, course_ids: list[str]) -> set[str]:
        """Which of `course_ids` (≤ 100) the user is enrolled in."""
        keys = [self._key(user_id, cid) for cid in dict.fromkeys(course_ids)]
        return {item["course_id"] for item in batch_get(self.resource, self.table.name, keys)}

    def co_enrolled(self, *, course_id: str, limit: int) -> list[tuple[str, int]]:
        """Courses most often taken together with `course_id`: (course id, learners)."""
        items = self.index.query(
            IndexName="pairs",
            KeyConditionExpression="pk = :pk AND n > :zero",
            ExpressionAttributeValues={":pk": f"PAIR#{course_id}", ":zero": 0},
            ScanIndexForward=False,
            Limit=limit,
        )["Items"]
        return [(item["course_id"], plain(item["n"])) for item in items]
