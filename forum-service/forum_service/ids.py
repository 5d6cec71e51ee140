"""Ids of the forum (ids in paths follow the kit's `<id:...>` rule)."""

from __future__ import annotations

import uuid


def new_id() -> str:
    """A fresh post id."""
    return uuid.uuid4().hex
