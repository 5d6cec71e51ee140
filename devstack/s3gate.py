"""`python -m devstack.s3gate`: the local stand-in for S3's signature check.

s3rver does not verify SigV4, so NGINX asks this gate first (`auth_request`) for every
request to the bucket: the gate recomputes the presigned URL's signature with botocore's own
signer (the stack's fixed S3RVER credentials and region) and checks its expiry, answering
204 (let through) or 403. Browser form uploads (presigned POST) carry their signature in the
body, which `auth_request` cannot see, so NGINX sends POSTs to the bucket root here as a
proxy: the gate checks the policy signature, expiry and conditions, then forwards to s3rver.
"""

from __future__ import annotations

import base64
import calendar
import contextlib
import hmac
import http.client
import json
import logging
import os
import sys
import time
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from botocore.auth import S3SigV4Auth, S3SigV4PostAuth, S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import ReadOnlyCredentials

logger = logging.getLogger("devstack.s3gate")
MAX_EXPIRES_S = 7 * 24 * 3600  # S3's own limit for presigned URLs
CLOCK_SKEW_S = 15 * 60
MAX_FORM_BYTES = 16 * 1024 * 1024
SIGV4_TIME = "%Y%m%dT%H%M%SZ"
FORM_FIELDS_NOT_IN_POLICY = {"policy", "x-amz-signature", "file"}


def _epoch(amz_date: str) -> float:
    return calendar.timegm(time.strptime(amz_date, SIGV4_TIME))


def _signed_value(name: str, host: str, headers) -> str:
    """A signed header's value; NGINX's auth subrequest carries the length separately."""
    if name == "host":
        return host
    if name == "content-length" and "X-Original-Content-Length" in headers:
        return headers["X-Original-Content-Length"]
    return headers.get(name, "")


