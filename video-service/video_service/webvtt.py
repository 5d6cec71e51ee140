"""A WebVTT parser (W3C WebVTT, the file syntax): cues with times and plain text.

Strict where a browser would silently drop content, so an instructor learns at upload time
which line is wrong instead of learners missing captions: a missing `WEBVTT` signature, a
malformed timing line, an end not after its start, start times going back, a block with an
identifier but no timing line. Payload markup (`<v Name>`, `<b>`, timestamps) is removed from
the transcript text; the file itself is served unchanged to the player.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_TIMESTAMP = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"^{_TIMESTAMP}[ \t]+-->[ \t]+{_TIMESTAMP}(?:[ \t]+.*)?$")
_TAG = re.compile(r"<[^>]*>")
_LOOKS_LIKE_TIME = re.compile(r"^\s*(?:\d+:)?\d+:\d+[.,]\d+")  # a timing line gone wrong
_SIGNATURE = re.compile(r"^WEBVTT(?:[ \t].*)?$")


@dataclass(frozen=True)
class Cue:
    """One cue: start and end in seconds, its text without markup."""

    start_s: float
    end_s: float
    text: str


class WebVTTError(ValueError):
    """The file is not valid WebVTT; `line` is 1-based."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


def _seconds(hours, minutes, seconds, millis) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def _plain(lines: list[str]) -> str:
    """Payload lines as one line of text: tags removed, entities decoded, spaces folded."""
    text = html.unescape(_TAG.sub("", " ".join(lines)))
    return " ".join(text.split())


def _blocks(lines: list[str]):
    """(first line number, lines) of each block separated by blank lines."""
    block, start = [], 0
    for number, line in enumerate(lines, 1):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def parse(text: str) -> list[Cue]:
    """The cues of a WebVTT document, or WebVTTError naming the first bad line."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not _SIGNATURE.match(lines[0]):
        raise WebVTTError(1, 'a WebVTT file starts with the line "WEBVTT"')
    header_end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    for number, line in enumerate(lines[1:header_end], 2):
        if "-->" in line:
            raise WebVTTError(number, "a blank line must separate the WEBVTT header from cues")
    cues: list[Cue] = []
    for start, block in _blocks(lines[header_end:]):
        start += header_end
        head = block[0]
        if re.match(r"^(NOTE|STYLE|REGION)(?:[ \t]|$)", head) and "-->" not in head:
            continue
        if "-->" not in head and _LOOKS_LIKE_TIME.match(head):
            raise WebVTTError(start, "malformed cue timing; write 00:00:01.000 --> 00:00:04.000")
        timing_index = 0 if "-->" in head else 1
        if timing_index >= len(block) or "-->" not in block[timing_index]:
            raise WebVTTError(start + timing_index, "expected a cue timing line such as "
                              "00:00:01.000 --> 00:00:04.000")  # fmt: skip
        cues.append(_cue(block, timing_index, start + timing_index, cues))
    if not cues:
        raise WebVTTError(len(lines), "the file has no cues")
    return cues


def _cue(block: list[str], timing_index: int, number: int, previous: list[Cue]) -> Cue:
    match = _TIMING.match(block[timing_index].strip())
    if not match:
        raise WebVTTError(number, "malformed cue timing; write 00:00:01.000 --> 00:00:04.000")
    start_s, end_s = _seconds(*match.groups()[:4]), _seconds(*match.groups()[4:])
    if end_s <= start_s:
        raise WebVTTError(number, "the cue ends before it starts")
    if previous and start_s < previous[-1].start_s:
        raise WebVTTError(number, "cues must be in order of their start times")
    payload = block[timing_index + 1 :]
    for offset, line in enumerate(payload, 1):
        if "-->" in line:
            raise WebVTTError(number + offset, 'a cue\'s text may not contain "-->"')
    return Cue(start_s=round(start_s, 3), end_s=round(end_s, 3), text=_plain(payload))
