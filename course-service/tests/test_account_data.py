"""Internal export and purge of one user's enrolments (service tokens only)."""

import uuid


def test_purge_unenrols_the_user_and_the_count_drops(client, make_course, student, tokens):
    student.id = str(uuid.uuid4())  # user ids are UUIDs (the fixture's are not id-shaped)
    course = make_course()
    url = f"/api/courses/{course['id']}"
    assert client.put(f"{url}/enrollment", headers=student.headers).status_code in (200, 201)
    path = f"/internal/courses/users/{student.id}"
    exported = client.get(f"{path}/export", headers=tokens.service_headers()).get_json()
    assert [e["course_id"] for e in exported["data"]["enrollments"]] == [course["id"]]
    assert client.delete(path, headers=tokens.service_headers()).status_code == 204
    assert client.get(f"{url}/enrollment", headers=student.headers).status_code == 404
    assert client.get(url).get_json()["course"]["enrolled_count"] == 0
    again = client.get(f"{path}/export", headers=tokens.service_headers()).get_json()
    assert again["data"]["enrollments"] == []
