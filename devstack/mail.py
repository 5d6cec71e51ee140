"""The local stack's mail: a real SMTP server (aiosmtpd) storing every message in a Maildir.

`python -m devstack.mail serve` runs the server on `SMTP_PORT` (default 2525) and writes to
`$DREAD_HOME/mail/` (Maildir: one file per message under `new/`); `python -m devstack.mail
list` (`make mail`) prints the latest messages. `mail_processes` adds the server and the
auth service's worker (outbox sender, deletion jobs) to the supervised processes.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from email import policy
from email.parser import BytesParser
from pathlib import Path

from .config import REPO, StackConfig

DEFAULT_SMTP_PORT = 2525


def smtp_port() -> int:
    """The SMTP server's port (SMTP_PORT, default 2525)."""
    return int(os.environ.get("SMTP_PORT") or DEFAULT_SMTP_PORT)


def maildir_path(home: Path) -> Path:
    """Where the local stack's mail lands."""
    return home / "mail"


def mail_processes(config: StackConfig, env: dict[str, str]) -> list:
    """The SMTP server and the auth worker that sends the outbox, as supervised processes."""
    from .processes import Managed  # the supervisor's own type

    port = smtp_port()
    smtp_url = f"smtp://127.0.0.1:{port}"
    sender_env = {
        **env,
        "DREAD_SMTP_URL": env.get("DREAD_SMTP_URL") or smtp_url,
        # its counters show in the auth service's /metrics (same multiprocess folder)
        "PROMETHEUS_MULTIPROC_DIR": str(config.run / "metrics" / "auth"),
    }
    return [
        Managed(
            "smtp",
            [config.python, "-m", "devstack.mail", "serve"],
            {"DREAD_HOME": str(config.home), "SMTP_PORT": str(port)},
            config.logs / "smtp.log",
            cwd=REPO,
            ready_probe=lambda: _listening(port),
        ),
        Managed(
            "auth-worker",
            [config.python, "-m", "auth_service.worker"],
            sender_env,
            config.logs / "auth-worker.log",
        ),
    ]


def _listening(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def serve(home: Path, port: int) -> int:
    """Run the SMTP server until SIGTERM/SIGINT; every message goes to the Maildir."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Mailbox

    folder = maildir_path(home)
    for sub in ("tmp", "new", "cur"):  # Mailbox creates them only for a folder not yet there
        (folder / sub).mkdir(parents=True, exist_ok=True)
    controller = Controller(Mailbox(str(folder)), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"SMTP on 127.0.0.1:{port}, Maildir {folder}", flush=True)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(1))
    while not stopping:
        time.sleep(0.5)
    controller.stop()
    return 0


def latest_messages(home: Path, count: int = 10) -> list:
    """The `count` newest messages of the Maildir (newest first), parsed."""
    folder = maildir_path(home)
    if not folder.is_dir():
        return []
    # Maildir: delivered files sit in new/ until a reader moves them to cur/
    keyed = [
        (path.stat().st_mtime, path) for sub in ("new", "cur") for path in (folder / sub).glob("*")
    ]
    keyed.sort(reverse=True)
    parser = BytesParser(policy=policy.default)
    return [parser.parsebytes(path.read_bytes()) for _mtime, path in keyed[:count]]


def _print_latest(home: Path, count: int) -> int:
    messages = latest_messages(home, count)
    if not messages:
        print(f"no mail yet in {maildir_path(home)}")
        return 0
    for message in messages:
        print(f"{message['Date']}  to {message['To']}  {message['Subject']}")
        body = message.get_body(preferencelist=("plain",))
        if body is not None:
            for line in body.get_content().strip().splitlines():
                print(f"    {line}")
        print()
    return 0


def main(argv=None) -> int:
    """`serve` the SMTP server, or `list` the latest messages."""
    parser = argparse.ArgumentParser(prog="python -m devstack.mail")
    parser.add_argument("command", choices=("serve", "list"))
    parser.add_argument("-n", type=int, default=5, help="how many messages to list")
    args = parser.parse_args(argv)
    home = StackConfig.from_env().home
    if args.command == "serve":
        return serve(home, smtp_port())
    return _print_latest(home, args.n)


if __name__ == "__main__":
    sys.exit(main())
