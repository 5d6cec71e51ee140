"""The supervisor: a dead process's whole group goes before a restart; `down` leaves nothing."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time

import pytest

from devstack import stack as devstack_main
from devstack.config import REPO, StackConfig
from devstack.processes import Managed, Supervisor, group_members

# A "master" that listens on a port and forks a "worker" sharing the socket, like NGINX
# (and gunicorn): SIGKILL the master and the worker keeps the port unless someone ends it.
MASTER = textwrap.dedent(
    """
    import os, socket, sys, time
    sock = socket.socket()
    sock.bind(("127.0.0.1", int(sys.argv[1])))
    sock.listen()
    if os.fork() == 0:
        time.sleep(600)
        os._exit(0)
    time.sleep(600)
    """
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _managed(tmp_path, port: int, name: str = "master") -> Managed:
    return Managed(
        name,
        [sys.executable, "-c", MASTER, str(port)],
        {"DREAD_TEST_MARKER": str(tmp_path)},
        tmp_path / f"{name}.log",
        ready_probe=lambda: _listening(port),
    )


def _wait(predicate, timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture
def supervised(tmp_path):
    port = _free_port()
    managed = _managed(tmp_path, port)
    supervisor = Supervisor([managed], restart_delay_s=30, state_file=tmp_path / "state")
    managed.start()
    assert _wait(lambda: len(group_members(managed.process.pid)) == 2)
    assert _wait(lambda: (supervisor.check_once(), managed.state == "up")[1])
    yield supervisor, managed, port
    managed.stop(timeout_s=2)


def test_sigkilled_master_is_restarted_at_once_without_its_orphans(supervised):
    supervisor, managed, _port = supervised
    first = managed.process.pid
    os.kill(first, signal.SIGKILL)
    assert _wait(lambda: managed.process.poll() is not None)
    started = time.monotonic()
    supervisor.check_once()  # notices the death, kills the orphan, restarts (no delay)
    assert group_members(first) == [], "the orphaned worker must be gone before the restart"
    assert managed.process.pid != first
    # the new master can bind the port (the orphan no longer holds it) and becomes ready
    assert _wait(lambda: (supervisor.check_once(), managed.state == "up")[1], 10)
    assert time.monotonic() - started < 5, "readiness, not the 30 s delay, must decide"
    assert managed.process.poll() is None
    assert f"master {managed.process.pid} up" in supervisor.state_file.read_text()


def test_a_process_that_never_becomes_ready_waits_the_restart_delay(tmp_path):
    managed = Managed(
        "crashy",
        [sys.executable, "-c", "raise SystemExit(3)"],
        {},
        tmp_path / "crashy.log",
        ready_probe=lambda: False,
    )
    supervisor = Supervisor([managed], restart_delay_s=30, state_file=tmp_path / "state")
    managed.start()
    managed.process.wait(timeout=10)
    first = managed.process
    supervisor.check_once()
    assert managed.process is first, "a crash loop must back off, not restart at once"
    assert managed.state == "down"


def test_stop_ends_the_group_even_when_the_leader_is_already_dead(supervised):
    _supervisor, managed, port = supervised
    leader = managed.process.pid
    os.kill(leader, signal.SIGKILL)
    managed.process.wait(timeout=5)
    assert group_members(leader), "the worker outlives its master (what NGINX does)"
    managed.stop(timeout_s=2)
    assert group_members(leader) == []
    assert _wait(lambda: not _listening(port), 5)


def test_down_sweeps_what_a_killed_supervisor_left(tmp_path, monkeypatch):
    port = _free_port()
    monkeypatch.setenv("DREAD_HOME", str(tmp_path))
    config = StackConfig.from_env()
    config.run.mkdir(parents=True)
    managed = _managed(tmp_path, port, name="nginx")
    managed.env["DREAD_SECRETS_DIR"] = str(config.secrets)  # what marks a stack's process
    managed.start()
    assert _wait(lambda: len(group_members(managed.process.pid)) == 2)
    # the state file of a supervisor that was SIGKILLed (pid 0: not running)
    (config.run / "state").write_text(f"supervisor 0 up\nnginx {managed.process.pid} up\n")
    assert devstack_main.down(config) == 0
    managed.process.wait(timeout=5)
    assert group_members(managed.process.pid) == []
    assert not (config.run / "state").exists()
    assert _wait(lambda: not _listening(port), 5)


def test_the_supervisor_imports_neither_the_kit_nor_jinja2_nor_cryptography(tmp_path):
    """It runs as long as the stack: what it imports stays resident (make status counts it)."""
    code = textwrap.dedent(
        """
        import sys
        from dataclasses import replace
        from pathlib import Path
        import devstack.cli, devstack.status
        from devstack import launch, stack
        from devstack.config import StackConfig
        config = replace(StackConfig.from_env(), home=Path(sys.argv[1]))
        launch.build_processes(config, {"AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s"})
        assert stack.seed_modules()[0] == "auth_service.seed"
        heavy = {"service_kit", "jinja2", "cryptography", "flask", "boto3"}
        print(sorted({name.split(".")[0] for name in sys.modules} & heavy))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "[]"


def test_nginx_local_command_renders_this_environments_stack(tmp_path, monkeypatch):
    from devstack import nginx

    env = {**os.environ, "DREAD_HOME": str(tmp_path), "DREAD_HTTP_PORT": "36080"}
    out = subprocess.run(
        [sys.executable, "-m", "devstack.nginx", "local"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    monkeypatch.setenv("DREAD_HOME", str(tmp_path))
    monkeypatch.setenv("DREAD_HTTP_PORT", "36080")
    assert out.stdout == nginx.render(nginx.local_layout(StackConfig.from_env()))
    assert "listen 127.0.0.1:36080;" in out.stdout
