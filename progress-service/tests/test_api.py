"""/api/progress: heartbeats, resume points, course progress and "continue watching"."""

import base64
import json
import uuid

import pytest
from progress_service import bitmap
from service_kit.testing import assert_problem

PREFIX = "/api/progress"
COURSE = "c0ffee00c0ffee00c0ffee00c0ffee01"
# Ids as the platform mints them (the kit's `<id:...>` rule): 32 hex digits.
SHORT = f"{42:032x}"  # a 3-second video


@pytest.fixture
def alice_id():
    """A student enrolled in COURSE."""
    return f"alice-{uuid.uuid4().hex[:6]}"


@pytest.fixture
def alice(tokens, alice_id, platform):
    """Alice's headers; COURSE exists with two ready videos and one processing."""
    platform.course(COURSE, enrolled={alice_id, "bob"})
    platform.video("00000000000000000000000000000001", COURSE)
    platform.video("00000000000000000000000000000002", COURSE)
    platform.video("00000000000000000000000000000003", COURSE, status="processing")
    return tokens.headers(alice_id)


@pytest.fixture
def bob(tokens):
    """Another enrolled student."""
    return tokens.headers("bob")


@pytest.fixture(autouse=True)
def _clock(clock):
    """Every test here runs on the hand-moved clock."""
    return clock


def beat(
    client,
    headers,
    video="00000000000000000000000000000001",
    *,
    watched=(),
    position=0.0,
    duration=100.0,
    course=COURSE,
    wait=60.0,
):
    """Send one heartbeat `wait` seconds of wall-clock time after the previous; the response."""
    client.application.extensions["progress.clock"].advance(wait)
    body = {"course_id": course, "position_s": position, "duration_s": duration}
    if watched is not None:
        body["watched"] = [list(span) for span in watched]
    return client.put(f"{PREFIX}/videos/{video}", json=body, headers=headers)


def start(client, headers, video="00000000000000000000000000000001"):
    """A first heartbeat with nothing played yet (the player starting), as a baseline."""
    assert beat(client, headers, video, watched=None).status_code == 200


