"""DynamoDB helpers the stores share: rank-cursor pages, batch reads, transactions."""

from __future__ import annotations

import logging
import random
import time

from service_kit import ServiceUnavailable

logger = logging.getLogger(__name__)

MAX_TRANSACTION_ATTEMPTS = 4
_RETRYABLE = {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"}


class TransactionCancelled(Exception):
    """A transaction was refused because one of its conditions failed."""

    def __init__(self, codes: list[str]):
        super().__init__(", ".join(codes))
        self.codes = codes

    def failed(self, index: int) -> bool:
        """True when the condition of item `index` failed."""
        return index < len(self.codes) and self.codes[index] == "ConditionalCheckFailed"


def transact(client, items: list[dict]) -> None:
    """TransactWriteItems, retrying contention; a failed condition raises TransactionCancelled."""
    for attempt in range(MAX_TRANSACTION_ATTEMPTS):
        try:
            client.transact_write_items(TransactItems=items)
            return
        except client.exceptions.TransactionCanceledException as error:
            reasons = error.response.get("CancellationReasons") or []
            codes = [str(reason.get("Code", "None")) for reason in reasons]
            if "ConditionalCheckFailed" in codes:
                raise TransactionCancelled(codes) from error
            if not _RETRYABLE.intersection(codes):
                raise
            logger.info("transaction contention (%s), attempt %s", codes, attempt + 1)
        # Jittered backoff so competing writers do not collide again in lockstep.
        time.sleep(random.uniform(0.01, 0.05) * 2**attempt)  # noqa: S311 (not security)
    raise ServiceUnavailable("Too many concurrent changes to this course; try again.")


def query_page(
    table, *, pk_name: str, pk_value: str, sk_name: str, after, limit: int, index=None, **extra
):
    """One page of a Query, newest first, resuming below `after` (the last sort key seen).

    Reads limit + 1 items so the last page is known to be last (no empty trailing page).
    Returns (items, next_after).
    """
    condition, names, values = "#pk = :pk", {"#pk": pk_name}, {":pk": pk_value}
    if after is not None:
        condition += " AND #sk < :after"
        names["#sk"], values[":after"] = sk_name, after
    kwargs = {
        "KeyConditionExpression": condition,
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
        "ScanIndexForward": False,
        "Limit": limit + 1,
        **extra,
    }
    if index:
        kwargs["IndexName"] = index
    items = table.query(**kwargs)["Items"]
    if len(items) > limit:
        return items[:limit], items[limit - 1][sk_name]
    return items, None


def batch_get(resource, table_name: str, keys: list[dict], *, attempts: int = 5) -> list[dict]:
    """BatchGetItem of up to 100 keys, retrying unprocessed keys; order is not kept."""
    found: list[dict] = []
    pending = {table_name: {"Keys": keys}} if keys else {}
    for attempt in range(attempts):
        if not pending:
            return found
        answer = resource.batch_get_item(RequestItems=pending)
        found += answer.get("Responses", {}).get(table_name, [])
        pending = answer.get("UnprocessedKeys") or {}
        if pending:
            time.sleep(0.01 * 2**attempt)
    if pending:
        raise ServiceUnavailable("The course store is busy; try again.")
    return found
