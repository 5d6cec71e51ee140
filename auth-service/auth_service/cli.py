"""`python -m auth_service.cli promote EMAIL --role admin` and `... create-admin EMAIL`."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

import service_kit as kit

from . import passwords
from .config import Settings
from .errors import EmailTaken
from .schemas import Role
from .service import check_password_policy
from .store import UserStore
from .store_audit import AuditStore

PASSWORD_ENV = "DREAD_ADMIN_PASSWORD"  # noqa: S105 (the variable's name)
ROLES = Role.__args__


def _users() -> UserStore:
    # The CLI never pages, so it needs no cursor secret; everything else comes from the env.
    os.environ.setdefault("DREAD_CURSOR_SECRET", "unused-by-the-cli")
    settings = Settings.from_env()
    return UserStore(table=kit.dynamodb_resource(settings).Table(settings.table_name("users")))


def _read_password() -> str:
    password = os.environ.get(PASSWORD_ENV)
    if password:
        return password
    if not sys.stdin.isatty():
        raise SystemExit(f"set {PASSWORD_ENV} or run in a terminal to be asked for the password")
    first = getpass.getpass("Password for the new admin: ")
    if first != getpass.getpass("Repeat it: "):
        raise SystemExit("the passwords differ")
    return first


def promote(email: str, role: str, users: UserStore) -> int:
    """Set the role of the account with `email`."""
    user = users.get_by_email(email=email)
    if user is None:
        print(f"no account with email {email}", file=sys.stderr)
        return 1
    users.set_role(user_id=user.id, role=role)
    print(f"{user.email} is now {role}")
    return 0


def create_admin(email: str, display_name: str, users: UserStore, password: str) -> int:
    """Create an admin account (or make an existing account admin, keeping its password)."""
    if users.get_by_email(email=email) is not None:
        print(f"{email} already exists; promoting it instead")
        return promote(email, "admin", users)
    try:
        check_password_policy(password, email=email, display_name=display_name)
    except kit.ValidationFailed as error:
        print(error.detail, file=sys.stderr)
        return 1
    try:
        users.add(
            email=email,
            password_hash=passwords.hash_password(password),
            display_name=display_name,
            role="admin",
        )
    except EmailTaken:
        return promote(email, "admin", users)
    print(f"created admin {email.strip().lower()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m auth_service.cli", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    promote_cmd = commands.add_parser("promote", help="change the role of an account")
    promote_cmd.add_argument("email")
    promote_cmd.add_argument("--role", choices=ROLES, default="admin")
    create_cmd = commands.add_parser(
        "create-admin", help=f"create an admin (password from {PASSWORD_ENV} or a prompt)"
    )
    create_cmd.add_argument("email")
    create_cmd.add_argument("--display-name", default="Administrator")
    args = parser.parse_args(argv)
    users = _users()
    if args.command == "promote":
        status = promote(args.email, args.role, users)
    else:
        status = create_admin(args.email, args.display_name, users, _read_password())
    if status == 0:
        _audit(users, args)
    return status


def _audit(users: UserStore, args) -> None:
    """Record what the command did in the audit log (actor: the operator's shell)."""
    user = users.get_by_email(email=args.email)
    role = getattr(args, "role", "admin")
    action = "admin_created" if role == "admin" else "role_changed"
    settings = Settings.from_env()
    AuditStore(table=kit.dynamodb_resource(settings).Table(settings.table_name("audit"))).record(
        actor_id=None, action=action, target_id=user.id if user else None,
        detail={"via": "cli", "email": args.email.strip().lower(), "role": role},
    )  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
