"""Client input that once reached a 500 through NGINX: odd ids, deep JSON, foreign cursors.

API.md: "5xx never for anything a client sent". Each case here crossed a service boundary
(progress → video, any service → DynamoDB) before the kit's one id rule, its mapping of
other services' answers and its body parser handled it.
"""

from __future__ import annotations

import uuid

import pytest

from tests.accounts import demo_admin, new_account

PROBLEM = "application/problem+json"
ODD_IDS = ["lookup", "healthz", "readyz", "openapi.json", "%2e", "%2e%2e", "a.b", "a~b", "x" * 100]


def _problem(response, *statuses):
    assert response.status_code in statuses, (response.status_code, response.text[:300])
    assert response.headers["Content-Type"].startswith(PROBLEM)
    return response.json()


@pytest.fixture(scope="module")
def student(stack):
    """A signed-in student."""
    return new_account(stack)


@pytest.fixture(scope="module")
def instructor(stack):
    """A signed-in instructor with two published courses (so the catalog has pages)."""
    teacher = new_account(stack, "instructor")
    for n in range(2):
        body = {
            "title": f"Input course {n} {uuid.uuid4().hex[:6]}",
            "description": "Odd input.",
            "category": "Testing",
            "published": True,
        }
        created = stack.request("POST", "/api/courses", json=body, headers=teacher.headers)
        assert created.status_code == 201, created.text
    return teacher


@pytest.mark.parametrize("video_id", ODD_IDS)
def test_heartbeat_on_an_odd_video_id_is_404(stack, student, video_id):
    body = {"course_id": str(uuid.uuid4()), "position_s": 1.0, "duration_s": 10.0}
    response = stack.request(
        "PUT", f"/api/progress/videos/{video_id}", json=body, headers=student.headers
    )
    _problem(response, 404)


@pytest.mark.parametrize("course_id", ODD_IDS)
def test_course_progress_of_an_odd_course_id_is_404(stack, student, course_id):
    response = stack.request("GET", f"/api/progress/courses/{course_id}", headers=student.headers)
    _problem(response, 404)


@pytest.mark.parametrize("course_id", ["a.b", "a~b", ".", "x" * 100, "healthz"])
def test_heartbeat_naming_an_odd_course_in_the_body_is_4xx(stack, student, course_id):
    body = {"course_id": course_id, "position_s": 1.0, "duration_s": 10.0}
    response = stack.request(
        "PUT", f"/api/progress/videos/{uuid.uuid4().hex}", json=body, headers=student.headers
    )
    _problem(response, 400, 404, 422)


@pytest.mark.parametrize("length", [100, 2100])
def test_an_over_long_video_id_is_404(stack, length):
    _problem(stack.request("GET", "/api/videos/" + "v" * length), 404)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/auth/register"),
        ("PATCH", "/api/profiles/me"),
        ("POST", "/api/courses"),
        ("POST", "/api/videos"),
        ("PUT", "/api/progress/videos/{video}"),
        ("POST", "/api/forum/courses/{course}/threads"),
    ],
)
def test_json_nested_3000_deep_is_400(stack, instructor, method, path):
    deep = "[" * 3000 + "]" * 3000
    url = path.format(video=uuid.uuid4().hex, course=uuid.uuid4())
    headers = {**instructor.headers, "Content-Type": "application/json"}
    body = _problem(stack.request(method, url, data=deep, headers=headers), 400)
    assert "nested" in body["detail"]


def test_a_catalog_cursor_on_the_admin_user_list_is_400(stack, instructor):
    catalog = stack.request("GET", "/api/courses", params={"limit": 1}).json()
    assert catalog["next_cursor"], catalog
    response = stack.request(
        "GET",
        "/api/auth/users",
        params={"cursor": catalog["next_cursor"]},
        headers=demo_admin(stack).headers,
    )
    assert "cursor" in _problem(response, 400)["errors"]


def test_a_user_list_cursor_on_the_catalog_is_400(stack):
    admin = demo_admin(stack)
    users = stack.request("GET", "/api/auth/users", params={"limit": 1}, headers=admin.headers)
    cursor = users.json()["next_cursor"]
    assert cursor, users.text
    response = stack.request("GET", "/api/courses", params={"cursor": cursor})
    assert "cursor" in _problem(response, 400)["errors"]
