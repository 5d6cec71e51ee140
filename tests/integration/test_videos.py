"""/api/videos through NGINX on the real stack: presigned upload (single and multipart),
transcoding by the worker, streaming (MP4 ranges, HLS ladder) and the S3 signature gate."""

from __future__ import annotations

import os
import time
import uuid
from urllib.parse import urljoin

import boto3
import pytest
import requests
from botocore.config import Config

from tests.accounts import new_account
from tests.media import make_video

# The `stack` fixture inherits this process's environment: small multipart limits, so the
# multipart path runs with a file of a few MiB (s3rver, unlike S3, has no 5 MiB part minimum).
READY_TIMEOUT_S = 240


def _ok(response, status):
    assert response.status_code == status, (response.status_code, response.text[:500])
    return response.json() if response.content else None


class Course:
    """A published course with its instructor, an enrolled student and a stranger."""

    def __init__(self, stack):
        self.instructor = new_account(stack, "instructor")
        self.student = new_account(stack)
        self.stranger = new_account(stack)
        body = {
            "title": f"Video course {uuid.uuid4().hex[:6]}",
            "description": "Videos.",
            "category": "Testing",
            "published": True,
        }
        course = _ok(
            stack.request("POST", "/api/courses", json=body, headers=self.instructor.headers), 201
        )["course"]
        self.id = course["id"]
        stack.request("PUT", f"/api/courses/{self.id}/enrollment", headers=self.student.headers)


@pytest.fixture(scope="module")
def course(stack):
    return Course(stack)


def create(stack, course, path, *, content_type="video/mp4", title="Lesson"):
    body = {
        "course_id": course.id,
        "title": title,
        "filename": os.path.basename(path),
        "content_type": content_type,
        "size_bytes": os.path.getsize(path),
    }
    return _ok(
        stack.request("POST", "/api/videos", json=body, headers=course.instructor.headers), 201
    )


def complete(stack, course, video_id, parts=None):
    return _ok(
        stack.request(
            "POST",
            f"/api/videos/{video_id}/upload/complete",
            json={"parts": parts} if parts else None,
            headers=course.instructor.headers,
        ),
        202,
    )["video"]


def wait_until_done(stack, course, video_id) -> dict:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        video = _ok(stack.get(f"/api/videos/{video_id}", headers=course.student.headers), 200)
        if video["video"]["status"] in ("ready", "failed"):
            return video["video"]
        time.sleep(1)
    raise AssertionError(f"video {video_id} still {video['video']['status']}")


def upload_single(stack, course, path) -> dict:
    created = create(stack, course, path)
    upload = created["upload"]
    assert upload["method"] == "PUT"
    with open(path, "rb") as handle:
        put = requests.put(upload["url"], data=handle, headers=upload["headers"], timeout=60)
    assert put.status_code == 200, put.text
    assert complete(stack, course, created["video"]["id"])["status"] == "processing"
    return created["video"]


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    folder = tmp_path_factory.mktemp("videos")
    return {
        "small": make_video(folder / "small.mp4", seconds=4, size="640x360"),
        "large": make_video(
            folder / "large.mov", seconds=6, size="1280x720", container_args=("-f", "mov")
        ),
    }


@pytest.fixture(scope="module")
def single(stack, course, media):
    video = upload_single(stack, course, media["small"])
    return wait_until_done(stack, course, video["id"])


