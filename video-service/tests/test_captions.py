"""Captions: upload, complete (WebVTT checked), list, delete, the transcript."""

import pytest
from service_kit.testing import assert_problem

from .test_api import new_video
from .test_upload_stream import make_ready


@pytest.fixture
def ready_video(app, client, people, s3, settings):
    """A ready video of the people's course."""
    video = new_video(client, people).get_json()["video"]
    make_ready(app, s3, settings, video["id"])
    return video


VTT = "WEBVTT\n\n00:01.000 --> 00:04.000\nPlants are green\n\n00:05.000 --> 00:09.000\n" \
      "because chlorophyll absorbs red light.\n"  # fmt: skip


def add_caption(
    client, people, video_id, s3, settings, *, text=VTT, language="en", label="English"
):
    """POST the caption, PUT its file, POST complete; return the complete response."""
    created = client.post(
        f"/api/videos/{video_id}/captions",
        json={"language": language, "label": label},
        headers=people.instructor,
    )
    assert created.status_code == 201
    if text is not None:
        s3.put_object(
            Bucket=settings.bucket,
            Key=f"videos/{video_id}/captions/{language}.vtt",
            Body=text.encode() if isinstance(text, str) else text,
            ContentType="text/vtt",
        )
    return client.post(
        f"/api/videos/{video_id}/captions/{language}/complete", headers=people.instructor
    )


def test_caption_upload_gives_a_presigned_put(client, people, ready_video):
    response = client.post(
        f"/api/videos/{ready_video['id']}/captions",
        json={"language": "en", "label": "English"},
        headers=people.instructor,
    )
    assert response.status_code == 201
    upload = response.get_json()["upload"]
    assert upload["method"] == "PUT" and upload["headers"] == {"Content-Type": "text/vtt"}
    assert f"videos/{ready_video['id']}/captions/en.vtt?" in upload["url"]


def test_caption_is_hidden_until_completed(client, people, ready_video, s3, settings):
    video_id = ready_video["id"]
    add_caption(client, people, video_id, s3, settings, text=None)
    stream = client.get(f"/api/videos/{video_id}/stream", headers=people.student).get_json()
    assert stream["captions"] == []
    listed = client.get(f"/api/videos/{video_id}/captions", headers=people.student)
    assert listed.status_code == 200 and listed.get_json()["items"] == []
    assert_problem(client.get(f"/api/videos/{video_id}/transcript", headers=people.student), 404)


def test_completed_caption_is_listed_streamed_and_transcribed(
    client, people, ready_video, s3, settings
):
    video_id = ready_video["id"]
    done = add_caption(client, people, video_id, s3, settings)
    assert done.status_code == 200
    caption = done.get_json()["caption"]
    assert caption["language"] == "en" and caption["status"] == "completed"
    assert caption["cue_count"] == 2 and "captions/en.vtt?" in caption["url"]
    items = client.get(f"/api/videos/{video_id}/captions", headers=people.student).get_json()
    assert [(c["language"], c["label"]) for c in items["items"]] == [("en", "English")]
    stream = client.get(f"/api/videos/{video_id}/stream", headers=people.student).get_json()
    assert [c["language"] for c in stream["captions"]] == ["en"]
    transcript = client.get(
        f"/api/videos/{video_id}/transcript?language=en", headers=people.student
    )
    assert transcript.status_code == 200
    assert transcript.get_json()["cues"] == [
        {"start_s": 1.0, "end_s": 4.0, "text": "Plants are green"},
        {"start_s": 5.0, "end_s": 9.0, "text": "because chlorophyll absorbs red light."},
    ]
    default = client.get(f"/api/videos/{video_id}/transcript", headers=people.student).get_json()
    assert default["language"] == "en" and len(default["cues"]) == 2


def test_complete_with_invalid_webvtt_is_422_naming_the_line(
    client, people, ready_video, s3, settings
):
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nOk\n\n00:03.000 -> 00:04.000\nBad\n"
    response = add_caption(client, people, ready_video["id"], s3, settings, text=text)
    body = assert_problem(response, 422)
    assert body["errors"]["file"].startswith("line 6: ")
    assert "line 6" in body["detail"]
    listed = client.get(f"/api/videos/{ready_video['id']}/captions", headers=people.student)
    assert listed.get_json()["items"] == []


def test_complete_with_binary_file_is_422(client, people, ready_video, s3, settings):
    response = add_caption(
        client, people, ready_video["id"], s3, settings, text=b"WEBVTT\n\xff\xfe"
    )
    assert assert_problem(response, 422)["errors"]["file"].startswith("line 2: ")


def test_complete_without_upload_is_422(client, people, ready_video, s3, settings):
    response = add_caption(client, people, ready_video["id"], s3, settings, text=None)
    assert "file" in assert_problem(response, 422)["errors"]


def test_complete_of_unknown_language_is_404(client, people, ready_video):
    for language in ("fr", "not a tag"):
        response = client.post(
            f"/api/videos/{ready_video['id']}/captions/{language}/complete",
            headers=people.instructor,
        )
        assert_problem(response, 404)


def test_complete_by_student_is_403(client, people, ready_video, s3, settings):
    add_caption(client, people, ready_video["id"], s3, settings)
    response = client.post(
        f"/api/videos/{ready_video['id']}/captions/en/complete", headers=people.student
    )
    assert_problem(response, 403)


def test_delete_caption_removes_track_file_and_transcript(
    client, people, ready_video, s3, settings
):
    video_id = ready_video["id"]
    add_caption(client, people, video_id, s3, settings)
    assert_problem(
        client.delete(f"/api/videos/{video_id}/captions/en", headers=people.student), 403
    )
    response = client.delete(f"/api/videos/{video_id}/captions/en", headers=people.instructor)
    assert response.status_code == 204
    listed = s3.list_objects_v2(Bucket=settings.bucket, Prefix=f"videos/{video_id}/captions/")
    assert listed.get("KeyCount", 0) == 0
    assert client.get(f"/api/videos/{video_id}/captions", headers=people.student).get_json() == {
        "items": []
    }
    assert_problem(client.get(f"/api/videos/{video_id}/transcript", headers=people.student), 404)
    assert_problem(
        client.delete(f"/api/videos/{video_id}/captions/en", headers=people.instructor), 404
    )


def test_captions_and_transcript_need_enrolment(client, people, ready_video, s3, settings):
    video_id = ready_video["id"]
    add_caption(client, people, video_id, s3, settings)
    for path in ("captions", "transcript"):
        assert_problem(client.get(f"/api/videos/{video_id}/{path}", headers=people.stranger), 403)
        assert_problem(client.get(f"/api/videos/{video_id}/{path}"), 401)


@pytest.mark.parametrize("body", [{"language": "english!", "label": "x"}, {"language": "en"}])
def test_caption_bad_input_is_422(client, people, ready_video, body):
    assert_problem(
        client.post(
            f"/api/videos/{ready_video['id']}/captions", json=body, headers=people.instructor
        ),
        422,
    )


def test_caption_by_student_is_403(client, people, ready_video):
    response = client.post(
        f"/api/videos/{ready_video['id']}/captions",
        json={"language": "en", "label": "E"},
        headers=people.student,
    )
    assert_problem(response, 403)
