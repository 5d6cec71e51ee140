"""`@display name` mentions: names of people in the course's forum that a post names."""

from __future__ import annotations

import re

from .store_follows import FollowStore, name_key

MAX_MENTIONS = 10  # a post naming more people notifies the first ten
_MENTION = re.compile(r"(?<![\w@])@(\w[\w.'-]*)")
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)  # code is not prose: no mentions there
_LOOKAHEAD = 100  # display names are at most 80 characters


def mentioned_users(follows: FollowStore, *, course_id: str, text: str) -> set[str]:
    """Ids of the known people of the course a post mentions (longest name wins)."""
    prose = _CODE.sub(" ", text)
    found: set[str] = set()
    seen_words = 0
    for match in _MENTION.finditer(prose):
        if seen_words >= MAX_MENTIONS:
            break
        seen_words += 1
        following = name_key(prose[match.start(1) : match.start(1) + _LOOKAHEAD])
        best, users = 0, set()
        for candidate in follows.names_starting(
            course_id=course_id, prefix=match.group(1).rstrip(".'-")
        ):
            name = name_key(candidate["name"])
            if not following.startswith(name):
                continue
            after = following[len(name) : len(name) + 1]
            if after and (after.isalnum() or after == "_"):
                continue  # "@Ann" must not match inside "@Anna"
            if len(name) > best:
                best, users = len(name), {candidate["user_id"]}
            elif len(name) == best:
                users.add(candidate["user_id"])
        found |= users
    return found
