"""POST/PATCH/DELETE /api/courses/{id}/sections: ordered sections, edited by owner or admin."""

import pytest
from service_kit.testing import assert_problem


def _sections(client, course_id, headers=None) -> list[tuple[str, int]]:
    course = client.get(f"/api/courses/{course_id}", headers=headers or {}).get_json()["course"]
    return [(s["title"], s["position"]) for s in course["sections"]]


def _add(client, course, who, **body):
    return client.post(f"/api/courses/{course['id']}/sections", json=body, headers=who.headers)


def test_new_course_has_no_sections_and_the_new_fields(make_course, instructor):
    course = make_course()
    assert course["sections"] == []
    assert course["instructor"] == {"id": instructor.id, "display_name": f"Name of {instructor.id}"}
    assert (course["video_count"], course["total_duration_s"]) == (0, 0.0)
    assert course["cover_url"] is None and course["cover_urls"] is None


def test_create_section_appends_by_default_and_inserts_at_position(client, make_course, instructor):
    course = make_course()
    first = _add(client, course, instructor, title="Getting started")
    assert first.status_code == 201
    section = first.get_json()["section"]
    assert section["title"] == "Getting started" and section["position"] == 0
    assert first.headers["Location"].endswith(f"/sections/{section['id']}")
    assert first.headers["ETag"] == '"2"'  # a section edit is a course edit
    _add(client, course, instructor, title="Advanced")
    middle = _add(client, course, instructor, title="Core ideas", position=1)
    assert middle.get_json()["section"]["position"] == 1
    _add(client, course, instructor, title="Appendix", position=99)
    assert _sections(client, course["id"]) == [
        ("Getting started", 0), ("Core ideas", 1), ("Advanced", 2), ("Appendix", 3),
    ]  # fmt: skip


def test_rename_and_move_a_section(client, make_course, instructor):
    course = make_course()
    ids = [_add(client, course, instructor, title=t).get_json()["section"]["id"] for t in "ABC"]
    url = f"/api/courses/{course['id']}/sections"
    moved = client.patch(f"{url}/{ids[2]}", json={"position": 0}, headers=instructor.headers)
    assert moved.status_code == 200 and moved.get_json()["section"]["position"] == 0
    renamed = client.patch(f"{url}/{ids[0]}", json={"title": "Alpha"}, headers=instructor.headers)
    assert renamed.get_json()["section"] == {"id": ids[0], "title": "Alpha", "position": 1}
    both = client.patch(
        f"{url}/{ids[1]}", json={"title": "Beta", "position": 0}, headers=instructor.headers
    )
    assert both.status_code == 200
    assert _sections(client, course["id"]) == [("Beta", 0), ("C", 1), ("Alpha", 2)]


def test_delete_a_section(client, make_course, instructor):
    course = make_course()
    ids = [_add(client, course, instructor, title=t).get_json()["section"]["id"] for t in "AB"]
    url = f"/api/courses/{course['id']}/sections/{ids[0]}"
    assert client.delete(url, headers=instructor.headers).status_code == 204
    assert _sections(client, course["id"]) == [("B", 0)]
    assert_problem(client.delete(url, headers=instructor.headers), 404)
    assert_problem(client.patch(url, json={"title": "x"}, headers=instructor.headers), 404)


def test_admin_may_edit_sections_but_a_student_or_other_instructor_may_not(
    client, make_course, instructor, student, admin, person
):
    course = make_course()
    assert _add(client, course, admin, title="By admin").status_code == 201
    assert_problem(_add(client, course, student, title="Nope"), 403)
    assert_problem(_add(client, course, person("instructor"), title="Nope"), 403)
    assert_problem(client.post(f"/api/courses/{course['id']}/sections", json={"title": "x"}), 401)


def test_sections_of_a_draft_are_404_for_others(client, make_course, person):
    draft = make_course(published=False)
    assert_problem(_add(client, draft, person("instructor"), title="x"), 404)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "title"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "ok", "position": -1}, "position"),
        ({"title": "ok", "position": "first"}, "position"),
        ({"title": "ok", "id": "mine"}, "id"),
    ],
)
def test_bad_section_body_is_422_naming_the_field(client, make_course, instructor, body, field):
    problem = assert_problem(_add(client, make_course(), instructor, **body), 422)
    assert field in problem["errors"]


def test_stale_if_match_on_a_section_edit_is_412(client, make_course, instructor):
    course = make_course()
    headers = {**instructor.headers, "If-Match": '"1"'}
    assert _add(client, course, instructor, title="A").status_code == 201
    late = client.post(
        f"/api/courses/{course['id']}/sections", json={"title": "B"}, headers=headers
    )
    assert_problem(late, 412)


def test_a_course_holds_at_most_100_sections(client, make_course, instructor, monkeypatch):
    from course_service import sections

    monkeypatch.setattr(sections, "MAX_SECTIONS", 3)
    course = make_course()
    for title in "ABC":
        assert _add(client, course, instructor, title=title).status_code == 201
    assert_problem(_add(client, course, instructor, title="D"), 409)


def test_sections_survive_course_edits(client, make_course, instructor):
    course = make_course()
    _add(client, course, instructor, title="Kept")
    edit = client.patch(
        f"/api/courses/{course['id']}", json={"title": "Renamed"}, headers=instructor.headers
    )
    assert [s["title"] for s in edit.get_json()["course"]["sections"]] == ["Kept"]
