"""`python -m devstack up|down|status|compose-env`: the command line of the local stack."""

from __future__ import annotations

import argparse

from . import stack
from .config import StackConfig
from .secrets import ensure_secrets


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
    parser = argparse.ArgumentParser(
        prog="devstack", description="The whole platform on one machine, one command."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("up", help="start the platform (foreground; Ctrl-C stops it)")
    start.add_argument("--detach", action="store_true", help="run in the background")
    sub.add_parser("down", help="stop a running platform")
    sub.add_parser("status", help="processes, health and memory")
    sub.add_parser("compose-env", help="print the .env docker compose needs (generated secrets)")
    args = parser.parse_args(argv)
    config = StackConfig.from_env()
    if args.command == "up":
        return stack.up_detached(config) if args.detach else stack.up(config)
    if args.command == "down":
        return stack.down(config)
    if args.command == "compose-env":
        return compose_env(config)
    return stack.status(config)
