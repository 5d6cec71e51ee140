"""Typo tolerance: the used words one edit away from a word no course uses."""

from __future__ import annotations

from service_kit.values import plain

MAX_FIXES = 5  # spellings a misspelt word expands to
TYPO_MIN_CHARS = 5  # one typo is forgiven in words this long
_TYPO_READ = 500  # vocabulary words read per partition when looking for a typo's fix


def within_one_edit(a: str, b: str) -> bool:
    """True when `b` is `a` with at most one letter inserted, deleted, replaced or swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        swapped = (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and (a[diff[0]], a[diff[1]]) == (b[diff[1]], b[diff[0]])
        )
        return len(diff) == 1 or swapped
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def usage(item: dict) -> tuple[int, int]:
    """(postings, postings of paired courses) of a vocabulary item (store_search)."""
    return max(0, plain(item.get("postings", 0))), max(0, plain(item.get("paired", 0)))


def typo_fixes(table, word: str) -> dict[str, tuple[int, int]]:
    """Used words one edit (insert, delete, substitute, swap) away from `word`, by use
    (each with its usage: postings, postings of paired courses).

    Read from the vocabulary partitions such a word can sit in: the same first two
    letters, those two swapped, or the first and third (a letter typed twice or extra).
    """
    found: dict[str, tuple[int, int]] = {}
    for part in dict.fromkeys((word[:2], word[1] + word[0], word[0] + word[2])):
        items = table.query(
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": f"VOCAB#{part}"},
            Limit=_TYPO_READ,
        )["Items"]
        for item in items:
            count = usage(item)
            if count[0] and within_one_edit(word, item["sk"]):
                found[item["sk"]] = count
    best = sorted(found, key=found.get, reverse=True)[:MAX_FIXES]
    return {w: found[w] for w in best}
