"""Avatar objects in S3: presigned POST uploads, upload checks, presigned GET URLs."""

from __future__ import annotations

import logging
import uuid

from botocore.exceptions import ClientError
from service_kit import aws, clock

from .schemas import AVATAR_TYPES, MAX_AVATAR_BYTES

logger = logging.getLogger(__name__)

UPLOAD_TTL_S = 600
URL_TTL_S = 3600


class Avatars:
    """`s3` reaches the bucket from the service; `s3_public` signs URLs for browsers."""

    def __init__(self, *, s3, s3_public, bucket: str):
        self.s3, self.s3_public, self.bucket = s3, s3_public, bucket

    @staticmethod
    def new_key(user_id: str, content_type: str) -> str:
        """A fresh, unguessable object key chosen by the service (never by the client)."""
        return f"avatars/{user_id}/{uuid.uuid4().hex}.{AVATAR_TYPES[content_type]}"

    def upload_form(self, *, key: str, content_type: str) -> dict:
        """A presigned POST that S3 only accepts for this key, this type and ≤ 2 MiB."""
        post = self.s3_public.generate_presigned_post(
            Bucket=self.bucket,
            Key=key,
            Fields={"Content-Type": content_type},
            Conditions=[
                {"Content-Type": content_type},
                ["content-length-range", 1, MAX_AVATAR_BYTES],
            ],
            ExpiresIn=UPLOAD_TTL_S,
        )
        expires_at = clock.timestamp(clock.epoch() + UPLOAD_TTL_S)
        # The bucket root with its slash: a proxy in front of path-style S3 (NGINX locally)
        # may redirect ".../bucket" to ".../bucket/", and a redirected POST loses its form.
        url = post["url"] if post["url"].endswith("/") else post["url"] + "/"
        return {
            "method": "POST",
            "url": url,
            "fields": post["fields"],
            "expires_at": expires_at,
            "max_bytes": MAX_AVATAR_BYTES,
        }

    def uploaded(self, key: str) -> dict | None:
        """HEAD of the object: {size, content_type}, or None when it is not there."""
        head = aws.head_object(self.s3, self.bucket, key)
        if head is None:
            return None
        return {"size": head["ContentLength"], "content_type": head.get("ContentType", "")}

    def acceptable(self, head: dict, key: str) -> bool:
        """Re-check what S3 enforces, for stores (s3rver) that ignore the POST policy."""
        extension = key.rsplit(".", 1)[-1]
        return (
            0 < head["size"] <= MAX_AVATAR_BYTES
            and AVATAR_TYPES.get(head["content_type"]) == extension
        )

    def url(self, key: str | None) -> str | None:
        """A presigned GET for the avatar (expires in an hour), or None."""
        if not key:
            return None
        return self.s3_public.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": key}, ExpiresIn=URL_TTL_S
        )

    def delete(self, key: str | None) -> None:
        """Remove an object; a failure only leaves an orphan behind, so it is logged."""
        if not key:
            return
        try:
            self.s3.delete_object(Bucket=self.bucket, Key=key)
        except ClientError as error:
            logger.warning("could not delete avatar object %s: %s", key, error)
