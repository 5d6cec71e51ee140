"""TranscriptStore: a completed caption's cues and the course's word → cue index (DynamoDB).

Items live in the videos table beside the videos, under their own key prefixes:
- cues: pk `CAPTION#<video>#<lang>`, sk `CUES#<chunk>`, `CHUNK` cues per item (a 3-hour
  lecture is a few items, each far below the 400 KB limit);
- postings: pk `TERM#<course>#<word>`, sk `<video>#<lang>#<cue>`, one per distinct word of
  a cue, holding the cue itself, so a search reads only the postings of its words.
"""

from __future__ import annotations

from boto3.dynamodb.conditions import Key
from service_kit.dynamo import TableStore
from service_kit.values import plain

from .store import stored
from .tables import TABLES
from .words import distinct_words

CHUNK = 200
CUE_WIDTH = 6


def cues_pk(video_id: str, language: str) -> str:
    """Partition of a caption's cue chunks."""
    return f"CAPTION#{video_id}#{language}"


def term_pk(course_id: str, word: str) -> str:
    """Partition of a word's postings in a course."""
    return f"TERM#{course_id}#{word}"


def posting_sk(video_id: str, language: str, index: int) -> str:
    """Sort key of one posting: groups a video's cues, in cue order."""
    return f"{video_id}#{language}#{index:0{CUE_WIDTH}d}"


def _postings(course_id: str, video_id: str, language: str, cues: list[dict]):
    for index, cue in enumerate(cues):
        for word in distinct_words(cue["text"]):
            yield {
                "pk": term_pk(course_id, word),
                "sk": posting_sk(video_id, language, index),
                "video_id": video_id,
                "language": language,
                **cue,
            }


class TranscriptStore(TableStore):
    """Data access for cues and postings; the table is injected."""

    TABLES = TABLES

    def __init__(self, *, tables: dict, resource=None, settings=None):
        super().__init__(tables=tables, resource=resource, settings=settings)
        self.table = tables["videos"]

    def get_cues(self, *, video_id: str, language: str) -> list[dict] | None:
        """The cues [{start_s, end_s, text}] of a stored transcript, or None."""
        items, start = [], None
        while True:
            params = {"KeyConditionExpression": Key("pk").eq(cues_pk(video_id, language))}
            if start:
                params["ExclusiveStartKey"] = start
            page = self.table.query(**params)
            items += page["Items"]
            start = page.get("LastEvaluatedKey")
            if not start:
                break
        if not items:
            return None
        return [cue for item in plain(items) for cue in item["cues"]]

    def put(self, *, video_id: str, course_id: str, language: str, cues: list[dict]) -> None:
        """Store a caption's cues and index its words (replacing an earlier transcript)."""
        self.delete(video_id=video_id, course_id=course_id, language=language)
        with self.table.batch_writer() as batch:
            for number, first in enumerate(range(0, len(cues), CHUNK)):
                batch.put_item(
                    Item={
                        "pk": cues_pk(video_id, language),
                        "sk": f"CUES#{number:05d}",
                        "cues": stored(cues[first : first + CHUNK]),
                    }
                )
            for posting in _postings(course_id, video_id, language, cues):
                batch.put_item(Item=stored(posting))

    def delete(self, *, video_id: str, course_id: str, language: str) -> None:
        """Remove a transcript's cues and postings (nothing stored is fine)."""
        cues = self.get_cues(video_id=video_id, language=language) or []
        chunks = range(0, len(cues), CHUNK)
        with self.table.batch_writer(overwrite_by_pkeys=["pk", "sk"]) as batch:
            for posting in _postings(course_id, video_id, language, cues):
                batch.delete_item(Key={"pk": posting["pk"], "sk": posting["sk"]})
            for number, _first in enumerate(chunks):
                batch.delete_item(
                    Key={"pk": cues_pk(video_id, language), "sk": f"CUES#{number:05d}"}
                )

    def postings(self, *, course_id: str, word: str, limit: int) -> list[dict]:
        """Up to `limit` postings of `word` in a course, in video then cue order."""
        items, start = [], None
        while len(items) < limit:
            params = {
                "KeyConditionExpression": Key("pk").eq(term_pk(course_id, word)),
                "Limit": limit - len(items),
            }
            if start:
                params["ExclusiveStartKey"] = start
            page = self.table.query(**params)
            items += page["Items"]
            start = page.get("LastEvaluatedKey")
            if not start:
                break
        return plain(items)
