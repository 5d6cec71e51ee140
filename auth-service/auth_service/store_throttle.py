"""ThrottleStore: per-account failed-login counters with exponential backoff, in DynamoDB."""

from __future__ import annotations

import math
import time
from decimal import Decimal

from botocore.exceptions import ClientError

FAILURE_WINDOW_S = 3600  # failures older than this (after any lock) are forgotten


def _conditional_failed(error: ClientError) -> bool:
    return error.response["Error"]["Code"] == "ConditionalCheckFailedException"


class ThrottleStore:
    """One item per account (keyed by normalised email, known or not), so replicas agree."""

    def __init__(self, *, table, free_failures: int, max_lockout_s: int):
        self.table = table
        self.free_failures = free_failures
        self.max_lockout_s = max_lockout_s

    @staticmethod
    def _key(account: str) -> dict:
        return {"pk": f"ACCOUNT#{account}"}

    def status(self, *, account: str) -> tuple[int, bool]:
        """(seconds until the account may try again, whether a live failure counter exists)."""
        item = self.table.get_item(Key=self._key(account), ConsistentRead=True).get("Item")
        if not item or int(item["expires_at"]) <= time.time():
            return 0, False
        remaining = float(item.get("locked_until", 0)) - time.time()
        return (math.ceil(remaining) if remaining > 0 else 0), True

    def record_failure(self, *, account: str) -> int:
        """Count one failure; past the free ones, lock for 2, 4, 8 … s (capped). Return the lock."""
        now = time.time()
        failures = self._increment(account, now)
        if failures <= self.free_failures:
            return 0
        lock_s = min(2 ** (failures - self.free_failures), self.max_lockout_s)
        until = now + lock_s
        try:
            self.table.update_item(
                Key=self._key(account),
                UpdateExpression="SET locked_until = :until, expires_at = :exp",
                ConditionExpression="attribute_not_exists(locked_until) OR locked_until < :until",
                ExpressionAttributeValues={
                    ":until": Decimal(f"{until:.3f}"),
                    ":exp": int(until) + FAILURE_WINDOW_S,
                },
            )
        except ClientError as error:
            if not _conditional_failed(error):
                raise
        return lock_s

    def _increment(self, account: str, now: float) -> int:
        expires_at = int(now) + FAILURE_WINDOW_S
        for _ in range(3):
            try:
                return int(
                    self.table.update_item(
                        Key=self._key(account),
                        UpdateExpression="ADD failures :one SET expires_at = :exp",
                        ConditionExpression="attribute_not_exists(pk) OR expires_at > :now",
                        ExpressionAttributeValues={":one": 1, ":exp": expires_at, ":now": int(now)},
                        ReturnValues="UPDATED_NEW",
                    )["Attributes"]["failures"]
                )
            except ClientError as error:
                if not _conditional_failed(error):
                    raise
            # The counter outlived its window (TTL deletes lazily): start it again, once.
            try:
                self.table.put_item(
                    Item={**self._key(account), "failures": 1, "expires_at": expires_at},
                    ConditionExpression="expires_at <= :now",
                    ExpressionAttributeValues={":now": int(now)},
                )
                return 1
            except ClientError as error:
                if not _conditional_failed(error):
                    raise
        return self.free_failures + 1  # contended beyond reason: treat as an attack

    def clear(self, *, account: str) -> None:
        """Forget the failures after a successful login."""
        self.table.delete_item(Key=self._key(account))
