"""The kit's mail sender: URLs, message shape, and a real SMTP hand-over (aiosmtpd)."""

import socket
from email import message_from_bytes, policy

import pytest
from service_kit import mail


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("url", "scheme", "port", "user"),
    [
        ("smtp://127.0.0.1:2525", "smtp", 2525, None),
        (
            "smtp+starttls://AKIA%2Fx:s%40cret@email-smtp.eu-west-1.amazonaws.com",
            "smtp+starttls",
            587,
            "AKIA/x",
        ),
        ("smtps://mail.example.org", "smtps", 465, None),
    ],
)
def test_parse_smtp_url_reads_scheme_port_and_login(url, scheme, port, user):
    target = mail.parse_smtp_url(url)
    assert (target.scheme, target.port, target.username) == (scheme, port, user)


@pytest.mark.parametrize("url", ["http://host", "smtp://", "smtp://host:notaport"])
def test_parse_smtp_url_refuses_what_it_cannot_use(url):
    with pytest.raises(mail.MailConfigError):
        mail.parse_smtp_url(url)


def test_build_message_has_both_parts_and_proper_headers():
    message = mail.build_message(
        sender="DREAD <no-reply@dread.example>",
        to="ada@example.com",
        subject="Hello",
        text="plain body",
        html="<p>html body</p>",
    )
    assert message["From"] == "DREAD <no-reply@dread.example>"
    assert message["Message-ID"].endswith("@dread.example>")
    assert message["Date"] and "List-Unsubscribe" not in message
    assert message.get_body(("plain",)).get_content().strip() == "plain body"
    assert message.get_body(("html",)).get_content().strip() == "<p>html body</p>"


def test_build_message_bulk_mail_has_one_click_unsubscribe():
    message = mail.build_message(
        sender="no-reply@dread.example", to="a@example.com", subject="Digest", text="x",
        unsubscribe_url="https://dread.example/unsubscribe?t=1",
    )  # fmt: skip
    assert message["List-Unsubscribe"] == "<https://dread.example/unsubscribe?t=1>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_send_hands_the_message_to_an_smtp_server():
    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            return "250 OK"

    port = _free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        message = mail.build_message(
            sender="no-reply@dread.example", to="ada@example.com", subject="Hi", text="body"
        )
        mail.send(mail.parse_smtp_url(f"smtp://127.0.0.1:{port}"), message)
    finally:
        controller.stop()
    assert [envelope.rcpt_tos for envelope in received] == [["ada@example.com"]]
    parsed = message_from_bytes(received[0].content, policy=policy.default)
    assert parsed["Subject"] == "Hi"


def test_send_to_nobody_listening_is_a_delivery_error():
    target = mail.parse_smtp_url(f"smtp://127.0.0.1:{_free_port()}")
    message = mail.build_message(sender="a@b.example", to="c@d.example", subject="s", text="t")
    with pytest.raises(mail.MailDeliveryError):
        mail.send(target, message, timeout=1)
