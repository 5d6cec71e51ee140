"""Every rendition on one timeline (RFC 8216 §6.2.4): a player switching rungs never jumps."""

import subprocess
from pathlib import Path

from video_service.worker.probe import Probe, ffmpeg_exe
from video_service.worker.transcode import (
    FIRST_SEGMENT_S,
    SEGMENT_S,
    build_command,
    choose_rungs,
    keyframe_expression,
    segment_starts,
    transcode,
)

from .conftest import make_video

FPS = 25
MPEGTS_CLOCK = 90_000


def segments(playlist: Path) -> list[tuple[float, str]]:
    """(EXTINF duration, segment file) of a media playlist, in order."""
    found, duration = [], None
    for line in playlist.read_text().splitlines():
        if line.startswith("#EXTINF:"):
            duration = float(line[8:].split(",")[0])
        elif line and not line.startswith("#"):
            found.append((duration, line))
    return found


def first_pts(segment: Path, stream: str) -> float:
    """The earliest presentation time (s) of `stream` ("v" or "a") in a segment, as stored."""
    command = [ffmpeg_exe(), "-hide_banner", "-copyts", "-i", str(segment)]
    command += ["-map", f"0:{stream}:0", "-c", "copy", "-f", "framecrc", "-"]
    listing = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # framecrc rows: stream, dts, pts, duration, size, crc (in the 1/90000 MPEG-TS clock)
    rows = [line.split(",") for line in listing.splitlines() if line and line[0] != "#"]
    return min(int(row[2]) for row in rows) / MPEGTS_CLOCK


def test_segment_plan_starts_with_a_short_segment_then_whole_ones():
    assert FIRST_SEGMENT_S < SEGMENT_S
    assert segment_starts(9) == [0.0, 1.0, 5.0]
    assert segment_starts(1) == [0.0]
    assert segment_starts(13.5) == [0.0, 1.0, 5.0, 9.0, 13.0]


def test_every_rung_is_cut_by_the_same_keyframes_and_segment_settings(tmp_path):
    source = Probe(duration_s=30.0, width=1280, height=720, fps=25.0, has_audio=True)
    rungs = choose_rungs(source)
    command = build_command("in.mp4", str(tmp_path), source, rungs, preset="veryfast", ffmpeg="ff")
    keyframes = [command[i + 1] for i, part in enumerate(command) if part == "-force_key_frames"]
    assert keyframes == [keyframe_expression()] * len(rungs) == [keyframe_expression()] * 3
    # the lower rungs go through the hls muxer, the top one through tee's HLS slave
    plain = [command[i + 1] for i, part in enumerate(command) if part == "-hls_init_time"]
    assert plain == [str(FIRST_SEGMENT_S)] * (len(rungs) - 1)
    tee = command[command.index("tee") + 1]
    assert f"hls_init_time={FIRST_SEGMENT_S}" in tee and f"hls_time={SEGMENT_S}" in tee


def test_renditions_share_segment_boundaries_and_first_pts(tmp_path):
    source = make_video(tmp_path / "in.mp4", seconds=9, size="854x480", rate=FPS)
    out = tmp_path / "out"
    out.mkdir()
    result = transcode(source, str(out))
    # the top rung is muxed through tee (with the MP4), the others through hls: both here
    names = [r["name"] for r in result.renditions]
    assert names == ["360p", "480p"]
    ladders = {name: segments(out / "hls" / name / "index.m3u8") for name in names}
    durations = {name: [d for d, _ in ladder] for name, ladder in ladders.items()}
    # a short first segment (the first frame needs only that), then whole ones, in every rung
    assert durations["360p"] == durations["480p"] == [1.0, 4.0, 4.0]
    plan = segment_starts(9)
    one_frame = 1 / FPS
    starts = {
        stream: {
            name: [first_pts(out / "hls" / name / file, stream) for _, file in ladder]
            for name, ladder in ladders.items()
        }
        for stream in ("v", "a")
    }
    for stream, by_rung in starts.items():
        for low, high in zip(by_rung["360p"], by_rung["480p"], strict=True):
            assert abs(low - high) <= one_frame, (stream, by_rung)
    # each segment starts where the plan (and the playlist) puts it, in every rung
    for name, times in starts["v"].items():
        assert len(times) == len(plan), (name, times)
        for start, planned in zip(times, plan, strict=True):
            assert abs(start - times[0] - planned) <= one_frame, (name, times)
    # the timeline starts at 0 (B-frame reordering aside), not 1.4 s later in some rungs
    assert all(times[0] <= 2 * one_frame for times in starts["v"].values()), starts["v"]
