"""DeletionJobStore: durable account-deletion jobs, one per deleted user, until every service
has purged the user (`pending` lists the services still to do).

Jobs live in one partition ordered by when they are next due (`DUE`/`<due ms>#<user id>`),
so the runner finds them with one Query; a lease keeps two runners off the same job.
"""

from __future__ import annotations

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError
from service_kit import clock, dynamo
from service_kit.dynamo import condition_failed

DUE = "DUE"
LEASE_S = 60
MAX_RETRY_DELAY_S = 30  # a service that comes back is purged within this much


def retry_delay_s(attempts: int) -> int:
    """Seconds before the next try: 1, 2, 4 … capped at MAX_RETRY_DELAY_S (retried forever)."""
    return min(2 ** max(attempts - 1, 0), MAX_RETRY_DELAY_S)


def _sk(due_ms: int, user_id: str) -> str:
    return f"{due_ms:015d}#{user_id}"


class DeletionJobStore:
    """The jobs table."""

    def __init__(self, *, table):
        self.table = table
        self.client = table.meta.client

    def put_request(self, *, user_id: str, services: list[str]) -> dict:
        """A TransactWriteItems `Put` starting the job now (joins the deletion's transaction)."""
        now = clock.epoch()
        item = {
            "pk": DUE,
            "sk": _sk(int(now * 1000), user_id),
            "user_id": user_id,
            "pending": list(services),
            "attempts": 0,
            "created_at": int(now),
        }
        return {"Put": {"TableName": self.table.name, "Item": item}}

    def due(self, *, limit: int = 10) -> list[dict]:
        """Jobs whose time has come."""
        now_ms = int(clock.epoch() * 1000)
        return self.table.query(
            KeyConditionExpression=Key("pk").eq(DUE) & Key("sk").lte(f"{now_ms:015d}~"),
            Limit=limit,
            ConsistentRead=True,
        )["Items"]

    def all_jobs(self, *, limit: int = 100) -> list[dict]:
        """Every unfinished job (operators, tests)."""
        return self.table.query(KeyConditionExpression=Key("pk").eq(DUE), Limit=limit)["Items"]

    def lease(self, job: dict) -> bool:
        """Claim a job for LEASE_S seconds; False when another runner holds it or it is gone."""
        now = int(clock.epoch())
        try:
            self.table.update_item(
                Key={"pk": job["pk"], "sk": job["sk"]},
                UpdateExpression="SET lease_until = :until",
                ConditionExpression="attribute_exists(pk) AND "
                "(attribute_not_exists(lease_until) OR lease_until < :now)",
                ExpressionAttributeValues={":until": now + LEASE_S, ":now": now},
            )
        except ClientError as error:
            if condition_failed(error):
                return False
            raise
        return True

    def finish(self, job: dict) -> None:
        """Every service has purged the user: the job is done."""
        self.table.delete_item(Key={"pk": job["pk"], "sk": job["sk"]})

    def retry_later(self, job: dict, *, pending: list[str], error: str) -> None:
        """Keep the services still to do and try again after a delay."""
        attempts = int(job.get("attempts", 0)) + 1
        moved = {k: v for k, v in job.items() if k != "lease_until"}
        due_ms = int((clock.epoch() + retry_delay_s(attempts)) * 1000)
        moved.update(sk=_sk(due_ms, job["user_id"]), pending=pending, attempts=attempts,
                     last_error=error[:500])  # fmt: skip
        dynamo.transact(
            self.client,
            [
                {
                    "Delete": {
                        "TableName": self.table.name,
                        "Key": {"pk": job["pk"], "sk": job["sk"]},
                    }
                },
                {"Put": {"TableName": self.table.name, "Item": moved}},
            ],
        )
