"""Votes: one per user per post, kept with the post's score in one transaction."""

from __future__ import annotations

from boto3.dynamodb.conditions import Key
from service_kit.dynamo import TransactionCancelled


def post_key(post: dict) -> tuple[str, dict]:
    """(table attribute, key) of a post: a thread's item or a reply's item under its thread.

    `post` = {post_type, post_id, thread_id, sort_key (replies)}.
    """
    if post["post_type"] == "thread":
        return "threads", {"pk": f"THREAD#{post['post_id']}", "sk": "THREAD"}
    return "replies", {"pk": f"THREAD#{post['thread_id']}", "sk": post["sort_key"]}


def vote_item(post: dict, user_id: str) -> dict:
    """The stored item of one user's vote for a post (indexed by user: export and purge)."""
    return {
        "pk": f"POST#{post['post_id']}",
        "sk": f"VOTE#{user_id}",
        "gsi1pk": f"USER#{user_id}",
        "gsi1sk": f"POST#{post['post_id']}",
        **_where(post),
    }


class VotesMixin:
    """Vote operations of ForumStore."""

    def set_vote(self, *, post: dict, user_id: str, up: bool) -> int:
        """Cast (up=True) or withdraw the user's vote; idempotent. Returns the post's score."""
        table, key = post_key(post)
        vote_key = {"pk": f"POST#{post['post_id']}", "sk": f"VOTE#{user_id}"}
        if up:
            vote = {
                "Put": {
                    "TableName": self.votes.name,
                    "Item": vote_item(post, user_id),
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            }
        else:
            vote = {
                "Delete": {
                    "TableName": self.votes.name,
                    "Key": vote_key,
                    "ConditionExpression": "attribute_exists(pk)",
                }
            }
        score = {
            "Update": {
                "TableName": getattr(self, table).name,
                "Key": key,
                "UpdateExpression": "ADD score :step",
                "ConditionExpression": "attribute_exists(pk)",
                "ExpressionAttributeValues": {":step": 1 if up else -1},
            }
        }
        try:
            self.transact([vote, score])
        except TransactionCancelled as refused:
            if not refused.failed(0):
                raise
            # already voted (or not voted): nothing changes, the vote stays idempotent
        item = getattr(self, table).get_item(Key=key, ConsistentRead=True).get("Item") or {}
        return int(item.get("score", 0))

    def my_votes(self, *, post_ids: list[str], user_id: str) -> set[str]:
        """Which of `post_ids` the user voted for, in one BatchGetItem per 100 posts."""
        voted, wanted = set(), list(dict.fromkeys(post_ids))
        for start in range(0, len(wanted), 100):
            keys = [
                {"pk": f"POST#{p}", "sk": f"VOTE#{user_id}"} for p in wanted[start : start + 100]
            ]
            requests = {self.votes.name: {"Keys": keys, "ProjectionExpression": "pk"}}
            while requests:
                answer = self.resource.batch_get_item(RequestItems=requests)
                for item in answer["Responses"].get(self.votes.name, []):
                    voted.add(item["pk"].removeprefix("POST#"))
                requests = answer.get("UnprocessedKeys") or {}
        return voted

    def votes_of(self, *, user_id: str) -> list[dict]:
        """Every vote of a user (keys and where the post lives), for export and purge."""
        items, params = [], {"KeyConditionExpression": Key("gsi1pk").eq(f"USER#{user_id}")}
        while True:
            page = self.votes.query(IndexName="gsi1", **params)
            items += page["Items"]
            if "LastEvaluatedKey" not in page:
                return items
            params["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _where(post: dict) -> dict:
    return {"post_type": post["post_type"], "post_id": post["post_id"],
            "thread_id": post["thread_id"]}  # fmt: skip