@pytest.fixture(scope="module")
def multipart(stack, course, media):
    path = media["large"]
    created = create(stack, course, path, content_type="video/quicktime", title="Big one")
    video_id, upload = created["video"]["id"], created["upload"]
    assert upload["method"] == "multipart" and len(upload["parts"]) >= 3
    data = path.read_bytes()
    chunk = lambda n: data[(n - 1) * upload["part_size"] : n * upload["part_size"]]  # noqa: E731
    first, second = upload["parts"][0], upload["parts"][1]

    def send(part, body):
        answer = requests.put(part["url"], data=body, timeout=30)
        assert answer.status_code == 200, answer.text
        # like the browser, tell the service each finished part (S3 could list them; s3rver not)
        reported = stack.request(
            "PUT",
            f"/api/videos/{video_id}/upload/parts/{part['part_number']}",
            json={"etag": answer.headers["ETag"]},
            headers=course.instructor.headers,
        )
        assert reported.status_code == 204, reported.text
        return answer.headers["ETag"]

    # part 2 "fails" half-way (a truncated body), then the same presigned URL is retried
    send(second, chunk(2)[:1000])
    send(first, chunk(1))
    retried = send(second, chunk(2))
    # the upload is "interrupted": resume it from what S3 already holds
    state = _ok(
        stack.get(f"/api/videos/{video_id}/upload", headers=course.instructor.headers), 200
    )["upload"]
    assert sorted(p["part_number"] for p in state["uploaded_parts"]) == [1, 2]
    assert [p["part_number"] for p in state["parts"]] == list(range(3, len(upload["parts"]) + 1))
    etags = {p["part_number"]: p["etag"] for p in state["uploaded_parts"]}
    assert etags[2] == retried
    for part in state["parts"]:
        etags[part["part_number"]] = send(part, chunk(part["part_number"]))
    parts = [{"part_number": n, "etag": e} for n, e in sorted(etags.items())]
    assert complete(stack, course, video_id, parts)["status"] == "processing"
    return wait_until_done(stack, course, video_id)


def stream(stack, account, video_id):
    return stack.get(f"/api/videos/{video_id}/stream", headers=account.headers)


def test_single_put_upload_becomes_ready(single):
    assert single["status"] == "ready", single.get("error")
    assert [r["name"] for r in single["renditions"]] == ["360p"]
    assert 3.9 <= single["duration_s"] <= 4.1
    assert requests.get(single["thumbnail_url"], timeout=10).headers["Content-Type"] == "image/jpeg"


def test_multipart_upload_with_retried_part_becomes_ready(multipart):
    assert multipart["status"] == "ready", multipart.get("error")
    assert [r["name"] for r in multipart["renditions"]] == ["360p", "480p", "720p"]
    assert 5.9 <= multipart["duration_s"] <= 6.1


def test_videos_are_listed_by_position_to_anyone(stack, course, single, multipart):
    listed = _ok(stack.get(f"/api/videos?course_id={course.id}"), 200)["items"]
    ids = [v["id"] for v in listed]
    assert ids.index(single["id"]) < ids.index(multipart["id"])


def test_mp4_url_answers_range_requests(stack, course, multipart):
    urls = _ok(stream(stack, course.student, multipart["id"]), 200)
    response = requests.get(urls["mp4_url"], headers={"Range": "bytes=0-1023"}, timeout=10)
    assert response.status_code == 206
    assert len(response.content) == 1024 and response.headers["Content-Type"] == "video/mp4"


def test_hls_master_media_and_segment_of_each_rendition(stack, course, multipart):
    urls = _ok(stream(stack, course.student, multipart["id"]), 200)
    master = requests.get(urls["hls_url"], timeout=10)
    assert master.status_code == 200
    assert master.headers["Content-Type"].startswith("application/vnd.apple.mpegurl")
    variants = [line for line in master.text.splitlines() if line and not line.startswith("#")]
    # hls.js starts on the first variant: the lowest, whose short first segment comes quickest
    assert variants[0].startswith("360p.m3u8")
    assert sorted(v.split(".")[0] for v in variants) == ["360p", "480p", "720p"]
    for variant in variants:
        media = requests.get(urljoin(urls["hls_url"], variant), timeout=10)
        assert media.status_code == 200 and "#EXT-X-ENDLIST" in media.text
        segments = [s for s in media.text.splitlines() if s and not s.startswith("#")]
        durations = [
            round(float(line.split(":")[1].rstrip(","))) for line in media.text.splitlines()
            if line.startswith("#EXTINF:")
        ]  # fmt: skip
        assert durations == [1, 4, 1] and len(segments) == 3  # 6 s: a short first segment, then 4 s
        segment = requests.get(segments[0], timeout=10)
        assert segment.status_code == 200 and segment.headers["Content-Type"] == "video/mp2t"
        assert segment.content[:1] == b"G"  # MPEG-TS sync byte


