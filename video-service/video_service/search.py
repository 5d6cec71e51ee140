"""Course-wide transcript search over the word → cue index.

One Query reads the postings of the query's longest word (usually its rarest: "chlorophyll"
rather than "the"); each posting holds its cue, so the other words are checked in memory and
the cost follows the hits of that word, never the course's total caption length. One
BatchGetItem then keeps only cues of ready videos whose caption is still completed.
"""

from __future__ import annotations

from .words import distinct_words, words

MAX_TERMS = 10
SCAN_LIMIT = 2000  # postings read at most per search (a word in every cue of a huge course)


def query_terms(q: str) -> list[str]:
    """The distinct words of a query, at most MAX_TERMS."""
    return distinct_words(q)[:MAX_TERMS]


def _driver(terms: list[str]) -> str:
    return max(terms, key=len)  # the first of the longest: stable for equal lengths


def _has_phrase(cue_words: list[str], terms: list[str]) -> bool:
    width = len(terms)
    return any(cue_words[i : i + width] == terms for i in range(len(cue_words) - width + 1))


def search(*, course_id: str, q: str, limit: int, transcripts, store) -> list[dict]:
    """Cues of the course holding every word of `q`, best first: the phrase itself first,
    then cues with more occurrences, then in course order (video position, time)."""
    terms = query_terms(q)
    postings = transcripts.postings(course_id=course_id, word=_driver(terms), limit=SCAN_LIMIT)
    wanted = set(terms)
    matches = [p for p in postings if wanted.issubset(words(p["text"]))]
    video_ids = list(dict.fromkeys(p["video_id"] for p in matches))
    videos = {}
    for first in range(0, len(video_ids), 100):  # BatchGetItem takes 100 keys
        videos.update(
            (v["id"], v) for v in store.get_many(video_ids=video_ids[first : first + 100])
        )
    hits = []
    for posting in matches:
        video = videos.get(posting["video_id"])
        if video is None or video["status"] != "ready" or video["course_id"] != course_id:
            continue
        caption = (video.get("captions") or {}).get(posting["language"]) or {}
        if caption.get("status") != "completed":
            continue
        cue_words = words(posting["text"])
        rank = (
            not _has_phrase(cue_words, terms),
            -sum(cue_words.count(t) for t in terms),
            int(video["position"]),
            float(posting["start_s"]),
        )
        hits.append((rank, posting, video))
    hits.sort(key=lambda hit: hit[0])
    return [
        {
            "video_id": video["id"],
            "title": video["title"],
            "start_s": float(posting["start_s"]),
            "end_s": float(posting["end_s"]),
            "text": posting["text"],
            "language": posting["language"],
        }
        for _rank, posting, video in hits[:limit]
    ]
