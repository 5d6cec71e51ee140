"""The heartbeat write: read the touched chunks → OR → conditional put, then the small meta item.

Per heartbeat (common path): one BatchGetItem (the meta item, the user's "recent" item and
the one or two chunks the spans fall in), one PutItem per chunk that gains bits (guarded by
the chunk's `ver`), one UpdateItem of the meta item (`ADD watched_cells`, position, times).
The whole coverage is never rewritten nor returned: a chunk is ≤ 225 bytes of bitmap
whatever the video's length.

"Continue watching" (gsi2, sorted by `<recent_at>#<vid>`) is moved at most every
RECENT_REFRESH_S, and never while the video is already the one the user last moved to the
top (the "recent" item names it): nothing was moved above it since, so moving it again would
not change the order. A learner watching one long lecture thus pays no index write at all;
switching videos pays one move (2 index WCU) and the "recent" item (1 WCU).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import service_kit as kit
from botocore.exceptions import ClientError
from service_kit.dynamo import condition_failed

from . import bitmap, coverage, items

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RECENT_REFRESH_S = 600.0  # "continue watching" order is refreshed at most every 10 minutes
REWATCH_MIN_CELLS = 3  # spans that merely touch old coverage share ≤ 1 cell at each end
FINGERPRINTS = 8  # recent heartbeats remembered per chunk, so a replay is not a re-watch
_FP_BYTES = 8


@dataclass
class Change:
    """What one heartbeat newly added: the figures the analytics counters grow by."""

    credited: set[int] = field(default_factory=set)  # cells newly covered
    new_buckets: set[int] = field(default_factory=set)  # buckets the learner had not touched
    rewatched: set[int] = field(default_factory=set)  # buckets newly marked as re-watched
    first_view: bool = False  # the learner's first watched second of this video
    completed: bool = False  # this heartbeat completed the video
    migrated: int = 0  # of `credited`, cells moved from an old item (already in its count)

    def __bool__(self) -> bool:
        return bool(self.credited or self.rewatched or self.first_view or self.completed)


class _Conflict(Exception):
    """A conditional chunk write lost to a concurrent heartbeat."""


def _buckets(offsets: set[int], chunk: int) -> set[int]:
    """Absolute retention buckets of chunk offsets."""
    base = chunk * bitmap.CHUNK_CELLS
    return {(base + offset) // bitmap.BUCKET_CELLS for offset in offsets}


class HeartbeatWriter:
    """Applies heartbeats to one progress table (low-level client: binary attributes)."""

    def __init__(self, table):
        self.table = table
        self.client = table.meta.client
        self.name = table.name

    def read(
        self, user_id: str, video_id: str, chunks
    ) -> tuple[dict | None, dict[int, dict], str | None]:
        """The meta item, the given chunks and the video on top of "continue watching",
        strongly consistent, in one BatchGetItem."""
        keys = [items.meta_key(user_id, video_id), items.recent_key(user_id)]
        keys += [items.chunk_key(user_id, video_id, c) for c in sorted(chunks)]
        found: list[dict] = []
        request = {self.name: {"Keys": keys, "ConsistentRead": True}}
        while request:
            answer = self.client.batch_get_item(RequestItems=request)
            found += answer["Responses"].get(self.name, [])
            request = answer.get("UnprocessedKeys") or {}
        meta, parts, top = None, {}, None
        for raw in found:
            tail = raw["sk"].rsplit("#", 1)[-1]
            if raw["sk"] == items.RECENT_SK:
                top = raw.get("video_id")
            elif raw["sk"].count("#") == 1:
                meta = raw
            else:
                parts[int(tail[1:])] = raw
        return meta, parts, top

    def record(
        self,
        *,
        user_id: str,
        video_id: str,
        course_id: str,
        position_s: float,
        duration_s: float,
        cells: set[int],
        now: str,
        now_s: float,
        fingerprint: bytes = b"",
    ) -> tuple[dict, Change]:
        """Merge one heartbeat, crediting at most the wall-clock budget; (meta item, change)."""
        change = Change()
        wanted = bitmap.split(cells)
        for _attempt in range(MAX_ATTEMPTS):
            meta, parts, top = self.read(user_id, video_id, wanted)
            if meta is not None and "cells" in meta:
                self._migrate(user_id, video_id, meta, change)
                continue
            beats = [p.get("beat") for p in parts.values()] + [(meta or {}).get("beat_at")]
            known = [float(b) for b in beats if b is not None]
            budget = coverage.budget_s(max(known) if known else None, now_s)
            held = set().union(
                *(items.chunk_cells(c, items.binary(p.get("b"))) for c, p in parts.items())
            )
            credit = coverage.credited(cells, held, budget)
            try:
                for chunk, claimed in sorted(wanted.items()):
                    self._merge_chunk(
                        user_id,
                        video_id,
                        chunk,
                        parts.get(chunk),
                        claimed,
                        credit,
                        fingerprint,
                        now_s,
                        change,
                    )
                break
            except _Conflict:
                continue
        else:
            raise kit.ServiceUnavailable("Too many concurrent heartbeats; try again.")
        item = self._write_meta(
            user_id, video_id, course_id, position_s, duration_s, now, now_s, meta, top, change
        )
        return item, change

    def _merge_chunk(
        self, user_id, video_id, chunk, part, claimed, credit, fingerprint, now_s, change
    ):
        """OR the credited cells (and re-watch marks) into one chunk, guarded by its version."""
        part = part or {}
        old_bits = items.binary(part.get("b"))
        old = bitmap.offsets(old_bits)
        base = chunk * bitmap.CHUNK_CELLS
        add = {c - base for c in credit if base <= c < base + bitmap.CHUNK_CELLS}
        fps = items.binary(part.get("fp"))
        known_fps = {fps[i : i + _FP_BYTES] for i in range(0, len(fps), _FP_BYTES)}
        marks_old = bitmap.offsets(items.binary(part.get("rw")))
        marks: set[int] = set()
        if fingerprint and fingerprint not in known_fps:
            per_bucket: dict[int, int] = {}
            for offset in claimed & old:
                per_bucket[offset // bitmap.BUCKET_CELLS] = (
                    per_bucket.get(offset // bitmap.BUCKET_CELLS, 0) + 1
                )
            marks = {b for b, n in per_bucket.items() if n >= REWATCH_MIN_CELLS} - marks_old
        if not add and not marks:
            return
        item = {
            **items.chunk_key(user_id, video_id, chunk),
            "b": bitmap.merge(old_bits, add),
            "ver": int(part.get("ver", 0)) + 1,
            "beat": items.seconds(now_s),
            "fp": (fingerprint + fps)[: FINGERPRINTS * _FP_BYTES] if fingerprint else fps,
        }
        if marks or marks_old:
            item["rw"] = bitmap.merge(items.binary(part.get("rw")), marks)[
                : bitmap.CHUNK_BUCKETS_BYTES
            ]
        if not item["fp"]:
            del item["fp"]
        condition = "ver = :ver" if part else "attribute_not_exists(pk)"
        values = {":ver": part["ver"]} if part else {}
        try:
            self.client.put_item(
                TableName=self.name,
                Item=item,
                ConditionExpression=condition,
                **({"ExpressionAttributeValues": values} if values else {}),
            )
        except ClientError as error:
            if condition_failed(error):
                raise _Conflict() from error
            raise
        change.credited |= {base + o for o in add}
        change.new_buckets |= _buckets(add, chunk) - _buckets(old, chunk)
        change.rewatched |= {chunk * bitmap.CHUNK_BUCKETS + b for b in marks}

    def _write_meta(
        self, user_id, video_id, course_id, position_s, duration_s, now, now_s, meta, top, change
    ):
        """Position, times and `ADD watched_cells`; the index keys only when they change."""
        sets = [
            "video_id = :vid",
            "course_id = :cid",
            "position_s = :pos",
            "duration_s = :dur",
            "updated_at = :now",
            "created_at = if_not_exists(created_at, :now)",
            "beat_at = :beat",
        ]
        values = {
            ":vid": video_id,
            ":cid": course_id,
            ":pos": items.seconds(position_s),
            ":dur": items.seconds(duration_s),
            ":now": now,
            ":beat": items.seconds(now_s),
            ":n": len(change.credited) - change.migrated,
        }
        if meta is None or "gsi1pk" not in meta:
            sets += ["gsi1pk = :g1pk", "gsi1sk = :g1sk"]
            values |= {":g1pk": f"USER#{user_id}#COURSE#{course_id}", ":g1sk": f"VIDEO#{video_id}"}
        recent = (meta or {}).get("gsi2sk", "").split("#", 1)[0]
        stale = recent < items.shifted(now, -RECENT_REFRESH_S) and top != video_id
        refresh = not (meta or {}).get("completed_at") and (not recent or stale)
        for with_recent in [True, False] if refresh else [False]:
            expression = "SET " + ", ".join(sets) + " ADD watched_cells :n"
            extra, condition = {}, {}
            if with_recent:  # a completed video never re-enters "continue watching"
                expression = expression.replace(" ADD", ", gsi2pk = :g2pk, gsi2sk = :g2sk ADD")
                extra = {":g2pk": f"USER#{user_id}", ":g2sk": f"{now}#{video_id}"}
                condition = {"ConditionExpression": "attribute_not_exists(completed_at)"}
            try:
                item = self.table.update_item(
                    Key=items.meta_key(user_id, video_id),
                    UpdateExpression=expression,
                    ExpressionAttributeValues={**values, **extra},
                    ReturnValues="ALL_NEW",  # the meta item only: small, never the coverage
                    **condition,
                )["Attributes"]
                if with_recent:  # later heartbeats of this video need not move it again
                    self.table.put_item(Item={**items.recent_key(user_id), "video_id": video_id})
                break
            except ClientError as error:
                if not (with_recent and condition_failed(error)):
                    raise
        if change.credited and int(item["watched_cells"]) == len(change.credited):
            change.first_view = True  # ADD is atomic: exactly one heartbeat sees 0 → n
        return item

    def _migrate(self, user_id: str, video_id: str, meta: dict, change: Change) -> None:
        """Move an old item's Number Set of cells into chunks (once, whoever gets there first)."""
        cells = {int(c) for c in meta["cells"]}
        beat = meta.get("beat_at", 0)
        for chunk, offsets in bitmap.split(cells).items():
            try:
                self.table.put_item(
                    Item={
                        **items.chunk_key(user_id, video_id, chunk),
                        "b": bitmap.to_bytes(offsets),
                        "ver": 1,
                        "beat": beat,
                    },
                    ConditionExpression="attribute_not_exists(pk)",
                )
            except ClientError as error:
                if not condition_failed(error):
                    raise  # else a concurrent heartbeat migrated this chunk: same bits
        try:
            self.table.update_item(
                Key=items.meta_key(user_id, video_id),
                UpdateExpression="SET watched_cells = :n REMOVE cells",
                ConditionExpression="attribute_exists(cells)",
                ExpressionAttributeValues={":n": len(cells)},
            )
        except ClientError as error:
            if condition_failed(error):
                return  # migrated concurrently; that heartbeat reports the change
            raise
        logger.info(
            "migrated %s cells of user %s video %s to chunks", len(cells), user_id, video_id
        )
        change.credited |= cells
        change.migrated = len(cells)
        change.new_buckets |= {c // bitmap.BUCKET_CELLS for c in cells}
        change.first_view = change.first_view or bool(cells)
        change.completed = change.completed or bool(meta.get("completed_at"))
