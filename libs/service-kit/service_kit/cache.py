"""The one in-process cache of the platform: bounded, thread-safe, on `cachetools`.

Services keep other services' answers a few seconds (`ttl_s`) or, for facts that never
change, until the least recently used entry makes room (`ttl_s=None`). Both are bounded,
so a flood of distinct keys costs memory once, never without limit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable

from cachetools import LRUCache, TTLCache

_MISSING = object()


class Cache:
    """A bounded map of recent answers; entries expire after `ttl_s` (None: never)."""

    def __init__(self, *, max_size: int, ttl_s: float | None = None, timer=time.monotonic):
        if ttl_s is None:
            self._items = LRUCache(maxsize=max_size)
        else:
            self._items = TTLCache(maxsize=max_size, ttl=ttl_s, timer=timer)
        self.ttl_s = ttl_s
        self._lock = threading.Lock()  # cachetools' caches are not thread-safe on their own

    def get(self, key: Hashable, default=None):
        """The cached value of `key`, or `default` when it is absent or expired."""
        with self._lock:
            return self._items.get(key, default)

    def put(self, key: Hashable, value) -> None:
        """Remember `value` for `key` (evicting the least recently used entry when full)."""
        with self._lock:
            self._items[key] = value

    def pop(self, key: Hashable) -> None:
        """Forget `key` (no error when it is not there)."""
        with self._lock:
            self._items.pop(key, None)

    def drop(self, matches: Callable[[Hashable], bool]) -> None:
        """Forget every key for which `matches(key)` is true."""
        with self._lock:
            for key in [key for key in self._items if matches(key)]:
                del self._items[key]

    def clear(self) -> None:
        """Forget everything (tests start from an empty cache)."""
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def fetch(self, key: Hashable, compute: Callable[[], object], *, keep=None):
        """The cached value of `key`, else `compute()`'s, remembered when `keep(value)` is true.

        `compute` runs outside the lock: a slow call to another service never blocks other
        keys (two threads missing the same key may both compute it; the answers are equal).
        """
        value = self.get(key, _MISSING)
        if value is not _MISSING:
            return value
        value = compute()
        if keep is None or keep(value):
            self.put(key, value)
        return value
