"""Videos of any length, pauses of any length: on a stack whose stream URLs live 5 s, a 60 s
video plays to the end across many TTLs and a pause longer than the TTL, with the player
renewing `/stream` before expiry; with the page's clock an hour behind (a laptop that slept),
the refused URLs (403) are renewed and playback still reaches the end."""

from __future__ import annotations

import os
import re

import pytest

from devstack.handle import start_private_stack
from tests.e2e.e2e_support import (
    create_course,
    make_video,
    new_account,
    unique,
    upload_video,
    wait_ready,
    wait_ready_page,
    wait_until,
)

TTL_S = 5
VIDEO = "document.querySelector('#player')"
# The page's clock an hour behind the server's: every URL looks fresh to it, so only a 403
# can tell it to renew.
CLOCK_BEHIND = """(() => {
  const real = Date.now.bind(Date);
  Date.now = () => real() - 3600 * 1000;
})();"""


@pytest.fixture(scope="module")
def site():
    """A stack of its own whose stream URLs and playlist tokens expire after TTL_S seconds."""
    base = int(os.environ.get("DREAD_TEST_PORT_BASE", "21000")) + 1750
    try:
        handle = start_private_stack(
            base,
            prefix="dread-test-ttl-",
            VIDEO_STREAM_URL_TTL_SECONDS=str(TTL_S),
            VIDEO_SEED_VIDEOS="0",  # no demo transcodes competing with the test video
        )
    except RuntimeError as error:
        pytest.fail(str(error))
    yield handle
    handle.devstack("down", check=False)


@pytest.fixture(scope="module")
def lecture(site, tmp_path_factory):
    """A 60 s video (15 segments, 12 TTLs long) and an enrolled student."""
    teacher = new_account(site, role="instructor")
    student = new_account(site)
    course = create_course(site, teacher, title=unique("Long lecture"))
    clip = make_video(tmp_path_factory.mktemp("ttl") / "long.mp4", seconds=60, size="640x360")
    video = upload_video(site, teacher, course["id"], clip, title="Long lecture")
    wait_ready(site, teacher, video["id"])
    site.request(
        "PUT", f"/api/courses/{course['id']}/enrollment", headers=student.headers
    ).raise_for_status()
    return {"video": video, "student": student}


def watch(page, account, video_id: str) -> dict:
    """Log in, open the video; returns counters of the media requests the page makes."""
    seen = {"refused": 0, "segments": 0, "streams": 0}

    def count(response):
        if response.status in (401, 403) and ("/hls/" in response.url or ".ts" in response.url):
            seen["refused"] += 1
        elif re.search(r"\.(ts|m4s|mp4)(\?|$)", response.url) and response.ok:
            seen["segments"] += 1
        if response.url.endswith("/stream") and response.ok:
            seen["streams"] += 1

    page.on("response", count)
    page.goto(f"/login.html?next=/watch.html%3Fid%3D{video_id}")
    wait_ready_page(page)
    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/watch\.html\?id="))
    wait_ready_page(page)
    return seen


def play_to_end_with_a_long_pause(page) -> None:
    """Play at 2x, pause past the TTL at 20 s, resume and reach the end without an error."""
    wait_until(page, f"() => {VIDEO}.currentTime > 0.2")
    page.evaluate(f"() => {{ {VIDEO}.muted = true; {VIDEO}.playbackRate = 2; }}")
    wait_until(page, f"() => {VIDEO}.currentTime >= 20", timeout_s=60)
    page.evaluate(f"() => {VIDEO}.pause()")
    paused_at = page.evaluate(f"() => {VIDEO}.currentTime")
    page.wait_for_timeout((TTL_S * 2 + 1) * 1000)  # a pause longer than two TTLs
    page.evaluate(f"() => {VIDEO}.play()")
    wait_until(page, f"(t) => {VIDEO}.currentTime > t + 1", paused_at, timeout_s=20)
    wait_until(page, f"() => {VIDEO}.ended", timeout_s=90)
    assert page.evaluate(f"() => {VIDEO}.error") is None
    assert page.locator("#player-box").get_attribute("data-engine") == "hls"


def test_renews_before_expiry_over_many_ttls_and_a_long_pause(new_page, lecture):
    page = new_page()
    seen = watch(page, lecture["student"], lecture["video"]["id"])
    play_to_end_with_a_long_pause(page)
    renewals = int(page.locator("#player-box").get_attribute("data-renewals") or 0)
    assert renewals >= 3, renewals  # about one per TTL while the page was open
    assert seen["segments"] >= 15, seen
    assert seen["refused"] == 0, seen  # renewed before expiry: nothing was refused


def test_renews_on_403_when_the_clock_lies(new_page, lecture):
    page = new_page()
    page.add_init_script(CLOCK_BEHIND)
    seen = watch(page, lecture["student"], lecture["video"]["id"])
    play_to_end_with_a_long_pause(page)
    assert seen["refused"] >= 1, seen  # the expired URLs were refused ...
    assert seen["streams"] >= 2, seen  # ... and /stream asked again
