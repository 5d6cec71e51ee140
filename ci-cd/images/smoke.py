"""`python ci-cd/images/smoke.py --url URL`: the compose stack's smoke test, through NGINX.

Every service's readyz; the demo student logs in and the demo courses are there; an upload
(presigned PUT through the S3 gate) transcodes to `ready`; its signed /dread-media/ URL
answers 200 and the same URL with one character of its signature changed answers 403; a
password reset's mail reaches the compose mail server (sent by the auth worker); Prometheus
scrapes every service and has the alert rules loaded. Prints one line per check.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.media import make_video  # noqa: E402 (the repo root is on the path only now)

AREAS = ("auth", "courses", "forum", "profiles", "progress", "videos", "watchlist")
STUDENT = ("student@dread.local", "dread-student-demo")
INSTRUCTOR = ("instructor@dread.local", "dread-instructor-demo")
STARTED = time.monotonic()


def check(message: str) -> None:
    """One line of the report."""
    print(f"smoke [{time.monotonic() - STARTED:5.1f}s] ok: {message}", flush=True)


def wait_for(what: str, probe, timeout_s: float, interval_s: float = 2.0):
    """Call `probe` until it returns something truthy; fail with `what` after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    last = None
    while time.monotonic() < deadline:
        try:
            result = probe()
            if result:
                return result
        except requests.RequestException as error:
            last = error
        time.sleep(interval_s)
    raise SystemExit(f"smoke FAILED: {what} (after {timeout_s:.0f} s; last error: {last})")


class Site:
    """Requests to the stack's public origin."""

    def __init__(self, url: str):
        self.url = url.rstrip("/")
        self.http = requests.Session()

    def call(self, method: str, path: str, **kwargs) -> requests.Response:
        """One request to a path of the site (429 from the auth rate limit is waited out)."""
        for _ in range(10):
            response = self.http.request(method, self.url + path, timeout=30, **kwargs)
            if response.status_code != 429:
                return response
            time.sleep(float(response.headers.get("Retry-After", "1")))
        return response

    def login(self, email: str, password: str) -> dict | None:
        """Bearer headers for a demo login, or None while it cannot log in yet."""
        response = self.call("POST", "/api/auth/login", json={"email": email, "password": password})
        if response.status_code != 200:
            return None
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


def expect(response: requests.Response, status: int) -> dict:
    """The JSON body of `response`, which must have `status`."""
    if response.status_code != status:
        raise SystemExit(
            f"smoke FAILED: {response.request.method} {response.url} answered "
            f"{response.status_code}, not {status}: {response.text[:300]}"
        )
    return response.json() if response.content else {}


def readiness(site: Site) -> None:
    """Every service's readyz answers 200 through NGINX (10 minutes for all: a cold start on a
    busy 2-core machine waits minutes for DynamoDB Local)."""
    deadline = time.monotonic() + 600
    for area in AREAS:
        wait_for(
            f"/api/{area}/readyz is 200",
            lambda a=area: site.call("GET", f"/api/{a}/readyz").status_code == 200,
            timeout_s=max(deadline - time.monotonic(), 30),
        )
        check(f"/api/{area}/readyz 200")


def demo_data(site: Site) -> tuple[dict, dict]:
    """The demo student and instructor log in; the demo courses are in the catalogue."""
    student = wait_for("the demo student logs in", lambda: site.login(*STUDENT), 180)
    check("demo student logged in")
    instructor = wait_for("the demo instructor logs in", lambda: site.login(*INSTRUCTOR), 60)

    def seeded():
        titles = [
            c["title"] for c in expect(site.call("GET", "/api/courses?q=python"), 200)["items"]
        ]
        return "Python Basics" in titles

    wait_for("the demo courses are seeded", seeded, 180)
    check("demo courses in the catalogue")
    return student, instructor


