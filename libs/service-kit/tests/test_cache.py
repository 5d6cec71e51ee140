"""The kit's one cache: bounded, expiring, and `fetch` remembers only what it should keep."""

import threading

from service_kit.cache import Cache


class Clock:
    """A timer the test moves by hand."""

    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_entries_expire_after_ttl():
    clock = Clock()
    cache = Cache(max_size=10, ttl_s=5.0, timer=clock)
    cache.put("k", 1)
    clock.now += 4.9
    assert cache.get("k") == 1
    clock.now += 0.2
    assert cache.get("k") is None


def test_size_is_bounded_least_recently_used_first():
    cache = Cache(max_size=2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # a is now the most recently used
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)
    assert len(cache) == 2


def test_fetch_computes_once_and_keeps_only_what_keep_accepts():
    cache = Cache(max_size=10, ttl_s=60)
    calls = []

    def compute(value):
        calls.append(value)
        return value

    assert cache.fetch("yes", lambda: compute(True), keep=bool) is True
    assert cache.fetch("yes", lambda: compute(True), keep=bool) is True
    assert cache.fetch("no", lambda: compute(False), keep=bool) is False
    assert cache.fetch("no", lambda: compute(False), keep=bool) is False
    assert calls == [True, False, False]  # the refusal was asked again, the grant was not


def test_fetch_remembers_a_none_answer():
    cache = Cache(max_size=10, ttl_s=60)
    calls = []
    for _ in range(2):
        assert cache.fetch("gone", lambda: calls.append(1)) is None
    assert calls == [1]


def test_drop_and_pop_forget_matching_keys():
    cache = Cache(max_size=10)
    for key in ("v1/a", "v1/b", "v2/a"):
        cache.put(key, key)
    cache.drop(lambda key: key.startswith("v1/"))
    cache.pop("missing")
    assert (cache.get("v1/a"), cache.get("v1/b"), cache.get("v2/a")) == (None, None, "v2/a")


def test_concurrent_puts_stay_within_bounds():
    cache = Cache(max_size=50, ttl_s=60)

    def writer(base):
        for index in range(500):
            cache.put((base, index), index)
            cache.get((base, index - 1))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache) <= 50
