"""Completing and resuming uploads, streaming URLs, HLS playlists and captions."""

import dataclasses
import time

import pytest
from service_kit import deps as kit_deps
from service_kit.testing import assert_problem
from video_service import hls

from .conftest import PART_SIZE, SMALL_THRESHOLD
from .test_api import new_video


def put_source(s3, settings, video_id, size):
    s3.put_object(
        Bucket=settings.bucket,
        Key=f"videos/{video_id}/source",
        Body=b"v" * size,
        ContentType="video/mp4",
    )


def test_complete_upload_queues_the_video(client, people, s3, settings):
    video = new_video(client, people, size_bytes=10).get_json()["video"]
    put_source(s3, settings, video["id"], 10)
    response = client.post(f"/api/videos/{video['id']}/upload/complete", headers=people.instructor)
    assert response.status_code == 202
    assert response.get_json()["video"]["status"] == "processing"
    assert response.get_json()["video"]["progress_percent"] == 0
    again = client.post(f"/api/videos/{video['id']}/upload/complete", headers=people.instructor)
    assert again.status_code == 202


def test_complete_upload_without_file_is_422(client, people):
    video = new_video(client, people).get_json()["video"]
    response = client.post(f"/api/videos/{video['id']}/upload/complete", headers=people.instructor)
    assert_problem(response, 422)


def test_complete_upload_with_wrong_size_is_422(client, people, s3, settings):
    video = new_video(client, people, size_bytes=10).get_json()["video"]
    put_source(s3, settings, video["id"], 11)
    body = assert_problem(
        client.post(f"/api/videos/{video['id']}/upload/complete", headers=people.instructor), 422
    )
    assert "size_bytes" in body["errors"]


def test_complete_upload_by_student_is_403(client, people):
    video = new_video(client, people).get_json()["video"]
    assert_problem(
        client.post(f"/api/videos/{video['id']}/upload/complete", headers=people.student), 403
    )


def _multipart(client, people):
    size = SMALL_THRESHOLD + PART_SIZE + 7
    created = new_video(client, people, size_bytes=size).get_json()
    return created["video"], created["upload"], size


def _upload_part(s3, settings, video_id, upload, number, size):
    answer = s3.upload_part(
        Bucket=settings.bucket,
        Key=f"videos/{video_id}/source",
        UploadId=upload["upload_id"],
        PartNumber=number,
        Body=b"p" * size,
    )
    return {"part_number": number, "etag": answer["ETag"]}


def test_resume_upload_lists_held_parts_and_urls_for_missing(client, people, s3, settings):
    video, upload, _size = _multipart(client, people)
    _upload_part(s3, settings, video["id"], upload, 2, PART_SIZE)
    response = client.get(f"/api/videos/{video['id']}/upload", headers=people.instructor)
    assert response.status_code == 200
    state = response.get_json()["upload"]
    assert [p["part_number"] for p in state["uploaded_parts"]] == [2]
    assert [p["part_number"] for p in state["parts"]] == [1, 3]


def test_complete_multipart_upload_with_parts(client, people, s3, settings):
    video, upload, size = _multipart(client, people)
    sizes = [PART_SIZE, PART_SIZE, size - 2 * PART_SIZE]
    parts = [
        _upload_part(s3, settings, video["id"], upload, n, s) for n, s in enumerate(sizes, start=1)
    ]
    response = client.post(
        f"/api/videos/{video['id']}/upload/complete",
        json={"parts": parts},
        headers=people.instructor,
    )
    assert response.status_code == 202
    head = s3.head_object(Bucket=settings.bucket, Key=f"videos/{video['id']}/source")
    assert head["ContentLength"] == size


def test_complete_multipart_upload_missing_part_is_422(client, people, s3, settings):
    video, upload, _size = _multipart(client, people)
    _upload_part(s3, settings, video["id"], upload, 1, PART_SIZE)
    body = assert_problem(
        client.post(f"/api/videos/{video['id']}/upload/complete", headers=people.instructor), 422
    )
    assert "2, 3" in body["detail"]


def test_resume_after_complete_is_409(client, people, s3, settings):
    video = new_video(client, people, size_bytes=10).get_json()["video"]
    put_source(s3, settings, video["id"], 10)
    client.post(f"/api/videos/{video['id']}/upload/complete", headers=people.instructor)
    assert_problem(client.get(f"/api/videos/{video['id']}/upload", headers=people.instructor), 409)


def make_ready(app, s3, settings, video_id):
    """Pretend a worker finished: outputs in S3, item ready."""
    table = app.extensions["video.store"].table
    playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\nseg_00000.ts\n#EXT-X-ENDLIST\n"
    for name in ("360p", "720p"):
        s3.put_object(
            Bucket=settings.bucket,
            Key=f"videos/{video_id}/hls/{name}/index.m3u8",
            Body=playlist.encode(),
        )
    table.update_item(
        Key={"pk": f"VIDEO#{video_id}", "sk": "VIDEO"},
        UpdateExpression="SET #s = :r, renditions = :rs, mp4_key = :m, has_audio = :a, "
        "duration_s = :d",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={
            ":r": "ready",
            ":m": f"videos/{video_id}/video.mp4",
            ":a": True,
            ":d": 120,
            ":rs": [
                {"name": "360p", "height": 360, "width": 640, "bandwidth": 900000},
                {"name": "720p", "height": 720, "width": 1280, "bandwidth": 3000000},
            ],
        },
    )


@pytest.fixture
def ready_video(app, client, people, s3, settings):
    video = new_video(client, people).get_json()["video"]
    make_ready(app, s3, settings, video["id"])
    return video


