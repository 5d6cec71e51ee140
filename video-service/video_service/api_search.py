"""GET /api/videos/search: where in a course's videos a phrase is said (viewers)."""

from __future__ import annotations

from flask import Blueprint, jsonify
from service_kit import NotFound, ValidationFailed, current_user, require_user, spec

from .access import content_access
from .deps import store, transcripts
from .errors import NotEnrolled
from .schemas_captions import SearchQuery, SearchResults
from .search import query_terms, search

blueprint = Blueprint("video_search", __name__)


@blueprint.get("/search")
@require_user
@spec(
    query=SearchQuery,
    response=SearchResults,
    errors=(NotFound, NotEnrolled, ValidationFailed),  # an unknown course, not enrolled
)
def search_transcripts(query: SearchQuery):
    """Cues of the course's completed captions holding every word of `q`, best first."""
    content_access(query.course_id, current_user())
    if not query_terms(query.q):
        raise ValidationFailed("Search for at least one word.", errors={"q": "No words in it."})
    items = search(
        course_id=query.course_id,
        q=query.q,
        limit=query.limit,
        transcripts=transcripts(),
        store=store(),
    )
    return jsonify(items=items)
