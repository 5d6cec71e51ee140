"""Mapping DynamoDB values back to plain Python, for every store's `_to_x(item)` mapper."""

from __future__ import annotations

from decimal import Decimal


def plain_number(value: Decimal) -> int | float:
    """A DynamoDB number as int when whole, else float."""
    return int(value) if value == value.to_integral_value() else float(value)


def plain(value):
    """DynamoDB values as JSON-friendly Python (Decimal → int/float), recursively."""
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value
