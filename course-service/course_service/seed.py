"""`python -m course_service.seed`: demo courses of the demo instructor, through the public API.

Idempotent (nothing happens when the instructor already owns courses) and harmless: when
the stack cannot log the instructor in yet (auth not there), it warns and exits 0, so it
never breaks `make up`. Never runs in production.
"""

from __future__ import annotations

import logging
import sys

import requests
from service_kit import env_str
from service_kit.logs import configure_logging

logger = logging.getLogger("course_service.seed")

INSTRUCTOR = ("instructor@dread.local", "dread-instructor-demo")
TIMEOUT_S = 10
COURSES = (
    {
        "title": "Python Basics",
        "description": "Variables, functions, loops and files: your first real Python programs.",
        "category": "Programming",
        "tags": ["python", "beginners"],
        "level": "beginner",
    },
    {
        "title": "Web APIs with Flask",
        "description": "Design, build and test a JSON API with Flask, from routes to errors.",
        "category": "Programming",
        "tags": ["python", "flask", "web"],
        "level": "intermediate",
    },
    {
        "title": "Data Analysis with pandas",
        "description": "Load, clean, reshape and chart real data sets with pandas.",
        "category": "Data Science",
        "tags": ["python", "pandas", "data"],
        "level": "intermediate",
    },
    {
        "title": "Statistics for Machine Learning",
        "description": "Distributions, estimation and testing: the maths behind the models.",
        "category": "Data Science",
        "tags": ["statistics", "machine learning"],
        "level": "advanced",
    },
    {
        "title": "UI Design Fundamentals",
        "description": "Layout, typography, colour and accessibility for everyday interfaces.",
        "category": "Design",
        "tags": ["ui", "accessibility"],
        "level": "beginner",
    },
    {
        "title": "Spanish for Travellers",
        "description": "The phrases, listening and confidence you need for your next trip.",
        "category": "Languages",
        "tags": ["spanish", "travel"],
        "level": "beginner",
    },
)


def seed(base_url: str) -> int:
    """Create the demo courses unless the instructor has some; return how many were made."""
    session = requests.Session()
    email, password = INSTRUCTOR
    login = session.post(
        f"{base_url}/api/auth/login",
        json={"email": email, "password": password},
        timeout=TIMEOUT_S,
    )
    if login.status_code != 200:
        logger.warning("demo instructor cannot log in (%s): no demo courses", login.status_code)
        return 0
    session.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
    mine = session.get(f"{base_url}/api/courses/mine", params={"limit": 1}, timeout=TIMEOUT_S)
    mine.raise_for_status()
    if mine.json()["items"]:
        logger.info("the demo instructor already has courses: nothing to seed")
        return 0
    for course in COURSES:
        created = session.post(
            f"{base_url}/api/courses", json={**course, "published": True}, timeout=TIMEOUT_S
        )
        created.raise_for_status()
    logger.info("seeded %s demo courses", len(COURSES))
    return len(COURSES)


def main() -> int:
    """Command-line entry point: always exits 0 (a demo must never stop the stack)."""
    configure_logging("course-seed")
    if env_str("DREAD_ENV", "development") == "production":
        logger.info("production: no demo data")
        return 0
    base_url = env_str("DREAD_PUBLIC_URL", "http://localhost:8080").rstrip("/")
    try:
        seed(base_url)
    except (requests.RequestException, ValueError, KeyError) as error:
        logger.warning("demo courses not seeded: %s", error)
    return 0


if __name__ == "__main__":
    sys.exit(main())
