"""If-Match parsing (strong comparison) shared by every versioned resource."""

import pytest
from service_kit import BadRequest
from service_kit.etags import expected_versions, version_tag


@pytest.mark.parametrize(
    ("header", "versions"),
    [
        (None, None),
        ("", None),
        ("*", None),
        ('"3"', {3}),
        ("3", {3}),
        ('"3", "4"', {3, 4}),
        ('W/"3"', set()),
        ('W/"3", "5"', {5}),
    ],
)
def test_expected_versions(header, versions):
    found = expected_versions(header)
    assert found == (None if versions is None else frozenset(versions))


@pytest.mark.parametrize("header", ["abc", '"x"', "1 2", '"1"x'])
def test_malformed_if_match_is_400_naming_the_header(header):
    with pytest.raises(BadRequest) as raised:
        expected_versions(header, "thread")
    assert "If-Match" in raised.value.errors and "thread" in str(raised.value)


def test_version_tag_is_strong():
    assert version_tag(7) == '"7"'
