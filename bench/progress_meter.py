"""Write units as DynamoDB bills them, from the items a call really wrote (for bench_progress).

Item size (AWS "Item sizes and formats"): the sum over attributes of the name's UTF-8 length
plus the value's size — strings their UTF-8 length, numbers (significant digits + 1) / 2 + 1
bytes, binary their length, booleans and null 1, sets the sum of their members, lists and maps
3 + 1 per element + the elements. A write costs ⌈size / 1 KB⌉ WCU of the larger of the item
before and after it; each global secondary index whose entry changes costs ⌈entry / 1 KB⌉ more
(a changed index key: a delete of the old entry and a put of the new one).
"""

from __future__ import annotations

import math
from decimal import Decimal

WRITES = ("PutItem", "UpdateItem", "DeleteItem")


def value_size(value) -> int:
    """Bytes of one attribute value."""
    if isinstance(value, bool) or value is None:
        return 1
    if isinstance(value, str):
        return len(value.encode())
    if isinstance(value, int | float | Decimal):
        digits = len(str(abs(Decimal(str(value)))).replace(".", "").strip("0")) or 1
        return (digits + 1) // 2 + 1
    if isinstance(value, bytes | bytearray):
        return len(value)
    if hasattr(value, "value"):  # boto3 Binary
        return len(value.value)
    if isinstance(value, set | frozenset):
        return sum(value_size(v) for v in value)
    if isinstance(value, dict):
        return 3 + sum(len(k.encode()) + value_size(v) + 1 for k, v in value.items())
    if isinstance(value, list):
        return 3 + sum(value_size(v) + 1 for v in value)
    raise TypeError(type(value))


def item_size(item: dict | None) -> int:
    """Bytes of an item (0 for none)."""
    return sum(len(k.encode()) + value_size(v) for k, v in (item or {}).items())


def units(size: int) -> int:
    """Write units of `size` bytes (1 per KB, rounded up; nothing written is 0)."""
    return math.ceil(size / 1024) if size else 0


class Meter:
    """Counts write units of every write a boto3 Table's client makes, by reading the items."""

    def __init__(self, tables: dict):
        """`tables`: table name → (boto3 Table, [(index hash, index range, keys_only)])."""
        self.tables = tables
        self.total = 0
        self.calls = 0
        self.armed = True  # writes made while not armed (setting up) are not counted
        self._tag = f"meter-{id(self)}"

    def attach(self, client) -> None:
        """Watch `client`'s writes (before: old image, after: new image)."""
        client.meta.events.register("provide-client-params.dynamodb", self._before)
        client.meta.events.register("after-call.dynamodb", self._after)

    def detach(self, client) -> None:
        """Stop watching."""
        client.meta.events.unregister("provide-client-params.dynamodb", self._before)
        client.meta.events.unregister("after-call.dynamodb", self._after)

    def _before(self, params, model, context, **_):
        if self.armed and model.name in WRITES and params.get("TableName") in self.tables:
            table = self.tables[params["TableName"]][0]
            key = params.get("Key") or {
                k: params["Item"][k] for k in (s["AttributeName"] for s in table.key_schema)
            }
            context[self._tag] = (params["TableName"], dict(key), self._get(table, key))

    def _after(self, model, http_response, context, **_):
        pending = context.pop(self._tag, None)
        if pending is None:
            return
        name, key, old = pending
        if http_response.status_code != 200:
            return  # a refused (conditional) write; AWS bills it 1 WCU, none here retried
        table, indexes = self.tables[name]
        new = self._get(table, key)
        self.calls += 1
        self.total += units(max(item_size(old), item_size(new)))
        for hash_key, range_key, _keys_only in indexes:
            self.total += self._index_units(table, old, new, hash_key, range_key)

    @staticmethod
    def _get(table, key):
        return table.get_item(Key=key, ConsistentRead=True).get("Item")

    @staticmethod
    def _index_units(table, old, new, hash_key, range_key) -> int:
        """Index write units: entries are table keys + index keys (keys-only projection)."""
        names = (
            [s["AttributeName"] for s in table.key_schema]
            + [hash_key]
            + [range_key] * bool(range_key)
        )

        def entry(item):
            if not item or hash_key not in item or (range_key and range_key not in item):
                return None
            return {n: item[n] for n in names}

        before, after = entry(old), entry(new)
        if before == after:
            return 0
        if (
            before
            and after
            and before.get(hash_key) == after.get(hash_key)
            and (not range_key or before.get(range_key) == after.get(range_key))
        ):
            return units(item_size(after))
        return units(item_size(before)) + units(item_size(after))


def all_projection_units(old: dict | None, new: dict | None, keys: tuple[str, str]) -> int:
    """Index write units for an index projecting ALL attributes (the previous design)."""
    hash_key, range_key = keys

    def entry(item):
        return item if item and hash_key in item and range_key in item else None

    before, after = entry(old), entry(new)
    if before == after:
        return 0
    if (
        before
        and after
        and (before[hash_key], before[range_key]) == (after[hash_key], after[range_key])
    ):
        return units(item_size(after))
    return units(item_size(before)) + units(item_size(after))
