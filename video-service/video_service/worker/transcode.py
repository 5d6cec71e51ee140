"""One ffmpeg process per video: decode once, write the HLS ladder, a faststart MP4 and a
thumbnail. A plain function of files, so the worker and the benchmark call the same code."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from . import storyboard
from .probe import Probe, TranscodeFailed, ffmpeg_exe, probe

SEGMENT_S = 4
# The first segment is short: a player's first frame waits for a whole first segment, and a
# one-second segment of the lowest rung is a few dozen kilobytes. Every later one is SEGMENT_S.
FIRST_SEGMENT_S = 1
SEGMENT_PATTERN = "seg_%05d.ts"
_UNSAFE_PATH = re.compile(r"[:|\[\]=\\']")


@dataclass(frozen=True)
class Rung:
    """One rendition of the ladder: its height and bit rate caps (kbit/s)."""

    name: str
    height: int
    video_kbps: int
    audio_kbps: int


LADDER = (
    Rung("360p", 360, 800, 96),
    Rung("480p", 480, 1400, 128),
    Rung("720p", 720, 2800, 128),
)


class Aborted(RuntimeError):
    """The caller asked to stop (lease lost, shutdown)."""


@dataclass
class Result:
    """What a transcode produced: metadata and the files to upload (relative names)."""

    duration_s: float
    has_audio: bool
    renditions: list[dict]
    files: list[tuple[str, str]] = field(default_factory=list)  # (relative path, content type)
    thumbnail: str | None = None
    storyboard: storyboard.Plan | None = None


def choose_rungs(source: Probe, ladder=LADDER) -> list[Rung]:
    """The rungs the source allows (never upscaled); a small source gets one rung of its own."""
    rungs = [rung for rung in ladder if rung.height <= source.height]
    if rungs:
        return rungs
    height = max(2, source.height - source.height % 2)
    low = ladder[0]
    return [Rung(f"{height}p", height, low.video_kbps, low.audio_kbps)]


def _even_width(source: Probe, height: int) -> int:
    return max(2, round(source.width * height / source.height / 2) * 2)


def segment_starts(duration_s: float) -> list[float]:
    """Where every rung's segments start (s): 0, FIRST_SEGMENT_S, then every SEGMENT_S."""
    starts, at = [0.0], float(FIRST_SEGMENT_S)
    while at < duration_s:
        starts.append(at)
        at += SEGMENT_S
    return starts


def keyframe_expression() -> str:
    """ffmpeg's -force_key_frames expression putting a keyframe at every `segment_starts`.

    The n-th forced keyframe (n_forced counts those already placed) is due at 0 for n = 0,
    then at FIRST_SEGMENT_S + (n - 1) * SEGMENT_S."""
    due = f"if(n_forced,{FIRST_SEGMENT_S}+(n_forced-1)*{SEGMENT_S},0)"
    return f"expr:gte(t,{due})"


def video_options(rung: Rung, keyframe_gop: int, preset: str) -> list[str]:
    """x264 options of one rung (capped CRF, aligned keyframes)."""
    kbps = rung.video_kbps
    return [
        *("-c:v", "libx264", "-preset", preset, "-profile:v", "main", "-level:v", "4.0"),
        *("-crf", "23", "-maxrate", f"{kbps}k", "-bufsize", f"{2 * kbps}k"),
        # aligned keyframes in every rung, at the segment starts and nowhere else: both HLS
        # muxers cut at the first keyframe past each target, so every rung cuts alike
        *("-force_key_frames", keyframe_expression()),
        *("-g", str(keyframe_gop), "-keyint_min", str(keyframe_gop), "-sc_threshold", "0"),
    ]


def audio_options(rung: Rung, has_audio: bool) -> list[str]:
    """AAC options of one rung (or no audio)."""
    if not has_audio:
        return ["-an"]
    return ["-c:a", "aac", "-b:a", f"{rung.audio_kbps}k", "-ac", "2"]


def hls_settings() -> list[tuple[str, str]]:
    """The HLS muxer's segment settings, shared by the plain muxer and the top rung's tee."""
    return [
        ("hls_time", str(SEGMENT_S)),
        ("hls_init_time", str(FIRST_SEGMENT_S)),  # applies to the first segment only (VOD)
        ("hls_playlist_type", "vod"),
        ("hls_flags", "independent_segments"),
    ]


