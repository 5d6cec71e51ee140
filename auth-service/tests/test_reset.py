"""Password reset: always 202, a mail queued with the token, single use, sessions revoked."""

import re
import time

import pytest

from .conftest import BROWSER

NEW_PASSWORD = "brave-heron-sings-77-hills"


def _outbox(service_app):
    return service_app.extensions["auth.reset"].outbox


def _mails_to(app, email):
    return [item for item in _outbox(app).due(limit=100) if item["to"] == email]


def _token_from(mail_item) -> str:
    return re.search(r"#token=([A-Za-z0-9_%-]+)", mail_item["text"]).group(1)


def _ask(client, email, **headers):
    return client.post("/api/auth/password-reset", json={"email": email}, headers=headers)


def test_reset_request_for_real_account_queues_one_mail(app, client, register):
    _user, email, _password = register()
    response = _ask(client, email, **{"User-Agent": "TestBrowser/1.0"})
    assert response.status_code == 202 and response.data == b""
    [mail] = _mails_to(app, email)
    assert mail["kind"] == "password-reset"
    assert "http://dread.test:8080/reset.html#token=" in mail["text"]
    assert "TestBrowser/1.0" in mail["text"] and "If this was not you" in mail["text"]
    assert "<a href=" in mail["html"]
    assert int(mail["expires_at"]) - time.time() <= 30 * 60


def test_reset_token_is_stored_only_hashed(app, client, register, service):
    _user, email, _password = register()
    _ask(client, email)
    token = _token_from(_mails_to(app, email)[0])
    resets = app.extensions["auth.reset"].resets
    assert resets.table.get_item(Key={"pk": f"RESET#{token}", "sk": "RESET"}).get("Item") is None


def test_reset_request_for_unknown_email_is_202_without_mail(app, client):
    assert _ask(client, "nobody-here@example.com").status_code == 202
    assert _mails_to(app, "nobody-here@example.com") == []


def test_reset_confirm_sets_password_and_revokes_every_session(app, client, register, login):
    _user, email, password = register()
    assert login(email, password).status_code == 200
    _ask(client, email)
    token = _token_from(_mails_to(app, email)[0])
    confirm = {"token": token, "new_password": NEW_PASSWORD}
    assert client.post("/api/auth/password-reset/confirm", json=confirm).status_code == 204
    assert client.post("/api/auth/refresh", headers=BROWSER).status_code == 401
    assert login(email, password).status_code == 401
    assert login(email, NEW_PASSWORD).status_code == 200
    again = client.post("/api/auth/password-reset/confirm", json=confirm)
    assert again.status_code == 400 and "token" in again.get_json()["errors"]


@pytest.mark.parametrize("token", ["forged-token", "x" * 200])
def test_reset_confirm_with_forged_token_is_400(client, token):
    response = client.post(
        "/api/auth/password-reset/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 400
    assert response.content_type.startswith("application/problem+json")


def test_reset_confirm_with_expired_token_is_400(app, client, register, monkeypatch):
    _user, email, _password = register()
    _ask(client, email)
    token = _token_from(_mails_to(app, email)[0])
    later = time.time() + 31 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post(
        "/api/auth/password-reset/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 400


def test_reset_confirm_weak_password_is_422_and_keeps_the_link(app, client, register):
    _user, email, _password = register()
    _ask(client, email)
    token = _token_from(_mails_to(app, email)[0])
    weak = client.post(
        "/api/auth/password-reset/confirm", json={"token": token, "new_password": "password123"}
    )
    assert weak.status_code == 422
    strong = client.post(
        "/api/auth/password-reset/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )
    assert strong.status_code == 204


def test_reset_requests_per_email_beyond_quota_send_no_more_mail(app, client, register):
    _user, email, _password = register()
    statuses = [_ask(client, email).status_code for _ in range(5)]
    assert statuses == [202] * 5
    assert len(_mails_to(app, email)) == 3


def test_reset_requests_per_client_beyond_quota_are_429(client):
    statuses = [_ask(client, f"n{n}@example.com").status_code for n in range(21)]
    assert statuses[:20] == [202] * 20
    last = _ask(client, "one-more@example.com")
    assert last.status_code == 429 and int(last.headers["Retry-After"]) > 0


def test_suspended_account_gets_no_reset_mail(app, client, register, service):
    user, email, _password = register()
    service.users.set_suspended(user_id=user["id"], suspended=True)
    assert _ask(client, email).status_code == 202
    assert _mails_to(app, email) == []
