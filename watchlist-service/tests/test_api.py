"""/api/watchlist: idempotent add/remove, newest-first pages, stale items dropped."""

import uuid

import pytest
from service_kit import ServiceUnavailable, clients
from service_kit.testing import assert_problem

PREFIX = "/api/watchlist"
V1, V2, V3 = (f"{n:032x}" for n in (1, 2, 3))


@pytest.fixture
def alice(tokens):
    """Headers of one student."""
    return tokens.headers(f"alice-{uuid.uuid4().hex[:6]}")


@pytest.fixture
def bob(tokens):
    """Headers of another student."""
    return tokens.headers(f"bob-{uuid.uuid4().hex[:6]}")


def _page(client, headers, **query):
    response = client.get(PREFIX, query_string=query, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_put_item_first_time_is_201_with_item(client, videos, alice):
    videos.add(V1, course_id="c1", title="Intro")
    response = client.put(f"{PREFIX}/{V1}", headers=alice)
    assert response.status_code == 201
    assert response.mimetype == "application/json"
    item = response.get_json()["item"]
    assert item["video_id"] == V1 and item["course_id"] == "c1" and item["title"] == "Intro"
    assert item["added_at"].endswith("Z")


def test_put_item_again_is_200_and_keeps_added_at(client, videos, alice):
    videos.add(V1)
    first = client.put(f"{PREFIX}/{V1}", headers=alice).get_json()["item"]
    again = client.put(f"{PREFIX}/{V1}", headers=alice)
    assert again.status_code == 200
    assert again.get_json()["item"] == first


def test_put_item_unknown_video_is_404(client, videos, alice):
    assert_problem(client.put(f"{PREFIX}/{uuid.uuid4().hex}", headers=alice), 404)
    assert _page(client, alice)["items"] == []


def test_put_item_malformed_video_id_is_404(client, videos, alice):
    assert_problem(client.put(f"{PREFIX}/{'x' * 300}", headers=alice), 404)


def test_get_item_present_is_200(client, videos, alice):
    videos.add(V1, title="Intro")
    client.put(f"{PREFIX}/{V1}", headers=alice)
    response = client.get(f"{PREFIX}/{V1}", headers=alice)
    assert response.status_code == 200
    assert response.get_json()["item"]["title"] == "Intro"


def test_get_item_absent_is_404(client, videos, alice):
    videos.add(V1)
    assert_problem(client.get(f"{PREFIX}/{V1}", headers=alice), 404)


def test_get_item_of_deleted_video_is_404_and_dropped(client, videos, alice):
    videos.add(V1)
    client.put(f"{PREFIX}/{V1}", headers=alice)
    del videos.videos[V1]
    assert_problem(client.get(f"{PREFIX}/{V1}", headers=alice), 404)
    videos.add(V1)  # even if it came back, the stale item was deleted
    assert_problem(client.get(f"{PREFIX}/{V1}", headers=alice), 404)


def test_delete_item_is_204_and_idempotent(client, videos, alice):
    videos.add(V1)
    client.put(f"{PREFIX}/{V1}", headers=alice)
    for _ in range(2):
        response = client.delete(f"{PREFIX}/{V1}", headers=alice)
        assert response.status_code == 204 and response.data == b""
    assert_problem(client.get(f"{PREFIX}/{V1}", headers=alice), 404)


def test_delete_item_never_added_is_204(client, videos, alice):
    assert client.delete(f"{PREFIX}/{uuid.uuid4().hex}", headers=alice).status_code == 204


def test_list_items_newest_first_with_cursor(client, videos, alice):
    ids = [f"{n + 10:032x}" for n in range(7)]
    for video_id in ids:
        videos.add(video_id)
        assert client.put(f"{PREFIX}/{video_id}", headers=alice).status_code == 201
    seen, cursor = [], None
    while True:
        page = _page(client, alice, limit=3, **({"cursor": cursor} if cursor else {}))
        assert len(page["items"]) <= 3
        seen += [i["video_id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == list(reversed(ids))


def test_list_items_drops_deleted_videos_with_one_lookup_per_page(client, videos, alice):
    for video_id in (V1, V2, V3):
        videos.add(video_id)
        client.put(f"{PREFIX}/{video_id}", headers=alice)
    del videos.videos[V2]
    videos.lookups.clear()
    page = _page(client, alice)
    assert [i["video_id"] for i in page["items"]] == [V3, V1]
    assert len(videos.lookups) == 1
    videos.add(V2)  # the stale item was deleted, not just hidden
    assert [i["video_id"] for i in _page(client, alice)["items"]] == [V3, V1]


def test_list_items_shows_current_title(client, videos, alice):
    videos.add(V1, title="Old")
    client.put(f"{PREFIX}/{V1}", headers=alice)
    videos.videos[V1]["title"] = "New"
    assert _page(client, alice)["items"][0]["title"] == "New"


def test_list_items_video_service_failure_is_503_and_keeps_items(
    client, videos, alice, monkeypatch
):
    videos.add(V1)
    client.put(f"{PREFIX}/{V1}", headers=alice)

    def unavailable(ids, user):
        raise ServiceUnavailable("video service down")

    monkeypatch.setattr(clients, "lookup_videos", unavailable)
    assert_problem(client.get(PREFIX, headers=alice), 503)
    monkeypatch.setattr(clients, "lookup_videos", videos.lookup_videos)
    assert [i["video_id"] for i in _page(client, alice)["items"]] == [V1]


def test_list_items_empty_makes_no_lookup(client, videos, alice):
    assert _page(client, alice) == {"items": [], "next_cursor": None}
    assert videos.lookups == []


def test_other_user_cannot_see_or_remove_my_items(client, videos, alice, bob):
    videos.add(V1)
    client.put(f"{PREFIX}/{V1}", headers=alice)
    assert _page(client, bob)["items"] == []
    assert_problem(client.get(f"{PREFIX}/{V1}", headers=bob), 404)
    assert client.delete(f"{PREFIX}/{V1}", headers=bob).status_code == 204
    assert client.get(f"{PREFIX}/{V1}", headers=alice).status_code == 200


def test_other_users_cursor_is_400(client, videos, alice, bob):
    for video_id in (V1, V2):
        videos.add(video_id)
        client.put(f"{PREFIX}/{video_id}", headers=alice)
    cursor = _page(client, alice, limit=1)["next_cursor"]
    assert cursor
    response = client.get(PREFIX, query_string={"cursor": cursor}, headers=bob)
    assert "cursor" in assert_problem(response, 400)["errors"]


@pytest.mark.parametrize("cursor", ["garbage", "a.b", "%%%"])
def test_list_items_tampered_cursor_is_400(client, videos, alice, cursor):
    response = client.get(PREFIX, query_string={"cursor": cursor}, headers=alice)
    assert "cursor" in assert_problem(response, 400)["errors"]


@pytest.mark.parametrize("limit", ["0", "101", "x"])
def test_list_items_bad_limit_is_400(client, videos, alice, limit):
    response = client.get(PREFIX, query_string={"limit": limit}, headers=alice)
    assert "limit" in assert_problem(response, 400)["errors"]


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", ""), ("PUT", f"/{V1}"), ("GET", f"/{V1}"), ("DELETE", f"/{V1}")],
)
def test_every_route_needs_a_token(client, videos, method, path):
    assert_problem(client.open(PREFIX + path, method=method), 401)


def test_expired_token_is_401(client, videos, tokens):
    headers = tokens.headers("u1", exp=1)
    assert_problem(client.get(PREFIX, headers=headers), 401)


@pytest.mark.parametrize("path", ["/no-such-thing", "/" + "x" * 300, "/12345"])
def test_path_that_is_not_a_video_id_is_404_without_token(client, path):
    assert_problem(client.get(PREFIX + path), 404)
