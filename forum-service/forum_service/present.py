"""Posts as the caller sees them: their own votes and the authors' current avatars."""

from __future__ import annotations

import service_kit as kit
from service_kit import ServiceUnavailable, clients

from .deps import follows, store


def present(posts: list[dict], user: kit.User) -> list[dict]:
    """Set `my_vote` and threads' `following` (one BatchGetItem each) and `author_avatar_url`
    (cached profiles) on posts.

    Avatars are decoration: an unreachable profile service leaves them out, it does not
    fail the page.
    """
    if not posts:
        return posts
    voted = store().my_votes(post_ids=[p["id"] for p in posts], user_id=user.id)
    authors = [p["author_id"] for p in posts if not p["author_deleted"]]
    try:
        profiles = clients.public_profiles(authors, user)
    except ServiceUnavailable:
        profiles = {}
    threads = [p["id"] for p in posts if "title" in p]
    followed = follows().following_threads(thread_ids=threads, user_id=user.id) if threads else ()
    for post in posts:
        if "title" in post:
            post["following"] = post["id"] in followed
        post["my_vote"] = 1 if post["id"] in voted else 0
        post["author_avatar_url"] = profiles.get(post["author_id"], {}).get("avatar_url")
    return posts


def present_one(post: dict, user: kit.User) -> dict:
    """`present` for a single post."""
    return present([post], user)[0]
