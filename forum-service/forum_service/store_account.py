"""A user's posts, votes and flags for the account lifecycle (export and anonymisation)."""

from __future__ import annotations

from boto3.dynamodb.conditions import Key

DELETED_AUTHOR_ID = "deleted"
DELETED_AUTHOR_NAME = "Deleted user"


def _all(table, **query) -> list[dict]:
    items = []
    while True:
        page = table.query(**query)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


class AccountMixin:
    """Account-lifecycle operations of ForumStore."""

    def posts_by(self, *, table, author_id: str) -> list[dict]:
        """Every thread or reply item (of `table`) the user wrote, oldest first."""
        return _all(
            table, IndexName="author", KeyConditionExpression=Key("author_id").eq(author_id)
        )

    def flags_by(self, *, user_id: str) -> list[dict]:
        """Every flag the user raised."""
        return _all(
            self.flags, IndexName="gsi1", KeyConditionExpression=Key("gsi1pk").eq(f"USER#{user_id}")
        )

    def forget_user(self, *, user_id: str) -> None:
        """Show the user's posts as "Deleted user"; delete their votes, flags and counters."""
        for table in (self.threads, self.replies):
            for item in self.posts_by(table=table, author_id=user_id):
                table.update_item(
                    Key={"pk": item["pk"], "sk": item["sk"]},
                    UpdateExpression="SET author_id = :anon, author_name = :name, "
                    "author_deleted = :yes REMOVE author_role",
                    ExpressionAttributeValues={
                        ":anon": DELETED_AUTHOR_ID, ":name": DELETED_AUTHOR_NAME, ":yes": True,
                    },
                )  # fmt: skip
        # the score and flag counts they added stay: anonymous figures, like analytics
        with self.votes.batch_writer() as batch:
            for vote in self.votes_of(user_id=user_id):
                batch.delete_item(Key={"pk": vote["pk"], "sk": vote["sk"]})
        with self.flags.batch_writer() as batch:
            for flag in self.flags_by(user_id=user_id):
                batch.delete_item(Key={"pk": flag["pk"], "sk": flag["sk"]})
        counters = _all(self.limits, KeyConditionExpression=Key("pk").eq(f"USER#{user_id}"))
        with self.limits.batch_writer() as batch:
            for counter in counters:
                batch.delete_item(Key={"pk": counter["pk"], "sk": counter["sk"]})
