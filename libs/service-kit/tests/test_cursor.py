"""Signed cursors: round trip, tampering, and cursors pinned to one partition."""

import pytest
from service_kit import BadRequest, decode_cursor, encode_cursor

SECRET = "cursor-test-secret"


def test_cursor_round_trips_a_key():
    key = {"pk": "USER#a", "sk": "VIDEO#1"}
    assert decode_cursor(encode_cursor(key, SECRET), SECRET) == key


def test_cursor_signed_with_another_secret_is_refused():
    cursor = encode_cursor({"pk": "USER#a"}, "other-secret")
    with pytest.raises(BadRequest):
        decode_cursor(cursor, SECRET)


def test_cursor_matching_expected_partition_is_accepted():
    cursor = encode_cursor({"gsi1pk": "USER#a", "gsi1sk": "x"}, SECRET)
    assert decode_cursor(cursor, SECRET, expect={"gsi1pk": "USER#a"})["gsi1sk"] == "x"


def test_cursor_of_another_partition_is_refused():
    cursor = encode_cursor({"gsi1pk": "USER#a", "gsi1sk": "x"}, SECRET)
    with pytest.raises(BadRequest) as caught:
        decode_cursor(cursor, SECRET, expect={"gsi1pk": "USER#b"})
    assert "cursor" in caught.value.errors


def test_cursor_made_for_another_purpose_is_refused():
    cursor = encode_cursor({"pk": "USER#a"}, SECRET, purpose="course:course.list_courses")
    assert decode_cursor(cursor, SECRET, purpose="course:course.list_courses") == {"pk": "USER#a"}
    with pytest.raises(BadRequest):
        decode_cursor(cursor, SECRET, purpose="auth:users.list_users")
