"""DynamoDB access every store shares: table binding, condition checks, transactions, pages."""

from __future__ import annotations

import logging
import random
import time

from botocore.exceptions import ClientError

from .cursor import decode_cursor, encode_cursor
from .errors import ServiceUnavailable

logger = logging.getLogger(__name__)

# Cancellation reasons that mean "try again", not "your condition does not hold".
RETRYABLE = frozenset({"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"})
TRANSACTION_ATTEMPTS = 8
_BACKOFF_BASE_S = 0.02
_BACKOFF_CAP_S = 0.5


def bind_tables(dynamodb, settings, specs) -> dict:
    """This service's tables on a boto3 DynamoDB resource, by spec name (specs or plain names)."""
    names = [getattr(spec, "name", spec) for spec in specs]
    return {name: dynamodb.Table(settings.table_name(name)) for name in names}


class TableStore:
    """Base of a store bound to its tables: `TABLES` names them, `from_resource` binds them."""

    TABLES: tuple = ()

    def __init__(self, *, tables: dict, resource=None, settings=None):
        self.tables = tables
        self.resource = resource
        self.settings = settings

    @classmethod
    def from_resource(cls, dynamodb, settings):
        """Bind the store to this service's tables on a boto3 DynamoDB resource."""
        return cls(
            tables=bind_tables(dynamodb, settings, cls.TABLES), resource=dynamodb, settings=settings
        )


def error_code(error: BaseException) -> str:
    """The AWS error code of a botocore ClientError ("" for anything else)."""
    if not isinstance(error, ClientError):
        return ""
    return str(error.response.get("Error", {}).get("Code", ""))


def condition_failed(error: BaseException) -> bool:
    """True when a write was refused because its ConditionExpression did not hold."""
    return error_code(error) == "ConditionalCheckFailedException"


class TransactionCancelled(Exception):
    """A transaction was refused; `codes` holds each item's CancellationReasons code, in order."""

    def __init__(self, codes: list[str]):
        super().__init__(", ".join(codes))
        self.codes = codes

    def failed(self, index: int) -> bool:
        """True when the condition of item `index` failed."""
        return index < len(self.codes) and self.codes[index] == "ConditionalCheckFailed"


class TransactionContended(ServiceUnavailable):
    """Retries ran out while other writers kept touching the same items (503, retry later)."""


def _cancellation_codes(error: ClientError) -> list[str]:
    reasons = error.response.get("CancellationReasons") or []
    return [str(reason.get("Code", "None")) for reason in reasons]


def transact(
    client,
    items: list[dict],
    *,
    attempts: int = TRANSACTION_ATTEMPTS,
    busy: str = "Too many concurrent changes; try again.",
) -> None:
    """TransactWriteItems with the platform's one retry policy.

    Contention and throttling are retried with jittered backoff; any other cancellation
    (a failed condition, a validation error) raises TransactionCancelled(codes) at once;
    `attempts` contended tries raise TransactionContended (503) with detail `busy`.
    """
    for attempt in range(attempts):
        try:
            client.transact_write_items(TransactItems=items)
            return
        except ClientError as error:
            if error_code(error) != "TransactionCanceledException":
                raise
            codes = _cancellation_codes(error)
            if any(code not in RETRYABLE and code != "None" for code in codes) or not codes:
                raise TransactionCancelled(codes) from error
            logger.info("transaction contention (%s), attempt %s", codes, attempt + 1)
        if attempt + 1 < attempts:
            # Full jitter, so competing writers do not collide again in lockstep.
            ceiling = min(_BACKOFF_CAP_S, _BACKOFF_BASE_S * 2**attempt)
            time.sleep(random.uniform(0, ceiling))  # noqa: S311 (jitter, not security)
    logger.warning("transaction still contended after %s attempts", attempts)
    raise TransactionContended(busy)


BATCH_GET_ATTEMPTS = 5


