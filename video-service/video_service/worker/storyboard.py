"""Storyboards (seek previews) made in the same ffmpeg run as the ladder: one branch of the
decoded video sampled every `interval_s` and written as one small JPEG per tile, then tiled
into one sprite sheet, and a WebVTT thumbnails track whose cues name each tile
(`sprite.jpg#xywh=x,y,w,h`), as PeerTube and YouTube show them when hovering the seek bar.

The tiles are written as they come rather than through ffmpeg's `tile` filter: a sheet made
in the run emits its one frame at the very end, and ffmpeg reports progress at the slowest
output's time, so the transcode showed 0 % until it was done.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, replace

MAX_TILES = 100  # one sheet of at most 10 x 10 tiles: a 3-hour lecture gets a tile per 108 s
COLUMNS = 10
TILE_WIDTH = 160
SPRITE = "storyboard/sprite.jpg"
TILES = "storyboard/tiles"
TILE_PATTERN = "%04d.jpg"
TRACK = "storyboard/storyboard.vtt"


@dataclass(frozen=True)
class Plan:
    """How a video's storyboard is cut: tile size, sampling interval, sheet layout."""

    interval_s: float
    count: int
    columns: int
    rows: int
    tile_width: int
    tile_height: int


def plan(duration_s: float, width: int, height: int) -> Plan:
    """At most MAX_TILES tiles, one per whole number of seconds, 160 px wide (even height)."""
    duration_s = max(duration_s, 1.0)
    interval = max(1, math.ceil(duration_s / MAX_TILES))
    count = max(1, math.ceil(duration_s / interval))
    columns = min(COLUMNS, count)
    tile_height = max(2, round(TILE_WIDTH * height / max(width, 1) / 2) * 2)
    return Plan(
        interval_s=float(interval),
        count=count,
        columns=columns,
        rows=math.ceil(count / columns),
        tile_width=TILE_WIDTH,
        tile_height=tile_height,
    )


def filter_branch(label: str, board: Plan, output: str) -> str:
    """The filtergraph branch from `label` to `output`: sample and scale (one frame a tile)."""
    return (
        f"[{label}]fps=1/{board.interval_s:g}:round=down,"
        f"scale={board.tile_width}:{board.tile_height},setsar=1[{output}]"
    )


def with_count(board: Plan, count: int) -> Plan:
    """The plan for the tiles the run really wrote (the sampler may give one fewer or more)."""
    columns = min(COLUMNS, count)
    return replace(board, count=count, columns=columns, rows=math.ceil(count / columns))


def sheet_command(ffmpeg: str, tiles_dir: str, board: Plan, sprite_path: str) -> list[str]:
    """The ffmpeg command that tiles the written tiles into one JPEG sprite sheet."""
    command = [ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error"]
    command += ["-i", os.path.join(tiles_dir, TILE_PATTERN)]
    command += ["-vf", f"tile={board.columns}x{board.rows}", "-frames:v", "1", "-q:v", "5"]
    return [*command, sprite_path]


def _stamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def track(board: Plan, duration_s: float, sprite_name: str = "sprite.jpg") -> str:
    """The WebVTT thumbnails track: one cue per tile, in order."""
    lines = ["WEBVTT", ""]
    for index in range(board.count):
        start = index * board.interval_s
        end = min((index + 1) * board.interval_s, max(duration_s, start + 0.001))
        x = (index % board.columns) * board.tile_width
        y = (index // board.columns) * board.tile_height
        lines += [
            f"{_stamp(start)} --> {_stamp(end)}",
            f"{sprite_name}#xywh={x},{y},{board.tile_width},{board.tile_height}",
            "",
        ]
    return "\n".join(lines)


def stored(board: Plan, prefix: str) -> dict:
    """What the video item keeps about its storyboard (keys and layout)."""
    return {
        "vtt_key": prefix + TRACK,
        "sprite_key": prefix + SPRITE,
        "interval_s": board.interval_s,
        "count": board.count,
        "columns": board.columns,
        "tile_width": board.tile_width,
        "tile_height": board.tile_height,
    }
