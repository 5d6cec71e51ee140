"""MediaStore's fast segment signing: the URLs generate_presigned_url would give."""

from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from botocore.config import Config
from botocore.credentials import Credentials
from video_service.media import MediaStore

KEYS = ["videos/v1/hls/360p/seg_00000.ts", "videos/v1/hls/360p/seg 00001.ts"]


def public_client():
    return boto3.session.Session().client(
        "s3",
        region_name="us-east-1",
        endpoint_url="http://media.test:8080",
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )


@pytest.fixture(autouse=True)
def fake_credentials(aws_env):
    """The environment's fake keys (as kit.s3_client would find real ones)."""


def signed_alike(store: MediaStore, expires_s: int = 600):
    """presign_get_many(KEYS) and presign_get of each, made within the same second."""
    for _ in range(5):
        fast = store.presign_get_many(KEYS, expires_s=expires_s)
        slow = [store.presign_get(key=key, expires_s=expires_s) for key in KEYS]
        if len({parse_qs(urlsplit(url).query)["X-Amz-Date"][0] for url in fast + slow}) == 1:
            return fast, slow
    raise AssertionError("could not sign within one second")


def test_presign_get_many_equals_generate_presigned_url():
    store = MediaStore(server=None, public=public_client(), bucket="dread-media")
    fast, slow = signed_alike(store)
    assert fast == slow
    assert store.presign_get_many([], expires_s=600) == []


def test_presign_get_many_signs_with_the_credentials_it_is_given():
    rotated = Credentials("AKIAROTATED", "another-secret")
    store = MediaStore(
        server=None, public=public_client(), bucket="dread-media", credentials=rotated
    )
    for url in store.presign_get_many(KEYS, expires_s=600):
        assert parse_qs(urlsplit(url).query)["X-Amz-Credential"][0].startswith("AKIAROTATED/")
