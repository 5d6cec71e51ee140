"""`python -m devstack.s3gate`: the local stand-in for the checks S3 makes before serving.

s3rver checks no SigV4 signature, so NGINX asks this gate first (`auth_request`) for every
request to the bucket: the gate recomputes the signature with botocore's own signer (the
stack's generated key pair, never s3rver's public S3RVER one), checks expiry, refuses
unsigned `x-amz-*` headers and repeated query parameters, and answers 204 (let through) or
403 with S3's error code in `X-S3-Error-*` headers (NGINX drops an auth_request body and
renders S3's XML from them). Browser form uploads (presigned POST) carry their signature in
the body, which `auth_request` cannot see, so NGINX sends POSTs to the bucket root here as a
proxy: the gate parses the form strictly (devstack/s3form.py), checks the policy signature,
expiry and conditions, and forwards a body rebuilt from what it verified.
"""

from __future__ import annotations

import base64
import binascii
import calendar
import contextlib
import hmac
import http.client
import json
import logging
import os
import sys
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit
from xml.sax.saxutils import escape

from botocore.auth import S3SigV4Auth, S3SigV4PostAuth, S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import ReadOnlyCredentials

from .s3form import Form, FormError, build_form, parse_form

logger = logging.getLogger("devstack.s3gate")
MAX_EXPIRES_S = 7 * 24 * 3600  # S3's own limit for presigned URLs
CLOCK_SKEW_S = 15 * 60
MAX_FORM_BYTES = 16 * 1024 * 1024
SIGV4_TIME = "%Y%m%dT%H%M%SZ"
ALGORITHM = "AWS4-HMAC-SHA256"
QUERY_AUTH = (
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
)
WELL_KNOWN_KEY = "S3RVER"  # s3rver's public default: anyone could sign with it


@dataclass(frozen=True)
class Refusal:
    """A refused request as S3 words it: HTTP status, error code, message (and a log note)."""

    status: int
    code: str
    message: str
    detail: str = ""

    def xml(self, request_id: str = "") -> bytes:
        """S3's error document."""
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{escape(self.code)}</Code><Message>{escape(self.message)}</Message>"
            f"<RequestId>{escape(request_id)}</RequestId></Error>"
        ).encode()


SIGNATURE_MISMATCH = (
    "The request signature we calculated does not match the signature you provided. "
    "Check your key and signing method."
)


def _denied(detail: str, message: str = "Access Denied") -> Refusal:
    return Refusal(403, "AccessDenied", message, detail)


def _mismatch(detail: str = "signature mismatch") -> Refusal:
    return Refusal(403, "SignatureDoesNotMatch", SIGNATURE_MISMATCH, detail)


def _query_error(message: str) -> Refusal:
    return Refusal(400, "AuthorizationQueryParametersError", message, message)


def _header_error(message: str) -> Refusal:
    return Refusal(400, "AuthorizationHeaderMalformed", message, message)


def _invalid(message: str) -> Refusal:
    return Refusal(400, "InvalidArgument", message, message)


def _epoch(amz_date: str) -> float:
    return calendar.timegm(time.strptime(amz_date, SIGV4_TIME))


def _names(headers) -> list[str]:
    """Every header name of the request, lower-case, repeats included."""
    return [name.lower() for name in headers.keys()]  # noqa: SIM118 (Message.keys keeps repeats)


def _header_refusal(headers, signed: list[str]) -> Refusal | None:
    """S3's header rules: host signed, no repeated signed or x-amz-* header, none unsigned."""
    if "host" not in signed:
        return _invalid("The host header must be signed.")
    names = _names(headers)
    for name in set(names):
        if names.count(name) > 1 and (name in signed or name.startswith("x-amz-")):
            return _invalid(f"The {name} header appears more than once.")
    unsigned = sorted({n for n in names if n.startswith("x-amz-")} - set(signed))
    if unsigned:
        return _denied(
            f"unsigned headers {', '.join(unsigned)}",
            "There were headers present in the request which were not signed",
        )
    return None


