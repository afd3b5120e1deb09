"""Django's Redis cache, keeping its Redis client instead of making one for every call.

Django's ``RedisCacheClient.get_client`` makes a new ``redis.Redis`` on each cache read or write,
and each builds its table of some 800 reply handlers: about a third of a cache read's time on
this machine (``bench/README.md``, seventh pass), paid on every request by the session read and
five times on a public dashboard page by its cached fragments. A client holds no connection of
its own (it takes one from the pool for each command and gives it back), so one client per
pool serves every call, as redis-py's own documentation has it for threads."""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _KeptClients(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
            client = self._clients[index] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class KeptClientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with one Redis client per server."""

    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _KeptClients
