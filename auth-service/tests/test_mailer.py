"""The outbox sender: delivers due mail, retries with backoff, parks it after the last try."""

import time

from auth_service import mailer
from auth_service.store_outbox import FAILED, MAX_ATTEMPTS, PENDING, backoff_s
from service_kit import mail

TARGET = mail.parse_smtp_url("smtp://127.0.0.1:2525")
SENDER = "DREAD <no-reply@dread.test>"


def _outbox(app):
    return app.extensions["auth.reset"].outbox


def _queue(app, to="ada@example.com"):
    _outbox(app).enqueue(to=to, subject="Hello", text="plain", html="<p>html</p>", kind="test")


def test_deliver_due_sends_and_forgets_each_mail(app):
    _queue(app)
    sent = []
    count = mailer.deliver_due(_outbox(app), target=TARGET, sender=SENDER,
                               send=lambda target, message: sent.append(message))  # fmt: skip
    assert count == 1
    assert sent[0]["To"] == "ada@example.com" and sent[0]["From"] == SENDER
    assert _outbox(app).due() == []


def _refuse(target, message):
    raise mail.MailDeliveryError("451 try later")


def test_failed_delivery_is_retried_later_with_backoff(app, monkeypatch):
    _queue(app)
    before = mailer.FAILURES.labels("test", "false")._value.get()
    assert mailer.deliver_due(_outbox(app), target=TARGET, sender=SENDER, send=_refuse) == 0
    assert _outbox(app).due() == []  # not due again right away
    [item] = _outbox(app).table.query(
        KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": PENDING}
    )["Items"]
    assert int(item["attempts"]) == 1 and "451" in item["last_error"]
    assert mailer.FAILURES.labels("test", "false")._value.get() == before + 1
    later = time.time() + backoff_s(1) + 1
    monkeypatch.setattr(time, "time", lambda: later)
    sent = []
    mailer.deliver_due(_outbox(app), target=TARGET, sender=SENDER,
                       send=lambda target, message: sent.append(message))  # fmt: skip
    assert len(sent) == 1


def test_mail_moves_to_failed_after_the_last_attempt(app, monkeypatch):
    _queue(app)
    now = time.time()
    for _attempt in range(MAX_ATTEMPTS):
        monkeypatch.setattr(time, "time", lambda now=now: now)
        mailer.deliver_due(_outbox(app), target=TARGET, sender=SENDER, send=_refuse)
        now += 3600
    [parked] = _outbox(app).failed()
    assert parked["pk"] == FAILED and int(parked["attempts"]) == MAX_ATTEMPTS


def test_expired_mail_is_dropped_unsent(app, monkeypatch):
    _queue(app)
    later = time.time() + 2 * 24 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    sent = []
    mailer.deliver_due(_outbox(app), target=TARGET, sender=SENDER,
                       send=lambda target, message: sent.append(message))  # fmt: skip
    assert sent == [] and _outbox(app).due() == []