def _signed_value(name: str, host: str, headers) -> str:
    """A signed header's value; NGINX's auth subrequest carries the length separately."""
    if name == "host":
        return host
    if name == "content-length" and "X-Original-Content-Length" in headers:
        return headers["X-Original-Content-Length"]
    return headers.get(name, "")


class Verifier:
    """Checks SigV4 presigned URLs, signed headers and presigned POST forms, as S3 does."""

    def __init__(self, *, access_key: str, secret_key: str, region: str, clock=time.time):
        self.credentials = ReadOnlyCredentials(access_key, secret_key, None)
        self.region = region
        self.clock = clock

    def _scope_refusal(self, credential: str, amz_date: str, error) -> Refusal | None:
        parts = credential.split("/")
        if len(parts) != 5:
            return error(
                "Error parsing the Credential; expecting <AKID>/YYYYMMDD/REGION/s3/aws4_request."
            )
        if not hmac.compare_digest(parts[0], self.credentials.access_key):
            return Refusal(
                403,
                "InvalidAccessKeyId",
                "The AWS Access Key Id you provided does not exist in our records.",
                "unknown access key",
            )
        if parts[1] != amz_date[:8]:
            return error("Invalid credential date. Date is not the same as X-Amz-Date.")
        if parts[2] != self.region:
            return error(f"The region in the Credential is wrong; expecting '{self.region}'.")
        if parts[3:] != ["s3", "aws4_request"]:
            return error("The Credential names the wrong service or terminal.")
        return None

    def _fresh(self, amz_date: str, expires_s: int | None) -> Refusal | None:
        now = self.clock()
        signed_at = _epoch(amz_date)
        if signed_at > now + CLOCK_SKEW_S:
            return _denied("signed in the future", "Request is not valid yet")
        if expires_s is not None and now > signed_at + expires_s:
            return _denied("expired", "Request has expired")
        return None

    def check_request(self, method: str, uri: str, headers) -> Refusal | None:
        """None when the request is signed correctly and in time, else why S3 would refuse it."""
        path, _, query = uri.partition("?")
        pairs = parse_qsl(query, keep_blank_values=True)
        names = [name.lower() for name, _value in pairs]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            return Refusal(
                400,
                "InvalidArgument",
                "A query parameter appears more than once.",
                f"repeated query parameters {', '.join(repeated)}",
            )
        params = dict(pairs)
        authorization = headers.get("Authorization")
        if "x-amz-signature" in names or "x-amz-algorithm" in names:
            if authorization is not None:
                return _invalid("Only one auth mechanism allowed.")
            return self._check_query(method, path, query, params, headers)
        if authorization is not None:
            if not authorization.startswith(ALGORITHM + " "):
                return _invalid("Unsupported Authorization Type")
            return self._check_header(method, uri, headers)
        return _denied("not signed")

    def _request(self, method: str, url: str, headers, names: list[str], amz_date: str):
        host = headers.get("Host", "")
        request = AWSRequest(
            method=method,
            url=f"http://{host}{url}",
            headers={n: _signed_value(n, host, headers) for n in names},
        )
        request.context["timestamp"] = amz_date
        return request

    def _check_query(self, method: str, path: str, query: str, params, headers) -> Refusal | None:
        if any(name not in params for name in QUERY_AUTH):
            return _query_error(
                "Query-string authentication version 4 requires the X-Amz-Algorithm, "
                "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, "
                "and X-Amz-Expires parameters."
            )
        if params["X-Amz-Algorithm"] != ALGORITHM:
            return _query_error(f'X-Amz-Algorithm only supports "{ALGORITHM}"')
        try:
            expires_s = int(params["X-Amz-Expires"])
        except ValueError:
            return _query_error("X-Amz-Expires should be a number")
        if expires_s < 0:
            return _query_error("X-Amz-Expires must be non-negative")
        if expires_s > MAX_EXPIRES_S:
            return _query_error(
                "X-Amz-Expires must be less than a week (in seconds) that is, the given "
                f"X-Amz-Expires must be less than {MAX_EXPIRES_S} seconds"
            )
        amz_date = params["X-Amz-Date"]
        try:
            _epoch(amz_date)
        except ValueError:
            return _query_error(
                "X-Amz-Date must be in the ISO8601 Long Format yyyyMMdd'T'HHmmss'Z'"
            )
        refusal = self._scope_refusal(params["X-Amz-Credential"], amz_date, _query_error)
        refusal = refusal or self._fresh(amz_date, expires_s)
        signed = params["X-Amz-SignedHeaders"].split(";")
        refusal = refusal or _header_refusal(headers, signed)
        if refusal:
            return refusal
        unsigned = "&".join(p for p in query.split("&") if not p.startswith("X-Amz-Signature="))
        request = self._request(method, f"{path}?{unsigned}", headers, signed, amz_date)
        signer = S3SigV4QueryAuth(self.credentials, "s3", self.region, expires=expires_s)
        canonical = signer.canonical_request(request)
        expected = signer.signature(signer.string_to_sign(request, canonical), request)
        return None if hmac.compare_digest(expected, params["X-Amz-Signature"]) else _mismatch()

    def _check_header(self, method: str, uri: str, headers) -> Refusal | None:
        fields = dict(
            part.strip().split("=", 1)
            for part in headers["Authorization"][len(ALGORITHM) + 1 :].split(",")
            if "=" in part
        )
        if {"Credential", "SignedHeaders", "Signature"} - fields.keys():
            return _header_error("The authorization header is malformed.")
        amz_date = headers.get("X-Amz-Date", "")
        try:
            signed_at = _epoch(amz_date)
        except ValueError:
            return _invalid("X-Amz-Date must be in the ISO8601 Long Format yyyyMMdd'T'HHmmss'Z'")
        if abs(self.clock() - signed_at) > CLOCK_SKEW_S:
            return Refusal(
                403,
                "RequestTimeTooSkewed",
                "The difference between the request time and the current time is too large.",
                "clock skew",
            )
        if headers.get("X-Amz-Content-SHA256") is None:
            return Refusal(
                400,
                "InvalidRequest",
                "Missing required header for this request: x-amz-content-sha256",
                "no x-amz-content-sha256",
            )
        signed = fields["SignedHeaders"].split(";")
        refusal = self._scope_refusal(fields["Credential"], amz_date, _header_error)
        refusal = refusal or _header_refusal(headers, signed)
        if refusal:
            return refusal
        request = self._request(method, uri, headers, signed, amz_date)
        signer = S3SigV4Auth(self.credentials, "s3", self.region)
        canonical = signer.canonical_request(request)
        expected = signer.signature(signer.string_to_sign(request, canonical), request)
        return None if hmac.compare_digest(expected, fields["Signature"]) else _mismatch()

    def check_post(self, bucket: str, form: Form) -> Refusal | None:
        """None when a form upload's policy is signed, unexpired and its conditions hold."""
        fields = form.fields
        if "policy" not in fields or "x-amz-signature" not in fields:
            return _denied("form without policy or signature")
        if fields.get("x-amz-algorithm") != ALGORITHM:
            return _invalid(f'x-amz-algorithm only supports "{ALGORITHM}"')
        amz_date = fields.get("x-amz-date", "")
        try:
            _epoch(amz_date)
        except ValueError:
            return _invalid("x-amz-date must be in the ISO8601 Long Format yyyyMMdd'T'HHmmss'Z'")
        refusal = self._scope_refusal(fields.get("x-amz-credential", ""), amz_date, _invalid)
        refusal = refusal or self._fresh(amz_date, None)
        if refusal:
            return refusal
        request = AWSRequest(method="POST", url="http://gate/")
        request.context["timestamp"] = amz_date
        expected = S3SigV4PostAuth(self.credentials, "s3", self.region).signature(
            fields["policy"], request
        )
        if not hmac.compare_digest(expected, fields["x-amz-signature"]):
            return _mismatch()
        try:
            policy = json.loads(base64.b64decode(fields["policy"], validate=True))
            expires = calendar.timegm(time.strptime(policy["expiration"][:19], "%Y-%m-%dT%H:%M:%S"))
        except (ValueError, KeyError, TypeError, binascii.Error):
            return Refusal(400, "InvalidPolicyDocument", "Invalid Policy: Invalid JSON.", "policy")
        if self.clock() > expires:
            return _denied("policy expired", "Invalid according to Policy: Policy expired.")
        if not fields.get("key"):
            return _invalid("Bucket POST must contain a field named 'key'.")
        return _policy_refusal(policy.get("conditions"), bucket, form)


