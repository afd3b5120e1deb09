"""Health and readiness for load balancers and orchestrators: no sign-in, no personal data.

- ``/healthz``: the process is up and answering (touches nothing else, so a database outage never
  makes an orchestrator restart every web process).
- ``/readyz``: this process can do its work: the database answers, every migration is applied,
  Redis answers, and a Celery worker has shown a heartbeat recently. Each check is reported by
  name; the answer is 503 when any fails.

The worker heartbeat is a key in Redis, written when a worker starts and by a task beat schedules
every 30 seconds (``sendcpp.tasks.worker_heartbeat``), so a stalled worker *or* a stopped beat
shows up here.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

#: A heartbeat older than this (seconds) means no worker is taking tasks.
HEARTBEAT_MAX_AGE = 120
CONNECT_TIMEOUT = 3

_migrations_applied = False


def redis_client():
    import redis

    return redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=CONNECT_TIMEOUT, socket_timeout=CONNECT_TIMEOUT
    )


def heartbeat_key() -> str:
    return f"sendcpp:worker-heartbeat:{settings.CELERY_TASK_DEFAULT_QUEUE}"


def write_heartbeat() -> None:
    if settings.REDIS_URL:
        redis_client().set(heartbeat_key(), str(time.time()), ex=HEARTBEAT_MAX_AGE * 5)


def check_database() -> str:
    """A new connection (not the request's), so the answer says whether one can be made now."""
    import psycopg

    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        dbname=db["NAME"],
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        connect_timeout=CONNECT_TIMEOUT,
    ) as conn:
        conn.execute("SELECT 1")
    return "ok"


def check_migrations() -> str:
    global _migrations_applied
    if _migrations_applied:
        return "ok"  # once applied, they stay applied for this process's code
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections["default"])
    unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if unapplied:
        raise RuntimeError(f"{len(unapplied)} migrations not applied")
    _migrations_applied = True
    return "ok"


def check_redis() -> str:
    if not settings.REDIS_URL:
        return "not used (tasks run in-process)"
    redis_client().ping()
    return "ok"


def check_worker() -> str:
    if not settings.REDIS_URL:
        return "not used (tasks run in-process)"
    beat = redis_client().get(heartbeat_key())
    if beat is None:
        raise RuntimeError("no worker heartbeat")
    age = time.time() - float(beat)
    if age > HEARTBEAT_MAX_AGE:
        raise RuntimeError(f"last worker heartbeat {int(age)} seconds ago")
    return "ok"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "migrations": check_migrations,
    "redis": check_redis,
    "worker": check_worker,
}


def run_checks() -> tuple[bool, dict[str, str]]:
    results: dict[str, str] = {}
    ready = True
    for name, check in CHECKS.items():
        if name == "migrations" and results.get("database") != "ok":
            results[name] = "not checked (no database)"
            ready = False
            continue
        try:
            results[name] = check()
        except Exception as error:
            # The error's type only: messages can carry host names and credentials.
            results[name] = f"failing: {type(error).__name__}"
            if isinstance(error, RuntimeError):
                results[name] = f"failing: {error}"
            ready = False
    return ready, results


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    ready, checks = run_checks()
    return JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status=200 if ready else 503,
    )
