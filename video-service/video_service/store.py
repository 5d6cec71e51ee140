"""VideoStore: the only module of this service that talks to DynamoDB (videos, not jobs)."""

from __future__ import annotations

from decimal import Decimal

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError
from service_kit.dynamo import TableStore, condition_failed
from service_kit.values import plain

from .errors import CaptionNotFound, VideoNotFound, WrongStatus
from .tables import TABLES

POSITION_WIDTH = 10  # gsi1sk is "<position zero-padded>#<id>" so the index sorts by position
JOBS = "JOBS"  # gsi2pk of every video waiting for (or held by) a worker: a sparse job queue


def video_key(video_id: str) -> dict:
    """Primary key of a video item."""
    return {"pk": f"VIDEO#{video_id}", "sk": "VIDEO"}


def course_sort_key(position: int, video_id: str) -> str:
    """gsi1sk of a video: sorts by position, then id."""
    return f"{position:0{POSITION_WIDTH}d}#{video_id}"


def stored(value):
    """Python values → what DynamoDB takes (float → Decimal), recursively."""
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, list):
        return [stored(v) for v in value]
    if isinstance(value, dict):
        return {k: stored(v) for k, v in value.items()}
    return value


class VideoStore(TableStore):
    """Data access for video items; the table is injected."""

    TABLES = TABLES

    def __init__(self, *, tables: dict, resource=None, settings=None):
        super().__init__(tables=tables, resource=resource, settings=settings)
        self.table = tables["videos"]

    def add(self, *, video: dict) -> dict:
        """Create a video item (its id is fresh, so the condition only guards a collision)."""
        item = {
            **video_key(video["id"]),
            **video,
            "gsi1pk": f"COURSE#{video['course_id']}",
            "gsi1sk": course_sort_key(video["position"], video["id"]),
        }
        self.table.put_item(Item=item, ConditionExpression=Attr("pk").not_exists())
        return plain(item)

    def get(self, *, video_id: str) -> dict | None:
        """One video, or None."""
        item = self.table.get_item(Key=video_key(video_id), ConsistentRead=True).get("Item")
        return plain(item) if item else None

    def get_many(self, *, video_ids: list[str]) -> list[dict]:
        """The existing videos among `video_ids` (≤ 100), with BatchGetItem."""
        keys = [video_key(v) for v in dict.fromkeys(video_ids)]
        if not keys:
            return []
        client = self.table.meta.client
        found, request = [], {self.table.name: {"Keys": keys}}
        for _attempt in range(5):
            answer = client.batch_get_item(RequestItems=request)
            found += answer["Responses"].get(self.table.name, [])
            request = answer.get("UnprocessedKeys") or {}
            if not request:
                break
        # the resource's client (un)marshals items itself, as the Table does
        return [plain(item) for item in found]

    def list_course(self, *, course_id: str) -> list[dict]:
        """Every video of a course, ordered by position."""
        items, start = [], None
        while True:
            params = {
                "IndexName": "gsi1",
                "KeyConditionExpression": Key("gsi1pk").eq(f"COURSE#{course_id}"),
            }
            if start:
                params["ExclusiveStartKey"] = start
            page = self.table.query(**params)
            items += page["Items"]
            start = page.get("LastEvaluatedKey")
            if not start:
                return [plain(i) for i in items]

    def last_position(self, *, course_id: str) -> int | None:
        """The highest position used in a course, or None when it has no videos."""
        page = self.table.query(
            IndexName="gsi1",
            KeyConditionExpression=Key("gsi1pk").eq(f"COURSE#{course_id}"),
            ScanIndexForward=False,
            Limit=1,
        )
        return int(page["Items"][0]["position"]) if page["Items"] else None

    def update(self, *, video_id: str, changes: dict, now: str) -> dict:
        """Set `changes` (title, description, position, section_id, chapters); return it."""
        values = stored({**changes, "updated_at": now})
        if "position" in changes:
            values["gsi1sk"] = course_sort_key(changes["position"], video_id)
        names = {f"#f{i}": name for i, name in enumerate(values)}
        expression = ", ".join(f"#f{i} = :v{i}" for i in range(len(values)))
        try:
            answer = self.table.update_item(
                Key=video_key(video_id),
                UpdateExpression="SET " + expression,
                ConditionExpression=Attr("pk").exists(),
                ExpressionAttributeNames=names,
                ExpressionAttributeValues={f":v{i}": v for i, v in enumerate(values.values())},
                ReturnValues="ALL_NEW",
            )
        except ClientError as error:
            if condition_failed(error):
                raise VideoNotFound() from error
            raise
        return plain(answer["Attributes"])

    def delete(self, *, video_id: str) -> dict | None:
        """Remove a video item; return what it held (None if it was already gone)."""
        answer = self.table.delete_item(Key=video_key(video_id), ReturnValues="ALL_OLD")
        item = answer.get("Attributes")
        return plain(item) if item else None

    def start_processing(self, *, video_id: str, now: str, source_etag: str | None = None) -> dict:
        """uploading → processing with the checked object's ETag, and queue the job."""
        try:
            answer = self.table.update_item(
                Key=video_key(video_id),
                UpdateExpression=(
                    "SET #status = :processing, gsi2pk = :jobs, gsi2sk = :now, "
                    "attempts = :zero, progress_percent = :zero, updated_at = :now, "
                    "source_etag = :etag "
                    "REMOVE #error, last_error"
                ),
                ConditionExpression=Attr("status").eq("uploading"),
                ExpressionAttributeNames={"#status": "status", "#error": "error"},
                ExpressionAttributeValues={
                    ":processing": "processing",
                    ":jobs": JOBS,
                    ":now": now,
                    ":zero": 0,
                    ":etag": source_etag,
                },
                ReturnValues="ALL_NEW",
            )
        except ClientError as error:
            if condition_failed(error):
                raise WrongStatus("The upload of this video is already complete.") from error
            raise
        return plain(answer["Attributes"])

    def record_part(self, *, video_id: str, part_number: int, etag: str, now: str) -> None:
        """Remember a finished part the browser reported (resuming where S3 cannot list)."""
        try:
            self.table.update_item(
                Key=video_key(video_id),
                UpdateExpression="SET parts_done.#n = :part, updated_at = :now",
                ConditionExpression=Attr("status").eq("uploading"),
                ExpressionAttributeNames={"#n": str(part_number)},
                ExpressionAttributeValues={":part": {"etag": etag}, ":now": now},
            )
        except ClientError as error:
            if condition_failed(error):
                raise WrongStatus("The upload of this video is already complete.") from error
            raise

    def set_caption(self, *, video_id: str, language: str, caption: dict, now: str) -> None:
        """Add or replace the caption track of `language`."""
        try:
            self.table.update_item(
                Key=video_key(video_id),
                UpdateExpression="SET captions.#lang = :caption, updated_at = :now",
                ConditionExpression=Attr("pk").exists(),
                ExpressionAttributeNames={"#lang": language},
                ExpressionAttributeValues={":caption": caption, ":now": now},
            )
        except ClientError as error:
            if condition_failed(error):
                raise VideoNotFound() from error
            raise

    def remove_caption(self, *, video_id: str, language: str, now: str) -> dict:
        """Drop the caption track of `language`; return what it held (CaptionNotFound)."""
        try:
            answer = self.table.update_item(
                Key=video_key(video_id),
                UpdateExpression="REMOVE captions.#lang SET updated_at = :now",
                ConditionExpression="attribute_exists(captions.#lang)",
                ExpressionAttributeNames={"#lang": language},
                ExpressionAttributeValues={":now": now},
                ReturnValues="UPDATED_OLD",
            )
        except ClientError as error:
            if condition_failed(error):
                raise CaptionNotFound() from error
            raise
        return plain(answer["Attributes"]["captions"][language])
