"""The bucket route through NGINX (issue 10, 1a-e): only the stack's keys sign, objects are
never active content at the app's origin, forms cannot be smuggled, unsigned x-amz-*
headers are refused, and every refusal is S3's XML."""

import uuid

import boto3
import pytest
import requests
from botocore.config import Config

from tests.accounts import new_account

BUCKET = "dread-media"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


def _s3(stack, *, public=True, keys=None):
    """A client signing for the public origin (through NGINX) or talking to s3rver directly."""
    port = stack.env["DREAD_HTTP_PORT"] if public else stack.env["S3_PORT"]
    host = "localhost" if public else "127.0.0.1"
    return boto3.client(
        "s3",
        region_name="us-east-1",
        endpoint_url=f"http://{host}:{port}",
        **(keys or stack.s3_keys),
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )


def _object(stack, content_type, body=b"x") -> str:
    key = f"security-test/{uuid.uuid4().hex}"
    _s3(stack, public=False).put_object(Bucket=BUCKET, Key=key, Body=body, ContentType=content_type)
    return key


def _get_url(stack, key, expires=60, **params):
    return _s3(stack).generate_presigned_url(
        "get_object", Params={"Bucket": BUCKET, "Key": key, **params}, ExpiresIn=expires
    )


def _s3_error(answer, status, code) -> str:
    assert answer.status_code == status, (answer.status_code, answer.text)
    assert answer.headers["Content-Type"] == "application/xml"
    assert f"<Code>{code}</Code>" in answer.text, answer.text
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    return answer.text


# --- a. keys ----------------------------------------------------------------------------


def test_html_put_signed_with_the_s3rver_keys_is_refused(stack):
    key = f"security-test/{uuid.uuid4().hex}.html"
    s3rver_keys = {"aws_access_key_id": "S3RVER", "aws_secret_access_key": "S3RVER"}
    url = _s3(stack, keys=s3rver_keys).generate_presigned_url(
        "put_object",
        Params={"Bucket": BUCKET, "Key": key, "ContentType": "text/html"},
        ExpiresIn=60,
    )
    answer = requests.put(
        url, data=b"<script>alert(1)</script>", headers={"Content-Type": "text/html"}, timeout=10
    )
    _s3_error(answer, 403, "InvalidAccessKeyId")
    assert requests.get(_get_url(stack, key), timeout=10).status_code == 404


def test_s3rver_itself_no_longer_knows_the_s3rver_keys(stack):
    s3rver_keys = {"aws_access_key_id": "S3RVER", "aws_secret_access_key": "S3RVER"}
    with pytest.raises(Exception, match="InvalidAccessKeyId"):
        _s3(stack, public=False, keys=s3rver_keys).list_objects_v2(Bucket=BUCKET, MaxKeys=1)


# --- b. served as passive content ----------------------------------------------------------


@pytest.mark.parametrize("content_type", ["text/html", "image/svg+xml", "application/javascript"])
def test_an_object_of_another_type_is_a_sandboxed_download(stack, content_type):
    key = _object(stack, content_type, b"<script>alert(document.domain)</script>")
    answer = requests.get(_get_url(stack, key), timeout=10)
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"] == "attachment"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Content-Security-Policy"].startswith("sandbox; default-src 'none'")


def test_a_response_type_override_to_html_is_a_download_too(stack):
    key = _object(stack, "image/png", PNG)
    answer = requests.get(_get_url(stack, key, ResponseContentType="text/html"), timeout=10)
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "text/html"
    assert answer.headers["Content-Disposition"] == "attachment"


@pytest.mark.parametrize(
    "content_type",
    ["video/mp4", "video/mp2t", "application/vnd.apple.mpegurl", "image/png", "text/vtt"],
)
def test_media_images_and_captions_are_inline_but_sandboxed(stack, content_type):
    key = _object(stack, content_type)
    answer = requests.get(_get_url(stack, key), timeout=10)
    assert answer.status_code == 200 and answer.headers["Content-Type"] == content_type
    assert "Content-Disposition" not in answer.headers
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    csp = answer.headers["Content-Security-Policy"]
    assert csp.startswith("sandbox") and "allow-scripts" not in csp and "default-src 'none'" in csp


def test_pages_take_scripts_only_from_js_and_vendor(stack):
    csp = stack.get("/").headers["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src")).split()[1:]
    assert script_src == [
        f"http://127.0.0.1:{stack.env['DREAD_HTTP_PORT']}/js/",
        f"http://127.0.0.1:{stack.env['DREAD_HTTP_PORT']}/vendor/",
    ]


# --- c. form smuggling -------------------------------------------------------------------


def _avatar_form(stack):
    account = new_account(stack)
    response = stack.request(
        "POST",
        "/api/profiles/me/avatar",
        json={"content_type": "image/png", "size_bytes": len(PNG)},
        headers=account.headers,
    )
    assert response.status_code == 201, response.text
    return account, response.json()["upload"]