def progress_of(client, headers, video="00000000000000000000000000000001"):
    """The progress object of a successful heartbeat or GET."""
    response = client.get(f"{PREFIX}/videos/{video}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["progress"]


def test_put_progress_first_heartbeat_is_200_with_progress(client, alice):
    response = beat(client, alice, watched=[(0, 10)], position=10)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    progress = response.get_json()["progress"]
    assert (
        progress["video_id"] == "00000000000000000000000000000001"
        and progress["course_id"] == COURSE
    )
    assert progress["position_s"] == 10 and progress["duration_s"] == 100
    assert progress["watched_s"] == 10 and progress["percent"] == 10
    assert progress["completed"] is False
    assert progress["updated_at"].endswith("Z")


def test_put_progress_counts_the_union_of_spans(client, alice):
    beat(client, alice, watched=[(0, 10)])
    progress = beat(client, alice, watched=[(5, 20), (30, 35)]).get_json()["progress"]
    assert progress["watched_s"] == 25


def test_put_progress_seeking_ahead_is_not_watching(client, alice):
    beat(client, alice, watched=[(0, 5)], position=5)
    progress = beat(client, alice, watched=[], position=95).get_json()["progress"]
    assert progress["position_s"] == 95
    assert progress["watched_s"] == 5 and progress["completed"] is False


def test_put_progress_replayed_heartbeat_changes_nothing(client, alice):
    first = beat(client, alice, watched=[(0, 30)], position=30).get_json()["progress"]
    again = beat(client, alice, watched=[(0, 30)], position=30).get_json()["progress"]
    assert again["watched_s"] == first["watched_s"] == 30


def test_put_progress_out_of_order_heartbeats_keep_coverage(client, alice):
    beat(client, alice, watched=[(20, 40)], position=40)
    progress = beat(client, alice, watched=[(0, 20)], position=20).get_json()["progress"]
    assert progress["watched_s"] == 40
    assert progress["position_s"] == 20  # the resume point is the last heartbeat received


def test_put_progress_completes_at_90_percent(client, alice):
    start(client, alice, "00000000000000000000000000000001")
    progress = beat(client, alice, watched=[(0, 89)]).get_json()["progress"]
    assert progress["completed"] is False
    progress = beat(client, alice, watched=[(89, 90)]).get_json()["progress"]
    assert progress["completed"] is True and progress["percent"] == 90
    assert progress["completed_at"]
    assert progress_of(client, alice)["completed"] is True


def test_put_progress_completion_never_reverts(client, alice):
    start(client, alice)
    beat(client, alice, watched=[(0, 95)])
    # Replayed and out-of-order heartbeats, and a client's longer duration, change nothing.
    beat(client, alice, watched=[(0, 95)], wait=0)
    progress = beat(client, alice, watched=[(10, 12)], duration=1000, wait=0).get_json()
    assert progress["progress"]["completed"] is True
    assert progress["progress"]["duration_s"] == 100 and progress["progress"]["watched_s"] == 95
    assert progress_of(client, alice)["completed"] is True


def test_put_progress_caps_percent_at_100(client, alice):
    start(client, alice, "00000000000000000000000000000001")
    progress = beat(client, alice, watched=[(0, 105)], duration=100).get_json()["progress"]
    assert progress["percent"] == 100 and progress["watched_s"] == 100


def test_put_progress_zero_duration_is_zero_percent(client, alice, platform):
    platform.video("00000000000000000000000000000000", COURSE, duration_s=0.0)
    progress = beat(
        client, alice, "00000000000000000000000000000000", watched=[(0, 2)], duration=2
    ).get_json()["progress"]
    assert progress["percent"] == 0 and progress["completed"] is False


def test_put_progress_without_watched_sets_resume_point(client, alice):
    progress = beat(client, alice, watched=None, position=42.5).get_json()["progress"]
    assert progress["position_s"] == 42.5 and progress["watched_s"] == 0


def test_put_progress_not_enrolled_is_403(client, tokens, alice):
    assert_problem(beat(client, tokens.headers("stranger"), watched=[(0, 1)]), 403)


def test_put_progress_owner_may_record(client, tokens, alice, platform):
    platform.course("0000000000000000000000000000000b", owner="teacher")
    platform.video("0000000000000000000000000000000a", "0000000000000000000000000000000b")
    response = beat(
        client,
        tokens.headers("teacher"),
        "0000000000000000000000000000000a",
        course="0000000000000000000000000000000b",
    )
    assert response.status_code == 200


def test_put_progress_unknown_course_is_404(client, alice):
    assert_problem(beat(client, alice, course="no-such-course"), 404)


def test_put_progress_unknown_video_is_404(client, alice):
    assert_problem(beat(client, alice, "no-such-video"), 404)


def test_put_progress_video_of_another_course_is_422(client, alice, platform):
    platform.course("0000000000000000000000000000000c", enrolled={"x"})
    platform.video("0000000000000000000000000000000d", "0000000000000000000000000000000c")
    body = assert_problem(beat(client, alice, "0000000000000000000000000000000d"), 422)
    assert "course_id" in body["errors"]


def test_put_progress_asks_video_service_once_per_video(client, alice, platform):
    for second in range(5):
        beat(client, alice, watched=[(second, second + 1)])
    assert platform.video_calls == 1


def test_put_progress_common_path_reads_once_and_writes_one_chunk(client, alice, dynamodb):
    beat(client, alice, watched=[(0, 5)])
    calls = []
    dynamodb.meta.client.meta.events.register(
        "before-call.dynamodb",
        lambda model, params, **_: calls.append((model.name, json.loads(params["body"]))),
    )
    beat(client, alice, watched=[(5, 10)], position=10)
    on_progress = [(n, p) for n, p in calls if "progress-analytics" not in json.dumps(p)[:300]]
    assert [name for name, _ in on_progress] == ["BatchGetItem", "PutItem", "UpdateItem"]
    # analytics: one counter item (the shard of the bucket group) and the roster row
    assert [name for name, _ in calls[3:]] == ["UpdateItem", "UpdateItem"]
    calls = on_progress
    # the chunk is put whole (225 bytes of bitmap), the meta item returns only itself
    assert len(base64.b64decode(calls[1][1]["Item"]["b"]["B"])) == bitmap.CHUNK_BYTES
    assert " cells" not in calls[2][1]["UpdateExpression"]
    assert "b" not in calls[2][1]["ExpressionAttributeValues"].get(":n", {})


VALID = {"course_id": COURSE, "position_s": 1, "duration_s": 10}
DROP = object()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"course_id": DROP}, "course_id"),
        ({"position_s": DROP}, "position_s"),
        ({"duration_s": DROP}, "duration_s"),
        ({"position_s": -1}, "position_s"),
        ({"duration_s": -1}, "duration_s"),
        ({"duration_s": 10**6}, "duration_s"),
        ({"position_s": 99}, "position_s"),
        ({"position_s": "1"}, "position_s"),
        ({"position_s": True}, "position_s"),
        ({"watched": [[5, 2]]}, "watched"),
        ({"watched": [[2, 2]]}, "watched"),
        ({"watched": [[0, 60]]}, "watched"),
        ({"watched": [[-1, 2]]}, "watched.0.0"),
        ({"watched": [[1]]}, "watched.0.1"),
        ({"watched": "0-5"}, "watched"),
        ({"duration_s": 999, "watched": [[0, 1]] * 101}, "watched"),
        ({"user_id": "bob"}, "user_id"),
        ({"course_id": ""}, "course_id"),
        ({"course_id": "a/b"}, "course_id"),
    ],
)
def test_put_progress_invalid_body_is_422_naming_the_field(client, alice, changes, field):
    body = {k: v for k, v in {**VALID, **changes}.items() if v is not DROP}
    response = client.put(
        f"{PREFIX}/videos/00000000000000000000000000000001", json=body, headers=alice
    )
    assert field in assert_problem(response, 422)["errors"]


