"""Video pipeline benchmarks, each with an in-run baseline:

(a) transcoding a 60 s 720p source: x realtime of the worker's `transcode()`, its ratio to
    the bare identical ffmpeg command (the wrapper's overhead, goal ≤ 1.05) and to the naive
    way, one ffmpeg process per rendition (each decoding the source again; must be slower);
(b) `GET /api/videos/{id}/stream` latency with 16 concurrent clients, next to the video
    service's healthz through the same NGINX;
(c) play() → `playing` in Debian Chromium (Playwright, no browser download) for HLS via
    hls.js and for the MP4, median of 5, each in a fresh browser context.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import requests
from video_service.worker.probe import ffmpeg_exe, probe
from video_service.worker.transcode import (
    audio_options,
    build_command,
    choose_rungs,
    hls_options,
    transcode,
    video_options,
)

from bench.common import print_table, private_stack, run_concurrently
from tests.browser import CHROMIUM_ARGS, CHROMIUM_PATH
from tests.media import make_video

SOURCE_SECONDS = 60


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def _fresh(folder: Path, name: str) -> str:
    path = folder / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir()
    return str(path)


def per_rendition_commands(source_path: str, out_dir: str) -> list[list[str]]:
    """The naive ladder: one ffmpeg per rung (each decodes the source), then MP4, thumbnail."""
    source = probe(source_path)
    rungs, ffmpeg = choose_rungs(source), ffmpeg_exe()
    gop = round((source.fps or 25) * 4)
    commands = []
    for rung in rungs:
        folder = os.path.join(out_dir, "hls", rung.name)
        os.makedirs(folder, exist_ok=True)
        command = [ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error"]
        command += ["-i", source_path, "-vf", f"scale=-2:{rung.height},setsar=1,format=yuv420p"]
        command += video_options(rung, gop, "veryfast") + audio_options(rung, source.has_audio)
        commands.append(command + hls_options(folder))
    top = rungs[-1]
    mp4 = [ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-i", source_path]
    mp4 += ["-vf", f"scale=-2:{top.height},setsar=1,format=yuv420p"]
    mp4 += video_options(top, gop, "veryfast") + audio_options(top, source.has_audio)
    commands.append([*mp4, "-movflags", "+faststart", os.path.join(out_dir, "video.mp4")])
    thumb = [ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-ss", "5"]
    thumb += ["-i", source_path, "-frames:v", "1", "-vf", "scale=-2:360,setsar=1"]
    commands.append([*thumb, "-update", "1", os.path.join(out_dir, "thumbnail.jpg")])
    return commands


def bench_transcode(folder: Path) -> None:
    """(a) one-process transcode vs the bare command vs one process per rendition."""
    source_path = str(make_video(folder / "source.mp4", seconds=SOURCE_SECONDS, preset="veryfast"))
    source = probe(source_path)
    ours = _timed(lambda: transcode(source_path, _fresh(folder, "ours")))
    bare_dir = _fresh(folder, "bare")
    bare_cmd = build_command(
        source_path, bare_dir, source, choose_rungs(source), preset="veryfast", progress=False
    )
    bare = _timed(lambda: subprocess.run(bare_cmd, check=True))
    naive_dir = _fresh(folder, "naive")
    naive = _timed(
        lambda: [
            subprocess.run(c, check=True) for c in per_rendition_commands(source_path, naive_dir)
        ]
    )
    print(f"\n## transcode {SOURCE_SECONDS} s 720p → 360p/480p/720p HLS + MP4 + thumbnail")
    print(f"{'case':<44} {'seconds':>8} {'x realtime':>11} {'ratio':>7}")
    for name, seconds in (
        ("worker transcode() (one ffmpeg, tee)", ours),
        ("bare identical ffmpeg command", bare),
        ("one ffmpeg per rendition (sequential)", naive),
    ):
        print(
            f"{name:<44} {seconds:>8.2f} {SOURCE_SECONDS / seconds:>11.2f} {seconds / bare:>7.3f}"
        )
    print(f"overhead of transcode() over bare ffmpeg: {ours / bare:.3f} (goal ≤ 1.05)")
    print(f"one process per rendition takes {naive / ours:.2f}x as long as transcode()")


def _ready_video(stack, folder: Path):
    """An instructor's published course with one ready 20 s 720p video, and a student."""
    from tests.accounts import new_account

    instructor, student = new_account(stack, "instructor"), new_account(stack)
    course = stack.request(
        "POST",
        "/api/courses",
        headers=instructor.headers,
        json={
            "title": f"Bench {uuid.uuid4().hex[:6]}",
            "description": "Bench.",
            "category": "Bench",
            "published": True,
        },
    ).json()["course"]
    stack.request("PUT", f"/api/courses/{course['id']}/enrollment", headers=student.headers)
    path = make_video(folder / "clip.mp4", seconds=20)
    created = stack.request(
        "POST",
        "/api/videos",
        headers=instructor.headers,
        json={
            "course_id": course["id"],
            "title": "Bench clip",
            "filename": "clip.mp4",
            "content_type": "video/mp4",
            "size_bytes": path.stat().st_size,
        },
    ).json()
    upload = created["upload"]
    requests.put(upload["url"], data=path.read_bytes(), headers=upload["headers"], timeout=60)
    video_id = created["video"]["id"]
    stack.request("POST", f"/api/videos/{video_id}/upload/complete", headers=instructor.headers)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        video = stack.get(f"/api/videos/{video_id}", headers=student.headers).json()["video"]
        if video["status"] in ("ready", "failed"):
            break
        time.sleep(1)
    assert video["status"] == "ready", video
    return video_id, student


