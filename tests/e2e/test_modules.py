"""The frontend's trickier modules in Chromium, with the network faked by Playwright routes
(no stack needed): multipart upload retries and resume, played-span tracking, the fetch
wrapper's refresh-once-on-401 and problem+json errors."""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path

import pytest

ORIGIN = "http://dread.test"
FRONTEND = Path(__file__).resolve().parents[2] / "frontend"


@pytest.fixture
def page(browser):
    """A page on a fake origin serving frontend/ files; tests add routes for the API."""
    context = browser.new_context(base_url=ORIGIN)

    def serve(route):
        path = route.request.url.split("?")[0][len(ORIGIN) :]
        file = FRONTEND / path.lstrip("/")
        if path == "/blank.html":
            return route.fulfill(body="<!doctype html><title>t</title>", content_type="text/html")
        if not file.is_file():
            return route.fulfill(status=404, body="")
        route.fulfill(body=file.read_bytes(), content_type=mimetypes.guess_type(file.name)[0])

    context.route(f"{ORIGIN}/**", serve)
    page = context.new_page()
    page.goto("/blank.html")
    yield page
    context.close()


class FakeStore:
    """A fake S3 multipart endpoint and the video service's upload endpoints."""

    def __init__(self, page, *, failures: dict[int, int]):
        self.failures = dict(failures)  # part number → attempts that fail before one works
        self.attempts: dict[int, int] = {}
        self.completed = None
        self.reported: list[int] = []
        page.route(f"{ORIGIN}/bucket/**", self.put_part)
        page.route(f"{ORIGIN}/api/videos/v1/**", self.api)

    def put_part(self, route):
        number = int(route.request.url.split("partNumber=")[1].split("&")[0])
        self.attempts[number] = self.attempts.get(number, 0) + 1
        if self.failures.get(number, 0) > 0:
            self.failures[number] -= 1
            return route.abort("connectionreset")
        route.fulfill(status=200, headers={"ETag": f'"etag-{number}"'}, body="")

    def api(self, route):
        url, method = route.request.url, route.request.method
        if url.endswith("/upload/complete"):
            self.completed = route.request.post_data_json
            body = {"video": {"id": "v1", "status": "processing"}}
            return route.fulfill(status=202, json=body)
        if "/upload/parts/" in url:
            self.reported.append(int(url.rsplit("/", 1)[1]))
            return route.fulfill(status=204, body="")
        if url.endswith("/upload") and method == "GET":
            held = [{"part_number": n, "etag": f'"etag-{n}"', "size": 1000} for n in (1, 2)]
            missing = [{"part_number": 3, "url": f"{ORIGIN}/bucket/src?partNumber=3&fresh=1"}]
            upload = {
                "method": "multipart",
                "part_size": 1000,
                "parts": missing,
                "uploaded_parts": held,
            }
            return route.fulfill(json={"upload": upload})
        route.fulfill(status=404, json={"detail": "unexpected " + url})


START_UPLOAD = """async ({resume}) => {
  const { VideoUpload } = await import("/js/infrastructure/upload.js");
  VideoUpload.retryBaseMs = 10;
  const file = new File([new Uint8Array(2500)], "clip.mp4", { type: "video/mp4" });
  const created = { video: { id: "v1", title: "Clip" }, upload: {
    method: "multipart", upload_id: "u1", part_size: 1000,
    parts: [1, 2, 3].map((n) => ({
      part_number: n, url: `/bucket/src?partNumber=${n}&uploadId=u1` })) } };
  const seen = [];
  const upload = new VideoUpload(created, file, (fraction) => seen.push(fraction));
  let failure = null;
  try { await upload.start(); } catch (error) { failure = error.message; }
  if (failure && resume) { window.resumeFrom = failure; await upload.resume(); failure = null; }
  return { failure, last: seen[seen.length - 1], seen: seen.length };
}"""


def test_multipart_upload_retries_a_failed_part(page):
    store = FakeStore(page, failures={2: 1})
    result = page.evaluate(START_UPLOAD, {"resume": False})
    assert result["failure"] is None and result["last"] == 1
    assert store.attempts == {1: 1, 2: 2, 3: 1}
    assert store.completed == {
        "parts": [{"part_number": n, "etag": f'"etag-{n}"'} for n in (1, 2, 3)]
    }
    assert sorted(store.reported) == [1, 2, 3]


def test_multipart_upload_resumes_only_missing_parts_after_giving_up(page):
    store = FakeStore(page, failures={3: 4})
    result = page.evaluate(START_UPLOAD, {"resume": True})
    assert result["failure"] is None and result["last"] == 1
    assert "interrupted" in page.evaluate("window.resumeFrom")
    assert store.attempts == {1: 1, 2: 1, 3: 5}  # 4 failed tries, then one from resume()
    assert [part["part_number"] for part in store.completed["parts"]] == [1, 2, 3]


def test_span_tracker_breaks_spans_on_seeks(page):
    spans = page.evaluate(
        """async () => {
          const { SpanTracker } = await import("/js/infrastructure/tracker.js");
          const tracker = new SpanTracker();
          for (let t = 0; t <= 3; t += 0.25) tracker.advance(t);
          tracker.close();                       // seeking
          for (let t = 10; t <= 12; t += 0.25) tracker.advance(t);
          const first = tracker.take();          // heartbeat while playing: span cut and kept open
          for (let t = 12.25; t <= 13; t += 0.25) tracker.advance(t);
          tracker.advance(40);                   // a jump without a seek event is not playback
          tracker.advance(40.5);
          return [first, tracker.take()];
        }"""
    )
    assert spans == [[[0, 3], [10, 12]], [[12, 13], [40, 40.5]]]


def test_api_refreshes_once_on_401_and_parses_problems(page):
    calls = []

    def handle(route):
        request = route.request
        calls.append(
            (request.method, request.url.split(ORIGIN)[1], request.headers.get("authorization"))
        )
        if request.url.endswith("/api/auth/refresh"):
            assert request.headers.get("x-requested-with") == "XMLHttpRequest"
            body = {
                "access_token": f"t{len(calls)}",
                "expires_in": 900,
                "user": {"id": "u", "role": "student"},
            }
            return route.fulfill(json=body)
        if request.url.endswith("/api/auth/me"):
            if request.headers.get("authorization") == "Bearer t1":
                return route.fulfill(status=401, json={"status": 401, "detail": "Token expired."})
            return route.fulfill(json={"user": {"id": "u"}})
        problem = {
            "status": 422,
            "title": "Validation Failed",
            "detail": "Invalid title.",
            "errors": {"title": "Too long."},
        }
        route.fulfill(status=422, body=json.dumps(problem), content_type="application/problem+json")

    page.route(f"{ORIGIN}/api/**", handle)
    result = page.evaluate(
        """async () => {
          const api = await import("/js/infrastructure/api.js");
          await api.refreshSession();
          const me = await api.auth.me();
          let problem = null;
          try { await api.courses.create({ title: "x" }); } catch (error) {
            const { status, detail, errors, name } = error;
            problem = { status, detail, errors, name };
          }
          return { me, problem };
        }"""
    )
    assert result["me"] == {"user": {"id": "u"}}
    assert [call[1] for call in calls[:4]] == [
        "/api/auth/refresh",
        "/api/auth/me",
        "/api/auth/refresh",
        "/api/auth/me",
    ]
    assert calls[3][2] == "Bearer t3"
    assert result["problem"] == {
        "status": 422,
        "detail": "Invalid title.",
        "errors": {"title": "Too long."},
        "name": "ApiError",
    }