def test_put_progress_non_finite_number_is_422(client, alice):
    response = client.put(
        f"{PREFIX}/videos/00000000000000000000000000000001",
        data=f'{{"course_id": "{COURSE}", "position_s": NaN, "duration_s": 10}}',
        content_type="application/json",
        headers=alice,
    )
    assert "position_s" in assert_problem(response, 422)["errors"]


def test_get_progress_without_heartbeat_is_404(client, alice):
    assert_problem(
        client.get(f"{PREFIX}/videos/00000000000000000000000000000001", headers=alice), 404
    )


def test_get_progress_returns_resume_point(client, alice):
    beat(client, alice, watched=[(0, 12)], position=12.25)
    progress = progress_of(client, alice)
    assert progress["position_s"] == 12.25 and progress["watched_s"] == 12


def test_another_user_never_reads_or_changes_my_progress(client, alice, bob):
    start(client, alice)
    beat(client, alice, watched=[(0, 50)], position=50)
    assert_problem(
        client.get(f"{PREFIX}/videos/00000000000000000000000000000001", headers=bob), 404
    )
    start(client, bob)
    beat(client, bob, watched=[(0, 100)], position=0)
    mine = progress_of(client, alice)
    assert mine["position_s"] == 50 and mine["watched_s"] == 50 and not mine["completed"]
    recent = client.get(f"{PREFIX}/recent", headers=bob).get_json()["items"]
    assert recent == []  # bob completed his; alice's never shows in his list
    course = client.get(f"{PREFIX}/courses/{COURSE}", headers=bob).get_json()
    assert course["completed_videos"] == 1
    assert [p["watched_s"] for p in course["videos"]] == [100]


def test_get_course_progress_counts_ready_videos(client, alice, platform):
    start(client, alice, "00000000000000000000000000000001")
    beat(client, alice, "00000000000000000000000000000001", watched=[(0, 100)])
    beat(client, alice, "00000000000000000000000000000002", watched=[(0, 10)])
    assert_problem(
        beat(client, alice, "00000000000000000000000000000003", watched=[(0, 10)]), 409
    )  # processing
    response = client.get(f"{PREFIX}/courses/{COURSE}", headers=alice)
    assert response.status_code == 200
    body = response.get_json()
    assert body["course_id"] == COURSE
    assert body["total_videos"] == 2 and body["completed_videos"] == 1
    assert body["percent"] == 50
    assert [p["video_id"] for p in body["videos"]] == [
        "00000000000000000000000000000001",
        "00000000000000000000000000000002",
    ]


def test_get_course_progress_without_any_is_zero(client, alice):
    body = client.get(f"{PREFIX}/courses/{COURSE}", headers=alice).get_json()
    assert body == {
        "course_id": COURSE,
        "completed_videos": 0,
        "total_videos": 2,
        "percent": 0,
        "videos": [],
    }


def test_get_course_progress_unknown_course_is_404(client, alice):
    assert_problem(client.get(f"{PREFIX}/courses/nope", headers=alice), 404)


