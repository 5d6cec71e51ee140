"""`python -m auth_service.seed`: the demo accounts of the local stack (idempotent, never prod)."""

from __future__ import annotations

import logging
import sys

import service_kit as kit
from service_kit.logs import configure_logging

from . import passwords
from .config import Settings
from .errors import EmailTaken
from .store import UserStore

logger = logging.getLogger("auth_service.seed")

# (email, password, display name, role) — the README and `make up` banner show these.
DEMO_ACCOUNTS = (
    ("admin@dread.local", "dread-admin-demo", "Demo Admin", "admin"),
    ("instructor@dread.local", "dread-instructor-demo", "Demo Instructor", "instructor"),
    ("student@dread.local", "dread-student-demo", "Demo Student", "student"),
)


def seed_demo_accounts(users: UserStore) -> list[str]:
    """Create each missing demo account and restore its role; return the emails created."""
    created = []
    for email, password, display_name, role in DEMO_ACCOUNTS:
        existing = users.get_by_email(email=email)
        if existing is None:
            try:
                # Written through the store: the demo passwords are public, so no policy check.
                users.add(
                    email=email,
                    password_hash=passwords.hash_password(password),
                    display_name=display_name,
                    role=role,
                )
                created.append(email)
                continue
            except EmailTaken:
                existing = users.get_by_email(email=email)  # a parallel seed won the race
        if existing is not None and existing.role != role:
            users.set_role(user_id=existing.id, role=role)
    return created


def main() -> int:
    """Seed the demo accounts unless DREAD_ENV=production."""
    settings = Settings.from_env()
    configure_logging("auth-seed", settings.log_level)
    if settings.environment == "production":
        logger.info("DREAD_ENV=production: no demo accounts")
        return 0
    users = UserStore(table=kit.dynamodb_resource(settings).Table(settings.table_name("users")))
    created = seed_demo_accounts(users)
    logger.info("demo accounts ready (%s new)", len(created))
    return 0


if __name__ == "__main__":
    sys.exit(main())
