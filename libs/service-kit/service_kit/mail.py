"""Outgoing mail over SMTP (`DREAD_SMTP_URL`): one message builder and one sender.

URLs: `smtp://host:port` (plain, the local Maildir server), `smtp+starttls://host:587`
(upgrade with STARTTLS, e.g. the Amazon SES SMTP interface) or `smtps://host:465` (TLS from
the first byte); `user:password@` logs in. Sending never happens on a request path: services
queue an outbox item with the change and a sender process calls `send` (see DESIGN.md).
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from urllib.parse import unquote, urlsplit

SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
DEFAULT_FROM = "DREAD <no-reply@dread.localhost>"
SMTP_TIMEOUT_S = 10.0


class MailConfigError(ValueError):
    """`DREAD_SMTP_URL` or the From address cannot be used."""


class MailDeliveryError(Exception):
    """The SMTP server refused the message or could not be reached (worth retrying)."""


@dataclass(frozen=True)
class SmtpTarget:
    """Where and how to hand messages over."""

    scheme: str
    host: str
    port: int
    username: str | None = None
    password: str | None = None


def parse_smtp_url(url: str) -> SmtpTarget:
    """An SmtpTarget from `smtp://`, `smtp+starttls://` or `smtps://` URLs."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise MailConfigError(f"DREAD_SMTP_URL must start with {', '.join(SCHEMES)}: got {url!r}")
    if not parts.hostname:
        raise MailConfigError("DREAD_SMTP_URL names no host")
    try:
        port = parts.port or SCHEMES[scheme]
    except ValueError as error:
        raise MailConfigError(f"DREAD_SMTP_URL has a bad port: {error}") from error
    return SmtpTarget(
        scheme=scheme,
        host=parts.hostname,
        port=port,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def sender_address(text: str) -> Address:
    """The From address from `Name <addr@domain>` (or a bare address)."""
    name, addr = parseaddr(text)
    user, _, domain = addr.rpartition("@")
    if not user or not domain:
        raise MailConfigError(f"DREAD_MAIL_FROM is not an address: {text!r}")
    return Address(display_name=name, username=user, domain=domain)


def build_message(
    *,
    sender: str,
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    unsubscribe_url: str | None = None,
) -> EmailMessage:
    """A multipart/alternative message with Date, Message-ID and, for bulk mail, unsubscribe.

    `unsubscribe_url` (digests, notifications; not transactional mail such as a reset) adds
    List-Unsubscribe with RFC 8058 one-click, which the big mailbox providers require.
    """
    origin = sender_address(sender)
    message = EmailMessage()
    message["From"] = origin
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=origin.domain)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


def send(target: SmtpTarget, message: EmailMessage, *, timeout: float = SMTP_TIMEOUT_S) -> None:
    """Hand one message to the SMTP server; raise MailDeliveryError when that fails."""
    context = ssl.create_default_context()
    try:
        if target.scheme == "smtps":
            connection = smtplib.SMTP_SSL(
                target.host, target.port, timeout=timeout, context=context
            )
        else:
            connection = smtplib.SMTP(target.host, target.port, timeout=timeout)
        with connection:
            if target.scheme == "smtp+starttls":
                connection.starttls(context=context)
            if target.username:
                connection.login(target.username, target.password or "")
            connection.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailDeliveryError(f"{target.host}:{target.port}: {error}") from error
