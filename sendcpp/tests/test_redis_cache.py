"""The Redis cache keeps one Redis client per server instead of making one for every call, and
reads, writes and forgets as Django's own does."""

from __future__ import annotations

import os

from django.conf import settings

from sendcpp.redis_cache import KeptClientRedisCache

# The tests' own cache is in memory; this one is the production backend on the run's Redis.
PREFIX = f"kept-client-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def test_production_uses_it():
    from sendcpp.settings import base

    assert base.REDIS_URL  # the test run always has one (``sendcpp.settings.test``)
    assert base.CACHES["default"]["BACKEND"] == "sendcpp.redis_cache.KeptClientRedisCache"


def test_the_cache_keeps_its_client_and_still_reads_writes_and_forgets():
    cache = KeptClientRedisCache(settings.REDIS_URL, {"KEY_PREFIX": PREFIX})
    client = cache._cache.get_client()
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client  # one server: reads and writes alike
    cache.set("kept-client", {"figures": [1, 2]}, 30)
    assert cache.get("kept-client") == {"figures": [1, 2]}
    assert cache.get_many(["kept-client", "never-set"]) == {"kept-client": {"figures": [1, 2]}}
    cache.delete("kept-client")
    assert cache.get("kept-client") is None


def test_with_a_replica_reads_and_writes_each_keep_their_own_client():
    url = settings.REDIS_URL
    cache = KeptClientRedisCache(f"{url},{url}", {"KEY_PREFIX": PREFIX})
    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client()
    assert writer is not reader
    assert cache._cache.get_client(write=True) is writer
    assert cache._cache.get_client() is reader
    cache.set("replicated", "yes", 30)
    assert cache.get("replicated") == "yes"  # the same Redis behind both, here
    cache.delete("replicated")
