"""The gate's strict multipart parser: one reading of a form, or a refusal."""

import pytest

from devstack.s3form import MAX_PRE_DATA_BYTES, FormError, build_form, parse_form

TYPE = "multipart/form-data; boundary=xyz"


def _body(*parts: bytes) -> bytes:
    return b"".join(b"--xyz\r\n" + part + b"\r\n" for part in parts) + b"--xyz--\r\n"


def _field(name: str, value: str) -> bytes:
    return f'Content-Disposition: form-data; name="{name}"\r\n\r\n{value}'.encode()


FILE = b'Content-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG'


def test_fields_then_file():
    form = parse_form(
        TYPE, _body(_field("key", "a/b.png"), _field("Content-Type", "image/png"), FILE)
    )
    assert form.fields == {"key": "a/b.png", "content-type": "image/png"}
    assert form.file == b"\x89PNG"


def test_what_follows_the_file_is_ignored():
    form = parse_form(TYPE, _body(_field("key", "a"), FILE, _field("key", "b"), b"junk"))
    assert form.fields == {"key": "a"} and form.file == b"\x89PNG"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (_body(_field("key", "a"), _field("KEY", "b"), FILE), "InvalidArgument"),
        (_body(_field("no-such-field", "a"), FILE), "InvalidArgument"),
        (_body(_field("key", "a")), "InvalidArgument"),  # no file
        (b"preamble\r\n" + _body(_field("key", "a"), FILE), "MalformedPOSTRequest"),
        (_body(_field("key", "a"), FILE)[:-9], "MalformedPOSTRequest"),  # no closing boundary
        (
            _body(b'Content-Disposition: form-data; name="key"; name="x"\r\n\r\na', FILE),
            "MalformedPOSTRequest",
        ),
        (
            _body(b"Content-Disposition: form-data; name*=UTF-8''key\r\n\r\na", FILE),
            "MalformedPOSTRequest",
        ),
        (
            _body(b'Content-Disposition: form-data; name="key"\r\nX-Other: 1\r\n\r\na', FILE),
            "MalformedPOSTRequest",
        ),
        (
            _body(b'Content-Disposition: attachment; name="key"\r\n\r\na', FILE),
            "MalformedPOSTRequest",
        ),
        (
            _body(b'Content-Disposition: form-data; name="k\\"ey"\r\n\r\na', FILE),
            "MalformedPOSTRequest",
        ),
        (_body(_field("key", "a").replace(b"\r\n\r\n", b"\r\n"), FILE), "MalformedPOSTRequest"),
        (
            _body(b'Content-Disposition: form-data; name="key"\r\n\r\n\xff', FILE),
            "MalformedPOSTRequest",
        ),
        (
            _body(_field("x-amz-meta-big", "x" * MAX_PRE_DATA_BYTES), FILE),
            "MaxPostPreDataLengthExceeded",
        ),
    ],
    ids=[
        "duplicate-in-other-case",
        "unknown-field",
        "no-file",
        "preamble",
        "unterminated",
        "two-names",
        "extended-name",
        "extra-part-header",
        "not-form-data",
        "escaped-quote-in-name",
        "no-blank-line",
        "not-utf8",
        "fields-over-20k",
    ],
)
def test_forms_s3_would_refuse_are_refused(body, code):
    with pytest.raises(FormError) as refused:
        parse_form(TYPE, body)
    assert refused.value.code == code


@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "multipart/form-data; boundary=a; boundary=b",
    ],
)
def test_a_content_type_without_one_boundary_is_refused(content_type):
    with pytest.raises(FormError):
        parse_form(content_type, _body(_field("key", "a"), FILE))


def test_the_rebuilt_form_reads_back_the_same():
    fields = [("key", "a/b.png"), ("content-type", "image/png"), ("x-amz-meta-note", "--xyz\r\n")]
    content_type, body = build_form(fields, b"\x89PNG\r\n--dread-gate-")
    form = parse_form(content_type, body)
    assert list(form.fields.items()) == fields and form.file == b"\x89PNG\r\n--dread-gate-"
