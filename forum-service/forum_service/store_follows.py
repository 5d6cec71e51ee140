"""FollowStore: who follows which thread or course, and the names @mentions resolve to."""

from __future__ import annotations

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError
from service_kit import clock
from service_kit.dynamo import TableStore, condition_failed, query_pages

FOLLOWING = "following"
MUTED = "muted"
MAX_NAME_CANDIDATES = 25


def target_key(kind: str, target_id: str) -> str:
    """The partition of a followed thing: THREAD#<id> or COURSE#<id>."""
    return f"{kind.upper()}#{target_id}"


def name_key(name: str) -> str:
    """How a display name is matched: case-folded, inner spaces collapsed."""
    return " ".join(name.casefold().split())


class FollowStore(TableStore):
    """Follow items (`THREAD#`/`COURSE#` partitions) and a course's known names (`NAMES#`)."""

    TABLES = ("follows",)

    def __init__(self, *, tables: dict, resource=None, settings=None):
        super().__init__(tables=tables, resource=resource, settings=settings)
        self.table = tables["follows"]

    def _item(self, kind: str, target_id: str, user_id: str, state: str, **extra) -> dict:
        return {
            "pk": target_key(kind, target_id),
            "sk": f"USER#{user_id}",
            "user_id": user_id,
            "state": state,
            "gsi1pk": f"USER#{user_id}",
            "gsi1sk": target_key(kind, target_id),
            "updated_at": clock.timestamp(),
            **extra,
        }

    def follow(self, *, kind: str, target_id: str, user_id: str, course_id: str) -> None:
        """The user follows the thread or course (an explicit choice: clears a mute)."""
        self.table.put_item(
            Item=self._item(kind, target_id, user_id, FOLLOWING, course_id=course_id)
        )

    def unfollow(self, *, kind: str, target_id: str, user_id: str, course_id: str) -> None:
        """The user stops following; remembered, so posting again does not re-follow them."""
        self.table.put_item(Item=self._item(kind, target_id, user_id, MUTED, course_id=course_id))

    def auto_follow(self, *, kind: str, target_id: str, user_id: str, course_id: str) -> None:
        """Follow what the user just wrote in, unless they chose otherwise before."""
        try:
            self.table.put_item(
                Item=self._item(kind, target_id, user_id, FOLLOWING, course_id=course_id),
                ConditionExpression="attribute_not_exists(pk)",
            )
        except ClientError as error:
            if not condition_failed(error):
                raise

    def is_following(self, *, kind: str, target_id: str, user_id: str) -> bool:
        """Whether the user follows it (one GetItem)."""
        key = {"pk": target_key(kind, target_id), "sk": f"USER#{user_id}"}
        item = self.table.get_item(Key=key).get("Item")
        return bool(item) and item.get("state") == FOLLOWING

    def following_threads(self, *, thread_ids: list[str], user_id: str) -> set[str]:
        """Which of these threads (≤ 100) the user follows, in one BatchGetItem."""
        keys = [{"pk": f"THREAD#{t}", "sk": f"USER#{user_id}"} for t in dict.fromkeys(thread_ids)]
        found: set[str] = set()
        requests = {self.table.name: {"Keys": keys[:100]}} if keys else {}
        while requests:
            answer = self.resource.batch_get_item(RequestItems=requests)
            for item in answer["Responses"].get(self.table.name, []):
                if item.get("state") == FOLLOWING:
                    found.add(item["pk"].removeprefix("THREAD#"))
            requests = answer.get("UnprocessedKeys") or {}
        return found

    def followers(self, *, kind: str, target_id: str, start: dict | None, limit: int):
        """One page of follower ids: (user ids, key to continue from or None)."""
        query = {
            "KeyConditionExpression": Key("pk").eq(target_key(kind, target_id)),
            "FilterExpression": Attr("state").eq(FOLLOWING),
            "ProjectionExpression": "pk, sk, user_id, #s",
            "ExpressionAttributeNames": {"#s": "state"},
            "Limit": limit,
        }
        if start:
            query["ExclusiveStartKey"] = start
        answer = self.table.query(**query)
        return [item["user_id"] for item in answer["Items"]], answer.get("LastEvaluatedKey")

    def remember_name(self, *, course_id: str, user_id: str, name: str) -> None:
        """Record that `name` is someone in this course's forum (what @mentions match)."""
        if not name_key(name):
            return
        self.table.put_item(
            Item={
                "pk": f"NAMES#{course_id}",
                "sk": f"{name_key(name)}#{user_id}",
                "user_id": user_id,
                "name": name,
                "gsi1pk": f"USER#{user_id}",
                "gsi1sk": f"NAMES#{course_id}",
            }
        )

    def names_starting(self, *, course_id: str, prefix: str) -> list[dict]:
        """Known names of a course starting with `prefix` (case-folded): [{user_id, name}]."""
        answer = self.table.query(
            KeyConditionExpression=Key("pk").eq(f"NAMES#{course_id}")
            & Key("sk").begins_with(name_key(prefix)),
            Limit=MAX_NAME_CANDIDATES,
        )
        return [{"user_id": i["user_id"], "name": i["name"]} for i in answer["Items"]]

    def of_user(self, *, user_id: str) -> list[dict]:
        """Every follow and name item of a user (export and purge)."""
        pages = query_pages(
            self.table, IndexName="gsi1", KeyConditionExpression=Key("gsi1pk").eq(f"USER#{user_id}")
        )
        return [item for page in pages for item in page]

    def purge_user(self, *, user_id: str) -> None:
        """Remove every follow and name of a user."""
        with self.table.batch_writer() as batch:
            for item in self.of_user(user_id=user_id):
                batch.delete_item(Key={"pk": item["pk"], "sk": item["sk"]})
