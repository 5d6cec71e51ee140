"""Recommendations: co-enrolment, shared categories and tags, then popularity.

Every signal is a bounded read (about a dozen Queries and two BatchGetItems whatever the
number of users, enrolments or courses): the user's latest enrolments, the top co-enrolment
counters of a few of them, the newest courses of their favourite categories and tags, and the
most enrolled courses as the fallback for new users.
"""

from __future__ import annotations

from collections import Counter

from .store import CourseStore
from .store_enrollment import EnrollmentStore
from .text import words_of

RECENT = 20  # the user's latest enrolments taken into account
PAIR_SOURCES = 5  # of which this many feed "learners who took X also took Y"
PER_SOURCE = 10
MAX_CANDIDATES = 100  # one BatchGetItem
# Weights: co-enrolment beats a shared category, which beats a shared tag, which beats fame.
CO_ENROLMENT, CATEGORY, TAG, POPULAR = 3.0, 2.0, 1.5, 1.0
POPULAR_REASON = "Popular on DREAD"


class _Ranking:
    """Scores add up across signals; the reason is the strongest single signal's."""

    def __init__(self, excluded: set[str]):
        self.excluded = excluded
        self.scores: Counter = Counter()
        self.reasons: dict[str, tuple[float, str]] = {}

    def offer(self, course_id: str, score: float, reason: str) -> None:
        """Count one signal for `course_id`."""
        if course_id in self.excluded:
            return
        self.scores[course_id] += score
        if score > self.reasons.get(course_id, (0.0, ""))[0]:
            self.reasons[course_id] = (score, reason)

    def best(self, count: int) -> list[str]:
        """The `count` best-scored course ids."""
        return [course_id for course_id, _ in self.scores.most_common(count)]


def _favourites(values: list[str], count: int) -> list[str]:
    return [value for value, _ in Counter(values).most_common(count)]


def recommend(
    *, user_id: str, limit: int, courses: CourseStore, enrollments: EnrollmentStore
) -> list[dict]:
    """Up to `limit` `{course, reason}` for the user, best first."""
    recent, _ = enrollments.list_course_ids(user_id=user_id, cursor=None, limit=RECENT)
    taken = courses.get_many(course_ids=recent) if recent else {}
    ranking = _Ranking(excluded=set(recent))
    for course_id in [c for c in recent if c in taken][:PAIR_SOURCES]:
        reason = f"Learners who took {taken[course_id]['title']} also took this"
        for other, learners in enrollments.co_enrolled(course_id=course_id, limit=PER_SOURCE):
            ranking.offer(other, CO_ENROLMENT + learners, reason)
    liked = list(taken.values())
    for category in _favourites([c["category"] for c in liked], 2):
        page, _ = courses.list_published(category=category, cursor=None, limit=PER_SOURCE)
        for course in page:
            ranking.offer(course["id"], CATEGORY, f"Because you like {category}")
    for tag in _favourites([t for c in liked for t in c["tags"]], 3):
        words = words_of(tag)
        if not words:
            continue
        page, _ = courses.search(
            words=words, category=None, after=None, limit=PER_SOURCE, prefix=False
        )
        for course in page:
            ranking.offer(course["id"], TAG, f"Because you like {tag}")
    for course in courses.list_popular(limit=min(MAX_CANDIDATES, limit + len(recent))):
        ranking.offer(course["id"], POPULAR, POPULAR_REASON)
    candidates = ranking.best(MAX_CANDIDATES)
    # Exact checks at answer time: enrolled (also before the latest RECENT), draft, deleted, own.
    enrolled = enrollments.enrolled_among(user_id=user_id, course_ids=candidates)
    fresh = courses.get_many(course_ids=[c for c in candidates if c not in enrolled])
    chosen = [
        fresh[c]
        for c in candidates
        if c in fresh and fresh[c]["published"] and fresh[c]["owner_id"] != user_id
    ]
    chosen.sort(key=lambda c: (ranking.scores[c["id"]], c["enrolled_count"]), reverse=True)
    return [{"course": c, "reason": ranking.reasons[c["id"]][1]} for c in chosen[:limit]]
