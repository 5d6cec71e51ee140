"""ThrottleStore: failed-login counters with exponential backoff, in DynamoDB (replicas agree)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from botocore.exceptions import ClientError
from service_kit import clock
from service_kit.dynamo import condition_failed

FAILURE_WINDOW_S = 3600  # failures older than this (after any lock) are forgotten

# What a counter counts the failures of (the item key is `<scope>#<subject>`):
ACCOUNT = "ACCOUNT"  # a normalised email, known or not: guessing one account's password
CLIENT = "CLIENT"  # a client address: guessing across many accounts (credential stuffing)
SESSION = "FAMILY"  # a refresh-token family: the client proved an earlier login on the account


@dataclass(frozen=True)
class Backoff:
    """Failures allowed before a counter locks; then 2, 4, 8 … s, capped at `max_lockout_s`."""

    free_failures: int
    max_lockout_s: int


class ThrottleStore:
    """One item per counter; each scope has its own backoff policy."""

    def __init__(self, *, table, policies: dict[str, Backoff]):
        self.table = table
        self.policies = policies

    @staticmethod
    def _key(scope: str, subject: str) -> dict:
        return {"pk": f"{scope}#{subject}"}

    def read(self, scope: str, subject: str) -> tuple:
        """(table, key) of a counter, for `dynamo.batch_get`."""
        return self.table, self._key(scope, subject)

    def status(self, scope: str, subject: str) -> tuple[int, bool]:
        """(seconds until the subject may try again, whether a live failure counter exists)."""
        item = self.table.get_item(Key=self._key(scope, subject), ConsistentRead=True).get("Item")
        return self.status_of(item)

    @staticmethod
    def status_of(item: dict | None) -> tuple[int, bool]:
        """`status` of a counter item read through `read` (None: no counter)."""
        if not item or int(item["expires_at"]) <= clock.epoch():
            return 0, False
        remaining = float(item.get("locked_until", 0)) - clock.epoch()
        return (math.ceil(remaining) if remaining > 0 else 0), True

    def record_failure(self, scope: str, subject: str) -> int:
        """Count one failure; past the free ones, lock for 2, 4, 8 … s (capped). Return the lock."""
        policy = self.policies[scope]
        now = clock.epoch()
        failures = self._increment(scope, subject, now, policy)
        if failures <= policy.free_failures:
            return 0
        lock_s = min(2 ** min(failures - policy.free_failures, 30), policy.max_lockout_s)
        until = now + lock_s
        try:
            self.table.update_item(
                Key=self._key(scope, subject),
                UpdateExpression="SET locked_until = :until, expires_at = :exp",
                ConditionExpression="attribute_not_exists(locked_until) OR locked_until < :until",
                ExpressionAttributeValues={
                    ":until": Decimal(f"{until:.3f}"),
                    ":exp": int(until) + FAILURE_WINDOW_S,
                },
            )
        except ClientError as error:
            if not condition_failed(error):
                raise
        return lock_s

    def _increment(self, scope: str, subject: str, now: float, policy: Backoff) -> int:
        key = self._key(scope, subject)
        expires_at = int(now) + FAILURE_WINDOW_S
        for _ in range(3):
            try:
                return int(
                    self.table.update_item(
                        Key=key,
                        UpdateExpression="ADD failures :one SET expires_at = :exp",
                        ConditionExpression="attribute_not_exists(pk) OR expires_at > :now",
                        ExpressionAttributeValues={":one": 1, ":exp": expires_at, ":now": int(now)},
                        ReturnValues="UPDATED_NEW",
                    )["Attributes"]["failures"]
                )
            except ClientError as error:
                if not condition_failed(error):
                    raise
            # The counter outlived its window (TTL deletes lazily): start it again, once.
            try:
                self.table.put_item(
                    Item={**key, "failures": 1, "expires_at": expires_at},
                    ConditionExpression="expires_at <= :now",
                    ExpressionAttributeValues={":now": int(now)},
                )
                return 1
            except ClientError as error:
                if not condition_failed(error):
                    raise
        return policy.free_failures + 1  # contended beyond reason: treat as an attack

    def clear(self, scope: str, subject: str) -> None:
        """Forget the failures after a successful login."""
        self.table.delete_item(Key=self._key(scope, subject))
