"""The transcoding worker: probing, the one-process ladder, claiming, leases and retries."""

import os

import pytest
from service_kit.clock import timestamp
from video_service.worker.probe import NotAVideo, parse_probe, probe
from video_service.worker.transcode import choose_rungs, transcode

from .conftest import PART_SIZE, SMALL_THRESHOLD, make_video
from .test_api import new_video

PROBE_TEXT = """Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'x.mp4':
  Duration: 00:01:02.50, start: 0.000000, bitrate: 2630 kb/s
  Stream #0:0[0x1](und): Video: h264 (High) (avc1), yuv420p, 1920x1080 [SAR 1:1 DAR 16:9], 29.97 fps
      displaymatrix: rotation of -90.00 degrees
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono
"""


def test_parse_probe_reads_duration_size_rotation_audio():
    found = parse_probe(PROBE_TEXT)
    assert (found.duration_s, found.width, found.height) == (62.5, 1080, 1920)
    assert found.fps == 29.97 and found.has_audio


def test_parse_probe_without_video_stream_raises():
    with pytest.raises(NotAVideo):
        parse_probe("Input #0, wav\n  Stream #0:0: Audio: pcm_s16le, 44100 Hz\n")


def test_probe_of_text_file_is_not_a_video(tmp_path):
    path = tmp_path / "notes.mp4"
    path.write_text("this is not a video at all\n" * 50)
    with pytest.raises(NotAVideo):
        probe(str(path))


def test_choose_rungs_never_upscales():
    found = parse_probe(PROBE_TEXT.replace("1920x1080", "854x480").replace("rotation of -90", "x"))
    assert [r.name for r in choose_rungs(found)] == ["360p", "480p"]
    tiny = parse_probe(PROBE_TEXT.replace("1920x1080", "320x240").replace("rotation of -90", "x"))
    assert [r.height for r in choose_rungs(tiny)] == [240]


def test_transcode_writes_ladder_mp4_thumbnail(tmp_path):
    source = make_video(tmp_path / "in.mp4", seconds=5, size="854x480")
    out = tmp_path / "out"
    out.mkdir()
    seen = []
    result = transcode(source, str(out), on_progress=seen.append)
    assert [r["name"] for r in result.renditions] == ["360p", "480p"]
    assert result.renditions[0]["width"] == 640 and result.renditions[0]["bandwidth"] > 0
    assert 4.9 <= result.duration_s <= 5.1 and result.has_audio
    names = dict(result.files)
    assert names["video.mp4"] == "video/mp4" and names["thumbnail.jpg"] == "image/jpeg"
    assert names["hls/480p/index.m3u8"] == "application/vnd.apple.mpegurl"
    assert names["hls/360p/seg_00001.ts"] == "video/mp2t"  # 1 s, then 4 s: 5 s → two
    playlist = (out / "hls/360p/index.m3u8").read_text()
    assert "#EXT-X-TARGETDURATION:4" in playlist and "#EXT-X-ENDLIST" in playlist
    assert seen and all(0 <= p <= 99 for p in seen)
    with open(out / "video.mp4", "rb") as mp4:  # faststart: moov before mdat
        head = mp4.read(64 * 1024)
    assert 0 <= head.find(b"moov") < head.find(b"mdat") or b"mdat" not in head


def test_transcode_without_audio(tmp_path):
    source = make_video(tmp_path / "mute.mp4", seconds=2, audio=False)
    out = tmp_path / "out"
    out.mkdir()
    result = transcode(source, str(out))
    assert not result.has_audio and [r["height"] for r in result.renditions] == [240]


def queued_video(client, people, s3, settings, path):
    size = os.path.getsize(path)
    video = new_video(client, people, size_bytes=size).get_json()["video"]
    with open(path, "rb") as handle:
        s3.put_object(Bucket=settings.bucket, Key=f"videos/{video['id']}/source", Body=handle)
    response = client.post(f"/api/videos/{video['id']}/upload/complete", headers=people.instructor)
    assert response.status_code == 202
    return video["id"]


def test_worker_makes_video_ready_with_outputs_in_s3(
    client, people, s3, settings, worker, tiny_video
):
    video_id = queued_video(client, people, s3, settings, tiny_video)
    assert worker.run_once() is True
    video = client.get(f"/api/videos/{video_id}", headers=people.student).get_json()["video"]
    assert video["status"] == "ready" and "progress_percent" not in video
    assert video["renditions"] == [
        {"name": "240p", "height": 240, "bandwidth": video["renditions"][0]["bandwidth"]}
    ]
    assert 1.9 <= video["duration_s"] <= 2.1 and video["thumbnail_url"]
    head = s3.head_object(Bucket=settings.bucket, Key=f"videos/{video_id}/hls/240p/index.m3u8")
    assert head["ContentType"] == "application/vnd.apple.mpegurl"
    head = s3.head_object(Bucket=settings.bucket, Key=f"videos/{video_id}/video.mp4")
    assert head["ContentType"] == "video/mp4"
    assert worker.run_once() is False  # the queue is empty again


def test_worker_fails_a_file_that_is_not_a_video(client, people, s3, settings, worker, tmp_path):
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\x00garbage" * 1000)
    video_id = queued_video(client, people, s3, settings, junk)
    assert worker.run_once() is True
    video = client.get(f"/api/videos/{video_id}", headers=people.instructor).get_json()["video"]
    assert video["status"] == "failed" and "not a video" in video["error"]


