"""Internal export and purge of one user's watchlist (service tokens only)."""

import uuid


def _seed(app, user_id, count=3):
    store = app.extensions["watchlist.store"]
    for n in range(count):
        store.add(user_id=user_id, video_id=uuid.uuid4().hex, course_id=uuid.uuid4().hex,
                  title=f"Video {n}", added_at=f"2026-01-0{n + 1}T00:00:00Z")  # fmt: skip


def test_export_then_purge_leaves_nothing_of_the_user(app, client, tokens):
    user_id, other = uuid.uuid4().hex, uuid.uuid4().hex
    _seed(app, user_id)
    _seed(app, other, 1)
    path = f"/internal/watchlist/users/{user_id}"
    exported = client.get(f"{path}/export", headers=tokens.service_headers())
    assert exported.status_code == 200
    assert len(exported.get_json()["data"]["items"]) == 3
    assert client.delete(path, headers=tokens.service_headers()).status_code == 204
    assert client.delete(path, headers=tokens.service_headers()).status_code == 204  # idempotent
    again = client.get(f"{path}/export", headers=tokens.service_headers()).get_json()
    assert again["data"]["items"] == []
    kept = client.get(f"/internal/watchlist/users/{other}/export", headers=tokens.service_headers())
    assert len(kept.get_json()["data"]["items"]) == 1


def test_user_tokens_cannot_purge(client, tokens):
    user_id = uuid.uuid4().hex
    headers = tokens.headers(user_id, "admin")
    assert client.delete(f"/internal/watchlist/users/{user_id}", headers=headers).status_code == 401
