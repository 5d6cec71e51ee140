"""DynamoDB Local storage of the local stack: SQLite files by default, memory when asked."""

from __future__ import annotations

from devstack.config import StackConfig
from devstack.launch import _dynamodb_storage


def test_tables_live_in_files_under_the_stack_home_by_default(monkeypatch, tmp_path):
    monkeypatch.setenv("DREAD_HOME", str(tmp_path))
    monkeypatch.delenv("DREAD_DYNAMODB_IN_MEMORY", raising=False)
    config = StackConfig.from_env()
    assert _dynamodb_storage(config) == ["-dbPath", str(tmp_path / "dynamodb")]


def test_in_memory_tables_when_the_environment_asks(monkeypatch, tmp_path):
    monkeypatch.setenv("DREAD_HOME", str(tmp_path))
    monkeypatch.setenv("DREAD_DYNAMODB_IN_MEMORY", "1")
    assert _dynamodb_storage(StackConfig.from_env()) == ["-inMemory"]
