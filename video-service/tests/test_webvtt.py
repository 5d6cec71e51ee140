"""The WebVTT parser: cues, markup removed, and the line of each kind of mistake."""

import pytest
from video_service.webvtt import WebVTTError, parse

GOOD = """\ufeffWEBVTT - a lecture
Kind: captions

NOTE written by hand
over two lines

STYLE
::cue { color: yellow }

intro
00:00:01.000 --> 00:00:04.500 align:start
<v Ada>Hello &amp; welcome</v>
to <b>photosynthesis</b>.

01:02.250 --> 01:05.000
Chlorophyll absorbs light.

01:00:00.000 --> 01:00:02.000
An hour in.
"""


def test_parse_reads_times_and_plain_text():
    cues = parse(GOOD)
    assert [(c.start_s, c.end_s, c.text) for c in cues] == [
        (1.0, 4.5, "Hello & welcome to photosynthesis."),
        (62.25, 65.0, "Chlorophyll absorbs light."),
        (3600.0, 3602.0, "An hour in."),
    ]


def test_parse_accepts_crlf_line_ends():
    assert parse("WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nHi\r\n")[0].text == "Hi"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("1\n00:00:01.000 --> 00:00:02.000\nHi\n", 1, "WEBVTT"),
        ("WEBVTTX\n\n00:01.000 --> 00:02.000\nHi\n", 1, "WEBVTT"),
        ("WEBVTT\n\n00:01.000 -> 00:02.000\nHi\n", 3, "timing"),
        ("WEBVTT\n\n00:01,000 --> 00:02,000\nHi\n", 3, "timing"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n\n00:05.000 --> 00:04.000\nNo\n", 6, "ends"),
        ("WEBVTT\n\n00:05.000 --> 00:06.000\nA\n\n00:01.000 --> 00:02.000\nB\n", 6, "order"),
        ("WEBVTT\n\nintro\nHello there\n", 4, "timing"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nA --> B\n", 4, "-->"),
        ("WEBVTT\n00:01.000 --> 00:02.000\nHi\n", 2, "blank line"),
        ("WEBVTT\n\nNOTE only a note\n", 4, "no cues"),
        ("WEBVTT\n\n00:61.000 --> 01:02.000\nHi\n", 3, "timing"),
    ],
)
def test_parse_names_the_bad_line(text, line, fragment):
    with pytest.raises(WebVTTError) as raised:
        parse(text)
    assert raised.value.line == line
    assert fragment in str(raised.value)
    assert str(raised.value).startswith(f"line {line}: ")
