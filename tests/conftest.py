"""A private local stack for the cross-service suites: own ports, own data folder."""

from __future__ import annotations

import os

import pytest

from devstack.handle import Stack, start_private_stack

AREAS = ("auth", "profiles", "courses", "videos", "watchlist", "progress", "forum")
__all__ = ["AREAS", "Stack"]


@pytest.fixture(scope="session")
def stack():
    """Start a private stack once per test session and stop it afterwards."""
    try:
        handle = start_private_stack(
            int(os.environ.get("DREAD_TEST_PORT_BASE", "21000")),
            prefix="dread-test-",
            # small multipart thresholds so the tests exercise multipart uploads quickly
            VIDEO_MULTIPART_THRESHOLD_BYTES=str(2 * 1024 * 1024),
            VIDEO_PART_SIZE_BYTES=str(1024 * 1024),
            FORUM_DIGEST_INTERVAL_S="4",  # the "daily" digest every few seconds
            AUTH_REFRESH_REUSE_GRACE_S="2",  # reuse detection is tested past a short grace
            # Every suite's requests come from 127.0.0.1: the per-client hourly reset quota
            # (unit-tested in auth-service) would run out for the whole session once the fuzz
            # and access-matrix suites have asked for resets, within one clock hour.
            AUTH_RESET_PER_CLIENT_HOUR="100000",
        )
    except RuntimeError as error:
        pytest.fail(str(error))
    yield handle
    handle.devstack("down", check=False)
