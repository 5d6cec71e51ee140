"""GET /api/courses/recommended: co-enrolment, shared category and tags, popularity."""

import pytest
from service_kit.testing import assert_problem

COURSES = "/api/courses"


def _enrol(client, who, *courses):
    for course in courses:
        response = client.put(f"{COURSES}/{course['id']}/enrollment", headers=who.headers)
        assert response.status_code == 201


def _recommended(client, who, limit=10) -> list[tuple[str, str]]:
    response = client.get(f"{COURSES}/recommended?limit={limit}", headers=who.headers)
    assert response.status_code == 200 and response.mimetype == "application/json"
    return [(item["course"]["id"], item["reason"]) for item in response.get_json()["items"]]


def test_new_user_gets_popular_courses_most_enrolled_first(client, make_course, person):
    quiet, busy, busiest = make_course(), make_course(), make_course()
    for _ in range(2):
        _enrol(client, person("student"), busiest)
    _enrol(client, person("student"), busy)
    assert _recommended(client, person("student")) == [
        (busiest["id"], "Popular on DREAD"),
        (busy["id"], "Popular on DREAD"),
        (quiet["id"], "Popular on DREAD"),
    ]


def test_learners_who_took_a_course_also_took(client, make_course, person):
    basics = make_course(title="Python Basics", category="Programming")
    stats = make_course(title="Statistics", category="Maths")
    make_course(title="Pottery", category="Crafts")
    for _ in range(2):
        _enrol(client, person("student"), basics, stats)
    me = person("student")
    _enrol(client, me, basics)
    first = _recommended(client, me)[0]
    assert first == (stats["id"], "Learners who took Python Basics also took this")


def test_shared_category_and_tags_give_their_reason(client, make_course, person):
    taken = make_course(title="Pandas", category="Data Science", tags=["python"])
    same_category = make_course(title="R Basics", category="Data Science")
    same_tag = make_course(title="Flask", category="Web", tags=["Python"])
    make_course(title="Pottery", category="Crafts")
    me = person("student")
    _enrol(client, me, taken)
    reasons = dict(_recommended(client, me))
    assert reasons[same_category["id"]] == "Because you like Data Science"
    assert reasons[same_tag["id"]] == "Because you like python"
    assert list(reasons)[:2] == [same_category["id"], same_tag["id"]]


def test_never_recommends_enrolled_draft_deleted_or_own_courses(
    client, make_course, person, instructor
):
    taken = make_course(category="Programming")
    draft = make_course(category="Programming", published=False)
    deleted = make_course(category="Programming")
    fine = make_course(category="Programming")
    for _ in range(2):
        _enrol(client, person("student"), taken, deleted, fine)
    client.delete(f"{COURSES}/{deleted['id']}", headers=instructor.headers)
    me = person("student")
    _enrol(client, me, taken)
    ids = [course_id for course_id, _ in _recommended(client, me)]
    assert ids == [fine["id"]]
    assert draft["id"] not in ids
    assert all(course_id != fine["id"] for course_id, _ in _recommended(client, instructor))


def test_enrolments_older_than_the_recent_window_are_still_excluded(client, make_course, person):
    me = person("student")
    courses = [make_course() for _ in range(23)]
    _enrol(client, me, *courses)
    assert _recommended(client, me, limit=50) == []


@pytest.mark.parametrize("limit", ["0", "51", "x"])
def test_bad_limit_is_400(client, student, limit):
    assert_problem(client.get(f"{COURSES}/recommended?limit={limit}", headers=student.headers), 400)


def test_limit_caps_the_answer(client, make_course, student):
    for _ in range(4):
        make_course()
    assert len(_recommended(client, student, limit=2)) == 2


def test_recommendations_need_a_token(client):
    assert_problem(client.get(f"{COURSES}/recommended"), 401)
