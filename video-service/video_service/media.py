"""MediaStore: every S3 call of the service (presigning for browsers, server-side operations).

Browser-facing URLs are signed with the public client (S3_PUBLIC_ENDPOINT locally, the NGINX
origin); everything the service or the worker does itself uses the server-side client.
"""

from __future__ import annotations

from urllib.parse import quote

import boto3
from botocore.auth import S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.exceptions import ClientError
from service_kit import aws
from service_kit.cache import Cache

_PLAYLIST_CACHE_SIZE = 256
_DOWNLOAD_CHUNK = 1024 * 1024


class PartsUnlisted(RuntimeError):
    """The S3 endpoint cannot list an upload's parts (s3rver lacks ListParts)."""


def source_key(video_id: str) -> str:
    """Where the uploaded original lives (never derived from the client's filename)."""
    return f"videos/{video_id}/source"


def video_prefix(video_id: str) -> str:
    """The folder holding every object of a video."""
    return f"videos/{video_id}/"


class MediaStore:
    """S3 access for one bucket; `server` does the work, `public` signs browser URLs."""

    def __init__(self, *, server, public, bucket: str, credentials=None):
        self.server = server
        self.public = public
        self.bucket = bucket
        # The signing credentials, from boto3's public API: the same default chain the
        # clients were built from (env, profile, instance role), refreshed as they expire.
        self._credentials = credentials
        self._playlists = Cache(max_size=_PLAYLIST_CACHE_SIZE)  # least recently used out
        self._base_url: str | None = None  # https://<bucket endpoint>/ for presigned GETs

    # --- presigned URLs for browsers -------------------------------------------------------
    def presign_put(
        self, *, key: str, content_type: str, expires_s: int, content_length: int | None = None
    ) -> str:
        """A presigned PUT; the browser must send exactly this Content-Type (and length).

        With `content_length` the length is a signed header, so the URL cannot put a file of
        another size (S3, and the local gate, refuse a request whose length differs).
        """
        params = {"Bucket": self.bucket, "Key": key, "ContentType": content_type}
        if content_length is not None:
            params["ContentLength"] = content_length
        return self.public.generate_presigned_url("put_object", Params=params, ExpiresIn=expires_s)

    def presign_part(self, *, key: str, upload_id: str, part_number: int, expires_s: int) -> str:
        """A presigned PUT of one multipart part (retrying the same URL is fine)."""
        params = {
            "Bucket": self.bucket,
            "Key": key,
            "UploadId": upload_id,
            "PartNumber": part_number,
        }
        return self.public.generate_presigned_url("upload_part", Params=params, ExpiresIn=expires_s)

    def presign_get(self, *, key: str, expires_s: int) -> str:
        """A presigned GET (Range requests work on it), signed locally (see presign_get_many)."""
        return self.presign_get_many([key], expires_s=expires_s)[0]

    def presign_get_many(self, keys: list[str], *, expires_s: int) -> list[str]:
        """Presigned GETs for many keys (HLS segments, /stream), with botocore's query signer.

        generate_presigned_url costs ~0.6 ms a call; signing AWSRequests directly with the
        same credentials and S3SigV4QueryAuth gives identical URLs at a fifth of the cost.
        The bucket's base URL is learnt once from one generate_presigned_url call.
        """
        if not keys:
            return []
        if self._base_url is None:
            probe_key = "probe"
            first = self.public.generate_presigned_url(
                "get_object", Params={"Bucket": self.bucket, "Key": probe_key}, ExpiresIn=60
            )
            self._base_url = first.split("?", 1)[0][: -len(probe_key)]
        if self._credentials is None:
            self._credentials = boto3.session.Session().get_credentials()
        signer = S3SigV4QueryAuth(
            self._credentials.get_frozen_credentials(),
            "s3",
            self.public.meta.region_name,
            expires_s,
        )
        urls = []
        for key in keys:
            request = AWSRequest(method="GET", url=self._base_url + quote(key, safe="/~"))
            signer.add_auth(request)
            urls.append(request.url)
        return urls

    # --- multipart uploads -----------------------------------------------------------------
    def create_multipart(self, *, key: str, content_type: str) -> str:
        """Start a multipart upload; return its id."""
        answer = self.server.create_multipart_upload(
            Bucket=self.bucket, Key=key, ContentType=content_type
        )
        return answer["UploadId"]

    def list_parts(self, *, key: str, upload_id: str) -> list[dict]:
        """Parts S3 already holds: [{part_number, etag, size}]; [] if the upload is gone."""
        parts, marker = [], 0
        while True:
            try:
                answer = self.server.list_parts(
                    Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumberMarker=marker
                )
            except ClientError as error:
                if aws.object_missing(error):
                    return []
                code = error.response["Error"]["Code"]
                if code in ("MethodNotAllowed", "NotImplemented"):
                    raise PartsUnlisted(code) from error
                raise
            parts += [
                {"part_number": p["PartNumber"], "etag": p["ETag"], "size": p["Size"]}
                for p in answer.get("Parts", [])
            ]
            if not answer.get("IsTruncated"):
                return parts
            marker = answer["NextPartNumberMarker"]

    def complete_multipart(self, *, key: str, upload_id: str, parts: list[dict]) -> None:
        """Assemble the parts ([{part_number, etag}], ascending) into the object."""
        self.server.complete_multipart_upload(
            Bucket=self.bucket,
            Key=key,
            UploadId=upload_id,
            MultipartUpload={
                "Parts": [{"PartNumber": p["part_number"], "ETag": p["etag"]} for p in parts]
            },
        )

    def abort_multipart(self, *, key: str, upload_id: str) -> None:
        """Drop an unfinished multipart upload and its parts (missing is fine)."""
        try:
            self.server.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)
        except ClientError as error:
            # gone already, or a store (s3rver) without multipart aborts: nothing to drop
            gone = aws.object_missing(error)
            if not gone and error.response["Error"]["Code"] != "MethodNotAllowed":
                raise

    # --- objects -----------------------------------------------------------------------------
    def head(self, *, key: str) -> dict | None:
        """{size, content_type} of an object, or None when it does not exist."""
        answer = aws.head_object(self.server, self.bucket, key)
        if answer is None:
            return None
        return {
            "size": answer["ContentLength"],
            "content_type": answer.get("ContentType"),
            "etag": answer.get("ETag"),
        }

    def delete_prefix(self, *, prefix: str) -> int:
        """Delete every object under `prefix`; return how many."""
        deleted, token = 0, None
        while True:
            params = {"Bucket": self.bucket, "Prefix": prefix}
            if token:
                params["ContinuationToken"] = token
            page = self.server.list_objects_v2(**params)
            keys = [{"Key": o["Key"]} for o in page.get("Contents", [])]
            if keys:
                self.server.delete_objects(
                    Bucket=self.bucket, Delete={"Objects": keys, "Quiet": True}
                )
                deleted += len(keys)
            token = page.get("NextContinuationToken")
            if not page.get("IsTruncated") or not token:
                return deleted

    def read_text(self, *, key: str) -> str | None:
        """A small text object (a media playlist), cached: playlists never change once ready."""
        cached = self._playlists.get(key)
        if cached is not None:
            return cached
        try:
            body = self.server.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        except ClientError as error:
            if aws.object_missing(error):
                return None
            raise
        text = body.decode("utf-8")
        self._playlists.put(key, text)
        return text

    def read_bytes(self, *, key: str) -> bytes | None:
        """A small object's bytes, uncached (a caption being checked), or None if missing."""
        try:
            return self.server.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        except ClientError as error:
            if aws.object_missing(error):
                return None
            raise

    def delete_key(self, *, key: str) -> None:
        """Delete one object (missing is fine)."""
        self.server.delete_object(Bucket=self.bucket, Key=key)

    def forget(self, *, prefix: str) -> None:
        """Drop cached playlists of a deleted video."""
        self._playlists.drop(lambda key: key.startswith(prefix))

    def upload_file(self, *, path: str, key: str, content_type: str) -> None:
        """Upload a local file with its content type (worker)."""
        self.server.upload_file(path, self.bucket, key, ExtraArgs={"ContentType": content_type})

    def download_file(self, *, key: str, path: str, etag: str | None = None) -> None:
        """Download an object to a local file (worker); with `etag`, only that version of it.

        GetObject with IfMatch (S3 answers 412 PreconditionFailed for any other content):
        s3transfer's download_file does not take IfMatch.
        """
        params = {"Bucket": self.bucket, "Key": key}
        if etag:
            params["IfMatch"] = etag
        body = self.server.get_object(**params)["Body"]
        try:
            with open(path, "wb") as out:
                for chunk in body.iter_chunks(_DOWNLOAD_CHUNK):
                    out.write(chunk)
        finally:
            body.close()
