"""Signed unsubscribe links and time-ordered ULIDs."""

import pytest
from service_kit import BadRequest
from service_kit.cursor import encode_cursor
from service_kit.ids import is_id, new_ulid
from service_kit.unsubscribe import unsubscribe_token, unsubscribed_user

SECRET = "s" * 32


def test_unsubscribe_token_round_trip():
    token = unsubscribe_token("u1", secret=SECRET)
    assert unsubscribed_user(token, secret=SECRET) == "u1"


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        unsubscribe_token("u1", secret="other"),
        unsubscribe_token("u1", secret=SECRET, mailing="other"),
        encode_cursor({"u": "u1", "m": "digest"}, SECRET, purpose="a cursor"),  # not a link
    ],
)
def test_unsubscribe_token_refuses_what_we_did_not_sign_for_it(token):
    with pytest.raises(BadRequest) as refused:
        unsubscribed_user(token, secret=SECRET)
    assert "token" in refused.value.errors


def test_ulids_are_platform_ids_and_sort_by_time():
    first, later = new_ulid(1_000), new_ulid(2_000)
    assert is_id(first) and len(first) == 26 and first < later
    assert new_ulid() != new_ulid()
