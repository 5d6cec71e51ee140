"""Follows, notifications, mentions and the fan-out worker's steps (moto tables).

The worker runs in-process here with one writer (moto is not thread-safe for
transactions); through NGINX with the real worker: tests/integration/test_forum_notify.py.
"""

import pytest
from forum_service import deps
from forum_service.fanout import Fanout
from service_kit.testing import assert_problem

COURSE = "c0ffee00c0ffee00c0ffee00c0ffee01"


@pytest.fixture
def worker(app):
    """Runs the fan-out inside the app, one chunk per event per pass."""

    class Worker:
        def __init__(self, chunk=100):
            with app.app_context():
                self.fanout = Fanout(
                    events=deps.events(),
                    follows=deps.follows(),
                    notifications=deps.notifications(),
                    chunk=chunk,
                    writers=1,
                )

        def drain(self, passes=50):
            for _ in range(passes):
                if not self.fanout.run_due():
                    return
            raise AssertionError("events still pending")

    return Worker


def _thread(forum, **kwargs):
    return forum.thread(**kwargs)


def _followers(forum, thread, count: int) -> None:
    """`count` users (user0, user1, …) follow the thread."""
    with forum.client.application.app_context():
        for n in range(count):
            deps.follows().follow(
                kind="thread", target_id=thread["id"], user_id=f"user{n}", course_id=COURSE
            )


def _reply(forum, thread, who="bob", body="Like this."):
    return forum.reply(thread["id"], who=who, body=body)


def _notes(forum, who):
    return forum.page("/notifications", who)["items"]


def _count(forum, who):
    response = forum.request("GET", "/notifications/unread-count", who)
    assert response.status_code == 200
    return response.get_json()["count"]


def test_follow_thread_put_is_200_and_idempotent(forum):
    thread = forum.thread()
    for _ in range(2):
        response = forum.request("PUT", f"/threads/{thread['id']}/follow", "bob")
        assert response.status_code == 200 and response.get_json() == {"following": True}
    assert forum.request("DELETE", f"/threads/{thread['id']}/follow", "bob").status_code == 204
    assert forum.request("DELETE", f"/threads/{thread['id']}/follow", "bob").status_code == 204


def test_follow_course_round_trip(forum):
    path = f"/courses/{COURSE}/follow"
    assert forum.page(path, "bob") == {"following": False}
    assert forum.request("PUT", path, "bob").status_code == 200
    assert forum.page(path, "bob") == {"following": True}
    assert forum.request("DELETE", path, "bob").status_code == 204
    assert forum.page(path, "bob") == {"following": False}


def test_follow_needs_membership_and_a_thread(forum):
    thread = forum.thread()
    assert_problem(forum.request("PUT", f"/threads/{thread['id']}/follow", "stranger"), 403)
    assert_problem(forum.request("PUT", f"/courses/{COURSE}/follow", "stranger"), 403)
    missing = "f" * 32
    assert_problem(forum.request("PUT", f"/threads/{missing}/follow", "bob"), 404)


def test_reply_notifies_followers_but_not_the_actor(forum, worker, platform):
    platform.courses[COURSE]["title"] = "Course title"
    thread = _thread(forum)  # alice, who follows her own thread
    forum.request("PUT", f"/threads/{thread['id']}/follow", "teacher")
    reply = _reply(forum, thread, who="bob", body="Try restarting it.")
    worker().drain()
    [note] = _notes(forum, "alice")
    assert note["kind"] == "reply" and note["read"] is False
    assert note["thread_id"] == thread["id"] and note["reply_id"] == reply["id"]
    assert note["actor_name"] == "Bob B." and note["thread_title"] == "A question"
    assert note["course_title"] == "Course title" and note["excerpt"] == "Try restarting it."
    assert _count(forum, "alice") == 1 and _count(forum, "teacher") == 1
    assert _notes(forum, "bob") == [] and _count(forum, "bob") == 0


def test_replier_follows_the_thread_until_they_unfollow(forum, worker):
    thread = _thread(forum)
    _reply(forum, thread, who="bob")
    _reply(forum, thread, who="alice", body="Thanks!")
    worker().drain()
    assert [n["actor_name"] for n in _notes(forum, "bob")] == ["Alice A."]
    forum.request("DELETE", f"/threads/{thread['id']}/follow", "bob")
    _reply(forum, thread, who="bob", body="One more thing")  # does not re-follow
    _reply(forum, thread, who="alice", body="Sure")
    worker().drain()
    assert len(_notes(forum, "bob")) == 1