def test_stream_for_not_enrolled_user_is_403(stack, course, single):
    response = stream(stack, course.stranger, single["id"])
    assert response.status_code == 403
    assert response.headers["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda url: url[:-1] + ("0" if url[-1] != "0" else "1"),  # signature
        lambda url: url.replace("/video.mp4?", "/source?"),  # key
        lambda url: url.replace("X-Amz-Expires=3600", "X-Amz-Expires=7200"),  # expiry
        lambda url: url.split("?")[0],  # unsigned
    ],
    ids=["signature", "key", "expiry", "unsigned"],
)
def test_tampered_s3_url_is_403(stack, course, single, tamper):
    url = _ok(stream(stack, course.student, single["id"]), 200)["mp4_url"]
    assert requests.get(url, timeout=10).status_code == 200
    assert requests.get(tamper(url), timeout=10).status_code == 403


def test_expired_s3_url_is_403(stack, single):
    client = boto3.client(
        "s3",
        region_name="us-east-1",
        endpoint_url=f"http://localhost:{stack.env['DREAD_HTTP_PORT']}",
        **stack.s3_keys,
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )
    url = client.generate_presigned_url(
        "get_object",
        Params={"Bucket": "dread-media", "Key": f"videos/{single['id']}/video.mp4"},
        ExpiresIn=1,
    )
    time.sleep(2.5)
    assert requests.get(url, timeout=10).status_code == 403


def test_tampered_or_foreign_hls_token_is_403(stack, course, single, multipart):
    hls_url = _ok(stream(stack, course.student, single["id"]), 200)["hls_url"]
    expires = hls_url.split("token=")[1].split(".")[0]
    bad = [
        hls_url.replace(f"token={expires}", f"token={int(expires) + 60}"),
        hls_url[:-2] + ("AA" if not hls_url.endswith("AA") else "BB"),
        hls_url.replace(single["id"], multipart["id"]),
    ]
    for url in bad:
        assert requests.get(url, timeout=10).status_code == 403, url


def test_file_that_is_not_a_video_ends_failed(stack, course, tmp_path):
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"definitely not a video\n" * 2000)
    video = upload_single(stack, course, junk)
    done = wait_until_done(stack, course, video["id"])
    assert done["status"] == "failed" and "video" in done["error"]


def test_worker_metrics_are_scrapeable_on_the_stack(stack, single):
    from prometheus_client.parser import text_string_to_metric_families

    url = f"http://127.0.0.1:{stack.env['VIDEO_WORKER_METRICS_PORT']}/metrics"
    deadline = time.monotonic() + 30  # the worker retries while the port is briefly taken
    while True:
        try:
            response = requests.get(url, timeout=10)
            break
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)
    assert response.status_code == 200
    values = {
        sample.name: sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
        if not sample.labels
    }
    assert values["dread_video_jobs_succeeded_total"] >= 1  # `single` was transcoded
    assert values["dread_video_jobs_started_total"] >= values["dread_video_jobs_succeeded_total"]
    assert values["dread_video_queue_backlog"] >= 0


def test_delete_video_removes_its_objects(stack, course, media):
    video = wait_until_done(stack, course, upload_single(stack, course, media["small"])["id"])
    mp4_url = _ok(stream(stack, course.student, video["id"]), 200)["mp4_url"]
    response = stack.request(
        "DELETE", f"/api/videos/{video['id']}", headers=course.instructor.headers
    )
    assert response.status_code == 204
    assert requests.get(mp4_url, timeout=10).status_code == 404
    assert stack.get(f"/api/videos/{video['id']}").status_code == 404


def test_unpublished_course_stops_streaming_for_students(stack, media):
    course = Course(stack)
    video = wait_until_done(stack, course, upload_single(stack, course, media["small"])["id"])
    assert stream(stack, course.student, video["id"]).status_code == 200
    patched = stack.request(
        "PATCH",
        f"/api/courses/{course.id}",
        json={"published": False},
        headers=course.instructor.headers,
    )
    assert patched.status_code == 200, patched.text
    deadline = time.monotonic() + 15  # the access decision may be cached for 5 s
    while stream(stack, course.student, video["id"]).status_code == 200:
        assert time.monotonic() < deadline, "a student still streams an unpublished course"
        time.sleep(1)
    assert stream(stack, course.student, video["id"]).status_code in (403, 404)
    assert stream(stack, course.instructor, video["id"]).status_code == 200