def upload_and_stream(site: Site, student: dict, instructor: dict) -> None:
    """A video uploaded through the gate transcodes to ready; its signed URL works, tampered not."""
    body = {"title": f"Smoke {uuid.uuid4().hex[:6]}", "description": "Smoke test."}
    body |= {"category": "Testing", "published": True}
    course = expect(site.call("POST", "/api/courses", json=body, headers=instructor), 201)["course"]
    enrolled = site.call("PUT", f"/api/courses/{course['id']}/enrollment", headers=student)
    expect(enrolled, 201 if enrolled.status_code == 201 else 200)
    with tempfile.TemporaryDirectory() as folder:
        path = make_video(Path(folder) / "smoke.mp4", seconds=3, size="640x360")
        created = expect(
            site.call(
                "POST",
                "/api/videos",
                headers=instructor,
                json={
                    "course_id": course["id"],
                    "title": "Smoke lesson",
                    "filename": path.name,
                    "content_type": "video/mp4",
                    "size_bytes": path.stat().st_size,
                },
            ),
            201,
        )
        upload, video_id = created["upload"], created["video"]["id"]
        put = requests.put(
            upload["url"], data=path.read_bytes(), headers=upload["headers"], timeout=60
        )
        if put.status_code != 200:
            raise SystemExit(
                f"smoke FAILED: presigned PUT answered {put.status_code}: {put.text[:300]}"
            )
    check("presigned PUT through the S3 gate 200")
    expect(site.call("POST", f"/api/videos/{video_id}/upload/complete", headers=instructor), 202)

    def finished():
        video = expect(site.call("GET", f"/api/videos/{video_id}", headers=student), 200)["video"]
        return video if video["status"] in ("ready", "failed") else None

    video = wait_for("the upload transcodes", finished, 300)
    if video["status"] != "ready":
        raise SystemExit(f"smoke FAILED: the upload ended {video['status']}: {video}")
    check("upload transcoded to ready")
    url = expect(site.call("GET", f"/api/videos/{video_id}/stream", headers=student), 200)[
        "mp4_url"
    ]
    media = requests.get(url, timeout=30)
    if media.status_code != 200 or not media.content:
        raise SystemExit(f"smoke FAILED: signed GET {url} answered {media.status_code}")
    check(f"signed /dread-media/ GET 200 ({len(media.content)} bytes)")
    tampered = url[:-1] + ("0" if url[-1] != "0" else "1")
    refused = requests.get(tampered, timeout=30).status_code
    if refused != 403:
        raise SystemExit(f"smoke FAILED: a tampered signature answered {refused}, not 403")
    check("tampered signature refused 403")


# run inside the mail container: how many messages its Maildir holds
COUNT_MAIL = "import os; print(len(os.listdir('/var/lib/dread/mail/inbox/new')))"


def mail(site: Site, mail_exec: str) -> None:
    """A password reset's mail is queued, sent by the auth worker and lands in the Maildir."""

    def count() -> int:
        command = [*shlex.split(mail_exec), "python", "-c", COUNT_MAIL]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        return int(result.stdout) if result.returncode == 0 else 0

    before = count()
    expect(site.call("POST", "/api/auth/password-reset", json={"email": STUDENT[0]}), 202)
    wait_for("the reset mail reaches the mail server", lambda: count() > before, 120)
    check("password-reset mail delivered by the auth worker")


def monitoring(prometheus: str) -> None:
    """Prometheus scrapes all seven services and has loaded the alert rules."""

    def all_up():
        targets = requests.get(f"{prometheus}/api/v1/targets", timeout=5).json()["data"]
        up = {t["labels"]["job"] for t in targets["activeTargets"] if t["health"] == "up"}
        return up >= {"auth", "course", "forum", "profile", "progress", "video", "watchlist"}

    wait_for("Prometheus scrapes every service", all_up, 120, interval_s=3)
    check("Prometheus: every service target up")
    groups = requests.get(f"{prometheus}/api/v1/rules", timeout=5).json()["data"]["groups"]
    rules = [rule["name"] for group in groups for rule in group["rules"]]
    if not rules:
        raise SystemExit("smoke FAILED: Prometheus has no alert rules loaded")
    check(f"Prometheus: {len(rules)} alert rules loaded")


def main() -> int:
    """Run every check in order; exit non-zero at the first that fails."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="the stack's public origin (NGINX)")
    parser.add_argument("--prometheus", help="Prometheus' address (skipped when not given)")
    parser.add_argument(
        "--mail-exec", help="command prefix that runs a program in the mail container (skipped)"
    )
    args = parser.parse_args()
    site = Site(args.url)
    readiness(site)
    student, instructor = demo_data(site)
    upload_and_stream(site, student, instructor)
    if args.mail_exec:
        mail(site, args.mail_exec)
    if args.prometheus:
        monitoring(args.prometheus)
    return 0


if __name__ == "__main__":
    sys.exit(main())
