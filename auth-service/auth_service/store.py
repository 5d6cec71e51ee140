"""UserStore: users and their unique emails (the only module touching the users table)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError
from service_kit import clock, dynamo

from .errors import EmailTaken, UserNotFound


@dataclass(frozen=True)
class UserRecord:
    """A stored user, credentials included; `public()` is the only shape that leaves."""

    id: str
    email: str
    display_name: str
    role: str
    created_at: str
    password_hash: str
    suspended: bool = False  # set by an admin: no login, no refresh
    deleted_at: str | None = None  # the account was deleted (its purge may still run)

    def public(self) -> dict:
        """The `user` object of the API (never the hash)."""
        return {
            "id": self.id,
            "email": self.email,
            "display_name": self.display_name,
            "role": self.role,
            "created_at": self.created_at,
            "suspended": self.suspended,
        }


def normalize_email(email: str) -> str:
    """The form emails are compared and stored in."""
    return email.strip().lower()


def name_key(display_name: str, user_id: str) -> str:
    """The case-insensitive sort key admins search display names by."""
    return f"{display_name.casefold()}#{user_id}"


def _to_record(item: dict) -> UserRecord:
    return UserRecord(
        id=item["id"],
        email=item["email"],
        display_name=item["display_name"],
        role=item["role"],
        created_at=item["created_at"],
        password_hash=item["password_hash"],
        suspended=bool(item.get("suspended", False)),
        deleted_at=item.get("deleted_at"),
    )


class UserStore:
    """Users keyed by id, emails reserved by a second item in the same transaction."""

    def __init__(self, *, table):
        self.table = table
        self.client = table.meta.client

    def add(self, *, email: str, password_hash: str, display_name: str, role: str = "student"):
        """Create a user; raise EmailTaken when the address is already reserved."""
        moment = clock.now()
        user_id = str(uuid.uuid4())
        email = normalize_email(email)
        item = {
            "pk": f"USER#{user_id}",
            "sk": "USER",
            "id": user_id,
            "email": email,
            "display_name": display_name,
            "role": role,
            "created_at": clock.timestamp(moment),
            "password_hash": password_hash,
            "gsi1pk": "USER",
            "gsi1sk": clock.order_key(moment, user_id),
            "name_key": name_key(display_name, user_id),  # admin search (store_search.py)
        }
        reservation = {"pk": f"EMAIL#{email}", "sk": "EMAIL", "user_id": user_id}
        self._transact_new(item, reservation)
        return _to_record(item)

    def _transact_new(self, item: dict, reservation: dict) -> None:
        condition = "attribute_not_exists(pk)"
        writes = [
            {
                "Put": {
                    "TableName": self.table.name,
                    "Item": (x),
                    "ConditionExpression": condition,
                }
            }
            for x in (item, reservation)
        ]
        # Another registration of the same email in flight is a conflict the kit retries.
        try:
            dynamo.transact(self.client, writes)
        except dynamo.TransactionCancelled as error:
            if error.failed(0) or error.failed(1):
                raise EmailTaken() from error
            raise
        except dynamo.TransactionContended as error:
            # Registrations of this email kept winning over ours: one of them holds it.
            raise EmailTaken() from error

    def user_read(self, user_id: str) -> tuple:
        """(table, key) of a user's item, for `dynamo.batch_get`."""
        return self.table, {"pk": f"USER#{user_id}", "sk": "USER"}

    def email_read(self, email: str) -> tuple:
        """(table, key) of an email's reservation (holds `user_id`), for `dynamo.batch_get`."""
        return self.table, {"pk": f"EMAIL#{normalize_email(email)}", "sk": "EMAIL"}

    @staticmethod
    def record(item: dict | None) -> UserRecord | None:
        """The user an item read through `user_read` holds, or None."""
        return _to_record(item) if item else None

    def get(self, *, user_id: str) -> UserRecord | None:
        """The user with this id, or None."""
        _table, key = self.user_read(user_id)
        return self.record(self.table.get_item(Key=key, ConsistentRead=True).get("Item"))

    def get_by_email(self, *, email: str) -> UserRecord | None:
        """The user with this email (any case), or None."""
        _table, key = self.email_read(email)
        reservation = self.table.get_item(Key=key, ConsistentRead=True).get("Item")
        return self.get(user_id=reservation["user_id"]) if reservation else None

    def set_role(self, *, user_id: str, role: str) -> UserRecord:
        """Change a user's role."""
        return self._update_named(user_id, "role", role)

    def set_display_name(self, *, user_id: str, display_name: str) -> UserRecord:
        """Change a user's display name (and its search key)."""
        self._update_named(user_id, "name_key", name_key(display_name, user_id))
        return self._update_named(user_id, "display_name", display_name)

    def set_suspended(self, *, user_id: str, suspended: bool) -> UserRecord:
        """Suspend or restore a user."""
        return self._update_named(user_id, "suspended", suspended)

    def set_password_hash(self, *, user_id: str, password_hash: str) -> UserRecord:
        """Replace a user's password hash."""
        return self._update_named(user_id, "password_hash", password_hash)

    def _update_named(self, user_id: str, attribute: str, value) -> UserRecord:
        try:
            item = self.table.update_item(
                Key={"pk": f"USER#{user_id}", "sk": "USER"},
                UpdateExpression="SET #a = :value, updated_at = :now ADD #v :one",
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeNames={"#a": attribute, "#v": "version"},
                ExpressionAttributeValues={":value": value, ":now": clock.timestamp(), ":one": 1},
                ReturnValues="ALL_NEW",
            )["Attributes"]
        except ClientError as error:
            if dynamo.condition_failed(error):
                raise UserNotFound() from error
            raise
        return _to_record(item)

    def list_users(
        self,
        *,
        limit: int,
        cursor: str | None,
        secret: str,
        newest_first: bool = True,
        role: str | None = None,
    ):
        """One page of users from gsi1 (no Scan); returns (records, next cursor)."""
        query = {
            "IndexName": "gsi1",
            "KeyConditionExpression": Key("gsi1pk").eq("USER"),
            "ScanIndexForward": not newest_first,
        }
        if role:  # a filtered Query: a page may hold fewer than `limit`, the cursor goes on
            query["FilterExpression"] = Attr("role").eq(role)
        found, next_cursor = dynamo.query_page(
            self.table, limit=limit, cursor=cursor, secret=secret, expect={"gsi1pk": "USER"},
            **query,
        )  # fmt: skip
        return [_to_record(item) for item in found], next_cursor
