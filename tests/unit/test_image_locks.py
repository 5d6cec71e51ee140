"""The images install only what the hash-locked requirements hold (`make lock`): every
runtime dependency a pyproject declares must be in its image's locks at the declared pin,
or the container exits at import (the course image once lacked Pillow)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
KIT = REPO / "libs" / "service-kit"
spec = importlib.util.spec_from_file_location("image_lock", REPO / "ci-cd" / "images" / "lock.py")
lock = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lock)


def _name(requirement: str) -> str:
    return re.split(r"[=<>!~; \[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _pins(path: Path) -> dict[str, str]:
    """{name: pinned version} of a lock file."""
    pins = {}
    for name, block in lock.blocks(path.read_text()).items():
        pins[name] = block.split("==", 1)[1].split()[0].rstrip("\\") if "==" in block else ""
    return pins


SERVICES = sorted(p.parent.name for p in REPO.glob("*-service/pyproject.toml"))


@pytest.mark.parametrize("service", SERVICES)
def test_every_declared_dependency_is_in_the_image_locks_at_its_pin(service):
    installed = _pins(KIT / "requirements.lock") | _pins(REPO / service / "requirements.lock")
    declared = lock.dependencies(KIT / "pyproject.toml")
    declared += lock.dependencies(REPO / service / "pyproject.toml")
    for requirement in declared:
        name = _name(requirement)
        assert name in installed, f"{service}: {name} is declared but not locked (make lock)"
        if "==" in requirement:
            pin = requirement.split("==", 1)[1].split(";")[0].strip()
            assert installed[name] == pin, f"{service}: {name} locked at {installed[name]}"


def test_a_stale_lock_is_caught(tmp_path):
    # the check itself: a lock without a declared package is reported
    stale = tmp_path / "requirements.lock"
    stale.write_text("requests==2.32.5 \\\n    --hash=sha256:00\n")
    assert "pillow" not in _pins(stale) and _pins(stale)["requests"] == "2.32.5"
