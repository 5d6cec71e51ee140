"""Enrolment, the caller's courses, the owner's courses and the access decision."""

import uuid

import pytest
from service_kit.testing import assert_problem

COURSES = "/api/courses"


def _count(client, course) -> int:
    return client.get(f"{COURSES}/{course['id']}").get_json()["course"]["enrolled_count"]


def test_enrol_is_201_then_200_and_the_count_is_exact(client, make_course, student, person):
    course = make_course()
    url = f"{COURSES}/{course['id']}/enrollment"
    first = client.put(url, headers=student.headers)
    assert first.status_code == 201
    enrollment = first.get_json()["enrollment"]
    assert enrollment["course_id"] == course["id"] and enrollment["user_id"] == student.id
    assert enrollment["enrolled_at"].endswith("Z")
    again = client.put(url, headers=student.headers)
    assert again.status_code == 200 and again.get_json()["enrollment"] == enrollment
    client.put(url, headers=person("student").headers)
    assert _count(client, course) == 2


def test_unenrol_is_always_204_and_the_count_drops_once(client, make_course, student):
    course = make_course()
    url = f"{COURSES}/{course['id']}/enrollment"
    client.put(url, headers=student.headers)
    for _ in range(2):
        response = client.delete(url, headers=student.headers)
        assert response.status_code == 204 and response.data == b""
    assert _count(client, course) == 0
    assert (
        client.delete(f"{COURSES}/{uuid.uuid4()}/enrollment", headers=student.headers).status_code
        == 204
    )


def test_enrolment_needs_a_token(client, make_course):
    course = make_course()
    assert_problem(client.put(f"{COURSES}/{course['id']}/enrollment"), 401)
    assert_problem(client.delete(f"{COURSES}/{course['id']}/enrollment"), 401)


def test_enrol_in_a_draft_is_404_for_others_and_409_for_its_owner(
    client, make_course, instructor, student
):
    draft = make_course(published=False)
    url = f"{COURSES}/{draft['id']}/enrollment"
    assert_problem(client.put(url, headers=student.headers), 404)
    assert_problem(client.put(url, headers=instructor.headers), 409)
    assert _count_as(client, draft, instructor) == 0


def _count_as(client, course, who) -> int:
    response = client.get(f"{COURSES}/{course['id']}", headers=who.headers)
    return response.get_json()["course"]["enrolled_count"]


def test_enrol_in_unknown_or_deleted_course_is_404(client, make_course, instructor, student):
    assert_problem(client.put(f"{COURSES}/nope/enrollment", headers=student.headers), 404)
    course = make_course()
    client.delete(f"{COURSES}/{course['id']}", headers=instructor.headers)
    assert_problem(client.put(f"{COURSES}/{course['id']}/enrollment", headers=student.headers), 404)


def test_get_enrollment_is_200_when_enrolled_else_404(client, make_course, student):
    course = make_course()
    url = f"{COURSES}/{course['id']}/enrollment"
    assert_problem(client.get(url, headers=student.headers), 404)
    client.put(url, headers=student.headers)
    response = client.get(url, headers=student.headers)
    assert response.status_code == 200
    assert response.get_json()["enrollment"]["user_id"] == student.id


def test_unenrol_from_a_deleted_course_is_204(client, make_course, instructor, student):
    course = make_course()
    client.put(f"{COURSES}/{course['id']}/enrollment", headers=student.headers)
    client.delete(f"{COURSES}/{course['id']}", headers=instructor.headers)
    assert (
        client.delete(f"{COURSES}/{course['id']}/enrollment", headers=student.headers).status_code
        == 204
    )
    assert client.get(f"{COURSES}/enrolled", headers=student.headers).get_json()["items"] == []


