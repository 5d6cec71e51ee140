"""Reading the private stack's mail: the Maildir its SMTP server writes (devstack/mail.py)."""

from __future__ import annotations

import re
import time
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser


def messages_to(stack, address: str) -> list[EmailMessage]:
    """Every message delivered to `address`, oldest first."""
    found = []
    for sub in ("new", "cur"):
        for path in sorted((stack.maildir / sub).glob("*"), key=lambda p: p.stat().st_mtime):
            message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
            if address.lower() in str(message["To"]).lower():
                found.append(message)
    return found


def wait_for_mail(stack, address: str, *, count: int = 1, timeout_s: float = 20) -> list:
    """Wait until `count` messages reached `address`; return them (oldest first)."""
    deadline = time.monotonic() + timeout_s
    while True:
        found = messages_to(stack, address)
        if len(found) >= count or time.monotonic() > deadline:
            assert len(found) >= count, f"{len(found)} of {count} mails reached {address}"
            return found
        time.sleep(0.3)


def text_of(message: EmailMessage) -> str:
    """The plain-text part."""
    return message.get_body(preferencelist=("plain",)).get_content()


def reset_token(message: EmailMessage) -> str:
    """The token of a password-reset link."""
    return re.search(r"#token=([A-Za-z0-9_%-]+)", text_of(message)).group(1)
