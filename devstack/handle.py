"""Handle on a private local stack (own ports, own data folder), for tests and benchmarks."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import requests

from .config import REPO


class Stack:
    """Handle on a running private stack: its URL, env, data folder and controls."""

    def __init__(self, home: Path, port_base: int):
        self.home = home
        self.env = {
            **os.environ,
            "DREAD_HOME": str(home),
            "DREAD_HTTP_PORT": str(port_base + 80),
            "DYNAMODB_PORT": str(port_base + 100),
            "S3_PORT": str(port_base + 200),
            "S3_GATE_PORT": str(port_base + 201),
            "BENCH_PORT": str(port_base + 99),
            "VIDEO_WORKER_METRICS_PORT": str(port_base + 8),
            "SMTP_PORT": str(port_base + 25),
            "DREAD_RESTART_DELAY": os.environ.get("DREAD_RESTART_DELAY", "4"),
        }
        for offset, name in enumerate(
            ("auth", "course", "forum", "profile", "progress", "video", "watchlist"), start=1
        ):
            self.env[f"{name.upper()}_PORT"] = str(port_base + offset)
        self.url = f"http://127.0.0.1:{port_base + 80}"

    def devstack(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run `python -m devstack <args>` against this stack."""
        return subprocess.run(
            [sys.executable, "-m", "devstack", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            check=check,
            timeout=400,
        )

    @property
    def s3_keys(self) -> dict[str, str]:
        """This stack's generated S3 key pair, as boto3 client keyword arguments."""
        from .secrets import read_s3_keys

        access_key, secret_key = read_s3_keys(self.home / "secrets")
        return {"aws_access_key_id": access_key, "aws_secret_access_key": secret_key}

    @property
    def maildir(self) -> Path:
        """Where this stack's SMTP server stores every message (Maildir)."""
        return self.home / "mail"

    def pid_of(self, name: str) -> int:
        """Pid of a supervised process, from the supervisor's state file."""
        for line in (self.home / "run" / "state").read_text().splitlines():
            fields = line.split()  # name pid state
            if fields and fields[0] == name:
                return int(fields[1])
        raise KeyError(name)

    def get(self, path: str, **kwargs) -> requests.Response:
        """GET through NGINX."""
        return self.request("GET", path, **kwargs)

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        """Any request through NGINX."""
        timeout = kwargs.pop("timeout", 10)
        return requests.request(method, self.url + path, timeout=timeout, **kwargs)


def start_private_stack(port_base: int, *, prefix: str = "dread-private-", **env) -> Stack:
    """Start a stack in a fresh temporary folder; raise with its log when it fails."""
    handle = Stack(Path(tempfile.mkdtemp(prefix=prefix)), port_base)
    handle.env.update(env)
    started = handle.devstack("up", "--detach", check=False)
    if started.returncode != 0:
        log_path = handle.home / "logs" / "devstack.log"
        log = log_path.read_text(errors="replace")[-4000:] if log_path.exists() else ""
        # a stack that timed out starting keeps whatever did start: stop it, so nothing
        # holds this port base for the next run
        handle.devstack("down", check=False)
        raise RuntimeError(f"stack did not start:\n{started.stdout}\n{started.stderr}\n{log}")
    return handle