def bench_stream(stack, video_id: str, student) -> None:
    """(b) /stream latency, 16 concurrent clients, next to healthz."""
    session = requests.Session()

    def stream(_i):
        assert (
            session.get(
                f"{stack.url}/api/videos/{video_id}/stream", headers=student.headers, timeout=10
            ).status_code
            == 200
        )

    def health(_i):
        assert session.get(f"{stack.url}/api/videos/healthz", timeout=10).status_code == 200

    rows = [
        ("GET /api/videos/healthz (baseline)", run_concurrently(health, threads=16, per_thread=25)),
        ("GET /api/videos/{id}/stream", run_concurrently(stream, threads=16, per_thread=25)),
    ]
    print_table(
        "stream URLs, 16 concurrent clients", rows, baseline="GET /api/videos/healthz (baseline)"
    )


PLAY_JS = """async ({kind, url}) => {
  const video = document.createElement('video');
  video.muted = true;
  document.body.appendChild(video);
  if (kind === 'hls') { const hls = new Hls(); hls.loadSource(url); hls.attachMedia(video); }
  else { video.src = url; }
  const started = performance.now();
  await new Promise((resolve, reject) => {
    video.addEventListener('playing', resolve, {once: true});
    video.addEventListener('error', () => reject(new Error('media error')), {once: true});
    video.play().catch(reject);
  });
  return performance.now() - started;
}"""


def bench_playback(stack, video_id: str, student, runs: int = 5) -> None:
    """(c) play() → playing in Chromium, HLS (hls.js) and MP4, median of `runs`."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("\n(c) skipped: `pip install playwright` into .venv (never `playwright install`)")
        return
    origin = stack.url.replace("127.0.0.1", "localhost")  # the origin URLs are signed for
    results: dict[str, list[float]] = {"hls": [], "mp4": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        for _run in range(runs):
            for kind in results:
                urls = requests.get(
                    f"{origin}/api/videos/{video_id}/stream", headers=student.headers, timeout=10
                ).json()
                context = browser.new_context(bypass_csp=True)
                page = context.new_page()
                page.goto(origin + "/")
                page.add_script_tag(url="/vendor/hls/hls.min.js")
                url = urls["hls_url"] if kind == "hls" else urls["mp4_url"]
                results[kind].append(page.evaluate(PLAY_JS, {"kind": kind, "url": url}))
                context.close()
        browser.close()
    print(f"\n## play() → playing in Chromium, median of {runs} (fresh context each)")
    mp4 = statistics.median(results["mp4"])
    for kind, samples in results.items():
        median = statistics.median(samples)
        print(
            f"{kind.upper():<6} median {median:8.1f} ms  (runs: "
            f"{', '.join(f'{s:.0f}' for s in samples)})  ratio to MP4 {median / mp4:.2f}"
        )


def main() -> None:
    """Run (a), then start a private stack for (b) and (c)."""
    folder = Path(tempfile.mkdtemp(prefix="dread-bench-video-"))
    try:
        bench_transcode(folder)
        with private_stack(VIDEO_SEED_VIDEOS="0", BENCH_PORT="41099") as stack:
            video_id, student = _ready_video(stack, folder)
            bench_stream(stack, video_id, student)
            bench_playback(stack, video_id, student)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
