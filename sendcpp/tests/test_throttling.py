"""API rate limits: per partner key and per signed-in person, exact under concurrency.

The concurrent tests run against the real Redis at REDIS_URL (CI always sets it); the others use
the Django cache, which is what an installation without Redis counts on."""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from rest_framework.throttling import SimpleRateThrottle

from conftest import sign_in
from sendcpp.api import throttling

REDIS_URL = os.environ.get("REDIS_URL", "")
# The start of a minute, so that every call of a test falls in one fixed window.
START = datetime(2026, 12, 7, 9, 30, 0, tzinfo=UTC)


def needs_redis(test: Callable[..., None]) -> Callable[..., None]:
    test = pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL (CI always sets it)")(test)
    return pytest.mark.redis(test)


@pytest.fixture
def rates() -> Iterator[Callable[..., None]]:
    original = dict(SimpleRateThrottle.THROTTLE_RATES)

    def set_rates(**scopes: str) -> None:
        SimpleRateThrottle.THROTTLE_RATES = {**original, **scopes}

    cache.clear()
    yield set_rates
    SimpleRateThrottle.THROTTLE_RATES = original
    cache.clear()


@pytest.fixture
def on_redis(settings, monkeypatch) -> Iterator[None]:
    settings.THROTTLE_REDIS_URL = REDIS_URL
    # Each test process counts under its own prefix on the shared Redis: the same user id in
    # another process's database (or its clean-up) must not touch this test's counters.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    monkeypatch.setattr(throttling, "KEY_PREFIX", f"{throttling.KEY_PREFIX}-test-{worker}")
    client = throttling._redis(REDIS_URL)

    def forget() -> None:
        for key in client.scan_iter(f"{throttling.KEY_PREFIX}:*"):
            client.delete(key)

    forget()
    yield
    forget()


def _all_at_once(count: int, call: Callable[[], int]) -> list[int]:
    """Run ``call`` in ``count`` threads released together; return what each returned."""
    barrier = threading.Barrier(count)
    results: list[int] = []
    lock = threading.Lock()

    def worker() -> None:
        barrier.wait()
        try:
            result = call()
        finally:
            connection.close()
        with lock:
            results.append(result)

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == count
    return results


# The counter itself ---------------------------------------------------------------------------


def test_the_cache_counter_allows_exactly_the_limit_in_a_window(settings, rates):
    settings.THROTTLE_REDIS_URL = ""
    with time_machine.travel(START, tick=False) as traveller:
        results = [throttling.hit("t", "a", limit=3, window=60) for _ in range(5)]
        assert [allowed for allowed, _ in results] == [True, True, True, False, False]
        assert results[-1][1] == 60
        traveller.shift(45)
        assert throttling.hit("t", "a", limit=3, window=60) == (False, 15)
        # Another caller has their own count.
        assert throttling.hit("t", "b", limit=3, window=60)[0]
        traveller.shift(15)  # the next window
        assert throttling.hit("t", "a", limit=3, window=60)[0]


@needs_redis
@pytest.mark.usefixtures("on_redis")
def test_the_redis_counter_is_exact_under_concurrency():
    with time_machine.travel(START, tick=False):
        results = _all_at_once(64, lambda: int(throttling.hit("t", "x", limit=20, window=60)[0]))
    assert sum(results) == 20
    key = f"{throttling.KEY_PREFIX}:t:x:60:{int(START.timestamp()) // 60}"
    client = throttling._redis(REDIS_URL)
    assert int(client.get(key)) == 64
    assert 0 < client.ttl(key) <= 61  # the window's key does not outlive it


# Through the API ------------------------------------------------------------------------------


def test_a_partner_key_over_its_limit_gets_429_with_retry_after(world, partner_keys, rates):
    rates(partner="3/minute")
    _, key = partner_keys["school_reader"]
    partner = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    with time_machine.travel(START, tick=False) as traveller:
        traveller.shift(20)
        statuses = [partner.get("/api/v1/cases/").status_code for _ in range(4)]
        refused = partner.get("/api/v1/cases/")
    assert statuses == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert refused["Retry-After"] == "40"
    assert "detail" in refused.json()
    # Another key is counted on its own.
    _, other = partner_keys["la_reader"]
    with time_machine.travel(START, tick=False):
        assert Client(HTTP_AUTHORIZATION=f"Bearer {other}").get("/api/v1/cases/").status_code == 200


def test_signed_in_people_calling_the_api_are_limited_per_person(world, client_for, rates):
    rates(user="2/minute")
    with time_machine.travel(START, tick=False):
        coordinator = client_for(world.coordinator)
        statuses = [coordinator.get("/api/v1/cases/").status_code for _ in range(3)]
        refused = coordinator.get("/api/v1/cases/")
        # The limit is the person's, not the browser's: a second session shares it.
        assert client_for(world.coordinator).get("/api/v1/cases/").status_code == 429
        # Someone else is not held up.
        assert client_for(world.manager).get("/api/v1/cases/").status_code == 200
    assert statuses == [200, 200, 429]
    assert refused["Retry-After"] == "60"
    # Pages are not rate-limited by the API's limit.
    with time_machine.travel(START, tick=False):
        assert coordinator.get("/").status_code == 200


def test_the_schema_still_declares_429_for_api_operations(client_for, world):
    schema = client_for(world.manager).get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/cases/"]["get"]
    assert "429" in operation["responses"]


@needs_redis
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("on_redis")
def test_a_partner_key_gets_exactly_its_limit_under_concurrent_calls(world, partner_keys, rates):
    rates(partner="5/minute")
    _, key = partner_keys["school_reader"]

    def call() -> int:
        return Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/cases/").status_code

    with time_machine.travel(START, tick=False):
        statuses = Counter(_all_at_once(24, call))
    assert statuses == Counter({200: 5, 429: 19})


@needs_redis
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("on_redis")
def test_a_signed_in_person_gets_exactly_their_limit_under_concurrent_calls(world, rates):
    rates(user="4/minute")

    def call() -> int:
        client = Client()
        client.cookies["sessionid"] = cookie
        response = client.get("/api/v1/cases/")
        if response.status_code == 429:
            assert int(response["Retry-After"]) == 60
        return response.status_code

    with time_machine.travel(START, tick=False):
        cookie = sign_in(Client(), world.coordinator).cookies["sessionid"].value
        statuses = Counter(_all_at_once(16, call))
    assert statuses == Counter({200: 4, 429: 12})


def test_when_redis_does_not_answer_the_limit_is_counted_in_the_cache(settings, rates):
    # Nothing listens on port 1: every call to Redis fails at once.
    settings.THROTTLE_REDIS_URL = "redis://127.0.0.1:1/0"
    with time_machine.travel(START, tick=False):
        results = [throttling.hit("t", "down", limit=2, window=60)[0] for _ in range(3)]
    assert results == [True, True, False]
