"""Storyboards: the layout plan, the thumbnails track, the sprite sheet of a real transcode,
and what /stream and the storyboard track answer for a video the worker made ready."""

import re
import subprocess

from service_kit.testing import assert_problem
from video_service.webvtt import parse
from video_service.worker import storyboard
from video_service.worker.probe import ffmpeg_exe
from video_service.worker.transcode import transcode

from .conftest import make_video
from .test_worker import queued_video


def test_plan_caps_tiles_and_keeps_the_aspect_ratio():
    short = storyboard.plan(7.2, 1280, 720)
    assert (short.interval_s, short.count, short.columns, short.rows) == (1.0, 8, 8, 1)
    assert (short.tile_width, short.tile_height) == (160, 90)
    lecture = storyboard.plan(3 * 3600, 640, 480)
    assert lecture.interval_s == 108 and lecture.count == 100
    assert (lecture.columns, lecture.rows, lecture.tile_height) == (10, 10, 120)


def test_track_is_webvtt_with_one_cue_per_tile():
    board = storyboard.plan(25.5, 640, 360)
    cues = parse(storyboard.track(board, 25.5))
    assert len(cues) == board.count == 26
    assert (cues[0].start_s, cues[0].end_s, cues[0].text) == (
        0.0,
        1.0,
        "sprite.jpg#xywh=0,0,160,90",
    )
    assert cues[12].text == "sprite.jpg#xywh=320,90,160,90"  # second row, third column
    assert cues[-1].end_s == 25.5


def _size(path) -> tuple[int, int]:
    info = subprocess.run([ffmpeg_exe(), "-i", str(path)], capture_output=True, text=True).stderr
    width, height = re.search(r"Video: mjpeg.*?, (\d+)x(\d+)", info).groups()
    return int(width), int(height)


def test_transcode_writes_sprite_sheet_and_track(tmp_path):
    source = make_video(tmp_path / "in.mp4", seconds=12, size="320x240")
    out = tmp_path / "out"
    out.mkdir()
    result = transcode(source, str(out), preset="ultrafast")
    board = result.storyboard
    assert (board.count, board.columns, board.rows, board.tile_height) == (12, 10, 2, 120)
    names = dict(result.files)
    assert names["storyboard/sprite.jpg"] == "image/jpeg"
    assert names["storyboard/storyboard.vtt"] == "text/vtt"
    assert _size(out / "storyboard/sprite.jpg") == (1600, 240)  # the incomplete row too
    assert len(parse((out / "storyboard/storyboard.vtt").read_text())) == 12


def test_stream_names_the_storyboard_and_serves_its_track(
    client,
    people,
    s3,
    settings,
    worker,
    tiny_video,
):
    video_id = queued_video(client, people, s3, settings, tiny_video)
    assert worker.run_once() is True
    stream = client.get(f"/api/videos/{video_id}/stream", headers=people.student).get_json()
    board = stream["storyboard"]
    assert f"videos/{video_id}/storyboard/sprite.jpg?" in board["sprite_url"]
    assert (board["count"], board["interval_s"], board["tile_width"]) == (2, 1.0, 160)
    track_path = board["url"].split("/api/videos/", 1)[1]
    track = client.get(f"/api/videos/{track_path}")
    assert track.status_code == 200 and track.mimetype == "text/vtt"
    cues = parse(track.get_data(as_text=True))
    assert len(cues) == 2
    assert cues[1].text.startswith("http") and cues[1].text.endswith("#xywh=160,0,160,120")
    assert "X-Amz-Signature=" in cues[1].text
    assert_problem(client.get(f"/api/videos/{video_id}/storyboard.vtt?token=forged"), 403)


def test_progress_is_reported_while_the_storyboard_is_made(tmp_path):
    # the sheet used to be the run's slowest output: ffmpeg reports progress at that output's
    # time, so the transcode read 0 % until it was done
    source = make_video(tmp_path / "in.mp4", seconds=12, size="320x240")
    out = tmp_path / "out"
    out.mkdir()
    seen: list[int] = []
    transcode(source, str(out), preset="ultrafast", on_progress=seen.append)
    assert any(0 < percent < 99 for percent in seen), seen
