"""Time to first frame in Chromium: play() → `playing` for HLS (hls.js with the player's own
settings, `frontend/js/components/player/playback.js`), for HLS with hls.js's defaults, and
for the MP4, through NGINX → S3 gate → s3rver, in one run. Goal: player HLS ≤ 1.5x MP4.

`hls-preloaded` is what the watch page does: it fetches the master and first media playlist
(`preloadPlaylists`) as soon as its `/stream` answer arrives, while it reads the video, course,
progress and watchlist (at least as long), and hls.js loads through the player's own loader,
which hands them over. Its clock starts at play(), after that preload, which is timed apart
(`preload` column) and not counted in the ratio.

`mp4-page` and `hls-page` are the watch page as a viewer meets it: the page sets its source
up when it loads (the MP4 element with preload=auto; hls.js, after the playlist preload, starts
loading the first segment at once) and the viewer presses play PAGE_DWELL_MS later; the clock
starts at play(). The goal's ratio is hls-page / mp4-page.

Each sample is a fresh browser context (nothing cached), the order of the kinds alternates,
and the figure is the median. The source is a 20 s 720p clip (a 360p/480p/720p ladder)."""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import requests

from bench.common import private_stack
from tests.browser import CHROMIUM_ARGS, CHROMIUM_PATH

RUNS = int(os.environ.get("BENCH_PLAYER_RUNS", "9"))  # samples of each kind
KINDS = ("mp4", "hls-defaults", "hls-player", "hls-preloaded", "mp4-page", "hls-page")
# The "-page" kinds set the source up as the watch page does when it loads (MP4 with
# preload=auto; hls.js with the preloaded playlists, which starts loading at once), and the
# viewer presses play this long after the page shows; both kinds wait the same.
PAGE_DWELL_MS = 1000

# Runs in a blank page of the site; the player's settings come from its own module.
PLAY_JS = """async ({kind, stream, dwell}) => {
  const { hlsConfig } = await import('/js/components/player/playback.js');
  const player = await import('/js/components/player/source.js');
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  document.body.appendChild(video);
  let config = kind === 'hls-player' ? hlsConfig() : {};
  let preload = 0;
  let source = null;
  const page = kind.endsWith('-page');
  if (kind === 'hls-preloaded' || kind === 'hls-page') {
    const before = performance.now();
    await player.preloadPlaylists(stream.hls_url);
    preload = performance.now() - before;
    source = new player.StreamSource(stream, async () => stream);
    config = hlsConfig({ loader: player.renewingLoader(source, Hls.DefaultConfig.loader) });
  }
  let started = performance.now();
  if (kind.startsWith('mp4')) video.src = stream.mp4_url;
  else {
    const hls = new Hls(config);
    hls.loadSource(stream.hls_url);
    hls.attachMedia(video);
  }
  if (page) {
    await new Promise((resolve) => setTimeout(resolve, dwell));
    started = performance.now();
  }
  await new Promise((resolve, reject) => {
    video.addEventListener('playing', resolve, {once: true});
    video.addEventListener('error', () => reject(new Error('media error')), {once: true});
    video.play().catch(reject);
  });
  const took = performance.now() - started;
  source?.stop();
  return [took, preload];
}"""


def ready_video(stack, folder: Path) -> tuple[str, dict]:
    """A published course with one ready 20 s 720p video; the student's headers."""
    from tests.e2e.e2e_support import (
        api,
        create_course,
        make_video,
        new_account,
        upload_video,
        wait_ready,
    )

    teacher, student = new_account(stack, "instructor"), new_account(stack)
    course = create_course(stack, teacher, title="Bench first frame")
    clip = make_video(folder / "clip.mp4", seconds=20, size="1280x720")
    video = upload_video(stack, teacher, course["id"], clip, title="Bench clip")
    wait_ready(stack, teacher, video["id"], timeout_s=300)
    api(stack, "PUT", f"/api/courses/{course['id']}/enrollment", student)
    return video["id"], student.headers


def measure(stack, video_id: str, headers: dict) -> tuple[dict[str, list[float]], list[float]]:
    """RUNS samples of each kind, alternating, each in a fresh context; the preload times."""
    from playwright.sync_api import sync_playwright

    origin = stack.url.replace("127.0.0.1", "localhost")  # the origin URLs are signed for
    samples: dict[str, list[float]] = {kind: [] for kind in KINDS}
    preloads: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        for run in range(RUNS):
            order = KINDS if run % 2 == 0 else tuple(reversed(KINDS))
            for kind in order:
                stream = requests.get(
                    f"{origin}/api/videos/{video_id}/stream", headers=headers, timeout=10
                ).json()
                context = browser.new_context(bypass_csp=True)
                page = context.new_page()
                page.goto(origin + "/404.html")
                page.add_script_tag(url="/vendor/hls/hls.min.js")
                took, preload = page.evaluate(
                    PLAY_JS, {"kind": kind, "stream": stream, "dwell": PAGE_DWELL_MS}
                )
                samples[kind].append(took)
                if kind in ("hls-preloaded", "hls-page"):
                    preloads.append(preload)
                context.close()
        browser.close()
    return samples, preloads


def main() -> None:
    """Start a private stack, make the clip, measure, print medians and ratios to MP4."""
    folder = Path(tempfile.mkdtemp(prefix="dread-bench-player-"))
    try:
        with private_stack(VIDEO_SEED_VIDEOS="0") as stack:
            video_id, headers = ready_video(stack, folder)
            time.sleep(1)
            samples, preloads = measure(stack, video_id, headers)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    mp4 = statistics.median(samples["mp4"])
    print(f"\n## time to first frame (play() → playing) in Chromium, median of {RUNS}")
    print(f"{'case':<16} {'median ms':>10} {'ratio to MP4':>13}  runs (ms)")
    for kind, values in samples.items():
        median = statistics.median(values)
        runs = ", ".join(f"{v:.0f}" for v in values)
        print(f"{kind:<16} {median:>10.1f} {median / mp4:>13.2f}  {runs}")
    print(f"(hls-preloaded: the page's playlist preload took {statistics.median(preloads):.0f} ms")
    print(" median before play(), overlapping the page's own reads)")
    cold = statistics.median(samples["hls-player"]) / mp4
    print(f"player HLS / MP4, playlists loaded after play(): {cold:.2f}")
    ratio = statistics.median(samples["hls-preloaded"]) / mp4
    print(f"player HLS / MP4, playlists preloaded, play() at once: {ratio:.2f}")
    page = statistics.median(samples["hls-page"]) / statistics.median(samples["mp4-page"])
    print(
        f"player HLS / MP4 as the watch page plays them (source set up on load, play() "
        f"{PAGE_DWELL_MS} ms later): {page:.2f} (goal ≤ 1.5)"
    )
