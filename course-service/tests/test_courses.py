"""POST/GET/PATCH/DELETE /api/courses[/id]: validation, ownership, versions, deletion."""

import pytest
from service_kit.testing import assert_problem

COURSES = "/api/courses"
VALID = {"title": "Python Basics", "description": "Start here.", "category": "Programming"}


def test_create_course_as_instructor_is_201_with_etag_and_location(client, instructor):
    body = {**VALID, "tags": ["Python", " python ", "Web  Dev"], "level": "advanced"}
    response = client.post(COURSES, json=body, headers=instructor.headers)
    assert response.status_code == 201
    assert response.mimetype == "application/json"
    course = response.get_json()["course"]
    assert course["title"] == "Python Basics"
    assert course["tags"] == ["python", "web dev"]
    assert course["level"] == "advanced"
    assert course["owner_id"] == instructor.id
    assert (course["version"], course["enrolled_count"], course["published"]) == (1, 0, False)
    assert course["created_at"].endswith("Z") and course["published_at"] is None
    assert response.headers["ETag"] == '"1"'
    assert response.headers["Location"] == f"{COURSES}/{course['id']}"


def test_create_course_as_admin_is_201(client, admin):
    response = client.post(COURSES, json=VALID, headers=admin.headers)
    assert response.status_code == 201
    assert response.get_json()["course"]["owner_id"] == admin.id


def test_create_course_as_student_is_403(client, student):
    assert_problem(client.post(COURSES, json=VALID, headers=student.headers), 403)


