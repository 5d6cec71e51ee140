"""Internal route (outside /api/): who gets the forum's daily digest, page by page."""

from __future__ import annotations

from flask import Blueprint, jsonify
from service_kit.schemas import parse_query
from service_kit.service_tokens import require_service

from .deps import store
from .schemas import SubscriberQuery

blueprint = Blueprint("profile_subscribers", __name__)


@blueprint.get("/internal/profiles/digest-subscribers")
@require_service
def list_digest_subscribers():
    """Ids of users with email_digest on: `{items, next_cursor}` (service tokens only)."""
    query = parse_query(SubscriberQuery)
    ids, next_cursor = store().digest_subscribers(limit=query.limit, cursor=query.cursor)
    return jsonify(items=ids, next_cursor=next_cursor)
