"""Courses through NGINX on a private stack: every row of the courses table in API.md."""

from __future__ import annotations

import threading
import uuid

import pytest

from tests.accounts import login, new_account

COURSES = "/api/courses"
JSON = "application/json"
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def people(stack):
    """Accounts shared by this module: two instructors, two students and an admin."""
    return {
        "owner": new_account(stack, role="instructor"),
        "rival": new_account(stack, role="instructor"),
        "student": new_account(stack),
        "other": new_account(stack),
        "admin": new_account(stack, role="admin"),
    }


def _category() -> str:
    """A category of its own, so a test sees only its own courses in a shared catalog."""
    return f"IT {uuid.uuid4().hex[:10]}"


def _create(stack, who, **fields):
    body = {
        "title": f"Course {uuid.uuid4().hex[:6]}",
        "description": "Integration test course.",
        "category": "Integration",
        "published": True,
        **fields,
    }
    response = stack.request("POST", COURSES, json=body, headers=who.headers)
    assert response.status_code == 201, response.text
    return response.json()["course"]


def _problem(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["Content-Type"] == PROBLEM
    return response.json()


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == JSON
    return [course["id"] for course in response.json()["items"]]


def test_create_course_is_201_for_instructor_and_admin(stack, people):
    course = _create(stack, people["owner"], tags=["Integration"], level="advanced")
    assert course["owner_id"] == people["owner"].id
    assert (course["version"], course["enrolled_count"], course["tags"]) == (1, 0, ["integration"])
    assert _create(stack, people["admin"])["owner_id"] == people["admin"].id


def test_create_course_as_student_is_403(stack, people):
    body = {"title": "Nope", "description": "", "category": "X"}
    _problem(stack.request("POST", COURSES, json=body, headers=people["student"].headers), 403)


def test_create_course_with_unknown_field_is_422_naming_it(stack, people):
    body = {"title": "T", "description": "", "category": "X", "price": 3}
    response = stack.request("POST", COURSES, json=body, headers=people["owner"].headers)
    assert "price" in _problem(response, 422)["errors"]


def test_catalog_search_and_category_are_public(stack, people):
    category = _category()
    word = f"zq{uuid.uuid4().hex[:8]}"
    found = _create(stack, people["owner"], title=f"Learn {word} today", category=category)
    _create(stack, people["owner"], title=f"Draft {word}", category=category, published=False)
    assert _ids(stack.get(COURSES, params={"category": category.upper()})) == [found["id"]]
    assert _ids(stack.get(COURSES, params={"q": f"today {word.upper()}"})) == [found["id"]]
    assert _ids(stack.get(COURSES, params={"q": word[:5]})) == [found["id"]]
    assert found["id"] in _ids(stack.get(COURSES, params={"limit": 100}))


def test_get_course_draft_only_for_owner_and_admin(stack, people):
    draft = _create(stack, people["owner"], published=False)
    url = f"{COURSES}/{draft['id']}"
    _problem(stack.get(url), 404)
    _problem(stack.get(url, headers=people["student"].headers), 404)
    _problem(stack.get(url, headers=people["rival"].headers), 404)
    assert stack.get(url, headers=people["owner"].headers).status_code == 200
    response = stack.get(url, headers=people["admin"].headers)
    assert response.status_code == 200 and response.headers["ETag"] == '"1"'


def test_patch_by_owner_is_200_and_by_someone_else_403(stack, people):
    course = _create(stack, people["owner"])
    url = f"{COURSES}/{course['id']}"
    for who in ("rival", "student"):
        _problem(
            stack.request("PATCH", url, json={"title": "Hijack"}, headers=people[who].headers), 403
        )
    response = stack.request(
        "PATCH", url, json={"title": "Renamed"}, headers=people["owner"].headers
    )
    assert response.status_code == 200 and response.headers["ETag"] == '"2"'
    assert response.json()["course"]["title"] == "Renamed"


def test_patch_with_stale_if_match_is_412(stack, people):
    course = _create(stack, people["owner"])
    url = f"{COURSES}/{course['id']}"
    headers = {**people["owner"].headers, "If-Match": '"1"'}
    assert stack.request("PATCH", url, json={"title": "First"}, headers=headers).status_code == 200
    for stale in ('"1"', "1", 'W/"1"'):
        response = stack.request(
            "PATCH", url, json={"title": "Lost"}, headers={**headers, "If-Match": stale}
        )
        _problem(response, 412)
    assert stack.get(url).json()["course"]["title"] == "First"


def test_delete_course_leaves_catalog_search_and_access(stack, people):
    word = f"zd{uuid.uuid4().hex[:8]}"
    course = _create(stack, people["owner"], title=f"Delete {word}")
    url = f"{COURSES}/{course['id']}"
    stack.request("PUT", f"{url}/enrollment", headers=people["student"].headers)
    for who in ("rival", "student"):
        _problem(stack.request("DELETE", url, headers=people[who].headers), 403)
    response = stack.request("DELETE", url, headers=people["owner"].headers)
    assert response.status_code == 204 and response.content == b""
    assert _ids(stack.get(COURSES, params={"q": word})) == []
    _problem(stack.get(f"{url}/access", headers=people["student"].headers), 404)
    _problem(stack.request("DELETE", url, headers=people["owner"].headers), 404)


def test_enrollment_put_get_delete_are_idempotent_and_counted(stack, people):
    course = _create(stack, people["owner"])
    url = f"{COURSES}/{course['id']}/enrollment"
    student = people["student"]
    _problem(stack.get(url, headers=student.headers), 404)
    assert stack.request("PUT", url, headers=student.headers).status_code == 201
    again = stack.request("PUT", url, headers=student.headers)
    assert again.status_code == 200 and again.json()["enrollment"]["user_id"] == student.id
    assert stack.get(url, headers=student.headers).status_code == 200
    assert stack.get(f"{COURSES}/{course['id']}").json()["course"]["enrolled_count"] == 1
    for _ in range(2):
        assert stack.request("DELETE", url, headers=student.headers).status_code == 204
    assert stack.get(f"{COURSES}/{course['id']}").json()["course"]["enrolled_count"] == 0


def test_concurrent_enrolments_keep_the_count_exact(stack, people):
    course = _create(stack, people["owner"])
    url = f"{COURSES}/{course['id']}/enrollment"
    learners = [people["student"], people["other"], people["rival"], people["admin"]]
    statuses = []

    def enrol_twice(who):
        statuses.extend(
            stack.request("PUT", url, headers=who.headers).status_code for _ in range(2)
        )

    threads = [threading.Thread(target=enrol_twice, args=(who,)) for who in learners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 4 + [201] * 4
    assert stack.get(f"{COURSES}/{course['id']}").json()["course"]["enrolled_count"] == 4


def test_enrolled_and_mine_list_with_paging(stack, people):
    owner = new_account(stack, role="instructor")
    learner = new_account(stack)
    made = [_create(stack, owner, published=i != 1) for i in range(3)]
    for course in (made[0], made[2]):
        stack.request("PUT", f"{COURSES}/{course['id']}/enrollment", headers=learner.headers)
    mine = stack.get(f"{COURSES}/mine", params={"limit": 2}, headers=owner.headers).json()
    rest = stack.get(
        f"{COURSES}/mine", params={"limit": 2, "cursor": mine["next_cursor"]}, headers=owner.headers
    ).json()
    assert [c["id"] for c in mine["items"] + rest["items"]] == [c["id"] for c in made[::-1]]
    enrolled = stack.get(f"{COURSES}/enrolled", headers=learner.headers)
    assert _ids(enrolled) == [made[2]["id"], made[0]["id"]]
    _problem(stack.get(f"{COURSES}/mine", headers=learner.headers), 403)


def test_recommended_never_lists_enrolled_courses(stack, people):
    learner = new_account(stack)
    category = _category()
    taken, other = (_create(stack, people["owner"], category=category) for _ in range(2))
    stack.request("PUT", f"{COURSES}/{taken['id']}/enrollment", headers=learner.headers)
    response = stack.get(f"{COURSES}/recommended", params={"limit": 50}, headers=learner.headers)
    assert response.status_code == 200
    items = response.json()["items"]
    assert taken["id"] not in [item["course"]["id"] for item in items]
    reasons = {item["course"]["id"]: item["reason"] for item in items}
    assert reasons[other["id"]] == f"Because you like {category}"


def test_access_answers_each_relation_and_is_cacheable(stack, people):
    course = _create(stack, people["owner"])
    url = f"{COURSES}/{course['id']}/access"
    stack.request("PUT", f"{COURSES}/{course['id']}/enrollment", headers=people["student"].headers)
    expected = {"owner": "owner", "admin": "admin", "student": "enrolled", "other": "none"}
    for who, relation in expected.items():
        response = stack.get(url, headers=people[who].headers)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "private, max-age=5"
        body = response.json()
        assert body["relation"] == relation and body["owner_id"] == people["owner"].id
        assert body["can_view_content"] is (relation != "none")
        assert body["can_moderate"] is (relation in ("owner", "admin"))
    _problem(stack.get(url), 401)


def test_pages_return_every_course_once_while_courses_are_added(stack, people):
    category = _category()
    existing = {_create(stack, people["owner"], category=category)["id"] for _ in range(9)}
    stop, added = threading.Event(), []

    def keep_adding():
        while not stop.is_set() and len(added) < 20:
            added.append(_create(stack, people["owner"], category=category)["id"])

    adder = threading.Thread(target=keep_adding)
    adder.start()
    seen, cursor = [], None
    try:
        while True:
            params = {"category": category, "limit": 2, **({"cursor": cursor} if cursor else {})}
            response = stack.get(COURSES, params=params)
            seen += _ids(response)
            cursor = response.json()["next_cursor"]
            if cursor is None:
                break
    finally:
        stop.set()
        adder.join()
    assert len(seen) == len(set(seen)), "no course is returned twice"
    assert existing <= set(seen), "every course that existed when paging began is returned"
    assert set(seen) <= existing | set(added)


def test_tampered_cursor_is_400(stack, people):
    category = _category()
    for _ in range(2):
        _create(stack, people["owner"], category=category)
    cursor = stack.get(COURSES, params={"category": category, "limit": 1}).json()["next_cursor"]
    tampered = cursor[:-3] + ("AAA" if not cursor.endswith("AAA") else "BBB")
    response = stack.get(COURSES, params={"category": category, "cursor": tampered})
    assert "cursor" in _problem(response, 400)["errors"]


def test_demo_instructor_has_seeded_published_courses(stack):
    instructor = login(stack, "instructor@dread.local", "dread-instructor-demo")
    mine = stack.get(f"{COURSES}/mine", params={"limit": 20}, headers=instructor.headers).json()
    demo = [c for c in mine["items"] if c["published"]]
    assert len(demo) >= 5
    assert len({c["category"] for c in demo}) >= 3