def test_enrolled_lists_my_courses_newest_enrolment_first_in_pages(client, make_course, student):
    courses = [make_course() for _ in range(5)]
    for course in courses:
        client.put(f"{COURSES}/{course['id']}/enrollment", headers=student.headers)
    seen, cursor = [], None
    while True:
        query = f"?limit=2&cursor={cursor}" if cursor else "?limit=2"
        body = client.get(f"{COURSES}/enrolled{query}", headers=student.headers).get_json()
        seen += [c["id"] for c in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == [c["id"] for c in courses[::-1]]


def test_enrolled_cursor_of_another_user_is_400(client, make_course, student, person):
    for _ in range(2):
        client.put(f"{COURSES}/{make_course()['id']}/enrollment", headers=student.headers)
    cursor = client.get(f"{COURSES}/enrolled?limit=1", headers=student.headers).get_json()[
        "next_cursor"
    ]
    other = person("student")
    assert_problem(client.get(f"{COURSES}/enrolled?cursor={cursor}", headers=other.headers), 400)


def test_enrolled_leaves_out_unpublished_and_deleted_courses(
    client, make_course, instructor, student
):
    kept, hidden, gone = make_course(), make_course(), make_course()
    for course in (kept, hidden, gone):
        client.put(f"{COURSES}/{course['id']}/enrollment", headers=student.headers)
    client.patch(f"{COURSES}/{hidden['id']}", json={"published": False}, headers=instructor.headers)
    client.delete(f"{COURSES}/{gone['id']}", headers=instructor.headers)
    items = client.get(f"{COURSES}/enrolled", headers=student.headers).get_json()["items"]
    assert [c["id"] for c in items] == [kept["id"]]


def test_mine_lists_owned_courses_with_drafts_in_pages(client, make_course, instructor, person):
    mine = [make_course(published=i % 2 == 0) for i in range(3)]
    make_course(owner=person("instructor"))
    first = client.get(f"{COURSES}/mine?limit=2", headers=instructor.headers).get_json()
    rest = client.get(
        f"{COURSES}/mine?limit=2&cursor={first['next_cursor']}", headers=instructor.headers
    ).get_json()
    assert [c["id"] for c in first["items"] + rest["items"]] == [c["id"] for c in mine[::-1]]
    assert rest["next_cursor"] is None


def test_mine_is_403_for_students_and_401_without_token(client, student):
    assert_problem(client.get(f"{COURSES}/mine", headers=student.headers), 403)
    assert_problem(client.get(f"{COURSES}/mine"), 401)


@pytest.mark.parametrize("path", ["enrolled", "mine", "recommended"])
def test_fixed_paths_are_not_taken_for_course_ids(client, admin, path):
    response = client.get(f"{COURSES}/{path}", headers=admin.headers)
    assert response.status_code == 200
    assert "items" in response.get_json() and "course" not in response.get_json()


def _access(client, course, who):
    return client.get(f"{COURSES}/{course['id']}/access", headers=who.headers)


def test_access_tells_each_relation(client, make_course, instructor, admin, student, person):
    course = make_course()
    client.put(f"{COURSES}/{course['id']}/enrollment", headers=student.headers)
    expected = {
        "owner": (instructor, True, True),
        "admin": (admin, True, True),
        "enrolled": (student, True, False),
        "none": (person("student"), False, False),
    }
    for relation, (who, can_view, can_moderate) in expected.items():
        response = _access(client, course, who)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "private, max-age=5"
        assert response.get_json() == {
            "course_id": course["id"],
            "owner_id": instructor.id,
            "title": course["title"],
            "published": True,
            "relation": relation,
            "can_view_content": can_view,
            "can_moderate": can_moderate,
        }


def test_access_to_a_draft_is_404_except_for_owner_and_admin(
    client, make_course, instructor, admin, student
):
    draft = make_course(published=False)
    assert_problem(_access(client, draft, student), 404)
    assert _access(client, draft, instructor).get_json()["relation"] == "owner"
    assert _access(client, draft, admin).get_json()["can_view_content"] is True


def test_access_after_unenrolling_is_none(client, make_course, student):
    course = make_course()
    url = f"{COURSES}/{course['id']}/enrollment"
    client.put(url, headers=student.headers)
    client.delete(url, headers=student.headers)
    assert _access(client, course, student).get_json()["can_view_content"] is False


def test_access_needs_a_token_and_an_existing_course(client, make_course, student):
    assert_problem(client.get(f"{COURSES}/{make_course()['id']}/access"), 401)
    assert_problem(client.get(f"{COURSES}/missing/access", headers=student.headers), 404)
