"""Text rules shared by indexing and querying: words and category keys."""

from __future__ import annotations

import re
import unicodedata

MAX_INDEXED_WORDS = 40  # keeps an update's index rewrite inside one transaction (≤ 100 items)
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


def query_words(q: str) -> list[str]:
    """The words of a search query (at most MAX_QUERY_WORDS; the rest is ignored)."""
    return words_of(q)[:MAX_QUERY_WORDS]


def category_key(category: str) -> str:
    """Case- and spacing-insensitive key of a category, so "Data Science" = "data  science"."""
    return " ".join(unicodedata.normalize("NFKC", category).casefold().split())


def normal_tags(tags: list[str]) -> list[str]:
    """Tags trimmed, lower-cased, inner spaces collapsed, duplicates dropped (order kept)."""
    return [tag for tag in dict.fromkeys(category_key(tag) for tag in tags) if tag]
