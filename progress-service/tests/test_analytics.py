"""Instructor analytics: exact figures from overlapping, replayed, out-of-order and re-watched
heartbeats of several learners; the owner's and admins' viewing is not counted."""

import csv
import io

import pytest
from progress_service import analytics
from service_kit.testing import assert_problem

PREFIX = "/api/progress"
COURSE = "c0ffee00c0ffee00c0ffee00c0ffee02"
V1 = "000000000000000000000000000000a1"
V2 = "000000000000000000000000000000a2"
LEARNERS = ("ann", "ben", "cat")


@pytest.fixture
def course(platform):
    """COURSE, owned by `teacher`, three enrolled learners, two ready 100-second videos."""
    platform.course(COURSE, owner="teacher", enrolled=set(LEARNERS))
    platform.video(V1, COURSE)
    platform.video(V2, COURSE)
    return COURSE


@pytest.fixture(autouse=True)
def _clock(clock):
    return clock


def beat(client, headers, spans, *, video=V1, wait=60.0):
    """One heartbeat `wait` s of wall-clock time after the previous one."""
    client.application.extensions["progress.clock"].advance(wait)
    body = {
        "course_id": COURSE,
        "position_s": spans[-1][1] if spans else 0,
        "duration_s": 100,
        "watched": [list(s) for s in spans],
    }
    response = client.put(f"{PREFIX}/videos/{video}", json=body, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["progress"]


@pytest.fixture
def watched(client, tokens, course):
    """The viewing every test here starts from (see the expected figures below)."""
    ann, ben, cat = (tokens.headers(u) for u in LEARNERS)
    for headers in (ann, ben, cat):
        beat(client, headers, [])  # the player starting: the credit clock starts
    beat(client, ann, [(0, 30)])
    beat(client, ann, [(30, 60)])
    beat(client, ann, [(30, 60)], wait=1)  # replayed: nothing new, not a re-watch
    beat(client, ann, [(10, 25)])  # seeks back: re-watches buckets 1 and 2
    beat(client, ben, [(50, 70)])
    beat(client, ben, [(0, 20)])  # out of order
    beat(client, cat, [(0, 30)])
    beat(client, cat, [(20, 60)])  # overlaps her own first span by 10 s: re-watch bucket 2
    assert beat(client, cat, [(60, 95)])["completed"] is True
    teacher = tokens.headers("teacher")
    admin = tokens.headers("root", role="admin")
    beat(client, teacher, [])
    beat(client, teacher, [(0, 50)])
    beat(client, admin, [])
    beat(client, admin, [(0, 100)])
    return {"ann": ann, "ben": ben, "cat": cat, "teacher": teacher, "admin": admin}


def video_analytics(client, headers, video=V1):
    response = client.get(f"{PREFIX}/videos/{video}/analytics", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_video_analytics_counts_distinct_learners_exactly(client, watched):
    body = video_analytics(client, watched["teacher"])
    assert body["video_id"] == V1 and body["course_id"] == COURSE and body["duration_s"] == 100
    assert body["viewers"] == 3 and body["completed_viewers"] == 1
    assert body["watch_time_s"] == 60 + 40 + 95
    assert body["retention"] == {"bucket_s": 10, "viewers": [3, 3, 2, 2, 2, 3, 2, 1, 1, 1]}
    assert body["rewatches"]["viewers"] == [0, 1, 2, 0, 0, 0, 0, 0, 0, 0]
    assert body["hot_spots"] == [{"from_s": 10, "to_s": 30, "learners": 2}]


def test_video_analytics_is_the_same_for_admins(client, watched):
    assert video_analytics(client, watched["admin"]) == video_analytics(client, watched["teacher"])


def test_replaying_every_heartbeat_changes_no_figure(client, watched):
    before = video_analytics(client, watched["teacher"])
    beat(client, watched["ann"], [(0, 30)], wait=1)
    beat(client, watched["ben"], [(50, 70)], wait=1)
    beat(client, watched["cat"], [(60, 95)], wait=1)
    assert video_analytics(client, watched["teacher"]) == before


def test_video_without_any_viewing_has_zero_figures(client, tokens, course):
    body = video_analytics(client, tokens.headers("teacher"), V2)
    assert body["viewers"] == 0 and body["watch_time_s"] == 0 and body["hot_spots"] == []
    assert body["retention"]["viewers"] == [0] * 10


def test_course_analytics_funnel_and_videos(client, watched):
    body = client.get(f"{PREFIX}/courses/{COURSE}/analytics", headers=watched["teacher"]).get_json()
    assert (body["learners"], body["started"], body["completed"]) == (3, 3, 0)
    assert [
        (v["video_id"], v["viewers"], v["completed_viewers"], v["watch_time_s"])
        for v in body["videos"]
    ] == [
        (V1, 3, 1, 195),
        (V2, 0, 0, 0),
    ]
    beat(client, watched["cat"], [], video=V2)
    beat(client, watched["cat"], [(0, 92)], video=V2, wait=60)
    body = client.get(f"{PREFIX}/courses/{COURSE}/analytics", headers=watched["admin"]).get_json()
    assert body["completed"] == 1
    assert body["videos"][1] == {
        "video_id": V2,
        "title": "Video a2",
        "duration_s": 100,
        "viewers": 1,
        "completed_viewers": 1,
        "watch_time_s": 92,
    }


def test_learners_page_and_cursor(client, watched):
    url = f"{PREFIX}/courses/{COURSE}/learners"
    first = client.get(url, query_string={"limit": 2}, headers=watched["teacher"]).get_json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = client.get(
        url, query_string={"limit": 2, "cursor": first["next_cursor"]}, headers=watched["teacher"]
    ).get_json()
    rows = {r["user_id"]: r for r in first["items"] + rest["items"]}
    assert set(rows) == set(LEARNERS) and rest["next_cursor"] is None
    assert rows["cat"] == {
        "user_id": "cat",
        "display_name": "Name of cat",
        "completed_videos": 1,
        "total_videos": 2,
        "percent": 50,
        "watched_s": 95,
        "last_activity_at": rows["cat"]["last_activity_at"],
    }
    assert rows["ann"]["watched_s"] == 60 and rows["ben"]["watched_s"] == 40
    assert rows["ann"]["last_activity_at"].endswith("Z")


@pytest.mark.parametrize(
    ("query", "headers"), [({"format": "csv"}, {}), ({}, {"Accept": "text/csv"})]
)
def test_learners_as_csv(client, watched, query, headers):
    response = client.get(
        f"{PREFIX}/courses/{COURSE}/learners",
        query_string=query,
        headers={**watched["admin"], **headers},
    )
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert sorted((r["user_id"], r["watched_s"], r["completed_videos"]) for r in rows) == [
        ("ann", "60.0", "0"),
        ("ben", "40.0", "0"),
        ("cat", "95.0", "1"),
    ]


def test_learners_bad_query_is_400(client, watched):
    response = client.get(
        f"{PREFIX}/courses/{COURSE}/learners",
        query_string={"format": "xml"},
        headers=watched["teacher"],
    )
    assert "format" in assert_problem(response, 400)["errors"]


@pytest.mark.parametrize(
    "path",
    [f"/videos/{V1}/analytics", f"/courses/{COURSE}/analytics", f"/courses/{COURSE}/learners"],
)
def test_students_get_403(client, watched, path):
    assert_problem(client.get(PREFIX + path, headers=watched["ann"]), 403)


def test_unknown_course_is_404(client, tokens, course):
    missing = "0000000000000000000000000000dead"
    assert_problem(
        client.get(f"{PREFIX}/courses/{missing}/analytics", headers=tokens.headers("teacher")), 404
    )


def test_hot_video_counters_are_sharded_and_summed(client, tokens, platform, store):
    many = [f"learner{n:02d}" for n in range(40)]
    platform.course(COURSE, owner="teacher", enrolled=set(many))
    platform.video(V1, COURSE)
    for user in many:
        beat(client, tokens.headers(user), [])
        beat(client, tokens.headers(user), [(0, 10)])
    table = store.tables["analytics"]
    items = table.query(
        KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": f"VIDEO#{V1}"}
    )["Items"]
    assert len(items) == len({analytics.shard_of(u) for u in many}) > 1
    body = video_analytics(client, tokens.headers("teacher"))
    assert body["viewers"] == 40 and body["retention"]["viewers"][0] == 40


def test_analytics_off_counts_nothing(client, tokens, course, app, store):
    import dataclasses

    app.extensions["dread.settings"] = dataclasses.replace(
        app.extensions["dread.settings"], analytics=False
    )
    beat(client, tokens.headers("ann"), [])
    beat(client, tokens.headers("ann"), [(0, 10)])
    assert video_analytics(client, tokens.headers("teacher"))["viewers"] == 0
