"""Every rendition on one timeline (RFC 8216 §6.2.4): a player switching rungs never jumps."""

import subprocess
from pathlib import Path

from video_service.worker.probe import ffmpeg_exe
from video_service.worker.transcode import transcode

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
    assert durations["360p"] == durations["480p"] == [4.0, 4.0, 1.0]
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
    # each segment starts where the playlist puts it: 4 s after the one before
    for name, times in starts["v"].items():
        for index, start in enumerate(times):
            assert abs(start - times[0] - 4 * index) <= one_frame, (name, times)
    # the timeline starts at 0 (B-frame reordering aside), not 1.4 s later in some rungs
    assert all(times[0] <= 2 * one_frame for times in starts["v"].values()), starts["v"]
