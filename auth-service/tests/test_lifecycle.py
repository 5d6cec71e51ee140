"""Account deletion (a durable job fanning out to every service) and data export."""

import io
import json
import zipfile

from auth_service.lifecycle import HOLDERS
from service_kit import ServiceUnavailable

from .conftest import BROWSER


class FakeServices:
    """Answers the internal purge/export calls; `down` names services that are unreachable."""

    def __init__(self):
        self.down, self.calls = set(), []

    def __call__(self, method, url, **kwargs):
        self.calls.append((method, url))
        service = next(name for name, area in HOLDERS.items() if f"/internal/{area}/" in url)
        if service in self.down:
            raise ServiceUnavailable("down")
        return _Answer(204 if method == "DELETE" else 200, {"service": service, "data": {}})


class _Answer:
    def __init__(self, status_code, body):
        self.status_code, self._body = status_code, body

    def json(self):
        return self._body


def _lifecycle(app, fake):
    lifecycle = app.extensions["auth.lifecycle"]
    lifecycle.call = fake
    return lifecycle


def _delete(client, headers, password):
    return client.delete("/api/auth/me", json={"password": password}, headers=headers)


def test_delete_me_stops_login_and_refresh_at_once(app, client, register, login):
    _lifecycle(app, FakeServices())
    user, email, password = register()
    token = login(email, password).get_json()["access_token"]
    response = _delete(client, {"Authorization": f"Bearer {token}"}, password)
    assert response.status_code == 202
    assert login(email, password).status_code == 401
    assert client.post("/api/auth/refresh", headers=BROWSER).status_code == 401
    # before the purge ran: the account is already gone for the API and for other services
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/auth/me", headers=headers).status_code == 404
    card = client.get(f"/api/auth/users/{user['id']}/public", headers=headers)
    assert card.status_code == 404


def test_delete_me_with_wrong_password_is_403_and_keeps_the_account(app, client, register, login):
    _user, email, password = register()
    token = login(email, password).get_json()["access_token"]
    response = _delete(client, {"Authorization": f"Bearer {token}"}, "not-the-password")
    assert response.status_code == 403 and "password" in response.get_json()["errors"]
    assert login(email, password).status_code == 200


def test_deletion_job_purges_every_service_then_the_account(app, client, register, login):
    fake = FakeServices()
    lifecycle = _lifecycle(app, fake)
    user, email, password = register()
    token = login(email, password).get_json()["access_token"]
    _delete(client, {"Authorization": f"Bearer {token}"}, password)
    assert lifecycle.run_due() == 1
    purged = {url for method, url in fake.calls if method == "DELETE"}
    assert len(purged) == len(HOLDERS) and all(user["id"] in url for url in purged)
    assert lifecycle.auth.users.get(user_id=user["id"]) is None
    assert lifecycle.jobs.all_jobs() == []
    # the email is free again
    assert client.post("/api/auth/register", json={"email": email, "password": password,
                       "display_name": "Again"}).status_code == 201  # fmt: skip


def test_deletion_job_retries_a_service_that_is_down_until_it_returns(
    app, client, register, login, monkeypatch
):
    import time

    fake = FakeServices()
    fake.down = {"watchlist"}
    lifecycle = _lifecycle(app, fake)
    user, email, password = register()
    token = login(email, password).get_json()["access_token"]
    _delete(client, {"Authorization": f"Bearer {token}"}, password)
    assert lifecycle.run_due() == 0
    [job] = lifecycle.jobs.all_jobs()
    assert job["pending"] == ["watchlist"] and int(job["attempts"]) == 1
    fake.down = set()
    later = time.time() + 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert lifecycle.run_due() == 1
    assert lifecycle.jobs.all_jobs() == []
    assert lifecycle.auth.users.get(user_id=user["id"]) is None


def test_export_is_a_zip_with_one_json_per_service(app, client, signed_in):
    _lifecycle(app, FakeServices())
    user, headers = signed_in()
    response = client.get("/api/auth/me/export", headers=headers)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = set(archive.namelist())
    assert names == {"account.json", "profile.json", "enrollments.json", "watchlist.json",
                     "progress.json", "forum.json"}  # fmt: skip
    account = json.loads(archive.read("account.json"))
    assert account["user"]["id"] == user["id"] and "password_hash" not in str(account)


def test_export_with_a_service_down_is_503(app, client, signed_in):
    fake = FakeServices()
    fake.down = {"progress"}
    _lifecycle(app, fake)
    _user, headers = signed_in()
    assert client.get("/api/auth/me/export", headers=headers).status_code == 503


def test_service_token_is_issued_for_the_secret_only(settings, dynamodb, tokens):
    import dataclasses

    import jwt
    from auth_service import create_app
    from auth_service.tables import TABLES
    from service_kit.testing import create_tables

    create_tables(dynamodb, TABLES, settings.table_name)
    app = create_app(dataclasses.replace(settings, service_secret="s3cret"), dynamodb=dynamodb)
    client = app.test_client()
    assert client.post("/internal/auth/token", auth=("video", "wrong")).status_code == 401
    assert client.post("/internal/auth/token").status_code == 401
    answer = client.post("/internal/auth/token", auth=("video", "s3cret"))
    assert answer.status_code == 200
    claims = jwt.decode(answer.get_json()["access_token"], options={"verify_signature": False})
    assert claims["aud"] == "dread-internal" and claims["role"] == "system"
    assert claims["sub"] == "service:video" and claims["exp"] - claims["iat"] <= 300
    # a service token is no user token
    me = client.get(
        "/api/auth/me", headers={"Authorization": "Bearer " + answer.get_json()["access_token"]}
    )
    assert me.status_code == 401
