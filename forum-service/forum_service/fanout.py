"""One fan-out step of an event: bounded work, resumable where it stopped.

An event first notifies the people it names directly (mentions; for an answer, the author
of the reply), then pages through the followers of its thread (replies, answers) or course
(new threads), CHUNK at a time. Recipients never include the actor; each recipient gets one
notification per event (the first kind wins: a mention beats "reply").
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from .mentions import mentioned_users
from .store_events import EventStore, start_key
from .store_follows import FollowStore
from .store_notifications import ADD_GROUP, FIELDS, NotificationStore

logger = logging.getLogger(__name__)

# Followers notified per event per pass (ADD_GROUP per transaction): a thread's usual 500
# followers in one pass (each pass costs a lease and a save point as well), still bounded.
CHUNK = 500
WRITERS = 8  # parallel notification transactions (each for up to ADD_GROUP users)
_TARGET = {"reply": "thread", "answer": "thread", "thread": "course"}


def notification_of(event: dict, kind: str) -> dict:
    """The notification a recipient of `event` gets."""
    return {**{name: event.get(name) for name in FIELDS}, "kind": kind}


class Fanout:
    """Advances events with the three stores."""

    def __init__(
        self,
        *,
        events: EventStore,
        follows: FollowStore,
        notifications: NotificationStore,
        chunk: int = CHUNK,
        writers: int = WRITERS,
    ):
        self.events, self.follows, self.notifications = events, follows, notifications
        self.chunk = chunk
        self.pool = ThreadPoolExecutor(max_workers=writers, thread_name_prefix="fanout")

    def run_due(self) -> int:
        """One pass: advance every due event by one chunk; return how many were advanced."""
        advanced = 0
        for event in self.events.due():
            if self.events.lease(event):
                self.step(event)
                advanced += 1
        return advanced

    def step(self, event: dict) -> bool:
        """Advance one leased event by one chunk; True when it is done."""
        if event.get("phase", "direct") == "direct":
            # No save point after this phase: it is redone whole if the first chunk of
            # followers fails, and a redo notifies nobody twice (notifications are keyed by
            # the event's id). One write fewer on every event's way to its followers.
            self._direct(event)
            event = {**event, "phase": "followers", "start_key": ""}
        kind = event["kind"]  # thread, reply or answer: what followers are told
        target = _TARGET[event["kind"]]
        target_id = event["course_id"] if target == "course" else event["thread_id"]
        users, more = self.follows.followers(
            kind=target, target_id=target_id, start=start_key(event), limit=self.chunk
        )
        self._notify(event, users, kind)
        if more:
            self.events.advance(event, phase="followers", start=more)
            return False
        self.events.finish(event)
        logger.info("event %s (%s) fanned out", event["id"], event["kind"])
        return True

    def _direct(self, event: dict) -> None:
        """Remember the actor's name, then notify the people the post names."""
        if event.get("actor_name"):
            self.follows.remember_name(
                course_id=event["course_id"], user_id=event["actor_id"], name=event["actor_name"]
            )
        named = mentioned_users(
            self.follows, course_id=event["course_id"], text=event.get("text", "")
        )
        self._notify(event, sorted(named), "mention")
        if event["kind"] == "answer" and event.get("reply_author_id"):
            self._notify(event, [event["reply_author_id"]], "answer")

    def _notify(self, event: dict, users, kind: str) -> None:
        """One notification per recipient (not the actor): groups of users per transaction,
        the groups written in parallel."""
        notification = notification_of(event, kind)
        recipients = [u for u in dict.fromkeys(users) if u and u != event.get("actor_id")]
        groups = [recipients[i : i + ADD_GROUP] for i in range(0, len(recipients), ADD_GROUP)]
        list(
            self.pool.map(
                lambda group: self.notifications.add_many(
                    user_ids=group, notification=notification
                ),
                groups,
            )
        )
