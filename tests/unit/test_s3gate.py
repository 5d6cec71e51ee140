"""The S3 gate over HTTP, as NGINX uses it: `/auth` answers and what reaches s3rver."""

from __future__ import annotations

import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import boto3
import pytest
import requests
from botocore.config import Config

from devstack.s3gate import GateHandler, Verifier

KEY, SECRET = "DREADUNITTESTKEY0001", "unit-test-secret-not-s3rver"
HOST = "localhost:8080"  # the public origin presigned URLs are signed for
BUCKET = "dread-media"


class _Recorder(BaseHTTPRequestHandler):
    """s3rver's stand-in: records what the gate forwards, answers 204."""

    protocol_version = "HTTP/1.1"
    seen: list

    def log_message(self, format, *args):
        """Quiet."""

    def do_POST(self):
        """Record the request."""
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.seen.append((self.command, self.path, dict(self.headers.items()), body))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_GET = do_POST


def _serve(handler) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server


@pytest.fixture
def gate():
    """A gate on an ephemeral port that knows KEY/SECRET, in front of a recorder."""
    recorder = type("Recorder", (_Recorder,), {"seen": []})
    upstream = _serve(recorder)
    handler = type(
        "Gate",
        (GateHandler,),
        {
            "verifier": Verifier(access_key=KEY, secret_key=SECRET, region="us-east-1"),
            "upstream": upstream.server_address,
        },
    )
    server = _serve(handler)
    yield SimpleNamespace(
        url=f"http://127.0.0.1:{server.server_address[1]}", seen=recorder.seen, handler=handler
    )
    server.shutdown()
    upstream.shutdown()


def _s3(key=KEY, secret=SECRET):
    return boto3.client(
        "s3",
        region_name="us-east-1",
        endpoint_url=f"http://{HOST}",
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )


def _auth(gate_url, url, method="GET", headers=None):
    """What NGINX's auth_request asks the gate for `method url`."""
    uri = url.split(HOST, 1)[1]
    sent = {"Host": HOST, "X-Original-URI": uri, "X-Original-Method": method, **(headers or {})}
    return requests.get(f"{gate_url}/auth", headers=sent, timeout=5)


def _refused(answer, status, code):
    """auth_request sees 403; the S3 status and code travel in headers for NGINX."""
    assert answer.status_code == 403, answer.text
    assert answer.headers["X-S3-Error-Status"] == str(status)
    assert answer.headers["X-S3-Error-Code"] == code
    return answer.headers["X-S3-Error-Message"]


def _get_url(**kwargs):
    return _s3(**kwargs).generate_presigned_url(
        "get_object", Params={"Bucket": BUCKET, "Key": "videos/v1/video.mp4"}, ExpiresIn=60
    )


def test_a_url_signed_with_the_stack_keys_passes(gate):
    assert _auth(gate.url, _get_url()).status_code == 204


def test_a_url_signed_with_the_s3rver_keys_is_refused(gate):
    _refused(_auth(gate.url, _get_url(key="S3RVER", secret="S3RVER")), 403, "InvalidAccessKeyId")


def test_an_altered_signature_is_signature_does_not_match(gate):
    url = _get_url()
    tampered = url[:-1] + ("0" if url[-1] != "0" else "1")
    _refused(_auth(gate.url, tampered), 403, "SignatureDoesNotMatch")


def test_an_expired_url_is_access_denied_request_has_expired(gate):
    url = _get_url()  # valid for 60 s; the gate's clock is two minutes ahead
    later = time.time() + 120
    gate.handler.verifier = Verifier(
        access_key=KEY, secret_key=SECRET, region="us-east-1", clock=lambda: later
    )
    message = _refused(_auth(gate.url, url), 403, "AccessDenied")
    assert message == "Request has expired"


def test_an_expiry_over_seven_days_is_authorization_query_parameters_error(gate):
    url = _s3().generate_presigned_url(
        "get_object", Params={"Bucket": BUCKET, "Key": "a"}, ExpiresIn=7 * 24 * 3600 + 1
    )
    message = _refused(_auth(gate.url, url), 400, "AuthorizationQueryParametersError")
    assert "less than a week" in message


def test_an_unsigned_request_is_access_denied(gate):
    _refused(_auth(gate.url, f"http://{HOST}/{BUCKET}/a"), 403, "AccessDenied")


def _put_url():
    return _s3().generate_presigned_url(
        "put_object",
        Params={"Bucket": BUCKET, "Key": "videos/v1/captions/en.vtt", "ContentType": "text/vtt"},
        ExpiresIn=60,
    )


def test_an_unsigned_x_amz_header_is_refused(gate):
    url, plain = _put_url(), {"Content-Type": "text/vtt"}
    assert _auth(gate.url, url, "PUT", plain).status_code == 204
    copy = {**plain, "x-amz-copy-source": f"/{BUCKET}/videos/other/source"}
    message = _refused(_auth(gate.url, url, "PUT", copy), 403, "AccessDenied")
    assert "not signed" in message


