"""Each stack gets its own S3 key pair; nothing signs with s3rver's public S3RVER pair."""

import stat

import pytest

from devstack.config import StackConfig
from devstack.s3gate import keys_from_env
from devstack.secrets import ensure_secrets, read_s3_keys


def test_each_stack_gets_its_own_random_s3_keys(tmp_path):
    first = ensure_secrets(tmp_path / "one")
    second = ensure_secrets(tmp_path / "two")
    for env in (first, second):
        assert env["AWS_ACCESS_KEY_ID"] != "S3RVER" and len(env["AWS_ACCESS_KEY_ID"]) == 20
        assert env["AWS_SECRET_ACCESS_KEY"] != "S3RVER" and len(env["AWS_SECRET_ACCESS_KEY"]) >= 40
    assert first["AWS_ACCESS_KEY_ID"] != second["AWS_ACCESS_KEY_ID"]
    assert first["AWS_SECRET_ACCESS_KEY"] != second["AWS_SECRET_ACCESS_KEY"]


def test_the_keys_survive_a_restart_and_are_private(tmp_path):
    env = ensure_secrets(tmp_path)
    assert ensure_secrets(tmp_path) == env
    assert read_s3_keys(tmp_path) == (env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"])
    for path in tmp_path.glob("s3-*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_services_worker_and_gate_get_the_generated_keys(tmp_path, monkeypatch):
    monkeypatch.setenv("DREAD_HOME", str(tmp_path))
    config = StackConfig.from_env()
    env = config.service_env(ensure_secrets(config.secrets))
    assert (env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]) == read_s3_keys(config.secrets)
    assert "S3RVER" not in env.values()


def test_the_gate_will_not_start_without_keys():
    with pytest.raises(SystemExit):
        keys_from_env({})
    assert keys_from_env({"AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"}) == ("a", "b")