def test_create_course_without_token_is_401(client):
    assert_problem(client.post(COURSES, json=VALID), 401)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"description": "x" * 10_001}, "description"),
        ({"category": ""}, "category"),
        ({"category": "x" * 51}, "category"),
        ({"tags": [f"t{i}" for i in range(11)]}, "tags"),
        ({"tags": ["x" * 31]}, "tags.0"),
        ({"tags": [""]}, "tags.0"),
        ({"tags": "python"}, "tags"),
        ({"level": "expert"}, "level"),
        ({"published": "yes"}, "published"),
        ({"published": 1}, "published"),
        ({"title": 42}, "title"),
        ({"owner_id": "someone-else"}, "owner_id"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_create_course_with_bad_input_is_422_naming_the_field(client, instructor, change, field):
    body = assert_problem(
        client.post(COURSES, json={**VALID, **change}, headers=instructor.headers), 422
    )
    assert field in body["errors"]


@pytest.mark.parametrize("missing", ["title", "description", "category"])
def test_create_course_without_required_field_is_422(client, instructor, missing):
    body = {k: v for k, v in VALID.items() if k != missing}
    problem = assert_problem(client.post(COURSES, json=body, headers=instructor.headers), 422)
    assert missing in problem["errors"]


def test_unknown_field_is_named_as_unknown(client, instructor):
    problem = assert_problem(
        client.post(COURSES, json={**VALID, "price": 10}, headers=instructor.headers), 422
    )
    assert problem["errors"] == {"price": "Unknown field."}


def test_get_published_course_is_public_with_etag(client, make_course):
    course = make_course()
    response = client.get(f"{COURSES}/{course['id']}")
    assert response.status_code == 200
    assert response.get_json()["course"] == course
    assert response.headers["ETag"] == '"1"'


def test_get_draft_is_404_for_others_and_200_for_owner_and_admin(
    client, make_course, instructor, person, admin
):
    draft = make_course(published=False)
    url = f"{COURSES}/{draft['id']}"
    assert_problem(client.get(url), 404)
    assert_problem(client.get(url, headers=person("student").headers), 404)
    assert_problem(client.get(url, headers=person("instructor").headers), 404)
    assert client.get(url, headers=instructor.headers).status_code == 200
    assert client.get(url, headers=admin.headers).status_code == 200


def test_get_unknown_course_is_404_problem(client):
    assert_problem(client.get(f"{COURSES}/no-such-course"), 404)
    assert_problem(client.get(f"{COURSES}/{'x' * 500}"), 404)


def test_update_course_by_owner_bumps_version_and_etag(client, make_course, instructor):
    course = make_course()
    response = client.patch(
        f"{COURSES}/{course['id']}",
        json={"title": "Renamed", "tags": ["New"]},
        headers=instructor.headers,
    )
    assert response.status_code == 200
    updated = response.get_json()["course"]
    assert (updated["title"], updated["tags"], updated["version"]) == ("Renamed", ["new"], 2)
    assert updated["description"] == course["description"]
    assert response.headers["ETag"] == '"2"'
    assert client.get(f"{COURSES}/{course['id']}").get_json()["course"]["title"] == "Renamed"


def test_update_by_admin_is_200(client, make_course, admin):
    course = make_course()
    response = client.patch(
        f"{COURSES}/{course['id']}", json={"level": "advanced"}, headers=admin.headers
    )
    assert response.status_code == 200
    assert response.get_json()["course"]["level"] == "advanced"


@pytest.mark.parametrize("role", ["instructor", "student"])
def test_update_someone_elses_course_is_403(client, make_course, person, role):
    course = make_course()
    response = client.patch(
        f"{COURSES}/{course['id']}", json={"title": "Mine now"}, headers=person(role).headers
    )
    assert_problem(response, 403)
    assert client.get(f"{COURSES}/{course['id']}").get_json()["course"]["title"] == course["title"]


def test_update_someone_elses_draft_is_404(client, make_course, person):
    draft = make_course(published=False)
    response = client.patch(
        f"{COURSES}/{draft['id']}", json={"title": "x"}, headers=person("instructor").headers
    )
    assert_problem(response, 404)


@pytest.mark.parametrize("stale", ['"1"', "1", 'W/"1"', 'W/"2"', '"0", "1"'])
def test_update_with_stale_if_match_is_412(client, make_course, instructor, stale):
    course = make_course()
    url = f"{COURSES}/{course['id']}"
    assert (
        client.patch(url, json={"title": "Second"}, headers=instructor.headers).status_code == 200
    )
    response = client.patch(
        url, json={"title": "Lost update"}, headers={**instructor.headers, "If-Match": stale}
    )
    assert_problem(response, 412)
    assert response.headers["ETag"] == '"2"'
    assert client.get(url).get_json()["course"]["title"] == "Second"


@pytest.mark.parametrize("current", ['"1"', "1", '"7", "1"', 'W/"1", "1"', "*"])
def test_update_with_current_if_match_is_200(client, make_course, instructor, current):
    course = make_course()
    response = client.patch(
        f"{COURSES}/{course['id']}",
        json={"title": "Fresh"},
        headers={**instructor.headers, "If-Match": current},
    )
    assert response.status_code == 200
    assert response.get_json()["course"]["version"] == 2


@pytest.mark.parametrize("weak", ['W/"1"', 'W/"1", W/"7"'])
def test_update_with_a_weak_if_match_is_412(client, make_course, instructor, weak):
    course = make_course()
    url = f"{COURSES}/{course['id']}"
    response = client.patch(
        url, json={"title": "x"}, headers={**instructor.headers, "If-Match": weak}
    )
    assert_problem(response, 412)  # If-Match compares strongly: a weak tag never matches
    assert client.get(url).get_json()["course"]["version"] == 1


@pytest.mark.parametrize("tag", ['"1"', 'W/"1"', '"9", "1"', "*"])
def test_get_course_with_matching_if_none_match_is_304(client, make_course, tag):
    course = make_course()
    response = client.get(f"{COURSES}/{course['id']}", headers={"If-None-Match": tag})
    assert response.status_code == 304
    assert response.data == b"" and response.headers["ETag"] == '"1"'


def test_get_course_with_stale_if_none_match_is_200(client, make_course, instructor):
    course = make_course()
    url = f"{COURSES}/{course['id']}"
    client.patch(url, json={"title": "Changed"}, headers=instructor.headers)
    response = client.get(url, headers={"If-None-Match": '"1"'})
    assert response.status_code == 200 and response.headers["ETag"] == '"2"'
    assert response.get_json()["course"]["title"] == "Changed"


def test_get_hidden_course_with_if_none_match_is_404(client, make_course):
    draft = make_course(published=False)
    response = client.get(f"{COURSES}/{draft['id']}", headers={"If-None-Match": "*"})
    assert_problem(response, 404)


@pytest.mark.parametrize("header", ["abc", '"v1"', "1.5"])
def test_update_with_malformed_if_match_is_400(client, make_course, instructor, header):
    course = make_course()
    response = client.patch(
        f"{COURSES}/{course['id']}",
        json={"title": "x"},
        headers={**instructor.headers, "If-Match": header},
    )
    assert "If-Match" in assert_problem(response, 400)["errors"]


@pytest.mark.parametrize(
    ("body", "field"),
    [({"title": None}, "title"), ({"version": 5}, "version"), ({"tags": None}, "tags")],
)
def test_update_with_bad_input_is_422(client, make_course, instructor, body, field):
    course = make_course()
    response = client.patch(f"{COURSES}/{course['id']}", json=body, headers=instructor.headers)
    assert field in assert_problem(response, 422)["errors"]


def test_update_without_changes_keeps_the_version(client, make_course, instructor):
    course = make_course(level="beginner")
    response = client.patch(
        f"{COURSES}/{course['id']}", json={"level": "beginner"}, headers=instructor.headers
    )
    assert response.status_code == 200
    assert response.get_json()["course"]["version"] == 1


def test_update_keeps_the_enrolled_count(client, make_course, instructor, student):
    course = make_course()
    client.put(f"{COURSES}/{course['id']}/enrollment", headers=student.headers)
    response = client.patch(
        f"{COURSES}/{course['id']}", json={"title": "Still counted"}, headers=instructor.headers
    )
    assert response.get_json()["course"]["enrolled_count"] == 1
    assert client.get(f"{COURSES}/{course['id']}").get_json()["course"]["enrolled_count"] == 1


def test_publishing_a_draft_sets_published_at(client, make_course, instructor):
    draft = make_course(published=False)
    response = client.patch(
        f"{COURSES}/{draft['id']}", json={"published": True}, headers=instructor.headers
    )
    published = response.get_json()["course"]
    assert published["published"] is True and published["published_at"].endswith("Z")
    assert client.get(f"{COURSES}/{draft['id']}").status_code == 200


def test_delete_course_by_owner_is_204_then_404(client, make_course, instructor):
    course = make_course()
    url = f"{COURSES}/{course['id']}"
    response = client.delete(url, headers=instructor.headers)
    assert response.status_code == 204 and response.data == b""
    assert_problem(client.get(url), 404)
    assert_problem(client.delete(url, headers=instructor.headers), 404)


def test_delete_draft_course_is_204(client, make_course, instructor):
    draft = make_course(published=False)
    url = f"{COURSES}/{draft['id']}"
    assert client.delete(url, headers=instructor.headers).status_code == 204
    assert_problem(client.get(url, headers=instructor.headers), 404)


def test_delete_by_admin_is_204(client, make_course, admin):
    course = make_course()
    assert client.delete(f"{COURSES}/{course['id']}", headers=admin.headers).status_code == 204


@pytest.mark.parametrize("role", ["instructor", "student"])
def test_delete_someone_elses_course_is_403(client, make_course, person, role):
    course = make_course()
    assert_problem(client.delete(f"{COURSES}/{course['id']}", headers=person(role).headers), 403)
    assert client.get(f"{COURSES}/{course['id']}").status_code == 200


def test_delete_with_stale_if_match_is_412(client, make_course, instructor):
    course = make_course()
    url = f"{COURSES}/{course['id']}"
    client.patch(url, json={"title": "v2"}, headers=instructor.headers)
    assert_problem(client.delete(url, headers={**instructor.headers, "If-Match": '"1"'}), 412)
    assert client.get(url).status_code == 200


def test_deleted_course_leaves_catalog_search_and_access(client, make_course, instructor, student):
    course = make_course(title="Quantum Knitting")
    url = f"{COURSES}/{course['id']}"
    client.put(f"{url}/enrollment", headers=student.headers)
    assert client.get(f"{url}/access", headers=student.headers).status_code == 200
    assert client.delete(url, headers=instructor.headers).status_code == 204
    assert course["id"] not in [c["id"] for c in client.get(COURSES).get_json()["items"]]
    assert client.get(f"{COURSES}?q=quantum").get_json()["items"] == []
    assert client.get(f"{COURSES}?q=knit").get_json()["items"] == []
    assert_problem(client.get(f"{url}/access", headers=student.headers), 404)
    assert_problem(client.get(f"{url}/access", headers=instructor.headers), 404)


def test_delete_course_leaves_a_tombstone_for_the_video_sweep(
    client, make_course, instructor, tokens
):
    course = make_course()
    internal = tokens.service_headers()
    state = client.get(f"/internal/courses/{course['id']}", headers=internal)
    assert state.status_code == 200 and state.get_json() == {"id": course["id"], "published": True}
    assert (
        client.delete(f"/api/courses/{course['id']}", headers=instructor.headers).status_code == 204
    )
    assert client.get(f"/internal/courses/{course['id']}", headers=internal).status_code == 404
    listed = client.get("/internal/courses/deleted", headers=internal).get_json()["items"]
    assert course["id"] in [t["course_id"] for t in listed]
    deleted = f"/internal/courses/deleted/{course['id']}"
    assert client.delete(deleted, headers=internal).status_code == 204
    listed = client.get("/internal/courses/deleted", headers=internal).get_json()["items"]
    assert course["id"] not in [t["course_id"] for t in listed]


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/internal/courses/deleted"), ("DELETE", "/internal/courses/deleted/{id}"),
     ("GET", "/internal/courses/{id}")],
)  # fmt: skip
@pytest.mark.parametrize("caller", ["nobody", "admin user", "wrong audience"])
def test_internal_course_routes_refuse_all_but_service_tokens(
    client, make_course, tokens, method, path, caller
):
    course = make_course()
    headers = {
        "nobody": {},
        "admin user": tokens.headers(role="admin"),
        "wrong audience": tokens.headers("service:video", role="system"),
    }[caller]
    response = client.open(path.format(id=course["id"]), method=method, headers=headers)
    assert_problem(response, 401)