class Verifier:
    """Checks SigV4 presigned URLs, signed headers and presigned POST policies."""

    def __init__(self, *, access_key: str, secret_key: str, region: str, clock=time.time):
        self.credentials = ReadOnlyCredentials(access_key, secret_key, None)
        self.region = region
        self.clock = clock

    def _scope(self, amz_date: str) -> str:
        return f"{self.credentials.access_key}/{amz_date[:8]}/{self.region}/s3/aws4_request"

    def _fresh(self, amz_date: str, expires_s: int | None) -> str | None:
        try:
            signed_at = _epoch(amz_date)
        except ValueError:
            return "malformed X-Amz-Date"
        now = self.clock()
        if signed_at > now + CLOCK_SKEW_S:
            return "signed in the future"
        if expires_s is not None and now > signed_at + expires_s:
            return "expired"
        return None

    def check_request(self, method: str, uri: str, headers) -> str | None:
        """None when the request is signed correctly and in time, else the reason."""
        if "X-Amz-Signature=" in uri:
            return self._check_query(method, uri, headers)
        if headers.get("Authorization", "").startswith("AWS4-HMAC-SHA256 "):
            return self._check_header(method, uri, headers)
        return "not signed"

    def _request(self, method: str, url: str, headers, names: list[str], amz_date: str):
        host = headers.get("Host", "")
        request = AWSRequest(
            method=method,
            url=f"http://{host}{url}",
            headers={n: _signed_value(n, host, headers) for n in names},
        )
        request.context["timestamp"] = amz_date
        return request

    def _check_query(self, method: str, uri: str, headers) -> str | None:
        path, _, query = uri.partition("?")
        pairs = query.split("&")
        signature = next((p[16:] for p in pairs if p.startswith("X-Amz-Signature=")), "")
        params = dict(parse_qsl(query, keep_blank_values=True))
        try:
            expires_s = int(params.get("X-Amz-Expires", ""))
        except ValueError:
            return "malformed X-Amz-Expires"
        amz_date = params.get("X-Amz-Date", "")
        if not 1 <= expires_s <= MAX_EXPIRES_S:
            return "X-Amz-Expires out of range"
        if params.get("X-Amz-Credential") != self._scope(amz_date):
            return "unknown credential"
        stale = self._fresh(amz_date, expires_s)
        if stale:
            return stale
        unsigned = "&".join(p for p in pairs if not p.startswith("X-Amz-Signature="))
        names = params.get("X-Amz-SignedHeaders", "host").split(";")
        request = self._request(method, f"{path}?{unsigned}", headers, names, amz_date)
        signer = S3SigV4QueryAuth(self.credentials, "s3", self.region, expires=expires_s)
        canonical = signer.canonical_request(request)
        expected = signer.signature(signer.string_to_sign(request, canonical), request)
        return None if hmac.compare_digest(expected, signature) else "signature mismatch"

    def _check_header(self, method: str, uri: str, headers) -> str | None:
        fields = dict(
            part.strip().split("=", 1)
            for part in headers["Authorization"][17:].split(",")
            if "=" in part
        )
        amz_date = headers.get("X-Amz-Date", "")
        if fields.get("Credential") != self._scope(amz_date):
            return "unknown credential"
        stale = self._fresh(amz_date, CLOCK_SKEW_S)
        if stale:
            return stale
        names = fields.get("SignedHeaders", "host").split(";")
        request = self._request(method, uri, headers, names, amz_date)
        signer = S3SigV4Auth(self.credentials, "s3", self.region)
        canonical = signer.canonical_request(request)
        expected = signer.signature(signer.string_to_sign(request, canonical), request)
        return None if hmac.compare_digest(expected, fields.get("Signature", "")) else "mismatch"

    def check_post(self, bucket: str, fields: dict[str, str], file_size: int) -> str | None:
        """None when a form upload's policy is signed, unexpired and its conditions hold."""
        amz_date = fields.get("x-amz-date", "")
        if fields.get("x-amz-credential") != self._scope(amz_date):
            return "unknown credential"
        stale = self._fresh(amz_date, None)
        if stale:
            return stale
        policy_b64 = fields.get("policy", "")
        request = AWSRequest(method="POST", url="http://gate/")
        request.context["timestamp"] = amz_date
        expected = S3SigV4PostAuth(self.credentials, "s3", self.region).signature(
            policy_b64, request
        )
        if not hmac.compare_digest(expected, fields.get("x-amz-signature", "")):
            return "signature mismatch"
        try:
            policy = json.loads(base64.b64decode(policy_b64))
            expires = calendar.timegm(time.strptime(policy["expiration"][:19], "%Y-%m-%dT%H:%M:%S"))
        except (ValueError, KeyError, TypeError):
            return "malformed policy"
        if self.clock() > expires:
            return "policy expired"
        return _policy_violation(policy.get("conditions", []), bucket, fields, file_size)


def _policy_violation(conditions, bucket: str, fields: dict, file_size: int) -> str | None:
    """Check S3 POST policy conditions; every form field must be covered by one."""
    values = {**fields, "bucket": bucket}
    covered = {"bucket"}
    for condition in conditions:
        if isinstance(condition, dict):
            condition = ["eq", *next(iter(condition.items()))]
            condition[1] = "$" + condition[1]
        operator = str(condition[0]).lower()
        if operator == "content-length-range":
            if not int(condition[1]) <= file_size <= int(condition[2]):
                return "file size outside content-length-range"
            continue
        name = str(condition[1]).lstrip("$").lower()
        covered.add(name)
        actual = values.get(name, "")
        if operator == "eq" and actual != condition[2]:
            return f"{name} does not match the policy"
        if operator == "starts-with" and not actual.startswith(condition[2]):
            return f"{name} does not start as the policy says"
    extra = [
        name
        for name in fields
        if name not in covered
        and name not in FORM_FIELDS_NOT_IN_POLICY
        and not name.startswith("x-ignore-")
    ]
    return f"form field {extra[0]} is not in the policy" if extra else None


