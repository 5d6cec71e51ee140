"""The text of the mail the auth service sends: plain text first, the same in simple HTML."""

from __future__ import annotations

from html import escape


def _html(paragraphs: list[str], link: tuple[str, str] | None = None) -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    if link:
        label, url = link
        body = body.replace(
            f"<p>{escape(url)}</p>",
            f'<p><a href="{escape(url, quote=True)}">{escape(label)}</a></p>',
        )
    return f'<!doctype html><html><body style="font-family:sans-serif">{body}</body></html>'


def password_reset(*, email: str, link: str, minutes: int, client: str, user_agent: str,
                   at: str) -> dict:  # fmt: skip
    """Subject, text and HTML of the reset mail: the link, where the request came from, and
    what to do when it was not the reader."""
    paragraphs = [
        f"Someone asked to reset the password of the DREAD account {email}.",
        f"To choose a new password, open this link within {minutes} minutes (it works once):",
        link,
        f"The request came from the address {client} using {user_agent or 'an unnamed client'},"
        f" at {at}.",
        "If this was not you, ignore this mail: your password stays as it is, and the link is"
        " useless to anyone without access to your mailbox. If such mails keep coming, change"
        " your password and tell an administrator.",
    ]
    return {
        "subject": "Reset your DREAD password",
        "text": "\n\n".join(paragraphs) + "\n",
        "html": _html(paragraphs, ("Choose a new password", link)),
    }
