"""S3's refusals: the status, error code and message S3 answers with, and its XML document."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape


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


def denied(detail: str, message: str = "Access Denied") -> Refusal:
    """403 AccessDenied."""
    return Refusal(403, "AccessDenied", message, detail)


def mismatch(detail: str = "signature mismatch") -> Refusal:
    """403 SignatureDoesNotMatch."""
    return Refusal(403, "SignatureDoesNotMatch", SIGNATURE_MISMATCH, detail)


def query_error(message: str) -> Refusal:
    """400 AuthorizationQueryParametersError (a malformed presigned URL)."""
    return Refusal(400, "AuthorizationQueryParametersError", message, message)


def header_error(message: str) -> Refusal:
    """400 AuthorizationHeaderMalformed."""
    return Refusal(400, "AuthorizationHeaderMalformed", message, message)


def invalid(message: str) -> Refusal:
    """400 InvalidArgument."""
    return Refusal(400, "InvalidArgument", message, message)
