"""The daily email digest: each opted-in user's unread notifications since the last one.

One run per interval (`FORUM_DIGEST_INTERVAL_S`, a day by default, starting at 00:00 UTC):
the first worker to claim the run pages through the profile service's subscribers and
queues one mail per user with something new, through the auth service's outbox (the kit
mail sender delivers it, with retries). Each mail carries an unsubscribe link that works
without logging in, and List-Unsubscribe for one-click unsubscribe in mail clients.
"""

from __future__ import annotations

import logging
from html import escape
from urllib.parse import quote

from service_kit import clients, clock
from service_kit.ids import new_ulid
from service_kit.unsubscribe import unsubscribe_token

from .store_events import EventStore
from .store_notifications import NotificationStore

logger = logging.getLogger(__name__)

MAX_ITEMS = 30  # notifications listed in one digest
LOOKBACK_S = 24 * 3600
_VERBS = {
    "reply": "replied in",
    "thread": "started",
    "answer": "marked an answer in",
    "mention": "mentioned you in",
}


def _line(note: dict) -> str:
    who = note.get("actor_name") or "Someone"
    return (
        f"{who} {_VERBS.get(note['kind'], 'posted in')} “{note.get('thread_title') or 'a thread'}”"
    )


def compose(notes: list[dict], *, base: str, unsubscribe_url: str, page_url: str) -> dict:
    """Subject, text and HTML of one user's digest."""
    count = len(notes)
    subject = f"DREAD forum digest: {count} new update{'s' if count != 1 else ''}"
    lines, items = [], []
    for note in notes:
        link = f"{base}/forum-thread.html?id={quote(note['thread_id'])}"
        course = f" ({note['course_title']})" if note.get("course_title") else ""
        excerpt = note.get("excerpt") or ""
        lines.append(f"- {_line(note)}{course}\n  {excerpt}\n  {link}".rstrip())
        items.append(
            f'<li><a href="{escape(link, quote=True)}">{escape(_line(note))}</a>{escape(course)}'
            f"<br><small>{escape(excerpt)}</small></li>"
        )
    text = (
        "Here is what happened in the discussions you follow since your last digest:\n\n"
        + "\n\n".join(lines)
        + f"\n\nAll your notifications: {page_url}\n\n"
        f"You get this mail because you turned on the daily digest. Unsubscribe (no sign-in"
        f" needed): {unsubscribe_url}\n"
    )
    html = (
        '<!doctype html><html><body style="font-family:sans-serif">'
        "<p>Here is what happened in the discussions you follow since your last digest:</p>"
        f"<ul>{''.join(items)}</ul>"
        f'<p><a href="{escape(page_url, quote=True)}">All your notifications</a></p>'
        "<p><small>You get this mail because you turned on the daily digest. "
        f'<a href="{escape(unsubscribe_url, quote=True)}">Unsubscribe</a> '
        "(no sign-in needed).</small></p></body></html>"
    )
    return {"subject": subject, "text": text, "html": html}


class Digest:
    """Runs the digest when its interval turns."""

    def __init__(self, *, events: EventStore, notifications: NotificationStore, settings):
        self.events, self.notifications, self.settings = events, notifications, settings
        self._checked_run: int | None = None

    def current_run(self) -> int:
        """The number of the interval we are in."""
        return int(clock.epoch() // self.settings.digest_interval_s)

    def run_if_due(self) -> int:
        """Send this interval's digests unless some worker already did; return mails queued."""
        run = self.current_run()
        if run == self._checked_run:
            return 0
        self._checked_run = run
        if not self.events.claim_run(run=run):
            return 0
        return self.send_all()

    def send_all(self) -> int:
        """One digest to every subscriber with unread news; return how many were queued."""
        queued, cursor = 0, None
        while True:
            user_ids, cursor = clients.digest_subscribers(cursor)
            for user_id in user_ids:
                try:
                    queued += self.send_one(user_id)
                except Exception:  # one user's failure must not stop everyone's digest
                    logger.exception("digest for %s failed", user_id)
            if not cursor:
                logger.info("digest run: %s mails queued", queued)
                return queued

    def send_one(self, user_id: str) -> bool:
        """Queue the digest of one user if there is anything new; True when one was queued."""
        # A first digest (or one after a long pause) covers the last day at most, not all
        # history; otherwise everything since the last digest (read ones are left out).
        start_ms = int((clock.epoch() - LOOKBACK_S) * 1000)
        floor = new_ulid(start_ms)[:10] + "0" * 16  # the very first id of that millisecond
        last = self.notifications.last_digest(user_id=user_id)
        after = max(last or floor, floor)
        notes = self.notifications.unread_since(user_id=user_id, after_id=after, limit=MAX_ITEMS)
        if not notes:
            return False
        base = self.settings.public_url.rstrip("/")
        token = unsubscribe_token(user_id, secret=self.settings.service_secret)
        mail = compose(
            notes,
            base=base,
            unsubscribe_url=f"{base}/unsubscribe.html?token={quote(token)}",
            page_url=f"{base}/notifications.html",
        )
        one_click = f"{base}/api/profiles/digest/unsubscribe?token={quote(token)}"
        if clients.mail_user(user_id, kind="digest", unsubscribe_url=one_click, **mail):
            self.notifications.set_last_digest(user_id=user_id, last_id=notes[0]["id"])
            return True
        return False