def _condition(condition) -> tuple[str, object, object]:
    """(operator, field or low bound, value or high bound) of one policy condition."""
    if isinstance(condition, dict) and len(condition) == 1:
        name, value = next(iter(condition.items()))
        return "eq", f"${name}", value
    if isinstance(condition, list) and len(condition) == 3:
        return str(condition[0]).lower(), condition[1], condition[2]
    raise ValueError(condition)


def _policy_refusal(conditions, bucket: str, form: Form) -> Refusal | None:
    """S3 POST policy conditions; every form field must be covered by one."""
    invalid = Refusal(400, "InvalidPolicyDocument", "Invalid Policy: Invalid Condition.", "policy")
    if not isinstance(conditions, list):
        return invalid
    values = {**form.fields, "bucket": bucket}
    covered = {"bucket", "policy", "x-amz-signature"}
    for condition in conditions:
        try:
            operator, name, expected = _condition(condition)
        except ValueError:
            return invalid
        if operator == "content-length-range":
            try:
                low, high = int(name), int(expected)  # numbers (or digits, as some SDKs send)
            except (TypeError, ValueError):
                return invalid
            if len(form.file) < low:
                return Refusal(
                    400,
                    "EntityTooSmall",
                    "Your proposed upload is smaller than the minimum allowed size",
                    "file too small",
                )
            if len(form.file) > high:
                return Refusal(
                    400,
                    "EntityTooLarge",
                    "Your proposed upload exceeds the maximum allowed size",
                    "file too large",
                )
            continue
        if not (isinstance(name, str) and name.startswith("$") and isinstance(expected, str)):
            return invalid
        field = name[1:].lower()
        covered.add(field)
        actual = values.get(field, "")
        if operator == "eq":
            holds = actual == expected
        elif operator == "starts-with":
            holds = actual.startswith(expected)
        else:
            return invalid
        if not holds:
            return _denied(
                f"{field} does not match the policy",
                f'Invalid according to Policy: Policy Condition failed: ["{operator}", "${field}"]',
            )
    extra = [n for n in form.fields if n not in covered and not n.startswith("x-ignore-")]
    if extra:
        return _denied(
            f"form field {extra[0]} is not in the policy",
            f"Invalid according to Policy: Extra input fields: {extra[0]}",
        )
    return None


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

    def _refuse(self, method: str, uri: str, refusal: Refusal) -> None:
        logger.warning(
            "refused %s %s: %s %s", method, uri.split("?")[0], refusal.code, refusal.detail
        )
        headers = {"Content-Type": "application/xml"}
        status = refusal.status
        if self.path == "/auth":
            # auth_request passes on only 401/403 and drops the body: NGINX renders the XML
            # (status and all) from these headers. Their values never carry request input.
            status = 403
            headers.update(
                {
                    "X-S3-Error-Status": str(refusal.status),
                    "X-S3-Error-Code": refusal.code,
                    "X-S3-Error-Message": escape(refusal.message),
                }
            )
        body = refusal.xml(self.headers.get("X-Request-ID", ""))
        self._answer(status, body, headers)

    def _handle(self) -> None:
        if self.path == "/auth":
            method = self.headers.get("X-Original-Method", "GET")
            uri = self.headers.get("X-Original-URI", "/")
            refusal = self.verifier.check_request(method, uri, self.headers)
            return self._refuse(method, uri, refusal) if refusal else self._answer(204)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_FORM_BYTES:
            refusal = Refusal(400, "EntityTooLarge", "Your proposed upload is too large.", "body")
            return self._refuse(self.command, self.path, refusal)
        body = self.rfile.read(length) if length else b""
        if self.command == "POST" and "?" not in self.path:
            return self._form_upload(body)
        refusal = self.verifier.check_request(self.command, self.path, self.headers)
        if refusal:
            return self._refuse(self.command, self.path, refusal)
        skip = {"connection", "keep-alive", "transfer-encoding", "content-length"}
        self._forward(body, {k: v for k, v in self.headers.items() if k.lower() not in skip})

    def _form_upload(self, body: bytes) -> None:
        """A presigned POST: parse strictly, verify, forward only what was verified."""
        bucket = urlsplit(self.path).path.strip("/")
        try:
            form = parse_form(self.headers.get("Content-Type", ""), body)
        except FormError as error:
            refusal = Refusal(error.status, error.code, error.message, error.message)
        else:
            refusal = self.verifier.check_post(bucket, form)
        if refusal:
            return self._refuse(self.command, self.path, refusal)
        content_type, rebuilt = build_form(form.forwarded(), form.file)
        self._forward(rebuilt, {"Host": self.headers.get("Host", ""), "Content-Type": content_type})

    def _forward(self, body: bytes, headers: dict) -> None:
        connection = http.client.HTTPConnection(*self.upstream, timeout=30)
        headers["Content-Length"] = str(len(body))
        try:
            connection.request(self.command, self.path, body=body, headers=headers)
            answer = connection.getresponse()
            payload = answer.read()
        finally:
            connection.close()
        skip = {"connection", "keep-alive", "transfer-encoding", "content-length"}
        passed = {k: v for k, v in answer.getheaders() if k.lower() not in skip}
        self._answer(answer.status, payload, passed)

    do_GET = do_HEAD = do_PUT = do_POST = do_DELETE = _handle


