"""email_digest on the own profile, the internal subscriber list, and the unsubscribe link."""

from service_kit.testing import assert_problem
from service_kit.unsubscribe import unsubscribe_token

UNSUBSCRIBE = "/api/profiles/digest/unsubscribe"
SUBSCRIBERS = "/internal/profiles/digest-subscribers"


def _set(client, headers, value):
    return client.patch("/api/profiles/me", json={"email_digest": value}, headers=headers)


def _subscribers(client, tokens, **query):
    response = client.get(SUBSCRIBERS, headers=tokens.service_headers(), query_string=query)
    assert response.status_code == 200
    return response.get_json()


def test_email_digest_is_off_by_default_and_only_the_owner_sees_it(client, user):
    user_id, headers = user("Ada")
    assert (
        client.get("/api/profiles/me", headers=headers).get_json()["profile"]["email_digest"]
        is False
    )
    _other, other_headers = user("Bo")
    public = client.get(f"/api/profiles/{user_id}", headers=other_headers).get_json()["profile"]
    assert "email_digest" not in public


def test_email_digest_toggles_the_subscriber_list(client, user, tokens):
    user_id, headers = user("Ada")
    assert user_id not in _subscribers(client, tokens)["items"]
    response = _set(client, headers, True)
    assert response.status_code == 200 and response.get_json()["profile"]["email_digest"] is True
    assert user_id in _subscribers(client, tokens)["items"]
    assert _set(client, headers, False).get_json()["profile"]["email_digest"] is False
    assert user_id not in _subscribers(client, tokens)["items"]


def test_subscribers_are_paged(client, user, tokens):
    ids = set()
    for n in range(3):
        user_id, headers = user(f"Reader {n}")
        _set(client, headers, True)
        ids.add(user_id)
    first = _subscribers(client, tokens, limit=2)
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = _subscribers(client, tokens, limit=2, cursor=first["next_cursor"])
    assert set(first["items"]) | set(second["items"]) == ids


def test_subscribers_need_a_service_token(client, user):
    _user_id, headers = user("Ada")
    assert client.get(SUBSCRIBERS, headers=headers).status_code == 401
    assert client.get(SUBSCRIBERS).status_code == 401


def test_email_digest_must_be_a_boolean(client, user):
    _user_id, headers = user("Ada")
    for value in ("yes", 1, None):
        assert "email_digest" in assert_problem(_set(client, headers, value), 422)["errors"]


def test_unsubscribe_link_works_without_login_and_twice(client, user, settings, tokens):
    user_id, headers = user("Ada")
    _set(client, headers, True)
    token = unsubscribe_token(user_id, secret=settings.service_secret)
    # RFC 8058 one-click: a form body, no session
    response = client.post(UNSUBSCRIBE, query_string={"token": token},
                           data="List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")  # fmt: skip
    assert response.status_code == 204
    assert (
        client.get("/api/profiles/me", headers=headers).get_json()["profile"]["email_digest"]
        is False
    )
    assert user_id not in _subscribers(client, tokens)["items"]
    assert client.post(UNSUBSCRIBE, query_string={"token": token}).status_code == 204


def test_unsubscribe_with_a_forged_or_missing_token_is_400(client, user, settings):
    user_id, _headers = user("Ada")
    token = unsubscribe_token(user_id, secret=settings.service_secret)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert (
        "token"
        in assert_problem(client.post(UNSUBSCRIBE, query_string={"token": forged}), 400)["errors"]
    )
    other = unsubscribe_token(user_id, secret="another secret")
    assert (
        "token"
        in assert_problem(client.post(UNSUBSCRIBE, query_string={"token": other}), 400)["errors"]
    )
    assert "token" in assert_problem(client.post(UNSUBSCRIBE), 400)["errors"]
