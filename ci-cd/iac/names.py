"""Logical ids of template resources."""

from __future__ import annotations

import re


def logical(*parts: str) -> str:
    """A CloudFormation logical id from parts: ("video", "videos", "table") -> VideoVideosTable."""
    return "".join(re.sub(r"[^A-Za-z0-9]", " ", p).title().replace(" ", "") for p in parts)
