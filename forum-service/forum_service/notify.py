"""The hooks the post handlers call: follow what the author wrote in, queue the fan-out.

Each costs the request one or two small writes whatever the number of followers; the
worker (`forum_service.worker`) notifies everyone within seconds (see fanout.py).
"""

from __future__ import annotations

from service_kit import clients

from .deps import events, follows

EXCERPT_CHARS = 160


def excerpt(text: str) -> str:
    """The start of a post's text on one line, for notification lists and the digest."""
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1].rstrip() + "…"


def _event(
    kind: str,
    thread: dict,
    access: clients.CourseAccess,
    *,
    actor_id: str,
    actor_name: str,
    text: str,
    summary: str | None = None,
    reply_id: str | None = None,
    **extra,
) -> dict:
    """Queue one event; `text` is scanned for @mentions, `summary` (else text) excerpted."""
    return events().add(
        event={
            "kind": kind,
            "course_id": thread["course_id"],
            "thread_id": thread["id"],
            "reply_id": reply_id,
            "actor_id": actor_id,
            "actor_name": actor_name,
            "thread_title": thread.get("title"),
            "course_title": access.title or None,
            "excerpt": excerpt(text if summary is None else summary),
            "text": text,
            **extra,
        }
    )


def thread_created(thread: dict, access: clients.CourseAccess) -> None:
    """The author follows the new thread; the course's followers hear of it."""
    follows().auto_follow(
        kind="thread",
        target_id=thread["id"],
        user_id=thread["author_id"],
        course_id=thread["course_id"],
    )
    _event(
        "thread",
        thread,
        access,
        actor_id=thread["author_id"],
        actor_name=thread["author_name"],
        text=thread.get("body", ""),
    )


def reply_created(reply: dict, thread: dict, access: clients.CourseAccess) -> None:
    """The replier follows the thread; its followers and anyone @mentioned hear of it."""
    follows().auto_follow(
        kind="thread",
        target_id=thread["id"],
        user_id=reply["author_id"],
        course_id=thread["course_id"],
    )
    _event(
        "reply",
        thread,
        access,
        actor_id=reply["author_id"],
        actor_name=reply["author_name"],
        text=reply.get("body", ""),
        reply_id=reply["id"],
    )


def answer_marked(
    thread: dict, reply: dict, access: clients.CourseAccess, *, actor_id: str, actor_name: str
) -> None:
    """The reply's author and the thread's followers hear that the question has an answer."""
    _event(
        "answer",
        thread,
        access,
        actor_id=actor_id,
        actor_name=actor_name,
        text="",
        summary=reply.get("body", ""),
        reply_id=reply["id"],
        reply_author_id=reply["author_id"],
    )