def test_claimed_job_is_not_due_until_its_lease_expires(
    client, people, s3, settings, queue, tiny_video
):
    video_id = queued_video(client, people, s3, settings, tiny_video)
    job = queue.due(now=timestamp())[0]
    lease = timestamp(1e10)
    assert queue.claim(video_id=video_id, seen=job["gsi2sk"], owner="a", lease_until=lease)
    assert queue.claim(video_id=video_id, seen=job["gsi2sk"], owner="b", lease_until=lease) is None
    assert queue.due(now=timestamp()) == []
    assert queue.due(now=timestamp(2e10))[0]["id"] == video_id  # after expiry it is due again
    assert queue.renew(video_id=video_id, owner="b", lease_until=lease, percent=5) is False


def test_crashed_attempts_end_in_failed_after_max_attempts(
    client, people, s3, settings, queue, worker, tiny_video
):
    video_id = queued_video(client, people, s3, settings, tiny_video)
    for attempt in range(settings.max_attempts):
        job = queue.due(now=timestamp(1e10 + attempt))[0]  # as if each lease had expired
        assert queue.claim(
            video_id=video_id,
            seen=job["gsi2sk"],
            owner=f"dead{attempt}",
            lease_until=timestamp(1e10 + attempt + 0.5),
        )
    queue.table.update_item(
        Key={"pk": f"VIDEO#{video_id}", "sk": "VIDEO"},
        UpdateExpression="SET gsi2sk = :now",
        ExpressionAttributeValues={":now": timestamp()},
    )
    assert worker.run_once() is True
    video = client.get(f"/api/videos/{video_id}", headers=people.instructor).get_json()["video"]
    assert video["status"] == "failed"
    assert f"after {settings.max_attempts} attempts" in video["error"]


def test_source_replaced_after_complete_is_refused(
    client, people, s3, settings, worker, tiny_video
):
    video_id = queued_video(client, people, s3, settings, tiny_video)
    stored = worker.queue.table.get_item(Key={"pk": f"VIDEO#{video_id}", "sk": "VIDEO"})["Item"]
    head = s3.head_object(Bucket=settings.bucket, Key=f"videos/{video_id}/source")
    assert stored["source_etag"] == head["ETag"]
    # the same presigned PUT, replayed after complete with other bytes of the same length
    size = os.path.getsize(tiny_video)
    s3.put_object(Bucket=settings.bucket, Key=f"videos/{video_id}/source", Body=b"x" * size)
    assert worker.run_once() is True
    video = client.get(f"/api/videos/{video_id}", headers=people.instructor).get_json()["video"]
    assert video["status"] == "failed" and "replaced" in video["error"]


def test_multipart_completion_records_the_assembled_etag(client, people, s3, settings):
    size = SMALL_THRESHOLD + 10
    created = new_video(client, people, size_bytes=size).get_json()
    video_id, upload = created["video"]["id"], created["upload"]
    key = f"videos/{video_id}/source"
    parts = []
    for number in range(1, upload["part_count"] + 1):
        body = b"p" * min(PART_SIZE, size - (number - 1) * PART_SIZE)
        answer = s3.upload_part(
            Bucket=settings.bucket,
            Key=key,
            UploadId=upload["upload_id"],
            PartNumber=number,
            Body=body,
        )
        parts.append({"part_number": number, "etag": answer["ETag"]})
    response = client.post(
        f"/api/videos/{video_id}/upload/complete", json={"parts": parts}, headers=people.instructor
    )
    assert response.status_code == 202
    stored = client.application.extensions["video.store"].get(video_id=video_id)
    assert stored["source_etag"] == s3.head_object(Bucket=settings.bucket, Key=key)["ETag"]
    assert stored["source_etag"].strip('"').endswith(f"-{upload['part_count']}")


def test_sweep_removes_videos_and_objects_of_deleted_courses(
    client, people, s3, settings, worker, courses, monkeypatch
):
    from service_kit import clients
    from service_kit.testing import FakeResponse

    doomed = [new_video(client, people).get_json()["video"]["id"] for _ in range(2)]
    other_course = courses.add("someone-else")
    headers = {"Authorization": people.admin["Authorization"]}
    kept = new_video(client, people, course_id=other_course, _headers=headers).get_json()
    for video_id in [*doomed, kept["video"]["id"]]:
        s3.put_object(Bucket=settings.bucket, Key=f"videos/{video_id}/video.mp4", Body=b"x")
    calls = []

    def fake_call(method, url, **_kwargs):
        calls.append((method, url))
        if method == "GET":
            return FakeResponse(200, {"items": [{"course_id": people.course_id}]})
        return FakeResponse(204)

    monkeypatch.setattr(clients, "call_service", fake_call)
    assert worker.sweep() == 1
    store = client.application.extensions["video.store"]
    for video_id in doomed:
        assert store.get(video_id=video_id) is None
        listed = s3.list_objects_v2(Bucket=settings.bucket, Prefix=f"videos/{video_id}/")
        assert listed.get("KeyCount", 0) == 0
    assert store.get(video_id=kept["video"]["id"]) is not None
    assert calls[-1] == (
        "DELETE",
        f"{settings.service_urls['course']}/internal/courses/deleted/{people.course_id}",
    )


def test_sweep_leaves_the_tombstone_when_it_dies_half_way(
    client, people, s3, settings, worker, monkeypatch
):
    from service_kit import clients
    from service_kit.testing import FakeResponse

    new_video(client, people)
    calls = []

    def fake_call(method, url, **_kwargs):
        calls.append(method)
        return FakeResponse(200, {"items": [{"course_id": people.course_id}]})

    def crash(**_kwargs):
        raise RuntimeError("killed")

    monkeypatch.setattr(clients, "call_service", fake_call)
    monkeypatch.setattr(worker.media, "delete_prefix", crash)
    with pytest.raises(RuntimeError):
        worker.sweep()
    assert calls == ["GET"]  # never acknowledged: the next sweep does it again
