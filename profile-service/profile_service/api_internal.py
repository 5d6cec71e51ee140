"""Routes for other services only: outside /api/, so NGINX never exposes them."""

from __future__ import annotations

from flask import Blueprint, jsonify
from service_kit import NotFound
from service_kit.service_tokens import require_service

from .api import _shape
from .deps import store

blueprint = Blueprint("internal", __name__)


@blueprint.get("/internal/profiles/<id:user_id>")
@require_service
def get_public_profile(user_id: str):
    """A user's public profile (no email) for public pages such as an instructor's; 404 if none."""
    profile = store().get(user_id=user_id)
    if profile is None:
        raise NotFound("No such profile.")
    return jsonify(profile=_shape(profile))
