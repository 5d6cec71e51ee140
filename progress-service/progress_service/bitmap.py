"""Coverage chunks: the watched 1-second cells of 30 minutes of video as one 225-byte bitmap.

Cell i (see coverage.py) is bit i % CHUNK_CELLS of chunk i // CHUNK_CELLS; bit j of a chunk is
bit j % 8 of byte j // 8. A chunk only ever grows by OR, so replayed, reordered or concurrent
heartbeats merge to the same bits (the store guards each read → OR → write with a version).
"""

from __future__ import annotations

from collections.abc import Iterable

CHUNK_CELLS = 1800  # 30 minutes of 1-second cells
CHUNK_BYTES = CHUNK_CELLS // 8  # 225
BUCKET_CELLS = 10  # analytics retention buckets of 10 s; a chunk holds a whole number of them
CHUNK_BUCKETS = CHUNK_CELLS // BUCKET_CELLS  # 180
CHUNK_BUCKETS_BYTES = (CHUNK_BUCKETS + 7) // 8  # 23: a chunk's re-watched buckets as bits


def chunk_of(cell: int) -> int:
    """The chunk holding `cell`."""
    return cell // CHUNK_CELLS


def split(cells: Iterable[int]) -> dict[int, set[int]]:
    """Cells grouped by chunk, as offsets inside their chunk."""
    grouped: dict[int, set[int]] = {}
    for cell in cells:
        grouped.setdefault(cell // CHUNK_CELLS, set()).add(cell % CHUNK_CELLS)
    return grouped


def to_bytes(offsets: Iterable[int]) -> bytes:
    """A full-size bitmap with `offsets` set."""
    bits = bytearray(CHUNK_BYTES)
    for offset in offsets:
        bits[offset >> 3] |= 1 << (offset & 7)
    return bytes(bits)


def offsets(bits: bytes | None) -> set[int]:
    """The set offsets of a bitmap (None or empty: none)."""
    found: set[int] = set()
    for index, byte in enumerate(bits or b""):
        while byte:
            low = byte & -byte
            found.add(index * 8 + low.bit_length() - 1)
            byte ^= low
    return found


def merge(bits: bytes | None, new: Iterable[int]) -> bytes:
    """`bits` OR the offsets `new` (a full-size bitmap)."""
    merged = bytearray((bits or b"").ljust(CHUNK_BYTES, b"\0"))
    for offset in new:
        merged[offset >> 3] |= 1 << (offset & 7)
    return bytes(merged)


def count(bits: bytes | None) -> int:
    """How many bits are set."""
    return int.from_bytes(bits or b"", "little").bit_count()
