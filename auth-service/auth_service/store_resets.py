"""ResetTokenStore: password-reset tokens, stored only as SHA-256 hashes, single use.

Items `RESET#<sha256>`/`RESET` in the tokens table (its TTL removes them; expiry is also
checked, as TTL deletion is lazy). The token and its mail are written in one transaction.
"""

from __future__ import annotations

from botocore.exceptions import ClientError
from service_kit import clock, dynamo
from service_kit.dynamo import condition_failed


class ResetTokenSpent(Exception):
    """The token is unknown, used or expired."""


def _key(token_hash: str) -> dict:
    return {"pk": f"RESET#{token_hash}", "sk": "RESET"}


class ResetTokenStore:
    """Reset tokens on the tokens table."""

    def __init__(self, *, table):
        self.table = table
        self.client = table.meta.client

    def add_with_mail(self, *, token_hash: str, user_id: str, ttl_s: int, mail_put: dict) -> None:
        """Store the token and queue its mail (an outbox `Put`) in one transaction."""
        now = int(clock.epoch())
        item = {
            **_key(token_hash),
            "user_id": user_id,
            "created_at": now,
            "expires_at": now + ttl_s,
        }
        dynamo.transact(
            self.client,
            [
                {
                    "Put": {
                        "TableName": self.table.name,
                        "Item": item,
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
                mail_put,
            ],
        )

    def peek(self, *, token_hash: str) -> dict | None:
        """The live (unused, unexpired) token, or None."""
        item = self.table.get_item(Key=_key(token_hash), ConsistentRead=True).get("Item")
        if not item or "used_at" in item or int(item["expires_at"]) <= clock.epoch():
            return None
        return item

    def spend(self, *, token_hash: str) -> str:
        """Mark the token used (once only); return its user id or raise ResetTokenSpent."""
        now = int(clock.epoch())
        try:
            item = self.table.update_item(
                Key=_key(token_hash),
                UpdateExpression="SET used_at = :now",
                ConditionExpression="attribute_exists(pk) AND attribute_not_exists(used_at) "
                "AND expires_at > :now",
                ExpressionAttributeValues={":now": now},
                ReturnValues="ALL_NEW",
            )["Attributes"]
        except ClientError as error:
            if condition_failed(error):
                raise ResetTokenSpent() from error
            raise
        return item["user_id"]
