"""GET /api/courses/suggest and /api/courses/instructors/{id}; the course's instructor name."""

import uuid

import pytest
from service_kit.testing import assert_problem


@pytest.fixture
def teacher(person):
    """An instructor whose id is a real one (instructor pages route ids only)."""
    someone = person("instructor")
    someone.id = str(uuid.uuid4())
    return someone


def _suggest(client, q: str) -> list[str]:
    response = client.get("/api/courses/suggest", query_string={"q": q})
    assert response.status_code == 200, response.get_json()
    return [item["title"] for item in response.get_json()["items"]]


def test_suggest_matches_the_start_of_any_title_word(client, make_course):
    make_course(title="Python Basics")
    make_course(title="Data Analysis with Pandas")
    make_course(title="Advanced Pythonic Patterns")
    assert _suggest(client, "pyt") == ["Python Basics", "Advanced Pythonic Patterns"]
    assert _suggest(client, "PAND") == ["Data Analysis with Pandas"]
    assert _suggest(client, "basi") == ["Python Basics"]
    assert _suggest(client, "zz") == []


def test_suggest_with_several_words_needs_the_earlier_ones_whole(client, make_course):
    make_course(title="Python Basics")
    make_course(title="Rust Basics")
    assert _suggest(client, "rust ba") == ["Rust Basics"]
    assert _suggest(client, "ba") == ["Python Basics", "Rust Basics"] or _suggest(client, "ba") == [
        "Rust Basics",
        "Python Basics",
    ]


def test_suggest_shows_only_published_titles_and_follows_renames(client, make_course, instructor):
    course = make_course(title="Kotlin Start")
    make_course(title="Kotlin Secret", published=False)
    assert _suggest(client, "kot") == ["Kotlin Start"]
    client.patch(
        f"/api/courses/{course['id']}", json={"title": "Kotlin Journey"}, headers=instructor.headers
    )
    assert _suggest(client, "kot") == ["Kotlin Journey"]
    client.patch(
        f"/api/courses/{course['id']}", json={"published": False}, headers=instructor.headers
    )
    assert _suggest(client, "kot") == []


def test_suggest_gives_at_most_eight_and_each_course_once(client, make_course):
    for n in range(10):
        make_course(title=f"Swift swiftly {n}")
    items = client.get("/api/courses/suggest?q=swi").get_json()["items"]
    assert len(items) == 8 and len({item["id"] for item in items}) == 8


def test_suggest_of_one_letter_or_nothing_is_empty(client, make_course):
    make_course(title="Python Basics")
    assert (
        _suggest(client, "p") == [] and _suggest(client, "") == [] and _suggest(client, "!!") == []
    )


def test_suggest_query_too_long_is_400(client):
    assert "q" in assert_problem(client.get("/api/courses/suggest?q=" + "x" * 201), 400)["errors"]


def test_instructor_page_shows_profile_and_published_courses_only(
    client, make_course, teacher, people
):
    instructor = teacher
    people.profiles[instructor.id] = {
        "user_id": instructor.id, "display_name": "Ada L.", "bio": "Maths.", "avatar_url": None,
    }  # fmt: skip
    older, newer = make_course(teacher), make_course(teacher)
    make_course(teacher, published=False)
    make_course()  # someone else's
    response = client.get(f"/api/courses/instructors/{instructor.id}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["instructor"] == {
        "id": instructor.id,
        "display_name": "Ada L.",
        "bio": "Maths.",
        "avatar_url": None,
    }
    assert [c["id"] for c in body["courses"]] == [newer["id"], older["id"]]


def test_instructor_without_profile_uses_the_name_on_their_courses(
    client, make_course, teacher, people
):
    instructor = teacher
    make_course(teacher)
    people.profiles.clear()
    body = client.get(f"/api/courses/instructors/{instructor.id}").get_json()
    assert body["instructor"]["display_name"] == f"Name of {instructor.id}"
    assert body["instructor"]["bio"] == "" and body["instructor"]["avatar_url"] is None


def test_someone_who_publishes_nothing_has_no_instructor_page(client, make_course, teacher):
    make_course(teacher, published=False)
    assert_problem(client.get(f"/api/courses/instructors/{uuid.uuid4()}"), 404)
    assert_problem(client.get(f"/api/courses/instructors/{teacher.id}"), 404)
    assert_problem(client.get("/api/courses/instructors/not-an-id"), 404)


def test_course_creation_survives_a_down_profile_service_and_the_next_edit_fills_the_name(
    client, instructor, people
):
    people.down = True
    body = {"title": "T", "description": "", "category": "Programming"}
    course = client.post("/api/courses", json=body, headers=instructor.headers).get_json()["course"]
    assert course["instructor"]["display_name"] == ""
    people.down = False
    people.profiles[instructor.id] = {"display_name": "Grace H."}
    url = f"/api/courses/{course['id']}"
    edited = client.patch(url, json={"description": "New"}, headers=instructor.headers).get_json()
    assert edited["course"]["instructor"]["display_name"] == "Grace H."


def test_an_admin_edit_keeps_the_owners_name(client, make_course, admin, instructor):
    course = make_course()
    url = f"/api/courses/{course['id']}"
    edited = client.patch(url, json={"description": "By admin"}, headers=admin.headers).get_json()
    assert edited["course"]["instructor"] == {
        "id": instructor.id,
        "display_name": f"Name of {instructor.id}",
    }
