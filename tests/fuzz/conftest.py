"""Fixtures of the contract fuzzer: its own accounts and the objects its path ids point at."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import pytest

from tests.accounts import Account, new_account


@dataclass
class Actor:
    """A fuzzing identity: its account and the ids of real objects it may touch."""

    role: str
    account: Account
    ids: dict[str, str] = field(default_factory=dict)


def _created(response, status: int = 201) -> dict:
    assert response.status_code == status, (response.request.url, response.text)
    return response.json()


def _objects(stack, owner: Account, member: Account) -> dict[str, str]:
    """A published course of `owner` with a video, a thread and a reply by `member`."""
    body = {
        "title": f"Fuzz course {uuid.uuid4().hex[:6]}",
        "description": "Target of the contract fuzzer.",
        "category": "Testing",
        "published": True,
    }
    course = _created(stack.request("POST", "/api/courses", json=body, headers=owner.headers))
    course_id = course["course"]["id"]
    video = _created(
        stack.request(
            "POST",
            "/api/videos",
            json={
                "course_id": course_id,
                "title": "Fuzz video",
                "filename": "fuzz.mp4",
                "content_type": "video/mp4",
                "size_bytes": 4096,
            },
            headers=owner.headers,
        )
    )
    if member is not owner:
        enrolled = stack.request(
            "PUT", f"/api/courses/{course_id}/enrollment", headers=member.headers
        )
        assert enrolled.status_code in (200, 201), enrolled.text
    thread = _created(
        stack.request(
            "POST",
            f"/api/forum/courses/{course_id}/threads",
            json={"title": "Fuzz thread", "body": "Hello"},
            headers=member.headers,
        )
    )
    thread_id = thread["thread"]["id"]
    reply = _created(
        stack.request(
            "POST",
            f"/api/forum/threads/{thread_id}/replies",
            json={"body": "Hi"},
            headers=member.headers,
        )
    )
    return {
        "course_id": course_id,
        "video_id": video["video"]["id"],
        "thread_id": thread_id,
        "reply_id": reply["reply"]["id"],
        "user_id": member.id,
        "part_number": "1",
    }


@pytest.fixture(scope="session")
def fuzz_actors(stack) -> dict[str, Actor]:
    """A student (enrolled in someone's course) and an instructor (owning one): fresh users."""
    instructor = new_account(stack, "instructor", display_name="Fuzz Instructor")
    student = new_account(stack, display_name="Fuzz Student")
    teacher = new_account(stack, "instructor", display_name="Fuzz Teacher")
    return {
        "student": Actor("student", student, _objects(stack, teacher, student)),
        "instructor": Actor("instructor", instructor, _objects(stack, instructor, instructor)),
    }
