"""Instructors' public names and profiles, asked of the profile and auth services."""

from __future__ import annotations

import logging

import service_kit as kit
from service_kit import clients

logger = logging.getLogger(__name__)


def display_name(user: kit.User) -> str:
    """The caller's public name (profile, else account) to show on their courses; "" if unknown.

    Stored on the course (cards list many courses: no call per card); a course creation
    never fails because the profile service is down: the name is filled in at the next edit.
    """
    try:
        name = clients.display_name(user)
        if name is None:
            name = str(clients.my_account(user).get("display_name") or "")
    except (kit.ServiceUnavailable, kit.NotFound, kit.Unauthorized) as error:
        logger.warning("display name of %s unknown for now: %s", user.id, error)
        return ""
    return name.strip()
