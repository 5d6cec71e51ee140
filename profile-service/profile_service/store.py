"""ProfileStore: the only module of this service that talks to DynamoDB."""

from __future__ import annotations

from decimal import Decimal

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError
from service_kit import PreconditionFailed, clock
from service_kit.dynamo import TableStore, condition_failed, query_page

from .errors import ProfileNotFound
from .tables import TABLES

EDITABLE = ("display_name", "bio", "location", "website", "email_digest")
DIGEST = "DIGEST"  # partition of the sparse `digest` index


def _to_profile(item: dict) -> dict:
    """The stored item in plain Python types (Decimal → int)."""
    return {
        name: int(value) if isinstance(value, Decimal) else value for name, value in item.items()
    }


class ProfileStore(TableStore):
    """One item per user, keyed USER#<id>; edits bump `version`."""

    TABLES = TABLES

    def __init__(self, *, tables: dict, resource=None, settings=None):
        super().__init__(tables=tables, resource=resource, settings=settings)
        self.table = tables["profiles"]

    @staticmethod
    def _key(user_id: str) -> dict:
        return {"pk": f"USER#{user_id}"}

    def get(self, *, user_id: str) -> dict | None:
        """The profile of `user_id`, or None."""
        item = self.table.get_item(Key=self._key(user_id), ConsistentRead=True).get("Item")
        return _to_profile(item) if item else None

    def add(self, *, user_id: str, display_name: str) -> dict:
        """Create the profile unless it exists (then return the existing one)."""
        now = clock.timestamp()
        item = {
            **self._key(user_id),
            "user_id": user_id,
            "display_name": display_name,
            "bio": "",
            "location": "",
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        try:
            self.table.put_item(Item=item, ConditionExpression="attribute_not_exists(pk)")
        except ClientError as error:
            if not condition_failed(error):
                raise
            return self.get(user_id=user_id)
        return _to_profile(item)

    def update(self, *, user_id: str, changes: dict, expected_version: int | None = None) -> dict:
        """Apply `changes` (None removes website); 412 when `expected_version` is stale."""
        sets, removes, values = ["updated_at = :now"], [], {":now": clock.timestamp(), ":one": 1}
        names = {"#v": "version"}
        for position, (field, value) in enumerate(changes.items()):
            if field not in EDITABLE:
                raise ValueError(f"not an editable field: {field}")
            names[f"#f{position}"] = field
            if field == "email_digest":
                sets.append(f"#f{position} = :f{position}")
                values[f":f{position}"] = bool(value)
                if value:  # listed in the sparse index the digest pages through
                    sets.append("digest_pk = :digest, digest_sk = :uid")
                    values.update({":digest": DIGEST, ":uid": user_id})
                else:
                    removes += ["digest_pk", "digest_sk"]
            elif value is None:
                removes.append(f"#f{position}")
            else:
                sets.append(f"#f{position} = :f{position}")
                values[f":f{position}"] = value
        expression = "SET " + ", ".join(sets) + (" REMOVE " + ", ".join(removes) if removes else "")
        return self._conditional_update(
            user_id, expression + " ADD #v :one", names, values, expected_version
        )

    def _conditional_update(self, user_id, expression, names, values, expected_version) -> dict:
        condition = "attribute_exists(pk)"
        if expected_version is not None:
            condition += " AND #v = :expected"
            values = {**values, ":expected": expected_version}
            names = {**names, "#v": "version"}
        params = {"ExpressionAttributeNames": names} if names else {}
        try:
            item = self.table.update_item(
                Key=self._key(user_id),
                UpdateExpression=expression,
                ConditionExpression=condition,
                ExpressionAttributeValues=values,
                ReturnValues="ALL_NEW",
                **params,
            )["Attributes"]
        except ClientError as error:
            if not condition_failed(error):
                raise
            if expected_version is not None and self.get(user_id=user_id):
                raise PreconditionFailed("The profile changed since you read it.") from error
            raise ProfileNotFound() from error
        return _to_profile(item)

    def set_pending_avatar(self, *, user_id: str, key: str) -> dict:
        """Remember the object key of an issued (not yet confirmed) avatar upload."""
        return self._conditional_update(
            user_id, "SET pending_avatar_key = :key", {}, {":key": key}, None
        )

    def confirm_avatar(self, *, user_id: str, key: str) -> dict:
        """Make the uploaded `key` the avatar (only if it is still the pending one)."""
        try:
            item = self.table.update_item(
                Key=self._key(user_id),
                UpdateExpression="SET avatar_key = :key, updated_at = :now ADD #v :one "
                "REMOVE pending_avatar_key",
                ConditionExpression="pending_avatar_key = :key",
                ExpressionAttributeNames={"#v": "version"},
                ExpressionAttributeValues={":key": key, ":now": clock.timestamp(), ":one": 1},
                ReturnValues="ALL_NEW",
            )["Attributes"]
        except ClientError as error:
            if not condition_failed(error):
                raise
            raise PreconditionFailed("Another avatar upload replaced this one.") from error
        return _to_profile(item)

    def clear_avatar(self, *, user_id: str) -> dict:
        """Remove the avatar."""
        return self._conditional_update(
            user_id,
            "SET updated_at = :now ADD #v :one REMOVE avatar_key, pending_avatar_key",
            {"#v": "version"},
            {":now": clock.timestamp(), ":one": 1},
            None,
        )

    def digest_subscribers(self, *, limit: int, cursor: str | None):
        """A page of ids of users who opted into the digest (the sparse index, no Scan)."""
        found, next_cursor = query_page(
            self.table, limit=limit, cursor=cursor, secret=self.settings.cursor_secret,
            expect={"digest_pk": DIGEST}, IndexName="digest",
            KeyConditionExpression=Key("digest_pk").eq(DIGEST),
        )  # fmt: skip
        return [item["digest_sk"] for item in found], next_cursor
