"""POST /internal/auth/users/{id}/mail: a service queues mail to a user it knows by id."""

import uuid

import pytest


@pytest.fixture
def service_headers(tokens):
    """A forum service token."""
    return tokens.service_headers("forum")


def _outbox(app, email):
    return [i for i in app.extensions["auth.reset"].outbox.due(limit=100) if i["to"] == email]


MAIL = {
    "subject": "Digest",
    "text": "News",
    "html": "<p>News</p>",
    "kind": "digest",
    "unsubscribe_url": "http://dread.test:8080/api/profiles/digest/unsubscribe?token=t",
}


def test_internal_mail_is_queued_to_the_users_address(app, client, register, service_headers):
    user, email, _password = register()
    response = client.post(
        f"/internal/auth/users/{user['id']}/mail", json=MAIL, headers=service_headers
    )
    assert response.status_code == 202
    [item] = _outbox(app, email)
    assert item["subject"] == "Digest" and item["kind"] == "digest"
    assert item["unsubscribe_url"] == MAIL["unsubscribe_url"] and item["html"] == "<p>News</p>"


def test_internal_mail_to_unknown_or_suspended_user_is_404(
    app, client, register, service, service_headers
):
    unknown = client.post(
        f"/internal/auth/users/{uuid.uuid4().hex}/mail", json=MAIL, headers=service_headers
    )
    assert unknown.status_code == 404
    user, email, _password = register()
    service.users.set_suspended(user_id=user["id"], suspended=True)
    suspended = client.post(
        f"/internal/auth/users/{user['id']}/mail", json=MAIL, headers=service_headers
    )
    assert suspended.status_code == 404 and _outbox(app, email) == []


def test_internal_mail_needs_a_service_token_and_valid_fields(
    client, register, login, service_headers
):
    user, email, password = register()
    path = f"/internal/auth/users/{user['id']}/mail"
    assert client.post(path, json=MAIL).status_code == 401
    session = login(email, password).get_json()
    user_headers = {"Authorization": f"Bearer {session['access_token']}"}
    assert client.post(path, json=MAIL, headers=user_headers).status_code == 401
    bad = client.post(
        path, json={**MAIL, "unsubscribe_url": "javascript:x"}, headers=service_headers
    )
    assert bad.status_code == 422 and "unsubscribe_url" in bad.get_json()["errors"]
    assert client.post(path, json={"text": "x"}, headers=service_headers).status_code == 422
