"""SigV4 checks as S3 makes them: presigned URLs, signed headers and presigned POST forms."""

from __future__ import annotations

import base64
import binascii
import calendar
import hmac
import json
import time
from urllib.parse import parse_qsl

from botocore.auth import S3SigV4Auth, S3SigV4PostAuth, S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import ReadOnlyCredentials

from ..s3form import Form
from .policy import policy_refusal
from .refusal import Refusal, denied, header_error, invalid, mismatch, query_error

MAX_EXPIRES_S = 7 * 24 * 3600  # S3's own limit for presigned URLs
CLOCK_SKEW_S = 15 * 60
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


def _epoch(amz_date: str) -> float:
    return calendar.timegm(time.strptime(amz_date, SIGV4_TIME))


def _names(headers) -> list[str]:
    """Every header name of the request, lower-case, repeats included."""
    return [name.lower() for name in headers.keys()]  # noqa: SIM118 (Message.keys keeps repeats)


def _header_refusal(headers, signed: list[str]) -> Refusal | None:
    """S3's header rules: host signed, no repeated signed or x-amz-* header, none unsigned."""
    if "host" not in signed:
        return invalid("The host header must be signed.")
    names = _names(headers)
    for name in set(names):
        if names.count(name) > 1 and (name in signed or name.startswith("x-amz-")):
            return invalid(f"The {name} header appears more than once.")
    unsigned = sorted({n for n in names if n.startswith("x-amz-")} - set(signed))
    if unsigned:
        return denied(
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
            return denied("signed in the future", "Request is not valid yet")
        if expires_s is not None and now > signed_at + expires_s:
            return denied("expired", "Request has expired")
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
                return invalid("Only one auth mechanism allowed.")
            return self._check_query(method, path, query, params, headers)
        if authorization is not None:
            if not authorization.startswith(ALGORITHM + " "):
                return invalid("Unsupported Authorization Type")
            return self._check_header(method, uri, headers)
        return denied("not signed")

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
            return query_error(
                "Query-string authentication version 4 requires the X-Amz-Algorithm, "
                "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, "
                "and X-Amz-Expires parameters."
            )
        if params["X-Amz-Algorithm"] != ALGORITHM:
            return query_error(f'X-Amz-Algorithm only supports "{ALGORITHM}"')
        try:
            expires_s = int(params["X-Amz-Expires"])
        except ValueError:
            return query_error("X-Amz-Expires should be a number")
        if expires_s < 0:
            return query_error("X-Amz-Expires must be non-negative")
        if expires_s > MAX_EXPIRES_S:
            return query_error(
                "X-Amz-Expires must be less than a week (in seconds) that is, the given "
                f"X-Amz-Expires must be less than {MAX_EXPIRES_S} seconds"
            )
        amz_date = params["X-Amz-Date"]
        try:
            _epoch(amz_date)
        except ValueError:
            return query_error("X-Amz-Date must be in the ISO8601 Long Format yyyyMMdd'T'HHmmss'Z'")
        refusal = self._scope_refusal(params["X-Amz-Credential"], amz_date, query_error)
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
        return None if hmac.compare_digest(expected, params["X-Amz-Signature"]) else mismatch()

    def _check_header(self, method: str, uri: str, headers) -> Refusal | None:
        fields = dict(
            part.strip().split("=", 1)
            for part in headers["Authorization"][len(ALGORITHM) + 1 :].split(",")
            if "=" in part
        )
        if {"Credential", "SignedHeaders", "Signature"} - fields.keys():
            return header_error("The authorization header is malformed.")
        amz_date = headers.get("X-Amz-Date", "")
        try:
            signed_at = _epoch(amz_date)
        except ValueError:
            return invalid("X-Amz-Date must be in the ISO8601 Long Format yyyyMMdd'T'HHmmss'Z'")
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
        refusal = self._scope_refusal(fields["Credential"], amz_date, header_error)
        refusal = refusal or _header_refusal(headers, signed)
        if refusal:
            return refusal
        request = self._request(method, uri, headers, signed, amz_date)
        signer = S3SigV4Auth(self.credentials, "s3", self.region)
        canonical = signer.canonical_request(request)
        expected = signer.signature(signer.string_to_sign(request, canonical), request)
        return None if hmac.compare_digest(expected, fields["Signature"]) else mismatch()

    def check_post(self, bucket: str, form: Form) -> Refusal | None:
        """None when a form upload's policy is signed, unexpired and its conditions hold."""
        fields = form.fields
        if "policy" not in fields or "x-amz-signature" not in fields:
            return denied("form without policy or signature")
        if fields.get("x-amz-algorithm") != ALGORITHM:
            return invalid(f'x-amz-algorithm only supports "{ALGORITHM}"')
        amz_date = fields.get("x-amz-date", "")
        try:
            _epoch(amz_date)
        except ValueError:
            return invalid("x-amz-date must be in the ISO8601 Long Format yyyyMMdd'T'HHmmss'Z'")
        refusal = self._scope_refusal(fields.get("x-amz-credential", ""), amz_date, invalid)
        refusal = refusal or self._fresh(amz_date, None)
        if refusal:
            return refusal
        request = AWSRequest(method="POST", url="http://gate/")
        request.context["timestamp"] = amz_date
        expected = S3SigV4PostAuth(self.credentials, "s3", self.region).signature(
            fields["policy"], request
        )
        if not hmac.compare_digest(expected, fields["x-amz-signature"]):
            return mismatch()
        try:
            policy = json.loads(base64.b64decode(fields["policy"], validate=True))
            expires = calendar.timegm(time.strptime(policy["expiration"][:19], "%Y-%m-%dT%H:%M:%S"))
        except (ValueError, KeyError, TypeError, binascii.Error):
            return Refusal(400, "InvalidPolicyDocument", "Invalid Policy: Invalid JSON.", "policy")
        if self.clock() > expires:
            return denied("policy expired", "Invalid according to Policy: Policy expired.")
        if not fields.get("key"):
            return invalid("Bucket POST must contain a field named 'key'.")
        return policy_refusal(policy.get("conditions"), bucket, form)
