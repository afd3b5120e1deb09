"""API rate limits: a fixed-window counter per partner key and per signed-in person.

The count is kept atomically: on Redis with ``INCR`` and ``EXPIRE`` in one ``MULTI``/``EXEC``
transaction (so however many web processes and threads answer at once, exactly ``limit`` calls
get through in a window), or, when Redis is not configured, with the Django cache's ``add`` and
``incr``. DRF's own ``SimpleRateThrottle`` reads the history, decides, then writes it back, so
concurrent calls all read the same history and nearly all of them get through.
"""

from __future__ import annotations

import logging
import math
import time
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from sendcpp.models import ApiClient, User

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView

KEY_PREFIX = "sendcpp:throttle"
logger = logging.getLogger(__name__)


@lru_cache(maxsize=4)
def _redis(url: str) -> Any:
    import redis

    # One client (and connection pool, which is thread-safe) per URL for the process.
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def _count_on_redis(url: str, key: str, window: int) -> int:
    pipe = _redis(url).pipeline(transaction=True)
    pipe.incr(key)
    pipe.expire(key, window + 1)
    count, _ = pipe.execute()
    return int(count)


def _count_on_cache(key: str, window: int) -> int:
    cache.add(key, 0, timeout=window + 1)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr: this call starts the window again
        cache.add(key, 1, timeout=window + 1)
        return 1


def hit(scope: str, ident: str, *, limit: int, window: int) -> tuple[bool, int]:
    """Count one call by ``ident`` in the current ``window``-second window of ``scope``.
    Returns whether it is within ``limit``, and the seconds until the window ends."""
    now = time.time()
    number = int(now // window)
    key = f"{KEY_PREFIX}:{scope}:{ident}:{window}:{number}"
    url = settings.THROTTLE_REDIS_URL
    count = None
    if url:
        import redis

        try:
            count = _count_on_redis(url, key, window)
        except redis.RedisError:
            # Redis unreachable: count in this process's cache rather than fail the call.
            logger.warning("Rate limit counted in the cache: Redis did not answer")
    if count is None:
        count = _count_on_cache(key, window)
    retry_after = max(1, math.ceil((number + 1) * window - now))
    return count <= limit, retry_after


class FixedWindowThrottle(SimpleRateThrottle):
    """A DRF throttle on the atomic fixed-window counter. Subclasses say whom they count."""

    def ident_for(self, request: Request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request: Request, view: APIView) -> bool:
        if self.rate is None:
            return True
        ident = self.ident_for(request)
        if ident is None:
            return True
        allowed, self._retry_after = hit(
            self.scope, ident, limit=self.num_requests, window=self.duration
        )
        return allowed

    def wait(self) -> float:
        return float(self._retry_after)

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        return self.ident_for(request)


class PartnerRateThrottle(FixedWindowThrottle):
    """Limits each partner key (not each IP address) to PARTNER_API_RATE calls."""

    scope = "partner"

    def ident_for(self, request: Request) -> str | None:
        if isinstance(request.user, ApiClient):
            return request.user.key_prefix
        return None


class SessionUserRateThrottle(FixedWindowThrottle):
    """Limits each signed-in person using the API from the browser to API_USER_RATE calls."""

    scope = "user"

    def ident_for(self, request: Request) -> str | None:
        if isinstance(request.user, User) and request.user.is_authenticated:
            return str(request.user.pk)
        return None