def test_new_thread_notifies_course_followers(forum, worker):
    forum.request("PUT", f"/courses/{COURSE}/follow", "teacher")
    forum.request("PUT", f"/courses/{COURSE}/follow", "alice")
    thread = _thread(forum, who="alice", title="Week 2 homework")
    worker().drain()
    [note] = _notes(forum, "teacher")
    assert note["kind"] == "thread" and note["thread_id"] == thread["id"]
    assert note["reply_id"] is None and note["thread_title"] == "Week 2 homework"
    assert _notes(forum, "alice") == []


def test_mention_by_display_name_notifies_once_as_mention(forum, worker):
    thread = _thread(forum, who="alice")  # the worker learns "Alice A." from her post
    _reply(forum, thread, who="teacher", body="Hello")  # and "Prof. T" from his
    worker().drain()
    _reply(forum, thread, who="bob", body="@Prof. T could you check? cc @alice a. `@Bob B.`")
    worker().drain()
    kinds = [n["kind"] for n in _notes(forum, "teacher")]
    assert kinds == ["mention"]  # the mention, not a second "reply" for the same post
    # alice: bob's mention (newest) and teacher's reply; bob's own name in code is no mention
    assert [n["kind"] for n in _notes(forum, "alice")] == ["mention", "reply"]
    assert _notes(forum, "bob") == []


def test_mention_needs_a_word_boundary(forum, worker):
    thread = _thread(forum, who="alice")
    worker().drain()
    _reply(forum, thread, who="bob", body="@Alice A.nything else?")  # "Alice A." + "nything"
    worker().drain()
    assert [n["kind"] for n in _notes(forum, "alice")] == ["reply"]


def test_fanout_is_chunked_and_resumes_where_it_stopped(forum, worker, store):
    thread = _thread(forum)
    _followers(forum, thread, 7)
    _reply(forum, thread, who="bob")
    run = worker(chunk=3)
    passes = 0
    while run.fanout.run_due():
        passes += 1
    assert passes >= 3  # 8 followers (+ alice), 3 per pass
    with forum.client.application.app_context():
        counts = [deps.notifications().unread_count(user_id=f"user{n}") for n in range(7)]
    assert counts == [1] * 7


def test_fanout_writes_a_group_of_followers_per_transaction(forum, worker, monkeypatch):
    """120 followers: a handful of transactions, not one per follower (the store's round
    trips are the fan-out's cost)."""
    thread = _thread(forum)
    _followers(forum, thread, 120)
    _reply(forum, thread, who="bob")
    run = worker(chunk=200)
    client = run.fanout.notifications.client
    calls = []
    real = client.transact_write_items
    monkeypatch.setattr(client, "transact_write_items", lambda **kw: calls.append(kw) or real(**kw))
    run.drain()
    assert len(calls) <= 4  # 121 recipients (alice too), ADD_GROUP per transaction
    with forum.client.application.app_context():
        counts = [deps.notifications().unread_count(user_id=f"user{n}") for n in range(120)]
    assert counts == [1] * 120


def test_fanout_of_300_followers_is_one_pass_with_no_save_point(forum, worker, monkeypatch):
    """Hundreds of followers: one pass, and the event table is written only to lease the
    event and to finish it (each extra write delays every follower)."""
    from forum_service.fanout import CHUNK

    thread = _thread(forum)
    worker().drain()  # the new thread's own event
    _followers(forum, thread, 300)
    _reply(forum, thread, who="bob")
    run = worker(chunk=CHUNK)
    table = run.fanout.events.table
    writes = []
    for name in ("update_item", "put_item", "delete_item"):
        real = getattr(table, name)
        monkeypatch.setattr(
            table, name, lambda real=real, name=name, **kw: writes.append(name) or real(**kw)
        )
    assert run.fanout.run_due() == 1
    assert run.fanout.events.due() == []  # done in that one pass
    assert writes == ["update_item", "delete_item"]  # the lease, then finish


def test_add_many_skips_who_already_has_it_and_counts_the_rest_once(app):
    note = {"id": "01HZX0000000000000000000AA", "kind": "reply", "thread_id": "t", "actor_id": "a"}
    with app.app_context():
        store = deps.notifications()
        assert store.add(user_id="u1", notification=note) is True
        assert store.add_many(user_ids=["u0", "u1", "u2"], notification=note) == 2
        assert store.add_many(user_ids=["u0", "u1", "u2"], notification=note) == 0  # a redo
        assert store.add(user_id="u1", notification=note) is False
        counts = [store.unread_count(user_id=u) for u in ("u0", "u1", "u2")]
    assert counts == [1, 1, 1]


