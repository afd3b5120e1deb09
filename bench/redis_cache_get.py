"""One cache read through Django's Redis cache and through ``sendcpp.redis_cache`` (which keeps
its Redis client), timed in turn: 1,000 reads of one small value, the median of five, twice
each. ``REDIS_URL`` (default ``redis://127.0.0.1:6379/2``)."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from django.conf import settings

settings.configure()

from django.core.cache.backends.redis import RedisCache  # noqa: E402

from sendcpp.redis_cache import KeptClientRedisCache  # noqa: E402

URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/2")


def main() -> None:
    for name, kind in (
        ("Django's", RedisCache),
        ("kept client", KeptClientRedisCache),
        ("Django's", RedisCache),
        ("kept client", KeptClientRedisCache),
    ):
        cache = kind(URL, {"KEY_PREFIX": "bench-redis-cache-get"})
        cache.set("value", {"figures": [1, 2, 3]}, 60)
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            for _ in range(1000):
                cache.get("value")
            timings.append(time.perf_counter() - started)
        print(f"{name:12} {statistics.median(timings) * 1000:.1f} µs a read")
        cache.delete("value")


if __name__ == "__main__":
    main()