def _multipart(parts):
    """A body from (name, value, filename) parts in exactly this order and case."""
    chunks = []
    for name, value, filename in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        value = value if isinstance(value, bytes) else value.encode()
        chunks.append(
            f"--B0UNDARY\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + value + b"\r\n"
        )
    return b"".join(chunks) + b"--B0UNDARY--\r\n"


def _post(upload, parts):
    return requests.post(
        upload["url"],
        data=_multipart(parts),
        headers={"Content-Type": "multipart/form-data; boundary=B0UNDARY"},
        timeout=10,
    )


def test_a_part_after_the_file_cannot_store_another_object(stack):
    account, upload = _avatar_form(stack)
    smuggled_key = f"avatars/{uuid.uuid4().hex}/evil.html"
    fields = [(name, value, None) for name, value in upload["fields"].items()]
    answer = _post(
        upload,
        [
            *fields,
            ("file", PNG, "a.png"),
            ("key", smuggled_key, None),
            ("Content-Type", "text/html", None),
            ("file", b"<script>alert(1)</script>", "evil.html"),
        ],
    )
    assert answer.status_code in (200, 201, 204), answer.text
    assert requests.get(_get_url(stack, smuggled_key), timeout=10).status_code == 404
    stored = requests.get(_get_url(stack, upload["fields"]["key"]), timeout=10)
    assert stored.content == PNG and stored.headers["Content-Type"] == "image/png"
    completed = stack.request("POST", "/api/profiles/me/avatar/complete", headers=account.headers)
    assert completed.status_code == 200, completed.text


@pytest.mark.parametrize(
    "extra",
    [("Key", "avatars/someone-else/x.png"), ("content-type", "text/html"), ("x-amz-meta-a", "1")],
    ids=["key-other-case", "content-type-other-case", "field-not-in-policy"],
)
def test_a_duplicate_or_unknown_form_field_is_refused(stack, extra):
    _account, upload = _avatar_form(stack)
    fields = [(name, value, None) for name, value in upload["fields"].items()]
    answer = _post(upload, [*fields, (*extra, None), ("file", PNG, "a.png")])
    assert answer.status_code in (400, 403), answer.text
    assert answer.headers["Content-Type"] == "application/xml" and "<Code>" in answer.text
    assert requests.get(_get_url(stack, upload["fields"]["key"]), timeout=10).status_code == 404


# --- d. unsigned headers, repeated parameters ------------------------------------------------


def test_copy_source_on_a_presigned_caption_put_is_refused(stack):
    secret = _object(stack, "video/mp4", b"another instructor's draft")
    target = f"videos/{uuid.uuid4().hex}/captions/en.vtt"
    url = _s3(stack).generate_presigned_url(
        "put_object",
        Params={"Bucket": BUCKET, "Key": target, "ContentType": "text/vtt"},
        ExpiresIn=60,
    )
    headers = {"Content-Type": "text/vtt", "x-amz-copy-source": f"/{BUCKET}/{secret}"}
    text = _s3_error(requests.put(url, data=b"", headers=headers, timeout=10), 403, "AccessDenied")
    assert "not signed" in text
    assert requests.get(_get_url(stack, target), timeout=10).status_code == 404
    plain = requests.put(url, data=b"WEBVTT\n", headers={"Content-Type": "text/vtt"}, timeout=10)
    assert plain.status_code == 200, plain.text


def test_a_repeated_query_parameter_is_refused(stack):
    key = _object(stack, "image/png", PNG)
    url = _get_url(stack, key, ResponseContentType="image/png")
    assert requests.get(url, timeout=10).status_code == 200
    answer = requests.get(url + "&response-content-type=text/html", timeout=10)
    _s3_error(answer, 400, "InvalidArgument")


# --- e. S3's error documents ---------------------------------------------------------------


def test_an_altered_signature_is_signature_does_not_match(stack):
    url = _get_url(stack, _object(stack, "image/png", PNG))
    tampered = url[:-1] + ("0" if url[-1] != "0" else "1")
    _s3_error(requests.get(tampered, timeout=10), 403, "SignatureDoesNotMatch")


def test_an_expired_url_is_access_denied_request_has_expired(stack):
    import time

    url = _get_url(stack, _object(stack, "image/png", PNG), expires=1)
    time.sleep(2.5)
    text = _s3_error(requests.get(url, timeout=10), 403, "AccessDenied")
    assert "<Message>Request has expired</Message>" in text


def test_an_expiry_over_a_week_is_authorization_query_parameters_error(stack):
    url = _get_url(stack, _object(stack, "image/png", PNG), expires=7 * 24 * 3600 + 1)
    text = _s3_error(requests.get(url, timeout=10), 400, "AuthorizationQueryParametersError")
    assert "less than a week" in text


def test_an_unsigned_request_is_access_denied(stack):
    _s3_error(stack.get(f"/{BUCKET}/{_object(stack, 'image/png', PNG)}"), 403, "AccessDenied")
