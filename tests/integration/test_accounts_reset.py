"""Mail and password reset through NGINX, reading the mail from the stack's Maildir."""

import time
import uuid

from tests.accounts import XHR, auth_call, login, register
from tests.mailbox import messages_to, reset_token, text_of, wait_for_mail

NEW_PASSWORD = "violet-badger-paints-93-clouds"


def _account(stack):
    email = f"reset-{uuid.uuid4().hex[:10]}@example.com"
    password = f"it-{uuid.uuid4().hex[:16]}-Pw"
    assert register(stack, email=email, password=password).status_code == 201
    return email, password


def _ask(stack, email, **headers):
    return auth_call(stack, "POST", "/api/auth/password-reset", json={"email": email},
                     headers=headers)  # fmt: skip


def _confirm(stack, token, password=NEW_PASSWORD):
    return auth_call(stack, "POST", "/api/auth/password-reset/confirm",
                     json={"token": token, "new_password": password})  # fmt: skip


def test_reset_mail_arrives_in_the_maildir_with_both_parts(stack):
    email, _password = _account(stack)
    response = _ask(stack, email, **{"User-Agent": "ResetTester/2.0"})
    assert response.status_code == 202
    [message] = wait_for_mail(stack, email)
    assert message["Subject"] == "Reset your DREAD password"
    assert message["From"].addresses[0].addr_spec.startswith("no-reply@")
    assert message["Message-ID"] and message["Date"]
    assert "List-Unsubscribe" not in message  # transactional mail: nothing to unsubscribe from
    text = text_of(message)
    assert f"{stack.url.replace('127.0.0.1', 'localhost')}/reset.html#token=" in text
    assert "ResetTester/2.0" in text and "127.0.0.1" in text
    assert "If this was not you" in text
    assert message.get_body(preferencelist=("html",)) is not None


def test_reset_for_unknown_email_is_202_and_sends_nothing(stack):
    email = f"nobody-{uuid.uuid4().hex[:10]}@example.com"
    assert _ask(stack, email).status_code == 202
    time.sleep(3)
    assert messages_to(stack, email) == []


def test_reset_confirm_revokes_sessions_and_the_link_works_once(stack):
    email, password = _account(stack)
    session = login(stack, email, password)
    assert _ask(stack, email).status_code == 202
    token = reset_token(wait_for_mail(stack, email)[0])
    assert _confirm(stack, token).status_code == 204
    refreshed = auth_call(stack, "POST", "/api/auth/refresh", headers=XHR,
                          cookies={"dread_refresh": session.refresh_token})  # fmt: skip
    assert refreshed.status_code == 401
    old = auth_call(stack, "POST", "/api/auth/login", json={"email": email, "password": password})
    assert old.status_code == 401
    login(stack, email, NEW_PASSWORD)
    again = _confirm(stack, token, "another-fresh-pass-55-words")
    assert again.status_code == 400
    assert again.headers["Content-Type"].startswith("application/problem+json")


def test_reset_confirm_forged_token_is_400(stack):
    response = _confirm(stack, "not-a-real-token")
    assert response.status_code == 400 and "token" in response.json()["errors"]


def test_reset_mails_per_email_stop_after_three_an_hour(stack):
    email, _password = _account(stack)
    assert [_ask(stack, email).status_code for _ in range(4)] == [202] * 4
    wait_for_mail(stack, email, count=3)
    time.sleep(3)  # the sender polls every second: a fourth would have arrived by now
    assert len(messages_to(stack, email)) == 3


def test_internal_token_route_is_not_reachable_through_nginx(stack):
    # NGINX serves only pages there: the service routes are not behind any public location
    assert stack.request("POST", "/internal/auth/token").status_code in (404, 405)
    assert stack.get("/internal/courses/deleted").status_code == 404