def test_stream_ready_video_for_enrolled_student(client, people, ready_video):
    response = client.get(f"/api/videos/{ready_video['id']}/stream", headers=people.student)
    assert response.status_code == 200
    body = response.get_json()
    assert f"videos/{ready_video['id']}/video.mp4?" in body["mp4_url"]
    assert "X-Amz-Expires=3600" in body["mp4_url"]
    assert "/hls/master.m3u8?token=" in body["hls_url"]
    assert body["expires_at"].endswith("Z") and body["captions"] == []
    assert response.headers["Cache-Control"] == "no-store"


def test_stream_for_not_enrolled_user_is_403(client, people, ready_video):
    assert_problem(
        client.get(f"/api/videos/{ready_video['id']}/stream", headers=people.stranger), 403
    )


def test_stream_of_unpublished_course_is_404_for_student(client, people, ready_video, courses):
    courses.items[people.course_id]["published"] = False
    assert_problem(
        client.get(f"/api/videos/{ready_video['id']}/stream", headers=people.student), 404
    )


def test_stream_while_uploading_is_409(client, people):
    video = new_video(client, people).get_json()["video"]
    assert_problem(client.get(f"/api/videos/{video['id']}/stream", headers=people.student), 409)


def _playlist(client, people, video_id, name="master"):
    hls_url = client.get(f"/api/videos/{video_id}/stream", headers=people.student).get_json()[
        "hls_url"
    ]
    token = hls_url.split("token=")[1]
    return client.get(f"/api/videos/{video_id}/hls/{name}.m3u8?token={token}"), token


def test_master_playlist_lists_start_rendition_first(client, people, ready_video):
    response, token = _playlist(client, people, ready_video["id"])
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.apple.mpegurl"
    lines = response.get_data(as_text=True).splitlines()
    variants = [line for line in lines if line.endswith(f"token={token}")]
    assert variants == [f"360p.m3u8?token={token}", f"720p.m3u8?token={token}"]
    assert "RESOLUTION=640x360" in response.get_data(as_text=True)


def test_start_first_puts_the_lowest_rung_first():
    rungs = [("720p", 720, 3_000_000), ("360p", 360, 900_000), ("480p", 480, 1_500_000)]
    ladder = [{"name": name, "height": h, "bandwidth": b} for name, h, b in rungs]
    assert [r["name"] for r in hls.start_first(ladder)] == ["360p", "480p", "720p"]


def test_media_playlist_lists_presigned_segments(client, people, ready_video):
    response, _ = _playlist(client, people, ready_video["id"], "720p")
    assert response.status_code == 200
    segment = [
        line
        for line in response.get_data(as_text=True).splitlines()
        if line and not line.startswith("#")
    ]
    assert len(segment) == 1
    assert f"videos/{ready_video['id']}/hls/720p/seg_00000.ts?" in segment[0]
    assert "X-Amz-Signature=" in segment[0]


@pytest.mark.parametrize(
    "token",
    ["", "garbage", "9999999999.AAAA", hls.make_token("other", int(time.time()) + 60, "x")],
)
def test_playlist_with_bad_token_is_403(client, ready_video, token):
    response = client.get(f"/api/videos/{ready_video['id']}/hls/master.m3u8?token={token}")
    assert_problem(response, 403)


def test_playlist_with_expired_token_is_403(client, ready_video, settings):
    token = hls.make_token(ready_video["id"], int(time.time()) - 1, settings.cursor_secret)
    response = client.get(f"/api/videos/{ready_video['id']}/hls/720p.m3u8?token={token}")
    assert_problem(response, 403)


def test_playlist_of_unknown_rendition_is_404(client, people, ready_video):
    response, _ = _playlist(client, people, ready_video["id"], "1080p")
    assert_problem(response, 404)


def test_stream_renewal_after_a_short_ttl(app, client, people, ready_video, settings):
    app.extensions[kit_deps.SETTINGS] = dataclasses.replace(settings, stream_url_ttl_s=1)
    first = client.get(f"/api/videos/{ready_video['id']}/stream", headers=people.student)
    assert first.get_json()["expires_in_s"] == 1
    assert "X-Amz-Expires=1&" in first.get_json()["mp4_url"] + "&"
    time.sleep(2.1)
    old = first.get_json()["hls_url"].split("/api/videos/", 1)[1]
    assert_problem(client.get(f"/api/videos/{old}"), 403)
    renewed = client.get(f"/api/videos/{ready_video['id']}/stream", headers=people.student)
    fresh = renewed.get_json()["hls_url"].split("/api/videos/", 1)[1]
    assert client.get(f"/api/videos/{fresh}").status_code == 200


def test_stream_cache_forgets_a_deleted_video_at_once(client, people, ready_video):
    path = f"/api/videos/{ready_video['id']}/stream"
    assert client.get(path, headers=people.student).status_code == 200  # now cached
    client.delete(f"/api/videos/{ready_video['id']}", headers=people.instructor)
    assert_problem(client.get(path, headers=people.student), 404)


def _stable_params(url: str) -> list[str]:
    """A presigned URL's query without the parts that change each second."""
    params = url.split("?", 1)[1].split("&")
    return sorted(p for p in params if "X-Amz-Date" not in p and "Signature" not in p)


def test_stream_urls_are_presigned_like_botocore(app, client, people, ready_video, s3, settings):
    url = client.get(f"/api/videos/{ready_video['id']}/stream", headers=people.student)
    mp4 = url.get_json()["mp4_url"]
    public = app.extensions["video.media"].public
    expected = public.generate_presigned_url(
        "get_object",
        Params={"Bucket": settings.bucket, "Key": f"videos/{ready_video['id']}/video.mp4"},
        ExpiresIn=settings.stream_url_ttl_s,
    )
    assert mp4.split("?")[0] == expected.split("?")[0]
    assert _stable_params(mp4) == _stable_params(expected)
