"""Words of a transcript as the search index keys them: case-folded, accents removed.

"Chlorophyll," "chlorophyll" and "CHLOROPHYLL" are one word; "café" matches "cafe".
Apostrophes stay inside words ("don't"), every other non-letter, non-digit splits.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+(?:'\w+)*")
MAX_WORD_CHARS = 60  # longer runs are not words anyone searches for (URLs, hashes)


def normalise(text: str) -> str:
    """Case-folded text without combining accents (NFKD), straight apostrophes."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'")).casefold()
    return "".join(c for c in text if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words of `text` in order (repeats kept), normalised."""
    return [w for w in _WORD.findall(normalise(text)) if len(w) <= MAX_WORD_CHARS]


def distinct_words(text: str) -> list[str]:
    """The distinct words of `text`, in order of first appearance."""
    return list(dict.fromkeys(words(text)))
