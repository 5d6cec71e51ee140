"""The inverted index of published courses: postings, vocabulary counts and word search.

A posting `WORD#<word>` / `<rank>` exists for every word of every published course; it holds
the course's category key and all its words (`text`, space-delimited) so a Query on one word
can filter on the others. Search reads only the rarest word's postings (vocabulary counts,
kept with ADD, tell which), or, for the prefix of the last word, the few most-used words
starting with it, merged newest first. Cost follows the page and the rarest word, never the
size of the catalog.

A course with few words (text.MAX_PAIR_WORDS) also has a posting per pair of its words,
`PAIR#<a> <b>` / `<rank>` (a < b): a two-word search reads only that pair's postings, so its
cost follows the page, not how many courses have the rarer word. The vocabulary counts how
many of a word's postings belong to paired courses (`paired`); while some do not (courses
indexed before pairs existed, or with many words) the search falls back to the rarest word.

The same postings are listed by title (`tsk`, index `word_title`) and by popularity (`psk`,
index `word_popular`), so a search sorted by title or popularity is the same merge on another
sort key. `psk` follows enrolments (refresh_popularity, after each one).
"""

from __future__ import annotations

import logging

from botocore.exceptions import BotoCoreError, ClientError
from service_kit.dynamo import condition_failed

from .catalog import title_key
from .store_base import batch_get
from .suggest import SUGGEST_MIN_CHARS
from .text import pair_key, word_pairs, words_of
from .typos import TYPO_MIN_CHARS, typo_fixes, usage

logger = logging.getLogger(__name__)

MAX_COMPLETIONS = 5  # words a prefix expands to (the typed word itself included)
_VOCAB_READ = 50
_FILTERED_READ = 100  # postings read per Query when a filter may drop some
_MAX_ROUNDS = 3
# order -> (index, the posting's sort attribute, descending)
ORDERS = {
    "newest": (None, "sk", True),
    "popular": ("word_popular", "psk", True),
    "title": ("word_title", "tsk", False),
}


def popularity_key(enrolled_count, rank: str) -> str:
    """The popularity sort key of a posting: most enrolled first (descending), then newest."""
    return f"{max(0, int(enrolled_count or 0)):010d}#{rank}"


def _before(key: str, frontier: str | None, descending: bool) -> bool:
    """True when no unread posting can sort before `key` (all read, or it is past the frontier)."""
    if frontier is None:
        return True
    return key >= frontier if descending else key <= frontier


def _vocab_key(word: str) -> dict:
    return {"pk": f"VOCAB#{word[:2]}", "sk": word}


def _indexed(item: dict | None) -> set[str]:
    return set(item["words"]) if item and item.get("published") else set()


def _pairs(item: dict | None) -> set[str]:
    """Pair keys of a published course whose pair postings are kept (its `paired` flag)."""
    return set(word_pairs(item["words"])) if _indexed(item) and item.get("paired") else set()


def _partitions(words, pairs) -> list[str]:
    return [f"WORD#{w}" for w in sorted(words)] + [f"PAIR#{p}" for p in sorted(pairs)]


def _pair_streams(first: tuple, second: tuple) -> list[str]:
    """Partition keys holding every course with a spelling of both words, or [] when pair
    postings cannot answer (a course of one spelling of `first` lacks them, the second word's
    spellings are not all its matches, or they make too many pairs to read)."""
    spellings, _, _ = first
    others, _, every = second
    trusted = all(paired >= postings for postings, paired in spellings.values())
    if not trusted or not every or len(spellings) * len(others) > MAX_COMPLETIONS:
        return []
    # the same word in both (q "python py"): every course with it has both
    keys = {f"WORD#{a}" if a == b else f"PAIR#{pair_key(a, b)}" for a in spellings for b in others}
    return sorted(keys)


