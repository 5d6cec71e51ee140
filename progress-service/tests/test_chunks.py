"""Coverage chunks: cost independent of the video length, old items migrated, conflicts retried."""

from decimal import Decimal

from progress_service import bitmap, coverage, heartbeat

START_S = 1_800_000_000.0
HOURS_3 = 3 * 3600.0


def send(store, video_id, spans, *, at, duration=HOURS_3, user="u1", position=None):
    """One heartbeat straight to the store at wall-clock time `at`; (progress, change)."""
    return store.beat(
        user_id=user,
        video_id=video_id,
        course_id="c",
        position_s=position if position is not None else spans[-1][1] if spans else 0,
        duration_s=duration,
        cells=coverage.cells_of(spans),
        now=f"2026-01-01T00:{int(at) // 60 % 60:02d}:{int(at) % 60:02d}.000Z",
        now_s=START_S + at,
        fingerprint=coverage.fingerprint(spans),
    )


def chunk_items(store, user, video_id):
    """The user's coverage chunk items of one video."""
    return store.progress.query(
        KeyConditionExpression="pk = :pk AND begins_with(sk, :sk)",
        ExpressionAttributeValues={":pk": f"USER#{user}", ":sk": f"VIDEO#{video_id}#C"},
    )["Items"]


def test_heartbeat_late_in_a_long_video_writes_only_its_chunk(store, dynamodb):
    send(store, "v3h", [], at=0)
    writes = []
    dynamodb.meta.client.meta.events.register(
        "before-call.dynamodb",
        lambda model, **_: writes.append(model.name) if "Item" in model.name else None,
    )
    progress, change = send(store, "v3h", [(9000, 9010)], at=10)
    assert progress["watched_s"] == 10
    assert [c["sk"][-3:] for c in chunk_items(store, "u1", "v3h")] == ["C05"]
    assert writes == ["BatchGetItem", "PutItem", "UpdateItem"]
    assert change.credited == set(range(9000, 9010)) and change.new_buckets == {900}


def test_span_across_a_chunk_boundary_fills_both_chunks(store):
    send(store, "vb", [], at=0)
    progress, _ = send(store, "vb", [(1795, 1805)], at=10)
    assert progress["watched_s"] == 10
    found = {
        c["sk"][-3:]: bitmap.offsets(bytes(c["b"].value)) for c in chunk_items(store, "u1", "vb")
    }
    assert found == {"C00": {1795, 1796, 1797, 1798, 1799}, "C01": {0, 1, 2, 3, 4}}


def test_old_number_set_item_is_migrated_on_its_next_heartbeat(store):
    # An item as the previous code stored it: coverage as a Number Set on the item itself.
    store.progress.put_item(
        Item={
            "pk": "USER#old",
            "sk": "VIDEO#vold",
            "video_id": "vold",
            "course_id": "c",
            "position_s": Decimal(40),
            "duration_s": Decimal(3600),
            "updated_at": "2026-01-01T00:00:00.000Z",
            "created_at": "2026-01-01T00:00:00.000Z",
            "beat_at": Decimal(str(START_S)),
            "cells": set(range(0, 40)) | {1800, 1801},
            "gsi1pk": "USER#old#COURSE#c",
            "gsi1sk": "VIDEO#vold",
            "gsi2pk": "USER#old",
            "gsi2sk": "2026-01-01T00:00:00.000Z#vold",
        }
    )
    assert store.get(user_id="old", video_id="vold")["watched_s"] == 42  # readable as it is
    assert [p["video_id"] for p in store.list_recent(user_id="old", limit=5)] == ["vold"]
    progress, change = send(store, "vold", [(40, 50)], at=10, duration=3600, user="old")
    assert progress["watched_s"] == 52 and progress["position_s"] == 50
    item = store.progress.get_item(Key={"pk": "USER#old", "sk": "VIDEO#vold"})["Item"]
    assert "cells" not in item and item["watched_cells"] == 52
    bits = {
        c["sk"][-3:]: bitmap.offsets(bytes(c["b"].value)) for c in chunk_items(store, "old", "vold")
    }
    assert bits == {"C00": set(range(50)), "C01": {0, 1}}
    assert change.first_view and len(change.credited) == 52  # the analytics count it once
    again, change = send(store, "vold", [(40, 50)], at=20, duration=3600, user="old")
    assert again["watched_s"] == 52 and not change.credited
    assert [p["watched_s"] for p in store.list_course(user_id="old", course_id="c")] == [52]