def test_mark_read_by_ids_and_all(forum, worker):
    thread = _thread(forum)
    for body in ("one", "two", "three"):
        _reply(forum, thread, who="bob", body=body)
    worker().drain()
    notes = _notes(forum, "alice")
    assert len(notes) == 3 and _count(forum, "alice") == 3
    read = forum.request("POST", "/notifications/read", "alice", json={"ids": [notes[0]["id"]] * 2})
    assert read.status_code == 204
    assert _count(forum, "alice") == 2
    assert [n["read"] for n in _notes(forum, "alice")] == [True, False, False]
    again = forum.request("POST", "/notifications/read", "alice", json={"ids": [notes[0]["id"]]})
    assert again.status_code == 204 and _count(forum, "alice") == 2  # counted once
    forum.request("POST", "/notifications/read", "bob", json={"all": True})
    assert _count(forum, "alice") == 2  # bob cannot read alice's
    assert (
        forum.request("POST", "/notifications/read", "alice", json={"all": True}).status_code == 204
    )
    assert _count(forum, "alice") == 0
    assert all(n["read"] for n in _notes(forum, "alice"))


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "body"),
        ({"ids": []}, "ids"),
        ({"ids": ["nope"]}, "ids.0"),
        ({"all": False}, "all"),
        ({"ids": ["a" * 32], "all": True}, "body"),
        ({"ids": ["a" * 32] * 101}, "ids"),
    ],
)
def test_mark_read_invalid_body_is_422(forum, body, field):
    response = forum.request("POST", "/notifications/read", "alice", json=body)
    errors = assert_problem(response, 422)["errors"]
    assert any(name.startswith(field) for name in errors), errors


def test_notifications_page_newest_first_with_cursor(forum, worker):
    thread = _thread(forum)
    for n in range(5):
        _reply(forum, thread, who="bob", body=f"reply {n}")
    worker().drain()
    items = forum.all_items("/notifications", "alice", limit=2)
    assert [n["excerpt"] for n in items] == [f"reply {n}" for n in range(4, -1, -1)]


def test_notifications_need_a_token(client):
    assert_problem(client.get("/api/forum/notifications/unread-count"), 401)


def test_thread_says_whether_the_caller_follows_it(forum):
    thread = forum.thread()  # alice
    assert thread["following"] is True  # authors follow their own threads
    assert forum.get_thread(thread["id"], "bob")["following"] is False
    forum.request("PUT", f"/threads/{thread['id']}/follow", "bob")
    assert forum.get_thread(thread["id"], "bob")["following"] is True
    listed = forum.page(f"/courses/{COURSE}/threads", "bob")["items"]
    assert [t["following"] for t in listed if t["id"] == thread["id"]] == [True]


def test_marking_an_answer_tells_its_author_and_the_followers(forum, worker):
    thread = forum.thread()  # alice
    reply = forum.reply(thread["id"], who="bob", body="Restart it.")
    worker().drain()
    forum.request("POST", "/notifications/read", "alice", json={"all": True})
    marked = forum.request(
        "PATCH", f"/threads/{thread['id']}", "alice", json={"answer_reply_id": reply["id"]}
    )
    assert marked.status_code == 200
    worker().drain()
    [note] = [n for n in _notes(forum, "bob") if n["kind"] == "answer"]
    assert note["reply_id"] == reply["id"] and note["actor_name"] == "Alice A."
    assert note["excerpt"] == "Restart it."
    assert [n for n in _notes(forum, "alice") if not n["read"]] == []  # the actor: no news
    # setting the same answer again tells nobody twice
    again = forum.request(
        "PATCH", f"/threads/{thread['id']}", "alice", json={"answer_reply_id": reply["id"]}
    )
    assert again.status_code == 200
    worker().drain()
    assert len([n for n in _notes(forum, "bob") if n["kind"] == "answer"]) == 1


def test_deleted_account_leaves_follows_notifications_and_names(forum, worker, tokens, platform):
    ann, ben = "a" * 32, "b" * 32  # the account routes take real ids
    platform.courses[COURSE]["enrolled"] |= {ann, ben}
    platform.names.update({ann: "Ann Hex", ben: "Ben Hex"})
    forum.headers.update(
        {ann: tokens.headers(ann, role="student"), ben: tokens.headers(ben, role="student")}
    )
    thread = forum.thread(who=ann)
    forum.reply(thread["id"], who=ben, body="hello")
    worker().drain()
    assert _notes(forum, ann)[0]["actor_name"] == "Ben Hex"
    service = tokens.service_headers("auth")
    exported = forum.client.get(f"/internal/forum/users/{ann}/export", headers=service)
    data = exported.get_json()["data"]
    assert data["notifications"][0]["actor_name"] == "Ben Hex"
    assert data["follows"][0]["following"] == f"THREAD#{thread['id']}"
    assert forum.client.delete(f"/internal/forum/users/{ben}", headers=service).status_code == 204
    assert _notes(forum, ann)[0]["actor_name"] == "Deleted user"
    assert forum.client.delete(f"/internal/forum/users/{ann}", headers=service).status_code == 204
    assert _notes(forum, ann) == [] and _count(forum, ann) == 0
    assert forum.get_thread(thread["id"], ann)["following"] is False
