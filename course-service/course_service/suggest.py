"""Search-box suggestions: published titles with a word starting with what was typed.

Postings of title words carry a sparse `suggest` key (`SUG#<first two letters>`,
`<word>#<rank>`, see store_search), so suggestions are one or two Query calls.
"""

from __future__ import annotations

SUGGEST_MIN_CHARS = 2  # suggestions start at the second letter typed
_FILTERED_READ = 100  # postings read per Query when earlier words filter them


def suggest_titles(table, *, words: list[str], limit: int) -> list[dict]:
    """Up to `limit` published titles with a word starting with the last of `words`
    (and having the others), shortest matching word first: one or two Query calls."""
    exact, stem = words[:-1], words[-1]
    if len(stem) < SUGGEST_MIN_CHARS:
        return []
    values = {":pk": f"SUG#{stem[:SUGGEST_MIN_CHARS]}", ":stem": stem}
    kwargs = {
        "IndexName": "suggest",
        "KeyConditionExpression": "sgpk = :pk AND begins_with(sgsk, :stem)",
        "Limit": limit * 3,  # one title may match through several of its words
    }
    if exact:
        kwargs["FilterExpression"] = " AND ".join(
            f"contains(#text, :w{i})" for i in range(len(exact))
        )
        kwargs["ExpressionAttributeNames"] = {"#text": "text"}
        values.update({f":w{i}": f" {w} " for i, w in enumerate(exact)})
        kwargs["Limit"] = _FILTERED_READ
    found: dict[str, str] = {}
    for _ in range(2):
        answer = table.query(ExpressionAttributeValues=values, **kwargs)
        for item in answer["Items"]:
            found.setdefault(item["course_id"], item["title"])
        if len(found) >= limit or "LastEvaluatedKey" not in answer:
            break
        kwargs["ExclusiveStartKey"] = answer["LastEvaluatedKey"]
    return [{"id": cid, "title": title} for cid, title in list(found.items())[:limit]]
