"""JobQueue: the transcoding queue, kept on the video items themselves (sparse GSI gsi2).

A video waiting for a worker has gsi2pk "JOBS" and gsi2sk = the time it becomes available:
now when queued, the lease expiry while a worker holds it, a retry time after a failure.
Workers Query gsi2 for `gsi2sk <= now` (no Scan) and claim with a conditional update, so
any number of workers can run and a crashed worker's job comes back when its lease expires.
Finishing (ready or failed) removes gsi2pk/gsi2sk, which takes the item out of the index.
"""

from __future__ import annotations

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError
from service_kit.dynamo import condition_failed
from service_kit.values import plain

from ..store import JOBS, stored, video_key


class JobQueue:
    """Claim, renew, finish and retry transcoding jobs with conditional writes."""

    def __init__(self, *, table):
        self.table = table

    def due(self, *, now: str, limit: int = 10) -> list[dict]:
        """Jobs whose availability time has come (oldest first); keys and gsi2sk only."""
        page = self.table.query(
            IndexName="gsi2",
            KeyConditionExpression=Key("gsi2pk").eq(JOBS) & Key("gsi2sk").lte(now),
            Limit=limit,
        )
        return [{"id": item["id"], "gsi2sk": item["gsi2sk"]} for item in page["Items"]]

    def backlog(self, *, now: str) -> tuple[int, str | None]:
        """How many jobs are due and waiting, and the oldest one's availability time."""
        due = Key("gsi2pk").eq(JOBS) & Key("gsi2sk").lte(now)
        oldest = self.due(now=now, limit=1)
        params, count = {"IndexName": "gsi2", "KeyConditionExpression": due, "Select": "COUNT"}, 0
        while True:  # a COUNT Query still pages (1 MB read per page)
            page = self.table.query(**params)
            count += page["Count"]
            if "LastEvaluatedKey" not in page:
                return count, oldest[0]["gsi2sk"] if oldest else None
            params["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def _update(self, video_id: str, condition, expression: str, values: dict, names=None):
        kwargs = {
            "Key": video_key(video_id),
            "UpdateExpression": expression,
            "ConditionExpression": condition,
            "ExpressionAttributeValues": values,
            "ReturnValues": "ALL_NEW",
        }
        if names:
            kwargs["ExpressionAttributeNames"] = names
        try:
            return plain(self.table.update_item(**kwargs)["Attributes"])
        except ClientError as error:
            if condition_failed(error):
                return None
            raise

    def claim(self, *, video_id: str, seen: str, owner: str, lease_until: str) -> dict | None:
        """Take a due job (if nobody took it since we saw `seen`); count the attempt."""
        return self._update(
            video_id,
            Attr("gsi2pk").eq(JOBS) & Attr("gsi2sk").eq(seen) & Attr("status").eq("processing"),
            "SET gsi2sk = :lease, lease_owner = :owner, progress_percent = :zero ADD attempts :one",
            {":lease": lease_until, ":owner": owner, ":zero": 0, ":one": 1},
        )

    @staticmethod
    def _held(owner: str):
        """The condition "this worker still holds the job"."""
        return Attr("lease_owner").eq(owner) & Attr("status").eq("processing")

    def renew(self, *, video_id: str, owner: str, lease_until: str, percent: int | None) -> bool:
        """Extend our lease (and record progress); False when we no longer hold the job."""
        expression, values = "SET gsi2sk = :lease", {":lease": lease_until}
        if percent is not None:
            expression += ", progress_percent = :percent"
            values[":percent"] = percent
        return self._update(video_id, self._held(owner), expression, values) is not None

    def finish(self, *, video_id: str, owner: str, result: dict, now: str) -> dict | None:
        """processing → ready with the transcode's outputs; None when we lost the job."""
        values = {f":r{i}": stored(v) for i, v in enumerate(result.values())}
        names = {f"#r{i}": k for i, k in enumerate(result)}
        sets = ", ".join(f"#r{i} = :r{i}" for i in range(len(result)))
        values.update({":ready": "ready", ":now": now})
        names["#status"] = "status"
        return self._update(
            video_id,
            self._held(owner),
            f"SET #status = :ready, updated_at = :now, {sets} "
            "REMOVE gsi2pk, gsi2sk, lease_owner, progress_percent, last_error",
            values,
            names,
        )

    def fail(self, *, video_id: str, owner: str | None, error: str, now: str) -> bool:
        """processing → failed with a readable error (owner None: whoever holds it)."""
        condition = Attr("status").eq("processing")
        values = {":failed": "failed", ":error": error, ":now": now}
        if owner is not None:
            condition = condition & Attr("lease_owner").eq(owner)
        updated = self._update(
            video_id,
            condition,
            "SET #status = :failed, #error = :error, updated_at = :now "
            "REMOVE gsi2pk, gsi2sk, lease_owner, progress_percent",
            values,
            {"#status": "status", "#error": "error"},
        )
        return updated is not None

    def retry_later(
        self, *, video_id: str, owner: str, available_at: str, error: str, refund: bool = False
    ) -> bool:
        """Give the job back to the queue, available at `available_at`."""
        expression = "SET gsi2sk = :at, last_error = :error REMOVE lease_owner"
        values = {":at": available_at, ":error": error}
        if refund:  # a graceful shutdown is not the job's fault: do not count the attempt
            expression += " ADD attempts :minus"
            values[":minus"] = -1
        return self._update(video_id, self._held(owner), expression, values) is not None