def parse_form(content_type: str, body: bytes) -> tuple[dict[str, str], int]:
    """(fields with lower-case names, size of the `file` part) of a multipart form."""
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    fields, file_size = {}, -1
    if not message.is_multipart():
        return fields, file_size
    for part in message.iter_parts():
        name = (part.get_param("name", header="content-disposition") or "").lower()
        payload = part.get_payload(decode=True) or b""
        if name == "file":
            file_size = len(payload)
            break  # S3 ignores every field after the file
        fields[name] = payload.decode("utf-8", errors="replace")
    return fields, file_size


class GateHandler(BaseHTTPRequestHandler):
    """`/auth`: NGINX's auth_request (204/403); anything else: verify, then proxy to s3rver."""

    protocol_version = "HTTP/1.1"
    verifier: Verifier
    upstream: tuple[str, int]

    def log_message(self, format, *args):
        """Quiet: refusals are logged with their reason instead."""

    def _answer(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _deny(self, method: str, uri: str, reason: str) -> None:
        logger.warning("refused %s %s: %s", method, uri.split("?")[0], reason)
        body = (
            "<?xml version='1.0' encoding='UTF-8'?><Error><Code>AccessDenied</Code>"
            f"<Message>Request refused by the local S3 gate: {reason}</Message></Error>"
        ).encode()
        self._answer(403, body, {"Content-Type": "application/xml"})

    def _handle(self) -> None:
        if self.path == "/auth":
            method = self.headers.get("X-Original-Method", "GET")
            uri = self.headers.get("X-Original-URI", "/")
            reason = self.verifier.check_request(method, uri, self.headers)
            return self._deny(method, uri, reason) if reason else self._answer(204)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_FORM_BYTES:
            return self._deny(self.command, self.path, "body too large")
        body = self.rfile.read(length) if length else b""
        if self.command == "POST" and "?" not in self.path:
            bucket = urlsplit(self.path).path.strip("/")
            fields, size = parse_form(self.headers.get("Content-Type", ""), body)
            reason = self.verifier.check_post(bucket, fields, size) if size >= 0 else "no file"
        else:
            reason = self.verifier.check_request(self.command, self.path, self.headers)
        if reason:
            return self._deny(self.command, self.path, reason)
        self._forward(body)

    def _forward(self, body: bytes) -> None:
        connection = http.client.HTTPConnection(*self.upstream, timeout=30)
        skip = {"connection", "keep-alive", "transfer-encoding", "content-length"}
        headers = {k: v for k, v in self.headers.items() if k.lower() not in skip}
        headers["Content-Length"] = str(len(body))
        try:
            connection.request(self.command, self.path, body=body, headers=headers)
            answer = connection.getresponse()
            payload = answer.read()
        finally:
            connection.close()
        passed = {k: v for k, v in answer.getheaders() if k.lower() not in skip}
        self._answer(answer.status, payload, passed)

    do_GET = do_HEAD = do_PUT = do_POST = do_DELETE = _handle


def main() -> int:
    """Serve on 127.0.0.1:S3_GATE_PORT until stopped."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    GateHandler.verifier = Verifier(
        access_key=os.environ.get("AWS_ACCESS_KEY_ID", "S3RVER"),
        secret_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "S3RVER"),
        region=os.environ.get("AWS_REGION", "us-east-1"),
    )
    s3 = urlsplit(os.environ.get("S3_ENDPOINT", "http://127.0.0.1:9000"))
    GateHandler.upstream = (s3.hostname or "127.0.0.1", s3.port or 80)
    port = int(os.environ.get("S3_GATE_PORT", "9001"))
    server = ThreadingHTTPServer(("127.0.0.1", port), GateHandler)
    server.daemon_threads = True
    logger.info("S3 gate on 127.0.0.1:%s, forwarding form uploads to %s", port, s3.netloc)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
