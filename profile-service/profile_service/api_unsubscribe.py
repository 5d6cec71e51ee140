"""The digest's unsubscribe link: works without logging in (a signed link, RFC 8058 too)."""

from __future__ import annotations

import logging
from contextlib import suppress

import service_kit as kit
from flask import Blueprint
from service_kit.unsubscribe import unsubscribed_user

from .deps import settings, store
from .errors import ProfileNotFound
from .schemas import UnsubscribeQuery

blueprint = Blueprint("profile_unsubscribe", __name__)
logger = logging.getLogger(__name__)


@blueprint.post("/digest/unsubscribe")
@kit.spec(query=UnsubscribeQuery, status=204)
def unsubscribe_digest(query):
    """Turn the daily digest off for the user the link names (idempotent, any body)."""
    user_id = unsubscribed_user(query.token, secret=settings().service_secret)
    with suppress(ProfileNotFound):  # the account is gone: nothing is sent to it anyway
        store().update(user_id=user_id, changes={"email_digest": False})
    logger.info("digest unsubscribed by link for %s", user_id)
    return "", 204
