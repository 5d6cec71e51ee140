"""Course cover images in S3: presigned POST uploads, Pillow re-encoding, presigned GETs.

The uploaded file is never served: the service decodes it (png/jpeg/webp only), crops it to
16:9 and writes fixed webp sizes under a fresh key it chooses, with its own Content-Type,
then deletes the upload. What browsers load is an image the service encoded, served by the
bucket route as an image (nosniff, sandboxing CSP), so no uploaded byte can run as a page.
"""

from __future__ import annotations

import io
import logging
import uuid
import warnings

from botocore.exceptions import BotoCoreError, ClientError
from PIL import Image, ImageOps, UnidentifiedImageError
from service_kit import aws, clock
from service_kit.cache import Cache

logger = logging.getLogger(__name__)

COVER_TYPES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP"}
MAX_COVER_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 5 MiB file may still decode to a huge bitmap: refuse those
SIZES = {"small": (480, 270), "large": (1280, 720)}
UPLOAD_TTL_S = 600
URL_TTL_S = 3600
# A signed URL is handed out again for half its life: cards then reuse the browser's cached
# image across pages, and a listing does not pay ~0.6 ms of signing per cover.
URL_REUSE_S = URL_TTL_S / 2
PREFIX = "covers/"


class BadCover(Exception):
    """The uploaded file is not an acceptable image; the message says why."""


def upload_key(course_id: str) -> str:
    """Where the browser posts a course's new cover (one pending upload per course)."""
    return f"{PREFIX}{course_id}/upload"


def _resized(data: bytes) -> dict[str, bytes]:
    """The webp renditions of an image file, or BadCover."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(COVER_TYPES.values()))
            if image.width * image.height > MAX_PIXELS:
                raise BadCover("The image has too many pixels.")
            image = ImageOps.exif_transpose(image)
            image.load()
    except (
        UnidentifiedImageError,
        OSError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        SyntaxError,
    ) as error:
        raise BadCover("The file is not a png, jpeg or webp image.") from error
    image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    out = {}
    for name, size in SIZES.items():
        buffer = io.BytesIO()
        ImageOps.fit(image, size, Image.Resampling.LANCZOS).save(buffer, "WEBP", quality=82)
        out[name] = buffer.getvalue()
    return out


class Covers:
    """`s3` reaches the bucket from the service; `s3_public` signs URLs for browsers."""

    def __init__(self, *, s3, s3_public, bucket: str):
        self.s3, self.bucket = s3, bucket
        self.s3_public = s3_public
        self._signed = Cache(max_size=20_000, ttl_s=URL_REUSE_S)

    def upload_form(self, *, course_id: str, content_type: str) -> dict:
        """A presigned POST that S3 only accepts for this key, this type and ≤ 5 MiB."""
        post = self.s3_public.generate_presigned_post(
            Bucket=self.bucket,
            Key=upload_key(course_id),
            Fields={"Content-Type": content_type},
            Conditions=[
                {"Content-Type": content_type},
                ["content-length-range", 1, MAX_COVER_BYTES],
            ],
            ExpiresIn=UPLOAD_TTL_S,
        )
        # The bucket root with its slash: a proxy in front of path-style S3 (NGINX locally)
        # may redirect ".../bucket" to ".../bucket/", and a redirected POST loses its form.
        url = post["url"] if post["url"].endswith("/") else post["url"] + "/"
        return {
            "method": "POST",
            "url": url,
            "fields": post["fields"],
            "expires_at": clock.timestamp(clock.epoch() + UPLOAD_TTL_S),
            "max_bytes": MAX_COVER_BYTES,
        }

    def publish(self, *, course_id: str) -> str | None:
        """Re-encode the pending upload into the fixed sizes; their base key (None: no upload).

        BadCover when the file is not an acceptable image (the upload is deleted then).
        """
        key = upload_key(course_id)
        head = aws.head_object(self.s3, self.bucket, key)
        if head is None:
            return None
        try:
            # Re-checked here for stores (s3rver) that do not enforce the POST policy.
            if not 0 < head["ContentLength"] <= MAX_COVER_BYTES:
                raise BadCover("The file is larger than 5 MiB.")
            if head.get("ContentType", "").split(";")[0].strip() not in COVER_TYPES:
                raise BadCover("The file is not a png, jpeg or webp image.")
            data = self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()
            renditions = _resized(data)
        except BadCover:
            self._delete([key])
            raise
        base = f"{PREFIX}{course_id}/{uuid.uuid4().hex}"
        for name, body in renditions.items():
            self.s3.put_object(
                Bucket=self.bucket, Key=f"{base}-{name}.webp", Body=body,
                ContentType="image/webp", CacheControl="private, max-age=3600",
            )  # fmt: skip
        self._delete([key])
        return base

    def urls(self, base: str | None) -> dict:
        """{small, large}: presigned GETs of a cover's sizes ({} without a cover)."""
        if not base:
            return {}
        return {name: self._url(f"{base}-{name}.webp") for name in SIZES}

    def _url(self, key: str) -> str:
        return self._signed.fetch(
            key,
            lambda: self.s3_public.generate_presigned_url(
                "get_object", Params={"Bucket": self.bucket, "Key": key}, ExpiresIn=URL_TTL_S
            ),
        )

    def remove(self, base: str | None) -> None:
        """Delete a cover's objects; a failure only leaves an orphan behind, so it is logged."""
        if base:
            self._delete([f"{base}-{name}.webp" for name in SIZES])

    def remove_all(self, *, course_id: str) -> None:
        """Delete every object of a deleted course's covers (and a pending upload)."""
        try:
            listing = self.s3.list_objects_v2(Bucket=self.bucket, Prefix=f"{PREFIX}{course_id}/")
        except (BotoCoreError, ClientError) as error:
            logger.warning("could not list the covers of course %s: %s", course_id, error)
            return
        self._delete([item["Key"] for item in listing.get("Contents", [])])

    def _delete(self, keys: list[str]) -> None:
        for key in keys:
            try:
                self.s3.delete_object(Bucket=self.bucket, Key=key)
            except (BotoCoreError, ClientError) as error:
                logger.warning("could not delete cover object %s: %s", key, error)
