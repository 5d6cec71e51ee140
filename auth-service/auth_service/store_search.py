"""Admin user search: prefix of email or display name, optional role, never a Scan.

Two GSIs on the users table, `by_email` (sorted by lower-case email) and `by_name` (sorted by
casefolded name), are each queried with `begins_with`; the answers are merged in order and
de-duplicated. The cursor keeps where each index stopped, so pages never skip or repeat.
"""

from __future__ import annotations

from boto3.dynamodb.conditions import Attr, Key

from .store import _to_record

_INDEXES = {"e": ("by_email", "email"), "n": ("by_name", "name_key")}


def _start_key(item: dict, sort_attr: str) -> dict:
    return {
        "pk": item["pk"],
        "sk": item["sk"],
        "gsi1pk": item["gsi1pk"],
        sort_attr: item[sort_attr],
    }


def search_users(table, *, q: str, role: str | None, limit: int, after: dict | None):
    """(records, next cursor state or None) for users whose email or name starts with `q`."""
    prefix = q.casefold()
    after = after or {}
    candidates = []
    exhausted = {}
    for tag, (index, sort_attr) in _INDEXES.items():
        if after.get(tag) == "done":
            exhausted[tag] = True
            continue
        params = {
            "IndexName": index,
            "KeyConditionExpression": Key("gsi1pk").eq("USER") & Key(sort_attr).begins_with(prefix),
            "Limit": limit,
        }
        if role:
            params["FilterExpression"] = Attr("role").eq(role)
        if after.get(tag):
            params["ExclusiveStartKey"] = after[tag]
        items, last = [], None
        while len(items) < limit:  # a role filter can leave a page short: read on
            page = table.query(**params)
            items += page["Items"]
            last = page.get("LastEvaluatedKey")
            if not last:
                break
            params["ExclusiveStartKey"] = last
        exhausted[tag] = last is None and len(items) <= limit
        candidates += [(item[sort_attr], tag, item) for item in items[:limit]]
    candidates.sort(key=lambda entry: entry[0])
    seen, records, state = set(), [], dict(after)
    for _value, tag, item in candidates[:limit]:
        state[tag] = _start_key(item, _INDEXES[tag][1])
        if item["id"] not in seen:
            seen.add(item["id"])
            records.append(_to_record(item))
    for tag in _INDEXES:
        emitted_all = all(entry[1] != tag for entry in candidates[limit:])
        if exhausted.get(tag) and emitted_all:
            state[tag] = "done"
    more = any(state.get(tag) != "done" for tag in _INDEXES)
    return records, (state if more else None)
