"""Test videos generated with ffmpeg's lavfi sources (testsrc2 + sine), for the suites and
benchmarks: nothing is downloaded and every file is made fresh in a folder of the caller's."""

from __future__ import annotations

import subprocess
from pathlib import Path


def ffmpeg_exe() -> str:
    """The ffmpeg binary of the imageio-ffmpeg wheel (the one the worker uses)."""
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def make_video(
    path: Path | str,
    *,
    seconds: float = 6,
    size: str = "1280x720",
    rate: int = 30,
    audio: bool = True,
    preset: str = "ultrafast",
    container_args: tuple[str, ...] = ("-movflags", "+faststart"),
) -> Path:
    """Write an H.264/AAC test video (moving pattern + 440 Hz tone); return its path."""
    path = Path(path)
    command = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi"]
    command += ["-i", f"testsrc2=size={size}:rate={rate}:duration={seconds}"]
    if audio:
        command += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}"]
    command += ["-c:v", "libx264", "-preset", preset, "-pix_fmt", "yuv420p"]
    if audio:
        command += ["-c:a", "aac", "-b:a", "128k", "-shortest"]
    command += [*container_args, str(path)]
    subprocess.run(command, check=True, timeout=300, capture_output=True)
    return path