def keys_from_env(environ) -> tuple[str, str]:
    """The stack's S3 key pair (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY); required."""
    access_key = environ.get("AWS_ACCESS_KEY_ID", "")
    secret_key = environ.get("AWS_SECRET_ACCESS_KEY", "")
    if not (access_key and secret_key):
        raise SystemExit("s3gate: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set")
    if access_key == WELL_KNOWN_KEY:
        logger.warning(
            "s3gate: verifying against s3rver's public S3RVER key: anyone can sign requests; "
            "use the generated pair (`python -m devstack compose-env`)"
        )
    return access_key, secret_key


def main() -> int:
    """Serve on S3_GATE_HOST:S3_GATE_PORT (default 127.0.0.1:9001) until stopped."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    access_key, secret_key = keys_from_env(os.environ)
    GateHandler.verifier = Verifier(
        access_key=access_key,
        secret_key=secret_key,
        region=os.environ.get("AWS_REGION", "us-east-1"),
    )
    s3 = urlsplit(os.environ.get("S3_ENDPOINT", "http://127.0.0.1:9000"))
    GateHandler.upstream = (s3.hostname or "127.0.0.1", s3.port or 80)
    # loopback for the local stack; a container sets S3_GATE_HOST=0.0.0.0 so NGINX reaches it
    host = os.environ.get("S3_GATE_HOST", "127.0.0.1")
    port = int(os.environ.get("S3_GATE_PORT", "9001"))
    server = ThreadingHTTPServer((host, port), GateHandler)
    server.daemon_threads = True
    logger.info("S3 gate on %s:%s, forwarding form uploads to %s", host, port, s3.netloc)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
