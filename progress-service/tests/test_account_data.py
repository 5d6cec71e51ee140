"""Internal export and purge of one user's progress (service tokens only)."""

import uuid


def test_export_then_purge_removes_the_users_progress(app, client, tokens):
    table = app.extensions["progress.store"].progress
    user_id, video_id = uuid.uuid4().hex, uuid.uuid4().hex
    item = {"pk": f"USER#{user_id}", "sk": f"VIDEO#{video_id}", "video_id": video_id,
            "course_id": "c1", "position_s": 5, "duration_s": 60, "cells": {1, 2, 3},
            "updated_at": "2026-01-01T00:00:00Z"}  # fmt: skip
    table.put_item(Item=item)
    table.put_item(Item={"pk": f"USER#{user_id}", "sk": "RECENT", "video_id": video_id})
    path = f"/internal/progress/users/{user_id}"
    exported = client.get(f"{path}/export", headers=tokens.service_headers())
    assert exported.status_code == 200
    assert [p["video_id"] for p in exported.get_json()["data"]["progress"]] == [video_id]
    assert client.delete(path, headers=tokens.service_headers()).status_code == 204
    left = table.query(
        KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": f"USER#{user_id}"}
    )["Items"]
    assert left == []  # the progress item and the "recent" item naming the video


def test_purge_leaves_the_course_figures_with_an_anonymous_roster_row(app, client, tokens):
    from progress_service import analytics, deps

    with app.app_context():
        store = deps.analytics()
    table = app.extensions["progress.store"].progress
    leaving, staying, video_id = uuid.uuid4().hex, uuid.uuid4().hex, uuid.uuid4().hex
    course_id = uuid.uuid4().hex
    for user_id, watched in ((leaving, 40), (staying, 25)):
        table.put_item(Item={"pk": f"USER#{user_id}", "sk": f"VIDEO#{video_id}",
                             "video_id": video_id, "course_id": course_id, "position_s": 5,
                             "duration_s": 60, "updated_at": "2026-01-01T00:00:00Z"})  # fmt: skip
        store.table.put_item(Item={"pk": f"COURSE#{course_id}", "sk": f"LEARNER#{user_id}",
                                   "user_id": user_id, "course_id": course_id,
                                   "watched_s": watched, f"w_{video_id}": watched,
                                   f"c_{video_id}": 1, "completed_videos": 1,
                                   "last_activity_at": "2026-01-01T00:00:00Z"})  # fmt: skip
    before = analytics.course_figures(store.roster(course_id=course_id), [video_id])

    path = f"/internal/progress/users/{leaving}"
    assert client.delete(path, headers=tokens.service_headers()).status_code == 204
    assert client.delete(path, headers=tokens.service_headers()).status_code == 204  # retried

    rows = store.roster(course_id=course_id)
    assert analytics.course_figures(rows, [video_id]) == before  # the same counts
    assert len(rows) == 2 and leaving not in str(rows)
    (gone,) = [row for row in rows if row.get("anonymous")]
    assert "last_activity_at" not in gone and int(gone["watched_s"]) == 40
    line = analytics.roster_row(gone, [video_id], {})
    assert line["display_name"] == "Deleted user" and line["watched_s"] == 40.0
