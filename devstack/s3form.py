"""Strict multipart/form-data for the S3 gate: parse a presigned-POST form, rebuild it.

The gate and s3rver must never read one body two ways (the smuggling of issue 10 1c: a
parser that lower-cased names and stopped at the first `file` let s3rver, which reads on,
store a second part). So this parser accepts only the plain shape browsers and SDKs send
(no preamble, two known part headers, token field names) and refuses anything else; the
gate then forwards a body it builds itself from the fields it verified and the file.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

# S3's limit on the form before the file ("The form data and boundaries (excluding the
# contents of the file) cannot exceed 20 KB").
MAX_PRE_DATA_BYTES = 20 * 1024
BOUNDARY = re.compile(r"[0-9A-Za-z'()+_,\-./:=?]{1,70}")
TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
PARAM = re.compile(r';[ \t]*([A-Za-z*]+)=("[^"\r\n]*"|[^\s;"]+)[ \t]*')
# Verified by the gate, meaningless to s3rver: not forwarded.
AUTH_FIELDS = {
    "policy",
    "x-amz-algorithm",
    "x-amz-credential",
    "x-amz-date",
    "x-amz-signature",
    "x-amz-security-token",
}
# The form fields S3 knows (names compare case-insensitively); x-ignore-* fields are ignored.
KNOWN_FIELDS = AUTH_FIELDS | {
    "key",
    "acl",
    "cache-control",
    "content-type",
    "content-disposition",
    "content-encoding",
    "expires",
    "success_action_redirect",
    "redirect",
    "success_action_status",
    "tagging",
    "x-amz-storage-class",
    "x-amz-website-redirect-location",
}
KNOWN_PREFIXES = ("x-amz-meta-", "x-amz-server-side-encryption", "x-amz-checksum-", "x-ignore-")


class FormError(ValueError):
    """A form S3 would refuse: `code` and `message` as S3 words them."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def _malformed(why: str) -> FormError:
    return FormError(
        "MalformedPOSTRequest",
        f"The body of your POST request is not well-formed multipart/form-data ({why}).",
    )


@dataclass
class Form:
    """A parsed form: fields before the file (lower-case names, in order) and the file."""

    fields: dict[str, str] = field(default_factory=dict)
    file: bytes = b""

    def forwarded(self) -> list[tuple[str, str]]:
        """The fields s3rver gets: the verified ones that shape the object."""
        return [
            (name, value)
            for name, value in self.fields.items()
            if name not in AUTH_FIELDS and not name.startswith("x-ignore-")
        ]


def boundary_of(content_type: str) -> str:
    """The boundary of a `multipart/form-data` Content-Type; FormError for anything else."""
    media, _, params = content_type.partition(";")
    if media.strip().lower() != "multipart/form-data":
        raise FormError(
            "PreconditionFailed",
            "Bucket POST must be of the enclosure-type multipart/form-data",
            412,
        )
    found = [
        value.strip().strip('"')
        for name, _, value in (p.partition("=") for p in params.split(";"))
        if name.strip().lower() == "boundary"
    ]
    if len(found) != 1 or not BOUNDARY.fullmatch(found[0]):
        raise _malformed("boundary")
    return found[0]


def _part_name(head: bytes) -> str:
    """The lower-case field name from a part's headers (Content-Disposition, Content-Type)."""
    try:
        lines = head.decode("ascii").split("\r\n")
    except UnicodeDecodeError:
        raise _malformed("non-ASCII part header") from None
    seen: dict[str, str] = {}
    for line in lines:
        name, colon, value = line.partition(":")
        name = name.lower()
        if not colon or name not in ("content-disposition", "content-type") or name in seen:
            raise _malformed("part header")
        seen[name] = value.strip()
    disposition = seen.get("content-disposition", "")
    kind, rest = disposition[:9], disposition[9:]
    if kind.lower() != "form-data" or PARAM.sub("", rest).strip():
        raise _malformed("Content-Disposition")
    params: dict[str, str] = {}
    for key, value in PARAM.findall(rest):
        key = key.lower()
        if key not in ("name", "filename") or key in params:
            raise _malformed("Content-Disposition parameter")
        params[key] = value[1:-1] if value.startswith('"') else value
    if not TOKEN.fullmatch(params.get("name", "")):
        raise _malformed("field name")
    return params["name"].lower()


def parse_form(content_type: str, body: bytes) -> Form:
    """The fields up to the first `file` part and that file; FormError when S3 would refuse.

    Names compare case-insensitively, so `Key` after `key` is a duplicate (refused), as is
    any name S3 does not know. S3 ignores what follows the file; so does the gate, and it
    never forwards it.
    """
    delimiter = b"--" + boundary_of(content_type).encode()
    if not body.startswith(delimiter + b"\r\n"):
        raise _malformed("first boundary")
    separator = b"\r\n" + delimiter
    form, position = Form(), len(delimiter) + 2
    while True:
        end = body.find(separator, position)
        if end < 0:
            raise _malformed("closing boundary")
        head, blank, content = body[position:end].partition(b"\r\n\r\n")
        if not blank:
            raise _malformed("part without headers")
        name = _part_name(head)
        if name == "file":
            form.file = content
            return form
        if end > MAX_PRE_DATA_BYTES:
            raise FormError(
                "MaxPostPreDataLengthExceeded",
                "Your POST request fields preceding the upload file were too large.",
            )
        if name in form.fields:
            raise FormError("InvalidArgument", f"The form field {name} appears more than once.")
        if name not in KNOWN_FIELDS and not name.startswith(KNOWN_PREFIXES):
            raise FormError("InvalidArgument", f"The form field {name} is not supported.")
        try:
            form.fields[name] = content.decode("utf-8")
        except UnicodeDecodeError:
            raise _malformed(f"{name} is not UTF-8") from None
        after = body[end + len(separator) : end + len(separator) + 2]
        if after == b"--":
            raise FormError("InvalidArgument", "POST requires exactly one file upload per request.")
        if after != b"\r\n":
            raise _malformed("boundary line")
        position = end + len(separator) + 2


def build_form(fields: list[tuple[str, str]], file: bytes) -> tuple[str, bytes]:
    """(Content-Type, body) of a plain form with `fields` then `file`: what s3rver gets."""
    values = [value.encode() for _name, value in fields]
    while True:  # a boundary found in no value, so the body has one reading only
        boundary = f"dread-gate-{secrets.token_hex(16)}"
        if not any(boundary.encode() in v for v in [*values, file]):
            break
    chunks = []
    for (name, _value), value in zip(fields, values, strict=True):
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value
            + b"\r\n"
        )
    chunks.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="file"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + file
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return f"multipart/form-data; boundary={boundary}", b"".join(chunks)
