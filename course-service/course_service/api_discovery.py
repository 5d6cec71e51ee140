"""HTTP handlers for finding courses beyond the catalog: search-box suggestions, instructors."""

from __future__ import annotations

import service_kit as kit
from flask import Blueprint, jsonify
from service_kit import clients

from .deps import courses
from .errors import InstructorNotFound
from .schemas import InstructorPage, Suggestions, SuggestQuery
from .text import query_words

blueprint = Blueprint("discovery", __name__)
MAX_SUGGESTIONS = 8


@blueprint.get("/suggest")
@kit.spec(query=SuggestQuery, response=Suggestions)
def suggest_courses(query: SuggestQuery):
    """Up to 8 published titles having a word that starts with what was typed last."""
    words = query_words(query.q)
    items = courses().suggest(words=words, limit=MAX_SUGGESTIONS) if words else []
    response = jsonify(items=items)
    response.headers["Cache-Control"] = "public, max-age=30"  # typed again and again
    return response


@blueprint.get("/instructors/<id:user_id>")
@kit.spec(response=InstructorPage, errors=(InstructorNotFound,))
def get_instructor(user_id: str):
    """An instructor's public card and published courses; 404 for someone who publishes none."""
    taught = courses().list_taught(owner_id=user_id)
    if not taught:
        raise InstructorNotFound()  # students' profiles are not public pages
    profile = clients.public_profile(user_id) or {}
    instructor = {
        "id": user_id,
        "display_name": profile.get("display_name") or taught[0]["instructor"]["display_name"],
        "bio": profile.get("bio", ""),
        "avatar_url": profile.get("avatar_url"),
    }
    return jsonify(instructor=instructor, courses=taught)
