"""RefreshTokenStore: hashed refresh tokens grouped in families (one family per login)."""

from __future__ import annotations

import uuid

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError
from service_kit import clock, dynamo


class TokenReused(Exception):
    """A refresh token that was already spent came back."""


class FamilyRevoked(Exception):
    """The token's family was revoked (logout, reuse, password change) or has expired."""


def _family_key(user_id: str, family_id: str) -> dict:
    return {"pk": f"USER#{user_id}", "sk": f"FAMILY#{family_id}"}


def _token_key(token_hash: str) -> dict:
    return {"pk": f"TOKEN#{token_hash}", "sk": "TOKEN"}


class RefreshTokenStore:
    """Only SHA-256 hashes are stored; every item carries `expires_at` (TTL, also checked)."""

    def __init__(self, *, table):
        self.table = table
        self.client = table.meta.client

    def _token_item(self, token_hash, *, user_id, family_id, expires_at) -> dict:
        return {
            **_token_key(token_hash),
            "user_id": user_id,
            "family_id": family_id,
            "created_at": int(clock.epoch()),
            "expires_at": expires_at,
        }

    def start_family(self, *, user_id: str, token_hash: str, expires_at: int) -> str:
        """Record a new login session and its first token; return the family id."""
        family_id = uuid.uuid4().hex
        family = {**_family_key(user_id, family_id), "revoked": False, "expires_at": expires_at}
        token = self._token_item(
            token_hash, user_id=user_id, family_id=family_id, expires_at=expires_at
        )
        # One BatchWriteItem, not a transaction: a login's only write, and a transaction costs
        # twice the write units and, on the store, a coordinated two-phase write. Neither item
        # needs the other's condition: the token hash is 256 random bits (no collision to
        # guard), and a half-written pair only ends that session early (a token without its
        # family refreshes as revoked; a family without a token expires unused).
        with self.table.batch_writer() as batch:
            batch.put_item(Item=family)
            batch.put_item(Item=token)
        return family_id

    def token_read(self, token_hash: str) -> tuple:
        """(table, key) of a token, for `dynamo.batch_get`."""
        return self.table, _token_key(token_hash)

    def family_read(self, user_id: str, family_id: str) -> tuple:
        """(table, key) of a family, for `dynamo.batch_get`."""
        return self.table, _family_key(user_id, family_id)

    @staticmethod
    def live_token(item: dict | None) -> dict | None:
        """A token item unless absent or expired (TTL deletion is lazy, so expiry is checked)."""
        return item if item and int(item["expires_at"]) > clock.epoch() else None

    @staticmethod
    def live_family(item: dict | None) -> bool:
        """True while a family item is neither revoked nor expired."""
        return bool(item) and not item["revoked"] and int(item["expires_at"]) > clock.epoch()

    def get_token(self, *, token_hash: str) -> dict | None:
        """The stored token (user_id, family_id, expires_at, used_at?) unless expired."""
        item = self.table.get_item(Key=_token_key(token_hash), ConsistentRead=True).get("Item")
        return self.live_token(item)

    def rotate(self, *, old: dict, new_hash: str, expires_at: int, grace_s: int = 0) -> None:
        """Spend `old` and store its successor in one transaction (raise on reuse/revocation).

        A token first spent less than `grace_s` ago may be spent again (its own successor);
        `used_at` keeps the first spending, so the grace cannot be stretched by chaining."""
        user_id, family_id = old["user_id"], old["family_id"]
        now = int(clock.epoch())
        new = self._token_item(
            new_hash, user_id=user_id, family_id=family_id, expires_at=expires_at
        )
        try:
            dynamo.transact(
                self.client,
                [
                    {
                        "Update": {
                            "TableName": self.table.name,
                            "Key": {"pk": old["pk"], "sk": old["sk"]},
                            "UpdateExpression": "SET used_at = if_not_exists(used_at, :now)",
                            "ConditionExpression": "attribute_exists(pk) AND "
                            "(attribute_not_exists(used_at) OR used_at > :spent_before)",
                            "ExpressionAttributeValues": {
                                ":now": now,
                                ":spent_before": now - grace_s,
                            },
                        }
                    },
                    {
                        "Update": {
                            "TableName": self.table.name,
                            "Key": (_family_key(user_id, family_id)),
                            "UpdateExpression": "SET expires_at = :exp",
                            "ConditionExpression": "revoked = :no AND expires_at > :now",
                            "ExpressionAttributeValues": (
                                {":exp": expires_at, ":no": False, ":now": now}
                            ),
                        }
                    },
                    {"Put": {"TableName": self.table.name, "Item": (new)}},
                ],
            )
        except dynamo.TransactionCancelled as error:
            # A concurrent use of the same token is retried by the kit and then fails item 0:
            # reuse as well.
            if error.failed(1) and not error.failed(0):
                raise FamilyRevoked() from error
            raise TokenReused() from error

    def family_active(self, *, user_id: str, family_id: str) -> bool:
        """True while the family is neither revoked nor expired."""
        item = self.table.get_item(Key=_family_key(user_id, family_id), ConsistentRead=True).get(
            "Item"
        )
        return self.live_family(item)

    def revoke_family(self, *, user_id: str, family_id: str) -> None:
        """Revoke one session: none of its tokens refreshes again."""
        try:
            self.table.update_item(
                Key=_family_key(user_id, family_id),
                UpdateExpression="SET revoked = :yes, revoked_at = :now",
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeValues={":yes": True, ":now": int(clock.epoch())},
            )
        except ClientError as error:
            if not dynamo.condition_failed(error):
                raise

    def revoke_user_families(self, *, user_id: str, keep_family: str | None = None) -> int:
        """Revoke every session of a user but `keep_family`; return how many were revoked."""
        revoked, now = 0, clock.epoch()
        params = {
            "KeyConditionExpression": Key("pk").eq(f"USER#{user_id}")
            & Key("sk").begins_with("FAMILY#"),
            "ConsistentRead": True,
        }
        while True:
            page = self.table.query(**params)
            for item in page["Items"]:
                family_id = item["sk"].removeprefix("FAMILY#")
                live = not item["revoked"] and int(item["expires_at"]) > now
                if live and family_id != keep_family:
                    self.revoke_family(user_id=user_id, family_id=family_id)
                    revoked += 1
            if "LastEvaluatedKey" not in page:
                return revoked
            params["ExclusiveStartKey"] = page["LastEvaluatedKey"]