class SearchIndex:
    """Postings and vocabulary in the `index` table."""

    def __init__(self, *, table, resource):
        self.table = table
        self.resource = resource

    def writes(
        self, *, old: dict | None, new: dict | None
    ) -> tuple[list[dict], dict[str, tuple[int, int]]]:
        """Transaction items moving the index from course item `old` to `new`, and the
        vocabulary deltas (postings, postings of paired courses) of each word."""
        before, after = _indexed(old), _indexed(new)
        pairs_before, pairs_after = _pairs(old), _pairs(new)
        moved = bool(before and after) and old["rank"] != new["rank"]
        gone = (
            _partitions(before, pairs_before)
            if moved
            else _partitions(before - after, pairs_before - pairs_after)
        )
        items = [
            {"Delete": {"TableName": self.table.name, "Key": {"pk": pk, "sk": old["rank"]}}}
            for pk in gone
        ]
        changed = (
            moved
            or before != after
            or pairs_before != pairs_after
            or any(
                (old or {}).get(n) != (new or {}).get(n) for n in ("category_key", "title", "level")
            )
        )
        if after and changed:
            text = " " + " ".join(new["words"]) + " "
            title_words = set(words_of(new["title"]))
            items += [
                {
                    "Put": {
                        "TableName": self.table.name,
                        "Item": self._posting(pk, new, text, in_title=pk[5:] in title_words),
                    }
                }
                for pk in _partitions(after, pairs_after)
            ]
        old_paired = bool(before) and bool(old.get("paired"))
        new_paired = bool(after) and bool(new.get("paired"))
        deltas = {}
        for word in before | after:
            was, now = int(word in before), int(word in after)
            delta = (now - was, now * new_paired - was * old_paired)
            if delta != (0, 0):
                deltas[word] = delta
        return items, deltas

    @staticmethod
    def _posting(pk: str, course: dict, text: str, *, in_title: bool) -> dict:
        posting = {
            "pk": pk,
            "sk": course["rank"],
            "course_id": course["id"],
            "category_key": course["category_key"],
            "level": course.get("level", "beginner"),
            "text": text,
            "tsk": f"{title_key(course['title'])}#{course['rank']}",
        }
        word = pk.removeprefix("WORD#")
        if word == pk:
            # A pair posting is not re-keyed by popularity (an enrolment would rewrite every
            # pair): two-word searches sorted by popularity read the rarer word's postings.
            return posting
        posting["psk"] = popularity_key(course.get("enrolled_count"), course["rank"])
        if in_title and len(word) >= SUGGEST_MIN_CHARS:
            # Sparse `suggest` index: title words by their first letters, for the search box.
            posting.update(
                sgpk=f"SUG#{word[:SUGGEST_MIN_CHARS]}", sgsk=f"{word}#{course['rank']}",
                title=course["title"],
            )  # fmt: skip
        return posting

    def count(self, deltas: dict[str, tuple[int, int]]) -> None:
        """Apply vocabulary count deltas (best effort, after the write). Both counts move in
        one update, and a paired course moves them equally: losing its update never makes a
        word look more paired than it is (losing a many-word course's could, until its next
        edit: two-word searches would miss it)."""
        for word, (delta, paired) in deltas.items():
            try:
                self.table.update_item(
                    Key=_vocab_key(word),
                    UpdateExpression="ADD postings :d, paired :p",
                    ExpressionAttributeValues={":d": delta, ":p": paired},
                )
            except (BotoCoreError, ClientError) as error:
                logger.warning("vocabulary count of %s not updated: %s", word, error)

    def search(
        self, *, words: list[str], category_key, after, limit: int, prefix: bool = True,
        level: str | None = None, order: str = "newest",
    ):  # fmt: skip
        """(course ids, next_after) of published courses having every word, in `order`
        (newest, popular or title)."""
        streams, groups = self._plan(words, prefix=prefix, pairs=order != "popular")
        clauses, values = [], {}
        for g, needles in enumerate(groups):  # each word: any of its spellings
            alternatives = []
            for n, needle in enumerate(needles):
                values[f":n{g}_{n}"] = needle
                alternatives.append(f"contains(#text, :n{g}_{n})")
            clauses.append("(" + " OR ".join(alternatives) + ")")
        names = {"#text": "text"} if groups else {}
        if category_key is not None:
            clauses.append("#cat = :cat")
            values[":cat"] = category_key
            names["#cat"] = "category_key"
        if level is not None:
            clauses.append("#lvl = :lvl")
            values[":lvl"] = level
            names["#lvl"] = "level"
        where = {}
        if clauses:
            where = {
                "FilterExpression": " AND ".join(clauses),
                "ExpressionAttributeNames": names,
                "values": values,
            }
        return self._merge(streams, where, after=after, limit=limit, order=ORDERS[order])

    def _counts(self, words: list[str]) -> dict[str, tuple[int, int]]:
        keys = [_vocab_key(w) for w in dict.fromkeys(words)]
        found = batch_get(self.resource, self.table.name, keys)
        counts = {item["sk"]: usage(item) for item in found}
        return {w: counts.get(w, (0, 0)) for w in words}

    def _completions(self, stem: str) -> tuple[dict[str, tuple[int, int]], bool]:
        """The typed word and the most-used words starting with it (with their usage), and
        whether those are all the used words starting with it."""
        answer = self.table.query(
            KeyConditionExpression="pk = :pk AND begins_with(sk, :stem)",
            ExpressionAttributeValues={":pk": f"VOCAB#{stem[:2]}", ":stem": stem},
            Limit=_VOCAB_READ,
        )
        counts = {item["sk"]: usage(item) for item in answer["Items"]}
        others = [w for w in counts if w != stem and counts[w][0] > 0]
        chosen = [stem, *sorted(others, key=counts.get, reverse=True)[: MAX_COMPLETIONS - 1]]
        every = len(others) < MAX_COMPLETIONS and "LastEvaluatedKey" not in answer
        return {w: counts.get(w, (0, 0)) for w in chosen}, every

    def _plan(
        self, words: list[str], *, prefix: bool, pairs: bool
    ) -> tuple[list[str], list[list[str]]]:
        """Which postings to read (partition keys) and, for each word they do not already
        guarantee, the needles a posting's text must contain one of (its spellings)."""
        exact, last = words[:-1], words[-1]
        prefix = prefix and len(last) >= 2
        whole = exact if prefix else words
        counts = self._counts(whole)
        # each word: (its spellings with their usage, needles, spellings cover every match)
        groups: list[tuple[dict[str, tuple[int, int]], list[str], bool]] = []
        for word in whole:
            spellings = {word: counts[word]}
            if counts[word][0] == 0 and len(word) >= TYPO_MIN_CHARS:
                spellings = typo_fixes(self.table, word) or spellings  # "pyhton" finds python
            groups.append((spellings, [f" {w} " for w in spellings], True))
        if prefix:
            completions, every = self._completions(last)
            needles = [f" {last}"]
            if not any(n for n, _ in completions.values()) and len(last) >= TYPO_MIN_CHARS:
                fixes = typo_fixes(self.table, last)
                if fixes:
                    completions, needles, every = fixes, [f" {w} " for w in fixes], True
            groups.append((completions, needles, every))
        ranked = sorted(range(len(groups)), key=lambda i: sum(n for n, _ in groups[i][0].values()))
        chosen = ranked[:1]
        streams = [f"WORD#{w}" for w in groups[ranked[0]][0]]
        if pairs and len(ranked) > 1:
            first, second = groups[ranked[0]], groups[ranked[1]]
            paired = _pair_streams(first, second) or _pair_streams(second, first)
            if paired:
                chosen, streams = ranked[:2], paired
        others = [needles for i, (_, needles, _) in enumerate(groups) if i not in chosen]
        return streams, others

    def refresh_popularity(self, course: dict | None) -> None:
        """Re-key a published course's postings by its current enrolled_count (best effort:
        a missed one is corrected by the next enrolment or edit of the course)."""
        if not course or not course.get("published"):
            return
        key = popularity_key(course.get("enrolled_count"), course["rank"])
        for word in course.get("words", []):
            try:
                self.table.update_item(
                    Key={"pk": f"WORD#{word}", "sk": course["rank"]},
                    UpdateExpression="SET psk = :p",
                    ConditionExpression="attribute_exists(pk)",  # never revive a posting
                    ExpressionAttributeValues={":p": key},
                )
            except ClientError as error:
                if not condition_failed(error):
                    raise

    def _query(self, pk: str, *, after, where: dict, limit: int, order: tuple) -> dict:
        index, key, descending = order
        condition = f"pk = :pk AND {key} {'<' if descending else '>'} :after"
        if after is None:
            condition = "pk = :pk"
        values = {":pk": pk, **({":after": after} if after is not None else {})}
        kwargs = {"ScanIndexForward": not descending, "Limit": limit + 1}
        if index:
            kwargs["IndexName"] = index
        if where:
            # A filter may drop postings after they are read: read more per round trip.
            kwargs["Limit"] = max(limit + 1, _FILTERED_READ)
            kwargs["FilterExpression"] = where["FilterExpression"]
            kwargs["ExpressionAttributeNames"] = where["ExpressionAttributeNames"]
            values.update(where["values"])
        return self.table.query(
            KeyConditionExpression=condition, ExpressionAttributeValues=values, **kwargs
        )

    def _merge(self, streams: list[str], where: dict, *, after, limit: int, order: tuple):
        """Merge the streams in `order`; emit only keys no unread posting could precede."""
        key, descending = order[1], order[2]
        cursors = {pk: after for pk in streams}
        open_streams = set(streams)
        found: dict[str, str] = {}
        ready: list[str] = []
        # descending: a stream's unread postings sort below its last key, so the highest
        # last key bounds them all (ascending: the lowest)
        bound = max if descending else min
        for _ in range(_MAX_ROUNDS):
            frontier = None
            for pk in sorted(open_streams):
                answer = self._query(pk, after=cursors[pk], where=where, limit=limit, order=order)
                found.update((item[key], item["course_id"]) for item in answer["Items"])
                last = answer.get("LastEvaluatedKey")
                if last:
                    cursors[pk] = last[key]
                    frontier = last[key] if frontier is None else bound(frontier, last[key])
                else:
                    open_streams.discard(pk)
            ready = sorted(
                (r for r in found if _before(r, frontier, descending)), reverse=descending
            )
            if len(ready) > limit or not open_streams:
                break
        if len(ready) > limit:
            return [found[r] for r in ready[:limit]], ready[limit - 1]
        return [found[r] for r in ready], (frontier if open_streams else None)
