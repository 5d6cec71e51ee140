"""The daily digest: who gets one, what it lists, once per interval, the unsubscribe link."""

import pytest
from forum_service import deps
from forum_service.digest import Digest
from service_kit import clients
from service_kit.ids import new_ulid
from service_kit.unsubscribe import unsubscribed_user

READER = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1"
THREAD = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb1"


@pytest.fixture
def sent(monkeypatch):
    """Mail queued through the (fake) auth service, and the (fake) subscriber list."""
    mails = []
    subscribers = [READER]
    monkeypatch.setattr(
        clients, "digest_subscribers", lambda cursor=None: (list(subscribers), None)
    )
    monkeypatch.setattr(
        clients, "mail_user", lambda user_id, **mail: mails.append((user_id, mail)) or True
    )
    return mails


def _note(kind="reply", actor="Bob B.", title="How do I start?"):
    return {
        "id": new_ulid(),
        "kind": kind,
        "course_id": "c" * 32,
        "thread_id": THREAD,
        "reply_id": None,
        "actor_id": "bob",
        "actor_name": actor,
        "thread_title": title,
        "course_title": "Python 101",
        "excerpt": "Try this",
        "created_at": "2026-12-01T10:00:00Z",
    }


def _digest(settings):
    return Digest(events=deps.events(), notifications=deps.notifications(), settings=settings)


def test_digest_lists_unread_news_with_links_and_unsubscribe(app, settings, sent):
    with app.app_context():
        deps.notifications().add(user_id=READER, notification=_note())
        deps.notifications().add(user_id=READER, notification=_note("mention", "Prof. T"))
        assert _digest(settings).run_if_due() == 1
    [(user_id, mail)] = sent
    assert user_id == READER and mail["kind"] == "digest"
    assert mail["subject"] == "DREAD forum digest: 2 new updates"
    assert "Bob B. replied in “How do I start?” (Python 101)" in mail["text"]
    assert "Prof. T mentioned you in" in mail["text"]
    assert f"{settings.public_url}/forum-thread.html?id={THREAD}" in mail["text"]
    assert "<a href=" in mail["html"] and "Unsubscribe" in mail["html"]
    assert mail["unsubscribe_url"].startswith(
        f"{settings.public_url}/api/profiles/digest/unsubscribe?token="
    )
    token = mail["unsubscribe_url"].split("token=")[1].replace("%3D", "=")
    assert unsubscribed_user(token, secret=settings.service_secret) == READER
    assert "/unsubscribe.html?token=" in mail["text"]


def test_digest_runs_once_per_interval_and_never_repeats_itself(app, settings, sent):
    with app.app_context():
        deps.notifications().add(user_id=READER, notification=_note())
        digest = _digest(settings)
        assert digest.run_if_due() == 1
        assert digest.run_if_due() == 0  # same interval: already claimed
        assert _digest(settings).run_if_due() == 0  # another worker: also claimed
        assert digest.send_one(READER) is False  # nothing new since the last digest
        deps.notifications().add(user_id=READER, notification=_note(title="Second"))
        assert digest.send_one(READER) is True
    assert "Second" in sent[-1][1]["text"] and "How do I start?" not in sent[-1][1]["text"]


def test_digest_skips_read_and_empty(app, settings, sent):
    with app.app_context():
        note = _note()
        deps.notifications().add(user_id=READER, notification=note)
        deps.notifications().mark_read(user_id=READER, ids=[note["id"]])
        assert _digest(settings).send_one(READER) is False
    assert sent == []


def test_digest_html_escapes_what_users_wrote(app, settings, sent):
    with app.app_context():
        deps.notifications().add(
            user_id=READER, notification=_note(actor="<b>x</b>", title="<script>")
        )
        _digest(settings).send_one(READER)
    html = sent[0][1]["html"]
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>x</b>" not in html
