"""Internal export and purge of one user's progress (service tokens only)."""

import uuid


def test_export_then_purge_removes_the_users_progress(app, client, tokens):
    table = app.extensions["progress.store"].progress
    user_id, video_id = uuid.uuid4().hex, uuid.uuid4().hex
    item = {"pk": f"USER#{user_id}", "sk": f"VIDEO#{video_id}", "video_id": video_id,
            "course_id": "c1", "position_s": 5, "duration_s": 60, "cells": {1, 2, 3},
            "updated_at": "2026-01-01T00:00:00Z"}  # fmt: skip
    table.put_item(Item=item)
    path = f"/internal/progress/users/{user_id}"
    exported = client.get(f"{path}/export", headers=tokens.service_headers())
    assert exported.status_code == 200
    assert [p["video_id"] for p in exported.get_json()["data"]["progress"]] == [video_id]
    assert client.delete(path, headers=tokens.service_headers()).status_code == 204
    assert (
        table.get_item(Key={"pk": f"USER#{user_id}", "sk": f"VIDEO#{video_id}"}).get("Item") is None
    )
