"""WatchlistStore: the only module of this service that talks to DynamoDB."""

from __future__ import annotations

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError
from service_kit.dynamo import TableStore, condition_failed, query_page

from .tables import TABLES


def _user_pk(user_id: str) -> str:
    return f"USER#{user_id}"


def _to_item(record: dict) -> dict:
    return {
        "video_id": record["video_id"],
        "course_id": record["course_id"],
        "title": record["title"],
        "added_at": record["added_at"],
    }


class WatchlistStore(TableStore):
    """Data access for the watchlist service; tables are injected."""

    TABLES = TABLES

    def __init__(self, *, tables: dict, resource=None, settings=None):
        super().__init__(tables=tables, resource=resource, settings=settings)
        self.items = tables["items"]

    def get(self, *, user_id: str, video_id: str) -> dict | None:
        """The caller's item for a video, or None."""
        record = self.items.get_item(
            Key={"pk": _user_pk(user_id), "sk": f"VIDEO#{video_id}"}, ConsistentRead=True
        ).get("Item")
        return _to_item(record) if record else None

    def add(
        self, *, user_id: str, video_id: str, course_id: str, title: str, added_at: str
    ) -> tuple[dict, bool]:
        """Put the item unless it exists; return (item, created)."""
        record = {
            "pk": _user_pk(user_id),
            "sk": f"VIDEO#{video_id}",
            "gsi1pk": _user_pk(user_id),
            "gsi1sk": f"{added_at}#{video_id}",
            "video_id": video_id,
            "course_id": course_id,
            "title": title,
            "added_at": added_at,
        }
        try:
            self.items.put_item(Item=record, ConditionExpression="attribute_not_exists(pk)")
        except ClientError as error:
            if not condition_failed(error):
                raise
            existing = self.get(user_id=user_id, video_id=video_id)
            if existing is not None:
                return existing, False
            # Deleted between our put and our read: the item is simply gone; add it again.
            return self.add(
                user_id=user_id,
                video_id=video_id,
                course_id=course_id,
                title=title,
                added_at=added_at,
            )
        return _to_item(record), True

    def delete(self, *, user_id: str, video_id: str) -> None:
        """Remove the item (no error when it is not there)."""
        self.items.delete_item(Key={"pk": _user_pk(user_id), "sk": f"VIDEO#{video_id}"})

    def delete_many(self, *, user_id: str, video_ids: list[str]) -> None:
        """Remove several items in batches (stale items of deleted videos)."""
        with self.items.batch_writer() as batch:
            for video_id in video_ids:
                batch.delete_item(Key={"pk": _user_pk(user_id), "sk": f"VIDEO#{video_id}"})

    def list_items(
        self, *, user_id: str, limit: int, cursor: str | None
    ) -> tuple[list[dict], str | None]:
        """One page of the user's items, newest first, and the cursor to continue from."""
        found, next_cursor = query_page(
            self.items, limit=limit, cursor=cursor, secret=self.settings.cursor_secret,
            expect={"gsi1pk": _user_pk(user_id)}, IndexName="gsi1",
            KeyConditionExpression=Key("gsi1pk").eq(_user_pk(user_id)), ScanIndexForward=False,
        )  # fmt: skip
        return [_to_item(r) for r in found], next_cursor