def hls_options(folder: str) -> list[str]:
    """HLS muxer options writing `folder`/index.m3u8 and its segments."""
    return [
        # ffmpeg delays an mpegts output by 2 x muxdelay (1.4 s) but not the tee's HLS
        # slave of the top rung: no delay anywhere puts every rung on one timeline
        *("-muxdelay", "0", "-muxpreload", "0"),
        "-f",
        "hls",
        *(part for name, value in hls_settings() for part in (f"-{name}", value)),
        *("-hls_segment_filename", os.path.join(folder, SEGMENT_PATTERN)),
        os.path.join(folder, "index.m3u8"),
    ]


def build_command(
    source_path: str,
    out_dir: str,
    source: Probe,
    rungs: list[Rung],
    *,
    preset: str,
    ffmpeg: str | None = None,
    progress: bool = True,
) -> list[str]:
    """The single ffmpeg command: split the decoded video into each rung, the thumbnail and
    the storyboard sprite sheet."""
    if _UNSAFE_PATH.search(out_dir):
        raise ValueError(f"work folder {out_dir!r} has characters ffmpeg's tee cannot take")
    branches = len(rungs) + 2
    graph = [f"[0:v:0]split={branches}" + "".join(f"[s{i}]" for i in range(branches))]
    for i, rung in enumerate(rungs):
        graph.append(f"[s{i}]scale=-2:{rung.height},setsar=1,format=yuv420p[v{i}]")
    at = min(5.0, (source.duration_s or 0) * 0.1)
    graph.append(
        f"[s{len(rungs)}]trim=start={at:.2f},setpts=PTS-STARTPTS,"
        f"scale=-2:{min(360, rungs[-1].height)},setsar=1[thumb]"
    )
    board = storyboard_plan(source)
    graph.append(storyboard.filter_branch(f"s{len(rungs) + 1}", board, "board"))
    gop = max(1, round((source.fps or 25) * SEGMENT_S))
    command = [ffmpeg or ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error"]
    command += ["-i", source_path, "-filter_complex", ";".join(graph)]
    for i, rung in enumerate(rungs):
        folder = os.path.join(out_dir, "hls", rung.name)
        os.makedirs(folder, exist_ok=True)
        command += ["-map", f"[v{i}]"] + (["-map", "0:a:0"] if source.has_audio else [])
        command += video_options(rung, gop, preset) + audio_options(rung, source.has_audio)
        command += ["-max_muxing_queue_size", "4096"]
        if i < len(rungs) - 1:
            command += hls_options(folder)
            continue
        # the top rung is encoded once and muxed twice (tee): HLS and the faststart MP4
        hls = ":".join(
            [
                "f=hls",
                *(f"{name}={value}" for name, value in hls_settings()),
                f"hls_segment_filename={os.path.join(folder, SEGMENT_PATTERN)}",
            ]
        )
        mp4 = os.path.join(out_dir, "video.mp4")
        index = os.path.join(folder, "index.m3u8")
        command += ["-flags", "+global_header", "-f", "tee"]
        command.append(f"[f=mp4:movflags=+faststart]{mp4}|[{hls}]{index}")
    command += ["-map", "[thumb]", "-frames:v", "1", "-update", "1", "-q:v", "3"]
    command.append(os.path.join(out_dir, "thumbnail.jpg"))
    tiles = os.path.join(out_dir, storyboard.TILES)
    os.makedirs(tiles, exist_ok=True)
    command += ["-map", "[board]", "-q:v", "5", "-f", "image2"]
    command.append(os.path.join(tiles, storyboard.TILE_PATTERN))
    if progress:
        command += ["-progress", "pipe:1", "-nostats"]
    return command


def storyboard_plan(source: Probe) -> storyboard.Plan:
    """The storyboard layout of a source (its duration and aspect ratio)."""
    return storyboard.plan(source.duration_s or 1.0, source.width, source.height)


def _bandwidths(folder: str) -> tuple[int, int]:
    """(peak, average) bits per second over a media playlist's segments (HLS BANDWIDTH)."""
    peak, total_bits, total_s, duration = 0.0, 0, 0.0, None
    with open(os.path.join(folder, "index.m3u8"), encoding="utf-8") as playlist:
        for line in playlist:
            line = line.strip()
            if line.startswith("#EXTINF:"):
                duration = float(line[8:].split(",")[0])
            elif line and not line.startswith("#") and duration:
                bits = os.path.getsize(os.path.join(folder, line)) * 8
                peak = max(peak, bits / duration)
                total_bits, total_s = total_bits + bits, total_s + duration
    return round(peak), round(total_bits / total_s) if total_s else 0


def _read_progress(process, duration_s, on_progress, should_stop, deadline) -> float:
    """Follow `-progress pipe:1`; return the last output time (s)."""
    out_s = 0.0
    for raw in process.stdout:
        key, _, value = raw.strip().partition("=")
        if key == "out_time_us" and value.lstrip("-").isdigit():
            out_s = max(out_s, int(value) / 1e6)
        elif key == "progress":
            if on_progress and duration_s:
                on_progress(min(99, int(100 * out_s / duration_s)))
            if (should_stop and should_stop()) or time.monotonic() > deadline:
                process.kill()
                process.wait()
                if time.monotonic() > deadline:
                    raise TranscodeFailed("Transcoding took far longer than the video lasts.")
                raise Aborted("transcode stopped on request")
    return out_s


def transcode(
    source_path: str,
    out_dir: str,
    *,
    preset: str = "veryfast",
    ladder=LADDER,
    on_progress: Callable[[int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    ffmpeg: str | None = None,
) -> Result:
    """Probe, then run the one ffmpeg process; raise NotAVideo, TranscodeFailed or Aborted."""
    ffmpeg = ffmpeg or ffmpeg_exe()
    source = probe(source_path, ffmpeg=ffmpeg)
    rungs = choose_rungs(source, ladder)
    command = build_command(source_path, out_dir, source, rungs, preset=preset, ffmpeg=ffmpeg)
    deadline = time.monotonic() + max(600.0, 20 * (source.duration_s or 60))
    log_path = os.path.join(out_dir, "ffmpeg.log")
    with open(log_path, "w+b") as log:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log, text=True
        )
        try:
            out_s = _read_progress(process, source.duration_s, on_progress, should_stop, deadline)
        finally:
            if process.poll() is None:
                process.kill()
            process.wait()
        log.seek(0)
        errors = log.read().decode(errors="replace").strip()
    if process.returncode != 0:
        last = errors.splitlines()[-1] if errors else f"exit code {process.returncode}"
        raise TranscodeFailed(f"ffmpeg could not transcode the file: {last}"[:500])
    result = Result(
        duration_s=round(source.duration_s or out_s, 3), has_audio=source.has_audio, renditions=[]
    )
    for rung in rungs:
        folder = os.path.join(out_dir, "hls", rung.name)
        peak, average = _bandwidths(folder)
        result.renditions.append(
            {
                "name": rung.name,
                "height": rung.height,
                "width": _even_width(source, rung.height),
                "bandwidth": peak,
                "average_bandwidth": average,
            }
        )
        for name in sorted(os.listdir(folder)):
            kind = "application/vnd.apple.mpegurl" if name.endswith(".m3u8") else "video/mp2t"
            result.files.append((f"hls/{rung.name}/{name}", kind))
    result.files.append(("video.mp4", "video/mp4"))
    if os.path.exists(os.path.join(out_dir, "thumbnail.jpg")):
        result.thumbnail = "thumbnail.jpg"
        result.files.append(("thumbnail.jpg", "image/jpeg"))
    board = _sprite_sheet(out_dir, storyboard_plan(source), ffmpeg)
    if board:
        with open(os.path.join(out_dir, storyboard.TRACK), "w", encoding="utf-8") as track:
            track.write(storyboard.track(board, result.duration_s))
        result.storyboard = board
        result.files += [(storyboard.SPRITE, "image/jpeg"), (storyboard.TRACK, "text/vtt")]
    return result


def _sprite_sheet(out_dir: str, board: storyboard.Plan, ffmpeg: str) -> storyboard.Plan | None:
    """Tile the run's storyboard tiles into the sprite sheet; its plan, or None without tiles.

    A storyboard is an extra: a sheet that cannot be made leaves the video without one."""
    tiles_dir = os.path.join(out_dir, storyboard.TILES)
    count = len([name for name in os.listdir(tiles_dir) if name.endswith(".jpg")])
    if not count:
        return None
    board = storyboard.with_count(board, min(count, storyboard.MAX_TILES))
    sprite = os.path.join(out_dir, storyboard.SPRITE)
    command = storyboard.sheet_command(ffmpeg, tiles_dir, board, sprite)
    done = subprocess.run(command, capture_output=True, timeout=120, check=False)
    return board if done.returncode == 0 and os.path.exists(sprite) else None
