"""Internal export and anonymisation of one user's forum data (service tokens only)."""

import uuid

COURSE = "c0ffee00c0ffee00c0ffee00c0ffee0a"


def _cast(forum, platform, tokens):
    leaver, stayer = uuid.uuid4().hex, uuid.uuid4().hex
    platform.course(COURSE, owner="teacher", enrolled={leaver, stayer})
    platform.names.update({leaver: "Leaving Lee", stayer: "Staying Sam"})
    for user in (leaver, stayer):
        forum.headers[user] = tokens.headers(user)
    return leaver, stayer


def test_export_lists_the_users_posts_votes_and_flags(forum, platform, tokens, client):
    leaver, stayer = _cast(forum, platform, tokens)
    thread = forum.thread(leaver, title="Mine", body="my words", course=COURSE)
    other = forum.thread(stayer, title="Theirs", course=COURSE)
    reply = forum.reply(other["id"], leaver, body="my reply")
    forum.request("PUT", f"/threads/{other['id']}/vote", leaver, json={"value": 1})
    forum.request("POST", f"/threads/{other['id']}/flags", leaver, json={"category": "spam"})
    response = client.get(
        f"/internal/forum/users/{leaver}/export", headers=tokens.service_headers()
    )
    assert response.status_code == 200
    data = response.get_json()["data"]
    assert [(t["id"], t["title"], t["body"]) for t in data["threads"]] == [
        (thread["id"], "Mine", "my words")
    ]
    assert [(r["id"], r["body"]) for r in data["replies"]] == [(reply["id"], "my reply")]
    assert data["votes"] == [{"post_id": other["id"]}]
    assert [(f["post_id"], f["category"]) for f in data["flags"]] == [(other["id"], "spam")]


def test_purge_shows_posts_as_deleted_user_and_keeps_counts(forum, platform, tokens, client):
    leaver, stayer = _cast(forum, platform, tokens)
    thread = forum.thread(leaver, title="Mine", course=COURSE)
    reply = forum.reply(thread["id"], leaver)
    forum.request("PUT", f"/threads/{thread['id']}/vote", leaver, json={"value": 1})
    forum.request("PUT", f"/threads/{thread['id']}/vote", stayer, json={"value": 1})
    forum.request("POST", f"/replies/{reply['id']}/flags", leaver, json={"reason": "oops"})
    path = f"/internal/forum/users/{leaver}"
    assert client.delete(path, headers=tokens.service_headers()).status_code == 204
    assert client.delete(path, headers=tokens.service_headers()).status_code == 204  # idempotent
    shown = forum.get_thread(thread["id"], stayer)
    assert shown["author_name"] == "Deleted user" and shown["author_deleted"] is True
    assert leaver not in str(shown) and "Leaving Lee" not in str(shown)
    assert shown["score"] == 2 and shown["title"] == "Mine"
    replies = forum.page(f"/threads/{thread['id']}/replies", stayer)["items"]
    assert replies[0]["author_name"] == "Deleted user" and leaver not in str(replies)
    exported = client.get(f"{path}/export", headers=tokens.service_headers()).get_json()["data"]
    assert exported == {
        "threads": [],
        "replies": [],
        "votes": [],
        "flags": [],
        "follows": [],
        "notifications": [],
    }
    kept = client.get(f"/internal/forum/users/{stayer}/export", headers=tokens.service_headers())
    assert kept.get_json()["data"]["votes"] == [{"post_id": thread["id"]}]


def test_user_tokens_cannot_export_or_purge(client, tokens):
    user_id = uuid.uuid4().hex
    headers = tokens.headers(user_id, "admin")
    assert client.delete(f"/internal/forum/users/{user_id}", headers=headers).status_code == 401
    assert client.get(f"/internal/forum/users/{user_id}/export", headers=headers).status_code == 401