@pytest.mark.parametrize(
    "extra",
    ["&X-Amz-Expires=604800", "&response-content-type=text/html", "&X-Amz-Signature=" + "0" * 64],
    ids=["auth-param", "operation-param", "second-signature"],
)
def test_a_repeated_query_parameter_is_refused(gate, extra):
    url = _s3().generate_presigned_url(
        "get_object",
        Params={"Bucket": BUCKET, "Key": "a", "ResponseContentType": "video/mp4"},
        ExpiresIn=60,
    )
    assert _auth(gate.url, url).status_code == 204
    _refused(_auth(gate.url, url + extra), 400, "InvalidArgument")


# --- presigned POST (avatar form) -------------------------------------------------------


def _post_form(content_type="image/png"):
    key = f"avatars/u1/{uuid.uuid4().hex}.png"
    post = _s3().generate_presigned_post(
        BUCKET,
        key,
        Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, 1000]],
        ExpiresIn=60,
    )
    return key, post["fields"]


def _multipart(parts, boundary="b0undary"):
    """A form body from (name, value, filename) parts, exactly as given (no normalising)."""
    chunks = []
    for name, value, filename in parts:
        disposition = f'form-data; name="{name}"'
        if filename:
            disposition += f'; filename="{filename}"'
        chunks.append(f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode())
        chunks.append((value if isinstance(value, bytes) else value.encode()) + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(chunks)


def _send_form(gate_url, parts):
    content_type, body = _multipart(parts)
    return requests.post(
        f"{gate_url}/{BUCKET}",
        data=body,
        headers={"Host": HOST, "Content-Type": content_type},
        timeout=5,
    )


def _forwarded_parts(body: bytes) -> list[tuple[str, bytes]]:
    """(name, content) of every part of a forwarded form, with a tolerant reading."""
    boundary = body.split(b"\r\n", 1)[0]
    parts = []
    for chunk in body.split(boundary)[1:-1]:
        head, _, content = chunk.strip(b"\r\n").partition(b"\r\n\r\n")
        name = head.split(b'name="', 1)[1].split(b'"', 1)[0].decode()
        parts.append((name, content))
    return parts


def test_a_valid_form_is_forwarded_as_verified(gate):
    gate_url, seen = gate.url, gate.seen
    key, fields = _post_form()
    parts = [(name, value, None) for name, value in fields.items()]
    answer = _send_form(gate_url, [*parts, ("file", b"\x89PNG image", "a.png")])
    assert answer.status_code == 204, answer.text
    ((_method, path, headers, body),) = seen
    assert path == f"/{BUCKET}" and headers["Host"] == HOST
    forwarded = dict(_forwarded_parts(body))
    assert forwarded == {
        "key": key.encode(),
        "content-type": b"image/png",
        "file": b"\x89PNG image",
    }


def test_a_part_after_the_file_never_reaches_s3rver(gate):
    """The smuggling of issue 10 1c: s3rver read on after the file and took a second key."""
    gate_url, seen = gate.url, gate.seen
    key, fields = _post_form()
    parts = [(name, value, None) for name, value in fields.items()]
    smuggled = [
        ("file", b"\x89PNG image", "a.png"),
        ("key", "avatars/victim/x.html", None),
        ("Content-Type", "text/html", None),
        ("file", b"<script>alert(1)</script>", "x.html"),
    ]
    answer = _send_form(gate_url, [*parts, *smuggled])
    assert answer.status_code == 204, answer.text
    forwarded = _forwarded_parts(seen[0][3])
    assert sorted(name for name, _ in forwarded) == ["content-type", "file", "key"]
    assert dict(forwarded)["key"] == key.encode()
    assert b"text/html" not in seen[0][3] and b"<script>" not in seen[0][3]


@pytest.mark.parametrize(
    "extra",
    [("Key", "avatars/victim/x.png"), ("CONTENT-TYPE", "text/html"), ("acl", "public-read")],
    ids=["key-in-other-case", "content-type-in-other-case", "field-not-in-policy"],
)
def test_a_duplicate_or_uncovered_field_is_refused(gate, extra):
    gate_url, seen = gate.url, gate.seen
    _key, fields = _post_form()
    parts = [(name, value, None) for name, value in fields.items()]
    answer = _send_form(gate_url, [*parts, (*extra, None), ("file", b"\x89PNG", "a.png")])
    assert answer.status_code in (400, 403), answer.text
    assert answer.headers["Content-Type"] == "application/xml"
    assert b"<Code>" in answer.content and not seen


def test_an_unknown_field_is_refused(gate):
    gate_url, seen = gate.url, gate.seen
    _key, fields = _post_form()
    parts = [(name, value, None) for name, value in fields.items()]
    answer = _send_form(gate_url, [*parts, ("bucket", "other", None), ("file", b"x", "a.png")])
    assert answer.status_code == 400 and b"<Code>InvalidArgument</Code>" in answer.content
    assert not seen


def test_a_form_with_a_wrong_signature_is_signature_does_not_match(gate):
    gate_url, seen = gate.url, gate.seen
    _key, fields = _post_form()
    fields["x-amz-signature"] = "0" * 64
    parts = [(name, value, None) for name, value in fields.items()]
    answer = _send_form(gate_url, [*parts, ("file", b"\x89PNG", "a.png")])
    assert answer.status_code == 403
    assert b"<Code>SignatureDoesNotMatch</Code>" in answer.content and not seen