def test_concurrent_write_to_the_same_chunk_is_retried_not_lost(store, monkeypatch):
    send(store, "vc", [], at=0)
    real = store.writer.read
    raced = []

    def read_then_race(user_id, video_id, chunks):
        found = real(user_id, video_id, chunks)
        if not raced:  # another heartbeat of the same viewer lands between read and write
            raced.append(True)
            send(store, "vc", [(100, 110)], at=5)
        return found

    monkeypatch.setattr(store.writer, "read", read_then_race)
    progress, change = send(store, "vc", [(0, 10)], at=20)
    assert progress["watched_s"] == 20
    assert change.credited == set(range(10))


def test_replayed_heartbeat_is_not_a_rewatch_but_a_second_viewing_is(store):
    send(store, "vr", [], at=0)
    send(store, "vr", [(0, 10)], at=10)
    _, replay = send(store, "vr", [(0, 10)], at=11)
    assert not replay
    _, out_of_order = send(store, "vr", [(20, 30)], at=30)
    assert out_of_order.rewatched == set()
    _, rewatch = send(store, "vr", [(1.5, 9.5)], at=40)
    assert rewatch.rewatched == {0} and not rewatch.credited
    _, twice = send(store, "vr", [(2.5, 8.5)], at=50)
    assert twice.rewatched == set()  # one learner counts once per bucket


def test_recent_order_follows_updated_at_within_the_refresh_window(store):
    send(store, "va", [(0, 5)], at=0, duration=100)
    send(store, "vb", [(0, 5)], at=60, duration=100)
    send(store, "va", [(5, 10)], at=120, duration=100)  # index key not refreshed (< 10 min)
    assert heartbeat.RECENT_REFRESH_S > 120
    assert [p["video_id"] for p in store.list_recent(user_id="u1", limit=1)] == ["va"]
    assert [p["video_id"] for p in store.list_recent(user_id="u1", limit=5)] == ["va", "vb"]


def recent_sk(store, video_id, user="u1"):
    """The "continue watching" index key of a user's video (None when it has none)."""
    item = store.progress.get_item(Key={"pk": f"USER#{user}", "sk": f"VIDEO#{video_id}"})["Item"]
    return item.get("gsi2sk")


def test_watching_on_in_one_video_never_moves_its_recent_entry(store, dynamodb):
    send(store, "vlong", [(0, 5)], at=0)
    first = recent_sk(store, "vlong")
    writes = []
    dynamodb.meta.client.meta.events.register(
        "before-call.dynamodb",
        lambda model, **_: writes.append(model.name) if "Item" in model.name else None,
    )
    later = heartbeat.RECENT_REFRESH_S + 60  # past the refresh interval, still the top video
    send(store, "vlong", [(5, 10)], at=later)
    assert writes == ["BatchGetItem", "PutItem", "UpdateItem"]
    assert recent_sk(store, "vlong") == first  # no index move: 2 WCU, not 4


def test_switching_videos_moves_the_entry_and_keeps_the_order(store):
    gap = heartbeat.RECENT_REFRESH_S + 60
    send(store, "va", [(0, 5)], at=0, duration=100)
    send(store, "vb", [(0, 5)], at=10, duration=100)
    send(store, "va", [(5, 10)], at=gap, duration=100)  # va was not on top: moved
    assert recent_sk(store, "va") > recent_sk(store, "vb")
    moved = recent_sk(store, "va")
    send(store, "va", [(10, 15)], at=2 * gap, duration=100)  # on top: stays
    assert recent_sk(store, "va") == moved
    send(store, "vb", [(5, 10)], at=3 * gap, duration=100)
    assert [p["video_id"] for p in store.list_recent(user_id="u1", limit=1)] == ["vb"]
    assert [p["video_id"] for p in store.list_recent(user_id="u1", limit=5)] == ["vb", "va"]
    send(store, "va", [(15, 20)], at=3 * gap + 30, duration=100)  # back within the window
    assert [p["video_id"] for p in store.list_recent(user_id="u1", limit=1)] == ["va"]
