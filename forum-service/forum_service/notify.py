"""The hooks the post handlers call: follow what the author wrote in, queue the fan-out.

Each costs the request one or two small writes whatever the number of followers; the
worker (`forum_service.worker`) notifies everyone within seconds (see fanout.py).
"""

from __future__ import annotations

from service_kit import clients

from .access import author_name
from .deps import events, follows, store

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


def answer_changed(before: dict, after: dict, access: clients.CourseAccess, user) -> None:
    """When a thread gains (or changes) its answer, its followers and the reply's author hear."""
    answer_id = after.get("answer_reply_id")
    if not answer_id or answer_id == before.get("answer_reply_id"):
        return
    reply = store().find_reply(reply_id=answer_id)
    if reply is None:
        return
    _event(
        "answer",
        after,
        access,
        actor_id=user.id,
        actor_name=author_name(user),
        text="",
        summary=reply.get("body", ""),
        reply_id=answer_id,
        reply_author_id=reply["author_id"],
    )