def batch_get(reads: list[tuple]) -> list[dict | None]:
    """Strongly consistent reads of (table, key) pairs in one BatchGetItem; items in order.

    One round trip instead of one per item: fewer requests for the store to parse (a login
    reads four items). Absent items are None; unprocessed keys are retried with backoff.
    """
    if not reads:
        return []
    client = reads[0][0].meta.client
    found: dict[tuple, dict] = {}
    pending: dict[str, dict] = {}
    for table, key in reads:
        entry = pending.setdefault(table.name, {"Keys": [], "ConsistentRead": True})
        if key not in entry["Keys"]:
            entry["Keys"].append(key)
    for attempt in range(BATCH_GET_ATTEMPTS):
        answer = client.batch_get_item(RequestItems=pending)
        for name, items in answer.get("Responses", {}).items():
            for item in items:
                found[(name, _identity(item, reads, name))] = item
        pending = answer.get("UnprocessedKeys") or {}
        if not pending:
            break
        time.sleep(random.uniform(0, min(_BACKOFF_CAP_S, _BACKOFF_BASE_S * 2**attempt)))  # noqa: S311
    else:
        raise ServiceUnavailable("The store is busy; try again.")
    return [found.get((table.name, _frozen(key))) for table, key in reads]


def _frozen(key: dict) -> tuple:
    return tuple(sorted(key.items()))


def _identity(item: dict, reads: list[tuple], name: str) -> tuple:
    """The frozen key of a returned item (its key attributes are those of the keys asked)."""
    names = next(key.keys() for table, key in reads if table.name == name)
    return _frozen({attribute: item[attribute] for attribute in names})


# (table name, index name) → key attribute names. A table's key schema never changes, and
# reading it from a boto3 Table resource is a DescribeTable round trip each time: a page that
# has a next page paid one more request to the store than a last page (seen as a forum first
# page twice as slow at 1 000 threads as at 10).
_KEY_NAMES: dict[tuple[str, str | None], list[str]] = {}


def _key_names(table, index_name: str | None) -> list[str]:
    """Key attributes of a page's LastEvaluatedKey: the table's, plus the index's if any."""
    cached = _KEY_NAMES.get((table.name, index_name))
    if cached is not None:
        return cached
    schemas = [table.key_schema]
    if index_name:
        indexes = (table.global_secondary_indexes or []) + (table.local_secondary_indexes or [])
        schemas += [i["KeySchema"] for i in indexes if i["IndexName"] == index_name]
    names = list(dict.fromkeys(part["AttributeName"] for schema in schemas for part in schema))
    _KEY_NAMES[(table.name, index_name)] = names
    return names


def query_page(
    table,
    *,
    limit: int,
    cursor: str | None,
    secret: str,
    expect: dict | None = None,
    purpose: str | None = None,
    **query,
) -> tuple[list[dict], str | None]:
    """One page of `table.query(**query)` from a signed cursor: (items, next cursor or None).

    The cursor is the kit's (`service_kit.cursor`): signed, bound to the endpoint unless
    `purpose` says otherwise, and refused unless its key carries `expect` (the partition).
    One item more than `limit` is read, so a last page is known to be last (no empty page
    after it); the query must return the key attributes (no ProjectionExpression without
    them).
    """
    start = decode_cursor(cursor, secret, expect=expect, purpose=purpose)
    if start:
        query["ExclusiveStartKey"] = start
    answer = table.query(Limit=limit + 1, **query)
    items = answer["Items"]
    if len(items) > limit:
        items = items[:limit]
        names = _key_names(table, query.get("IndexName"))
        last = {name: items[-1][name] for name in names}
    else:
        # Fewer than asked: the end, unless a filter dropped items DynamoDB read.
        last = answer.get("LastEvaluatedKey")
    return items, encode_cursor(last, secret, purpose=purpose)


def query_pages(table, **query):
    """Every page of `table.query(**query)`, one list of items at a time (export, purge)."""
    while True:
        answer = table.query(**query)
        yield answer["Items"]
        if not answer.get("LastEvaluatedKey"):
            return
        query["ExclusiveStartKey"] = answer["LastEvaluatedKey"]
