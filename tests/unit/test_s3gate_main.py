"""The S3 gate binds where S3_GATE_HOST says (compose needs 0.0.0.0; the local stack loopback)."""

import pytest

from devstack import s3gate


class _FakeServer:
    bound: list = []

    def __init__(self, address, handler):
        _FakeServer.bound.append(address)

    def serve_forever(self):
        return None


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, ("127.0.0.1", 9001)),
        ({"S3_GATE_HOST": "0.0.0.0", "S3_GATE_PORT": "9101"}, ("0.0.0.0", 9101)),
    ],
)
def test_gate_binds_s3_gate_host(monkeypatch, env, expected):
    monkeypatch.delenv("S3_GATE_HOST", raising=False)
    monkeypatch.delenv("S3_GATE_PORT", raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "DREADTESTKEY")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(s3gate, "ThreadingHTTPServer", _FakeServer)
    _FakeServer.bound.clear()
    assert s3gate.main() == 0
    assert _FakeServer.bound == [expected]
