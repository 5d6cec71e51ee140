"""The local stack's life cycle: start, wait until ready, seed, supervise, stop."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .config import REPO, SERVICES, StackConfig
from .launch import build_processes, http_status, nginx_process, port_busy
from .processes import Supervisor, belongs_to, group_members, kill_group, shout, tail
from .secrets import ensure_secrets

SEED_ORDER = ("auth", "profile", "course", "video", "watchlist", "progress", "forum")
READY_TIMEOUT_S = float(os.environ.get("DREAD_READY_TIMEOUT", "120"))
# how often the supervisor looks for dead processes (a restart starts within this)
SUPERVISE_INTERVAL_S = 0.2
DEMO_LOGINS = (
    ("admin", "admin@dread.local", "dread-admin-demo"),
    ("instructor", "instructor@dread.local", "dread-instructor-demo"),
    ("student", "student@dread.local", "dread-student-demo"),
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


def seed_modules() -> list[str]:
    """The services' demo seeds (`<package>.seed`), in dependency order.

    Found by file, not importlib.util.find_spec: that would import each package (the kit)
    into the supervisor, where it would stay resident.
    """
    return [
        f"{package}.seed"
        for package in (SERVICES[name][0] for name in SEED_ORDER)
        if (REPO / f"{package.split('_')[0]}-service" / package / "seed.py").exists()
    ]


def _seed(config: StackConfig, env: dict[str, str]) -> None:
    """Run each service's idempotent demo seed, in dependency order."""
    for module in seed_modules():
        _run_once(
            [config.python, "-m", module],
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
    busy = [f"{name}:{port}" for name, port in ports.items() if port_busy(port)]
    if busy:
        sys.exit(f"ports already in use: {', '.join(busy)} (set the *_PORT variables to move them)")
    (config.run / "ready").unlink(missing_ok=True)
    env = config.service_env(ensure_secrets(config.secrets))
    stores, services = build_processes(config, env)
    web = nginx_process(config)
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
            # a JVM start on a loaded machine can take minutes: the same patience as the services
            _wait_until(lambda p=port: port_busy(p), managed.name, supervisor, READY_TIMEOUT_S)
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
            _wait_until(lambda u=url: http_status(u) == 200, name, supervisor, READY_TIMEOUT_S)
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
