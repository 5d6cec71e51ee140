"""Leaving through NGINX: export (a zip per service) and deletion, also with a service down."""

import io
import json
import os
import signal
import time
import uuid
import zipfile

from tests.accounts import auth_call, new_account

PURGE_WITHIN_S = 60


def _ok(response, status):
    assert response.status_code == status, (response.status_code, response.text[:500])
    return response.json() if response.content else None


def _learner_with_data(stack):
    """A student with a profile bio, an enrolment and a watchlist item."""
    teacher = new_account(stack, "instructor")
    body = {"title": f"Leaving {uuid.uuid4().hex[:6]}", "description": "d", "category": "Testing",
            "published": True}  # fmt: skip
    course_id = _ok(stack.request("POST", "/api/courses", json=body, headers=teacher.headers),
                    201)["course"]["id"]  # fmt: skip
    video = {"course_id": course_id, "title": "L1", "filename": "l.mp4",
             "content_type": "video/mp4", "size_bytes": 1024}  # fmt: skip
    video_id = _ok(stack.request("POST", "/api/videos", json=video, headers=teacher.headers),
                   201)["video"]["id"]  # fmt: skip
    learner = new_account(stack)
    _ok(stack.request("PATCH", "/api/profiles/me", json={"bio": "I like owls."},
                      headers=learner.headers), 200)  # fmt: skip
    enrol = stack.request("PUT", f"/api/courses/{course_id}/enrollment", headers=learner.headers)
    assert enrol.status_code in (200, 201)
    watch = stack.request("PUT", f"/api/watchlist/{video_id}", headers=learner.headers)
    assert watch.status_code in (200, 201)
    return learner, teacher, course_id


def _delete(stack, account, password=None):
    body = {"password": password or account.password}
    return auth_call(stack, "DELETE", "/api/auth/me", json=body, headers=account.headers)


def _gone_everywhere(stack, learner, viewer, course_id) -> bool:
    checks = [
        stack.get(f"/api/profiles/{learner.id}", headers=viewer.headers).status_code == 404,
        stack.get("/api/watchlist", headers=learner.headers).json().get("items") == [],
        stack.get(f"/api/courses/{course_id}/enrollment", headers=learner.headers).status_code
        == 404,
        stack.get("/api/auth/me", headers=learner.headers).status_code in (401, 404),
    ]
    return all(checks)


def _wait_gone(stack, learner, viewer, course_id, timeout_s=PURGE_WITHIN_S):
    deadline = time.monotonic() + timeout_s
    while not _gone_everywhere(stack, learner, viewer, course_id):
        assert time.monotonic() < deadline, "the user's data is still served"
        time.sleep(1)


def test_export_is_a_zip_with_each_services_data(stack):
    learner, _teacher, course_id = _learner_with_data(stack)
    response = stack.get("/api/auth/me/export", headers=learner.headers)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    files = {name: json.loads(archive.read(name)) for name in archive.namelist()}
    assert files["account.json"]["user"]["email"] == learner.email
    assert files["profile.json"]["data"]["profile"]["bio"] == "I like owls."
    assert [e["course_id"] for e in files["enrollments.json"]["data"]["enrollments"]] == [course_id]
    assert len(files["watchlist.json"]["data"]["items"]) == 1
    assert "progress" in files["progress.json"]["data"]


def test_delete_me_wrong_password_is_403(stack):
    learner = new_account(stack)
    assert _delete(stack, learner, "not-my-password-at-all").status_code == 403
    assert stack.get("/api/auth/me", headers=learner.headers).status_code == 200


def test_delete_me_stops_login_and_purges_every_service_within_a_minute(stack):
    learner, teacher, course_id = _learner_with_data(stack)
    assert _delete(stack, learner).status_code == 202
    login = auth_call(stack, "POST", "/api/auth/login",
                      json={"email": learner.email, "password": learner.password})  # fmt: skip
    assert login.status_code == 401
    _wait_gone(stack, learner, teacher, course_id)
    course = stack.get(f"/api/courses/{course_id}").json()["course"]
    assert course["enrolled_count"] == 0


def test_deletion_completes_once_a_service_that_was_down_returns(stack):
    learner, teacher, course_id = _learner_with_data(stack)
    pgid = os.getpgid(stack.pid_of("watchlist"))
    os.killpg(pgid, signal.SIGSTOP)  # hung, not dead: the supervisor does not restart it
    try:
        assert _delete(stack, learner).status_code == 202
        log = stack.home / "logs" / "auth-worker.log"
        deadline = time.monotonic() + 30
        while "still pending at watchlist" not in log.read_text(errors="replace"):
            assert time.monotonic() < deadline, "the deletion job never tried the stopped service"
            time.sleep(0.5)
    finally:
        os.killpg(pgid, signal.SIGCONT)
    _wait_gone(stack, learner, teacher, course_id)
