"""Helpers for the browser journeys: API setup calls, generated media, accessibility audits."""

from __future__ import annotations

import struct
import subprocess
import time
import uuid
import zlib
from pathlib import Path

import requests

from tests.accounts import Account, auth_call, new_account

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def unique(prefix: str) -> str:
    """A short unique label for test data."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def make_video(path: Path, seconds: int = 6, size: str = "640x360") -> Path:
    """Write an H.264/AAC MP4 test pattern with a tone (ffmpeg from imageio-ffmpeg)."""
    import imageio_ffmpeg

    command = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-y",
        "-loglevel",
        "error",
        "-f",
        "lavfi",
        "-i",
        f"testsrc=duration={seconds}:size={size}:rate=24",
        "-f",
        "lavfi",
        "-i",
        f"sine=frequency=440:duration={seconds}",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-b:v",
        "1500k",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-shortest",
        "-movflags",
        "+faststart",
        str(path),
    ]
    subprocess.run(command, check=True, timeout=120)
    return path


def make_png(path: Path, size: int = 64) -> Path:
    """Write a small solid-colour PNG (no imaging library needed)."""
    row = b"\x00" + bytes((13, 110, 253)) * size
    raw = row * size

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
    path.write_bytes(png + chunk(b"IEND", b""))
    return path


def api(stack, method: str, path: str, account: Account | None = None, **kwargs):
    """An API call through NGINX as `account`; asserts a 2xx and returns the JSON (or None)."""
    headers = kwargs.pop("headers", {})
    if account:
        headers["Authorization"] = f"Bearer {account.token}"
    response = auth_call(stack, method, path, headers=headers, **kwargs)
    assert response.ok, (method, path, response.status_code, response.text[:500])
    return response.json() if response.content else None


def create_course(stack, owner: Account, *, title: str, published: bool = True) -> dict:
    """A course owned by `owner`."""
    body = {
        "title": title,
        "description": f"{title}: a course made by the browser tests.",
        "category": "programming",
        "tags": ["e2e", "testing"],
        "level": "beginner",
        "published": published,
    }
    return api(stack, "POST", "/api/courses", owner, json=body)["course"]


def upload_video(stack, owner: Account, course_id: str, path: Path, *, title: str) -> dict:
    """Create a video, send the file with its presigned request(s) and complete it."""
    data = path.read_bytes()
    created = api(
        stack,
        "POST",
        "/api/videos",
        owner,
        json={
            "course_id": course_id,
            "title": title,
            "filename": path.name,
            "content_type": "video/mp4",
            "size_bytes": len(data),
        },
    )
    video, upload = created["video"], created["upload"]
    parts = None
    if upload["method"].lower() == "multipart":
        size, parts = upload["part_size"], []
        for part in upload["parts"]:
            number = part["part_number"]
            chunk = data[(number - 1) * size : number * size]
            sent = requests.put(part["url"], data=chunk, timeout=60)
            assert sent.ok, sent.text[:300]
            parts.append({"part_number": number, "etag": sent.headers["ETag"]})
    else:
        sent = requests.request(
            upload["method"], upload["url"], data=data, headers=upload.get("headers"), timeout=60
        )
        assert sent.ok, sent.text[:300]
    api(
        stack,
        "POST",
        f"/api/videos/{video['id']}/upload/complete",
        owner,
        json={"parts": parts} if parts else {},
    )
    return video


def wait_ready(stack, account: Account, video_id: str, timeout_s: float = 240) -> dict:
    """Poll the video until the worker made it ready (fails on `failed` or timeout)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        video = api(stack, "GET", f"/api/videos/{video_id}", account)["video"]
        assert video["status"] != "failed", video
        if video["status"] == "ready":
            return video
        time.sleep(1)
    raise AssertionError(f"video {video_id} not ready after {timeout_s} s")


def wait_until(page, script: str, arg=None, timeout_s: float = 30) -> object:
    """Poll `script` (a JS function of `arg`) until truthy; page.wait_for_function needs eval,
    which the strict CSP forbids, while page.evaluate does not."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = page.evaluate(script, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {script} ({arg!r}); last value {value!r}")
        page.wait_for_timeout(100)


def wait_ready_page(page) -> None:
    """Wait until the page module finished its first render."""
    page.wait_for_selector("body[data-ready]", timeout=20000)


# Find messages by where the page shows them, never by text alone: a message can be both on
# screen and in the hidden #live-status region, and a bare text locator then matches twice
# (a strict-mode error whose timing depends on the machine's load).
LIVE_REGIONS = "[role=status], [role=alert], [aria-live]"
# Runs in the page after the timers it already set: announce() writes 50 ms later.
SETTLE = "() => new Promise((done) => setTimeout(done, 150))"


def message(page, slot: str, text: str, role: str = "status"):
    """The notice (role=status) or alert (role=alert) saying `text` inside `slot` (CSS)."""
    return page.locator(slot).get_by_role(role).filter(has_text=text)


def announced(page, text: str):
    """The page's hidden live region (#live-status) once it says exactly `text`."""
    return page.locator("#live-status").get_by_text(text, exact=True)


def assert_announced_once(page, text: str) -> None:
    """Once pending announcements landed, one live region says `text` (read out once)."""
    page.evaluate(SETTLE)
    regions = page.locator(LIVE_REGIONS).filter(has_text=text)
    assert regions.count() == 1, f"{text!r} is in {regions.count()} live regions"


def audit(page, name: str, sizes: dict | None = None) -> None:
    """axe-core on the page (no serious or critical violation), then screenshots at both widths."""
    page.add_script_tag(url="/vendor/axe/axe.min.js")
    violations = page.evaluate(
        """async () => (await axe.run()).violations
            .filter((v) => ["serious", "critical"].includes(v.impact))
            .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                          nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" "))}))"""
    )
    screenshots(page, name, sizes)
    assert violations == [], f"{name}: {violations}"


NEXT_FRAME = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


# The sizes the second-round issues ask for (a common laptop and a common phone).
LAPTOP_AND_PHONE = {"1366x768": {"width": 1366, "height": 768}, "390x844": PHONE}


def screenshots(page, name: str, sizes: dict | None = None) -> None:
    """Full-page screenshots at desktop (1280x800) and phone (390x844) width, or at `sizes`
    ({label: viewport})."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size
    for label, size in (sizes or {"desktop": DESKTOP, "phone": PHONE}).items():
        page.set_viewport_size(size)
        page.evaluate(NEXT_FRAME)  # laid out at the new width (no fixed sleep)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(before)


__all__ = ["Account", "new_account"]
