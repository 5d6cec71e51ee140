"""HTTP handler for personalised recommendations."""

from __future__ import annotations

import service_kit as kit
from flask import Blueprint, jsonify

from .deps import courses, enrollments
from .recommend import recommend
from .schemas import Recommendations, RecommendQuery

blueprint = Blueprint("recommend", __name__)


@blueprint.get("/recommended")
@kit.require_user
@kit.spec(query=RecommendQuery, response=Recommendations)
def list_recommendations(query: RecommendQuery):
    """Courses for the caller, each with a reason; never one they are enrolled in."""
    items = recommend(
        user_id=kit.current_user().id,
        limit=query.limit,
        courses=courses(),
        enrollments=enrollments(),
    )
    return jsonify(items=items)
