"""Read what a media file holds from `ffmpeg -i` (the imageio-ffmpeg wheel has no ffprobe)."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass

_DURATION = re.compile(r"Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)")
_VIDEO = re.compile(r"Stream #\d+:\d+.*?: Video: (?!.*attached pic).*?, (\d{2,5})x(\d{2,5})")
_AUDIO = re.compile(r"Stream #\d+:\d+.*?: Audio: ")
_FPS = re.compile(r"(\d+(?:\.\d+)?) (?:fps|tbr)")
_ROTATION = re.compile(r"rotation of (-?\d+(?:\.\d+)?) degrees")
PROBE_TIMEOUT_S = 60


class NotAVideo(ValueError):
    """The file is not a video ffmpeg can read: retrying cannot help."""


class TranscodeFailed(RuntimeError):
    """ffmpeg failed on a file that looked like a video (may be transient)."""


def ffmpeg_exe() -> str:
    """The ffmpeg binary shipped in the imageio-ffmpeg wheel."""
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


@dataclass(frozen=True)
class Probe:
    """Duration (None if unknown), frame size as displayed, frame rate, audio present."""

    duration_s: float | None
    width: int
    height: int
    fps: float | None
    has_audio: bool


def parse_probe(text: str) -> Probe:
    """Parse `ffmpeg -i` stderr; raise NotAVideo when it found no video stream."""
    video = _VIDEO.search(text)
    if video is None:
        if "Invalid data found" in text or "moov atom not found" in text:
            raise NotAVideo("The file is not a video we can read (invalid or damaged data).")
        raise NotAVideo("The file has no video stream we can read.")
    width, height = int(video.group(1)), int(video.group(2))
    rotation = _ROTATION.search(text)
    if rotation and round(abs(float(rotation.group(1)))) % 180 == 90:
        width, height = height, width  # ffmpeg auto-rotates: the ladder follows the display
    duration = _DURATION.search(text)
    duration_s = None
    if duration:
        hours, minutes, seconds = duration.groups()
        duration_s = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    line_end = text.find("\n", video.start())
    fps = _FPS.search(text[video.start() : line_end if line_end > 0 else None])
    return Probe(
        duration_s=duration_s if duration_s else None,
        width=width,
        height=height,
        fps=float(fps.group(1)) if fps else None,
        has_audio=_AUDIO.search(text) is not None,
    )


def probe(path: str, *, ffmpeg: str | None = None) -> Probe:
    """Probe a file with `ffmpeg -i` (it exits 1 for "no output", which is expected)."""
    try:
        answer = subprocess.run(
            [ffmpeg or ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", path],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=PROBE_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise NotAVideo("Reading the file took too long; it does not look like a video.") from error
    return parse_probe(answer.stderr)