def _public_s3(stack):
    return boto3.client(
        "s3",
        region_name="us-east-1",
        endpoint_url=f"http://localhost:{stack.env['DREAD_HTTP_PORT']}",
        **stack.s3_keys,
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )


def _form_post(stack, **field_changes):
    key = f"gate-test/{uuid.uuid4().hex}.png"
    post = _public_s3(stack).generate_presigned_post(
        "dread-media",
        key,
        Fields={"Content-Type": "image/png"},
        Conditions=[{"Content-Type": "image/png"}, ["content-length-range", 1, 100]],
        ExpiresIn=60,
    )
    body = field_changes.pop("_body", b"\x89PNG fake image")
    fields = {**post["fields"], **field_changes}
    answer = requests.post(post["url"], data=fields, files={"file": ("a.png", body)}, timeout=10)
    return answer, key


def test_presigned_post_form_upload_passes_the_gate(stack):
    answer, key = _form_post(stack)
    assert answer.status_code == 204, answer.text
    url = _public_s3(stack).generate_presigned_url(
        "get_object", Params={"Bucket": "dread-media", "Key": key}, ExpiresIn=60
    )
    fetched = requests.get(url, timeout=10)
    assert fetched.status_code == 200 and fetched.content == b"\x89PNG fake image"


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"key": "gate-test/elsewhere.png"}, 403, "AccessDenied"),
        ({"x-amz-signature": "0" * 64}, 403, "SignatureDoesNotMatch"),
        ({"_body": b"x" * 101}, 400, "EntityTooLarge"),  # S3's status for content-length-range
    ],
    ids=["key", "signature", "too-large"],
)
def test_altered_presigned_post_is_refused_as_s3_would(stack, changes, status, code):
    answer, _key = _form_post(stack, **changes)
    assert answer.status_code == status, answer.text
    assert f"<Code>{code}</Code>" in answer.text


def test_large_single_put_passes_the_gate(stack):
    url = _public_s3(stack).generate_presigned_url(
        "put_object",
        Params={
            "Bucket": "dread-media",
            "Key": f"gate-test/{uuid.uuid4().hex}.bin",
            "ContentType": "application/octet-stream",
        },
        ExpiresIn=60,
    )
    body = os.urandom(3 * 1024 * 1024)  # above the server's 1 MiB JSON body limit
    answer = requests.put(
        url, data=body, headers={"Content-Type": "application/octet-stream"}, timeout=30
    )
    assert answer.status_code == 200, answer.text


def test_upload_put_of_another_length_is_refused(stack, course, media):
    # the presigned PUT signs Content-Length: the URL cannot store a file of another size
    created = create(stack, course, media["small"])
    url, headers = created["upload"]["url"], created["upload"]["headers"]
    data = open(media["small"], "rb").read()  # noqa: SIM115 (small file)
    for body in (data + b"tail", data[:-1]):
        sent = {**headers, "Content-Length": str(len(body))}
        answer = requests.put(url, data=body, headers=sent, timeout=30)
        assert answer.status_code == 403, answer.text
    assert requests.put(url, data=data, headers=headers, timeout=30).status_code == 200


def test_demo_videos_are_seeded_into_the_first_demo_course(stack):
    from tests.accounts import login

    instructor = login(stack, "instructor@dread.local", "dread-instructor-demo")
    courses = _ok(stack.get("/api/courses/mine?limit=2", headers=instructor.headers), 200)
    titles = set()
    for course in courses["items"]:
        listed = _ok(stack.get(f"/api/videos?course_id={course['id']}"), 200)["items"]
        titles |= {video["title"] for video in listed}
    assert {"Welcome to the course", "Setting up your tools"} <= titles