def test_list_recent_is_unfinished_newest_first(client, alice, platform):
    platform.video("00000000000000000000000000000004", COURSE)
    beat(client, alice, "00000000000000000000000000000001", watched=[(0, 5)])
    beat(client, alice, "00000000000000000000000000000002", watched=[(0, 5)])
    beat(client, alice, "00000000000000000000000000000004", watched=[(0, 5)])
    beat(
        client, alice, "00000000000000000000000000000001", watched=[(5, 6)]
    )  # v1 is now the most recent
    beat(
        client, alice, "00000000000000000000000000000002", watched=[(0, 100)]
    )  # v2 completed: leaves the list
    response = client.get(f"{PREFIX}/recent", headers=alice)
    assert response.status_code == 200
    assert [p["video_id"] for p in response.get_json()["items"]] == [
        "00000000000000000000000000000001",
        "00000000000000000000000000000004",
    ]
    limited = client.get(f"{PREFIX}/recent", query_string={"limit": 1}, headers=alice)
    assert [p["video_id"] for p in limited.get_json()["items"]] == [
        "00000000000000000000000000000001"
    ]


def test_list_recent_completed_video_rewatched_stays_out(client, alice):
    start(client, alice)
    beat(client, alice, watched=[(0, 100)])
    beat(client, alice, watched=[(0, 10)], position=10)
    assert client.get(f"{PREFIX}/recent", headers=alice).get_json()["items"] == []
    assert progress_of(client, alice)["position_s"] == 10


@pytest.mark.parametrize("limit", ["0", "101", "x"])
def test_list_recent_bad_limit_is_400(client, alice, limit):
    response = client.get(f"{PREFIX}/recent", query_string={"limit": limit}, headers=alice)
    assert "limit" in assert_problem(response, 400)["errors"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "/videos/00000000000000000000000000000001"),
        ("GET", "/videos/00000000000000000000000000000001"),
        ("GET", f"/courses/{COURSE}"),
        ("GET", "/recent"),
    ],
)
def test_every_route_needs_a_token(client, method, path):
    assert_problem(client.open(PREFIX + path, method=method, json={}), 401)


def test_put_progress_takes_the_duration_from_the_video(client, alice, platform):
    # The review's heartbeat on a 3-second video: it claims 12 hours.
    platform.video(SHORT, COURSE, duration_s=3.0)
    body = {"course_id": COURSE, "position_s": 43200, "duration_s": 43200, "watched": [[0, 43200]]}
    response = client.put(f"{PREFIX}/videos/{SHORT}", json=body, headers=alice)
    assert response.status_code == 200
    progress = response.get_json()["progress"]
    assert progress["duration_s"] == 3 and progress["watched_s"] == 3
    assert progress["position_s"] == 3


def test_put_progress_stores_no_cell_past_the_video(client, alice, platform, store):
    platform.video(SHORT, COURSE, duration_s=3.0)
    body = {"course_id": COURSE, "position_s": 1, "duration_s": 43200, "watched": [[0, 43200]]}
    client.put(f"{PREFIX}/videos/{SHORT}", json=body, headers=alice)
    user_id = next(iter(platform.courses[COURSE]["enrolled"] - {"bob"}))
    item = store.progress.get_item(Key={"pk": f"USER#{user_id}", "sk": f"VIDEO#{SHORT}"})["Item"]
    chunk = store.progress.get_item(Key={"pk": f"USER#{user_id}", "sk": f"VIDEO#{SHORT}#C00"})
    assert bitmap.offsets(bytes(chunk["Item"]["b"].value)) == {0, 1, 2}
    assert item["duration_s"] == 3 and item["watched_cells"] == 3


def test_put_progress_first_heartbeat_credits_only_an_allowance(client, alice):
    progress = beat(client, alice, watched=[(0, 100)], position=100).get_json()["progress"]
    assert progress["watched_s"] == 30 and progress["completed"] is False


def test_put_progress_credits_at_most_twice_the_wall_clock_time(client, alice):
    start(client, alice)
    # 10 s after the previous heartbeat: at most 2 x 10 + 5 s more, whatever is claimed
    progress = beat(client, alice, watched=[(0, 100)], wait=10).get_json()["progress"]
    assert progress["watched_s"] == 25
    # at once again: only the slack
    progress = beat(client, alice, watched=[(0, 100)], wait=0).get_json()["progress"]
    assert progress["watched_s"] == 30
    # honest playback at 2x keeps being credited in full
    progress = beat(client, alice, watched=[(30, 50)], wait=10).get_json()["progress"]
    assert progress["watched_s"] == 50 and progress["completed"] is False


def test_put_progress_video_not_ready_is_409(client, alice):
    assert_problem(beat(client, alice, "00000000000000000000000000000003", watched=[(0, 1)]), 409)
