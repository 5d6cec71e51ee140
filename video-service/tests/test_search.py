"""Course-wide transcript search: every word in one cue, ready videos only, best first."""

import pytest
from service_kit.testing import assert_problem

from .test_api import new_video
from .test_captions import add_caption
from .test_upload_stream import make_ready

FIRST = "WEBVTT\n\n00:01.000 --> 00:03.000\nLeaves hold chlorophyll.\n\n" \
        "00:10.000 --> 00:12.000\nThe sun gives light.\n"  # fmt: skip
SECOND = "WEBVTT\n\n00:02.000 --> 00:04.000\nLight, said the lecturer: CHLOROPHYLL absorbs light.\n"


def _video(app, client, people, s3, settings, text, *, title, ready=True):
    video = new_video(client, people, title=title).get_json()["video"]
    if ready:
        make_ready(app, s3, settings, video["id"])
    assert add_caption(client, people, video["id"], s3, settings, text=text).status_code == 200
    return video["id"]


def _search(client, people, q, headers=None, **params):
    return client.get(
        "/api/videos/search",
        query_string={"course_id": people.course_id, "q": q, **params},
        headers=headers or people.student,
    )


@pytest.fixture
def two_videos(app, client, people, s3, settings):
    return (
        _video(app, client, people, s3, settings, FIRST, title="Leaves"),
        _video(app, client, people, s3, settings, SECOND, title="Light"),
    )


def test_search_finds_every_cue_with_the_word(client, people, two_videos):
    response = _search(client, people, "Chlorophyll")
    assert response.status_code == 200
    items = response.get_json()["items"]
    assert {(i["video_id"], i["start_s"]) for i in items} == {
        (two_videos[0], 1.0),
        (two_videos[1], 2.0),
    }
    hit = next(i for i in items if i["video_id"] == two_videos[0])
    assert hit == {
        "video_id": two_videos[0],
        "title": "Leaves",
        "start_s": 1.0,
        "end_s": 3.0,
        "text": "Leaves hold chlorophyll.",
        "language": "en",
    }


def test_search_needs_every_word_in_one_cue(client, people, two_videos):
    items = _search(client, people, "light chlorophyll").get_json()["items"]
    assert [(i["video_id"], i["start_s"]) for i in items] == [(two_videos[1], 2.0)]


def test_search_ranks_the_phrase_first(client, people, two_videos):
    items = _search(client, people, "sun gives").get_json()["items"]
    assert [i["start_s"] for i in items] == [10.0]
    items = _search(client, people, "light").get_json()["items"]
    # "light" twice in the second video's cue ranks it above the first video's single one
    assert [i["video_id"] for i in items] == [two_videos[1], two_videos[0]]


def test_search_skips_videos_not_ready_and_deleted_captions(
    app, client, people, s3, settings, two_videos
):
    _video(app, client, people, s3, settings, FIRST, title="Draft", ready=False)
    assert len(_search(client, people, "chlorophyll").get_json()["items"]) == 2
    client.delete(f"/api/videos/{two_videos[1]}/captions/en", headers=people.instructor)
    client.delete(f"/api/videos/{two_videos[0]}", headers=people.instructor)
    assert _search(client, people, "chlorophyll").get_json()["items"] == []


def test_search_limit_and_no_match(client, people, two_videos):
    assert len(_search(client, people, "chlorophyll", limit=1).get_json()["items"]) == 1
    assert _search(client, people, "mitochondria").get_json()["items"] == []


def test_search_is_for_viewers_of_the_course(client, people, two_videos):
    assert_problem(_search(client, people, "chlorophyll", headers=people.stranger), 403)
    response = client.get(
        "/api/videos/search", query_string={"course_id": people.course_id, "q": "x"}
    )
    assert_problem(response, 401)


@pytest.mark.parametrize(
    "params",
    [{"q": ""}, {"q": "!!!"}, {"limit": 0}, {"limit": 101}, {"course_id": ""}],
)
def test_search_bad_query_is_4xx_naming_the_field(client, people, params):
    query = {"course_id": people.course_id, "q": "light", **params}
    response = client.get("/api/videos/search", query_string=query, headers=people.student)
    assert response.status_code in (400, 422)
    body = response.get_json()
    assert set(body["errors"]) & {"q", "limit", "course_id"}
