"""Text rules shared by indexing and querying: words and category keys."""

from __future__ import annotations

import re
import unicodedata

MAX_INDEXED_WORDS = 40  # keeps an update's index rewrite inside one transaction (≤ 100 items)
# A course with at most this many words also has a posting per pair of them (≤ 28), so
# two-word searches read only the pair's postings; a rewrite of 8 words and their pairs
# (36 deletes, 36 puts) still fits one transaction with the course.
MAX_PAIR_WORDS = 8
MAX_QUERY_WORDS = 8
MAX_WORD_CHARS = 40
_WORD = re.compile(r"\w+")


def words_of(text: str) -> list[str]:
    """Distinct lower-case words of `text`, in order of appearance."""
    normal = unicodedata.normalize("NFKC", text).casefold()
    return list(dict.fromkeys(word[:MAX_WORD_CHARS] for word in _WORD.findall(normal)))


def course_words(*, title: str, tags: list[str]) -> list[str]:
    """The words a course is found by: its tags' words first (chosen on purpose), then title."""
    return list(dict.fromkeys(words_of(" ".join(tags)) + words_of(title)))[:MAX_INDEXED_WORDS]


def word_pairs(words: list[str]) -> list[str]:
    """The pair keys ("a b", a < b) of a course's words; none beyond MAX_PAIR_WORDS words."""
    if len(words) > MAX_PAIR_WORDS:
        return []
    ordered = sorted(set(words))
    return [pair_key(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :]]


def pair_key(a: str, b: str) -> str:
    """The key of the postings of courses having both words `a` and `b` (in either order)."""
    return " ".join(sorted((a, b)))


def query_words(q: str) -> list[str]:
    """The words of a search query (at most MAX_QUERY_WORDS; the rest is ignored)."""
    return words_of(q)[:MAX_QUERY_WORDS]


def category_key(category: str) -> str:
    """Case- and spacing-insensitive key of a category, so "Data Science" = "data  science"."""
    return " ".join(unicodedata.normalize("NFKC", category).casefold().split())


def normal_tags(tags: list[str]) -> list[str]:
    """Tags trimmed, lower-cased, inner spaces collapsed, duplicates dropped (order kept)."""
    return [tag for tag in dict.fromkeys(category_key(tag) for tag in tags) if tag]
