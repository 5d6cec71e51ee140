"""CourseStore: courses, their catalog indexes and search words in DynamoDB."""

from __future__ import annotations

from boto3.dynamodb.conditions import Attr, Key
from service_kit import clock, dynamo
from service_kit.dynamo import TableStore, TransactionCancelled, transact
from service_kit.values import plain

from . import catalog, course_item
from .course_item import EDITABLE, PUBLISHED, to_course
from .errors import CourseNotFound, EditConflict, StaleVersion
from .store_base import BUSY, batch_get, newest_first
from .store_search import SearchIndex
from .store_videos import VideoTally
from .suggest import suggest_titles
from .tables import TABLES
from .text import category_key, normal_tags

MAX_EDIT_ATTEMPTS = 3
DELETED = "DELETED"  # pk of course tombstones (sk = course id), swept by the video worker


class CourseStore(TableStore):
    """Data access for courses; tables are injected."""

    TABLES = TABLES

    def __init__(self, *, tables: dict, resource, settings=None):
        super().__init__(tables=tables, resource=resource, settings=settings)
        self.table = tables["courses"]
        self.client = resource.meta.client
        self.search_index = SearchIndex(table=tables["index"], resource=resource)
        self.videos = VideoTally(table=self.table, client=self.client)
        self.cover_urls = None  # set by the app: presigns a cover's sizes (course_service.covers)

    def _out(self, item: dict) -> dict:
        if self.cover_urls is None:
            return to_course(item)
        return to_course(item, self.cover_urls)

    def _item(self, course_id: str, *, consistent: bool = False) -> dict | None:
        key = course_item.key(course_id)
        return self.table.get_item(Key=key, ConsistentRead=consistent).get("Item")

    def get(self, *, course_id: str, consistent: bool = False) -> dict | None:
        """The course, or None."""
        item = self._item(course_id, consistent=consistent)
        return self._out(item) if item else None

    def get_many(self, *, course_ids: list[str]) -> dict[str, dict]:
        """Existing courses among `course_ids` (≤ 100), by id."""
        keys = [course_item.key(cid) for cid in dict.fromkeys(course_ids)]
        return {
            item["id"]: self._out(item) for item in batch_get(self.resource, self.table.name, keys)
        }

    def add(self, *, owner_id: str, fields: dict, instructor_name: str = "") -> dict:
        """Create a course owned by `owner_id`; its catalog and search entries come with it."""
        item = course_item.new_item(
            owner_id=owner_id, fields=fields, instructor_name=instructor_name
        )
        writes, deltas = self.search_index.writes(old=None, new=item)
        put = {"TableName": self.table.name, "Item": item}
        put["ConditionExpression"] = "attribute_not_exists(pk)"
        transact(self.client, [{"Put": put}, *writes], busy=BUSY)
        self.search_index.count(deltas)
        return self._out(item)

    def import_many(self, *, owner_id: str, fields: list[dict]) -> list[dict]:
        """Bulk-load new courses (benchmarks, imports): `add`'s items, via BatchWriteItem."""
        # Not atomic per course, unlike `add`: meant for loading data nobody reads yet.
        items = [course_item.new_item(owner_id=owner_id, fields=f) for f in fields]
        totals: dict[str, tuple[int, int]] = {}
        with self.table.batch_writer() as courses, self.search_index.table.batch_writer() as index:
            for item in items:
                courses.put_item(Item=item)
                writes, deltas = self.search_index.writes(old=None, new=item)
                for write in writes:
                    index.put_item(Item=write["Put"]["Item"])
                for word, (delta, paired) in deltas.items():
                    total, total_paired = totals.get(word, (0, 0))
                    totals[word] = (total + delta, total_paired + paired)
        self.search_index.count(totals)
        return [self._out(item) for item in items]

    def update(self, *, course_id: str, changes, if_match: frozenset[int] | None) -> dict:
        """Apply `changes` if the version still matches (412 with If-Match, else retried).

        `changes` is a dict, or a function of the current item returning one (edits that
        depend on what is stored, such as sections, are recomputed on every retry).
        """
        for _ in range(MAX_EDIT_ATTEMPTS):
            old = self._current(course_id, if_match)
            wanted = changes(old) if callable(changes) else changes
            if "tags" in wanted:  # compare like with like
                wanted = {**wanted, "tags": normal_tags(wanted["tags"])}
            if all(old.get(name) == value for name, value in wanted.items()):
                return self._out(old)  # nothing changes: no write, no new version
            new = course_item.edited(old, wanted)
            writes, deltas = self.search_index.writes(old=old, new=new)
            try:
                transact(self.client, [self._rewrite(new, old["version"]), *writes], busy=BUSY)
            except TransactionCancelled as error:
                if not error.failed(0):
                    raise
                continue  # someone else wrote first: re-read, then 412 or retry
            self.search_index.count(deltas)
            return self._out(new)
        raise EditConflict()

    def delete(self, *, course_id: str, if_match: frozenset[int] | None = None) -> None:
        """Remove the course with its catalog and search entries (404 when already gone)."""
        for _ in range(MAX_EDIT_ATTEMPTS):
            old = self._current(course_id, if_match)
            writes, deltas = self.search_index.writes(old=old, new=None)
            delete = {
                "TableName": self.table.name,
                "Key": {"pk": old["pk"], "sk": old["sk"]},
                "ConditionExpression": "#version = :v",
                "ExpressionAttributeNames": {"#version": "version"},
                "ExpressionAttributeValues": {":v": old["version"]},
            }
            # The tombstone comes with the delete, atomically: an acknowledged deletion always
            # leaves one, and the video worker removes the course's videos until it acks it.
            tombstone = {
                "TableName": self.table.name,
                "Item": {
                    "pk": DELETED,
                    "sk": course_id,
                    "course_id": course_id,
                    "deleted_at": clock.timestamp(),
                },
            }
            try:
                transact(self.client, [{"Delete": delete}, *writes, {"Put": tombstone}], busy=BUSY)
            except TransactionCancelled as error:
                if not error.failed(0):
                    raise
                continue
            self.search_index.count(deltas)
            return
        raise EditConflict()

    def list_deleted(self, *, limit: int = 25) -> list[dict]:
        """Tombstones of deleted courses not swept yet: [{course_id, deleted_at}]."""
        page = self.table.query(KeyConditionExpression=Key("pk").eq(DELETED), Limit=limit)
        return [{"course_id": i["course_id"], "deleted_at": i["deleted_at"]} for i in page["Items"]]

    def forget_deleted(self, *, course_id: str) -> None:
        """Drop a tombstone once the course's videos are gone (idempotent)."""
        self.table.delete_item(Key={"pk": DELETED, "sk": course_id})

    def _current(self, course_id: str, if_match: frozenset[int] | None) -> dict:
        old = self._item(course_id, consistent=True)
        if old is None:
            raise CourseNotFound()
        old = plain(old)
        if if_match is not None and old["version"] not in if_match:
            raise StaleVersion(old["version"])
        return old

    def _rewrite(self, new: dict, version: int) -> dict:
        present = [name for name in EDITABLE if name in new]
        absent = [name for name in EDITABLE if name not in new]
        expression = "SET " + ", ".join(f"#{n} = :{n}" for n in present)
        if absent:
            expression += " REMOVE " + ", ".join(f"#{n}" for n in absent)
        return {
            "Update": {
                "TableName": self.table.name,
                "Key": {"pk": new["pk"], "sk": new["sk"]},
                "UpdateExpression": expression,
                "ConditionExpression": "attribute_exists(pk) AND #version = :expected",
                "ExpressionAttributeNames": {f"#{n}": n for n in EDITABLE},
                "ExpressionAttributeValues": {
                    **{f":{n}": new[n] for n in present},
                    ":expected": version,
                },
            }
        }

    def list_published(
        self, *, category: str | None, cursor: str | None, limit: int,
        level: str | None = None, order: str = "newest",
    ):  # fmt: skip
        """A page of published courses in `order` (newest, popular, title), maybe filtered."""
        index, attribute, partition, ascending = catalog.listing(
            category=category, level=level, order=order
        )
        items, next_cursor = dynamo.query_page(
            self.table, limit=limit, cursor=cursor, secret=self.settings.cursor_secret,
            expect={attribute: partition}, purpose=f"courses:{index}",  # a cursor per listing
            IndexName=index, KeyConditionExpression=Key(attribute).eq(partition),
            ScanIndexForward=ascending,
        )  # fmt: skip
        return [self._out(item) for item in items], next_cursor

    def list_owned(self, *, owner_id: str, cursor: str | None, limit: int):
        """A page of the courses `owner_id` owns, drafts included, newest first."""
        return self._page("gsi3", f"OWNER#{owner_id}", cursor, limit)

    def _page(self, index: str, partition: str, cursor: str | None, limit: int):
        items, next_cursor = newest_first(
            self.table, index=index, partition=partition, cursor=cursor, limit=limit,
            secret=self.settings.cursor_secret,
        )  # fmt: skip
        return [self._out(item) for item in items], next_cursor

    def list_taught(self, *, owner_id: str, limit: int = 100) -> list[dict]:
        """Published courses of `owner_id`, newest first (their drafts are read and dropped)."""
        query = {
            "IndexName": "gsi3",
            "KeyConditionExpression": Key("gsi3pk").eq(f"OWNER#{owner_id}"),
            "FilterExpression": Attr("published").eq(True),
            "ScanIndexForward": False,
        }
        found: list[dict] = []
        while len(found) < limit:
            answer = self.table.query(**query)
            found += answer["Items"]
            if "LastEvaluatedKey" not in answer:
                break
            query["ExclusiveStartKey"] = answer["LastEvaluatedKey"]
        return [self._out(item) for item in found[:limit]]

    def suggest(self, *, words: list[str], limit: int) -> list[dict]:
        """[{id, title}] of published courses for a search box (see suggest.suggest_titles)."""
        return suggest_titles(self.search_index.table, words=words, limit=limit)

    def list_popular(self, *, limit: int) -> list[dict]:
        """The most enrolled published courses."""
        items = self.table.query(
            IndexName="popular",
            KeyConditionExpression="gsi1pk = :p",
            ExpressionAttributeValues={":p": PUBLISHED},
            ScanIndexForward=False,
            Limit=limit,
        )["Items"]
        return [self._out(item) for item in items]

    def search(
        self, *, words: list[str], category: str | None, after, limit: int, prefix=True,
        level: str | None = None, order: str = "newest",
    ):  # fmt: skip
        """A page of published courses matching every word (the last one as a prefix),
        in `order` (newest, popular or title)."""
        key = category_key(category) if category is not None else None
        ids, next_after = self.search_index.search(
            words=words, category_key=key, level=level, after=after, limit=limit,
            prefix=prefix, order=order,
        )  # fmt: skip
        found = self.get_many(course_ids=ids)
        # A posting may briefly outlive its course (read between two writes): drop it. A
        # course found through two words once under two popularity keys (a re-keying that
        # reached one posting, not yet the other) is listed once.
        ids = list(dict.fromkeys(ids))
        return [found[i] for i in ids if i in found and found[i]["published"]], next_after
