"""Prometheus metrics at ``/metrics``, for the council's monitoring only.

- ``sendcpp_request_duration_seconds``: request latency by route name (never the path), method
  and status class. Per process; with several gunicorn workers set ``PROMETHEUS_MULTIPROC_DIR``
  (an empty directory per host, cleared at start) and the figures of every worker are summed.
- ``sendcpp_task_outcomes_total``: Celery task outcomes by task and outcome, counted in Redis so
  every worker's count is seen from any web process.
- ``sendcpp_reminder_outbox_pending`` and ``sendcpp_reminder_outbox_oldest_pending_seconds``: the
  outbox backlog (emails not yet sent) and the age of the oldest, read from the database when
  scraped.

Access: a bearer token (``METRICS_TOKEN``) or an address in ``METRICS_ALLOWED_IPS`` (addresses or
networks); anyone else gets 404, as if the page did not exist.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import threading
from collections import Counter

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import CollectorRegistry, Histogram, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

log = logging.getLogger(__name__)

REQUEST_LATENCY = Histogram(
    "sendcpp_request_duration_seconds",
    "Time to answer a request, by route name.",
    ["route", "method", "status"],
    registry=None,
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)

_local_outcomes: Counter[tuple[str, str]] = Counter()
_lock = threading.Lock()


def task_outcomes_key() -> str:
    return f"sendcpp:metrics:task-outcomes:{settings.CELERY_TASK_DEFAULT_QUEUE}"


def observe_request(route: str, method: str, status: int, seconds: float) -> None:
    REQUEST_LATENCY.labels(route, method, f"{status // 100}xx").observe(seconds)


def count_task_outcome(task_name: str, outcome: str) -> None:
    """Called from Celery's signals in the worker (see ``sendcpp.celery``)."""
    if settings.REDIS_URL:
        from sendcpp.health import redis_client

        try:
            redis_client().hincrby(task_outcomes_key(), f"{task_name}|{outcome}", 1)
            return
        except Exception:  # metrics must never break a task; count in this process instead
            log.debug("task outcome not counted in Redis", exc_info=True)
    with _lock:
        _local_outcomes[(task_name, outcome)] += 1


def _task_outcomes() -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    if settings.REDIS_URL:
        from sendcpp.health import redis_client

        try:
            for field, value in redis_client().hgetall(task_outcomes_key()).items():
                task, _, outcome = field.decode().partition("|")
                counts[(task, outcome)] = int(value)
        except Exception:  # the page still shows this process's counts and the outbox
            log.debug("task outcomes not read from Redis", exc_info=True)
    with _lock:
        for key, value in _local_outcomes.items():
            counts[key] = counts.get(key, 0) + value
    return counts


class OperationsCollector:
    def collect(self):
        from django.db.models import Count, Min
        from django.utils import timezone

        from sendcpp.models import Notification

        outcomes = CounterMetricFamily(
            "sendcpp_task_outcomes", "Celery task outcomes.", labels=["task", "outcome"]
        )
        for (task, outcome), value in sorted(_task_outcomes().items()):
            outcomes.add_metric([task, outcome], value)
        yield outcomes

        pending = Notification.objects.filter(
            email_status=Notification.EmailStatus.PENDING
        ).aggregate(count=Count("id"), oldest=Min("created_at"))
        yield GaugeMetricFamily(
            "sendcpp_reminder_outbox_pending",
            "Messages in the outbox whose email is not yet sent.",
            value=pending["count"],
        )
        age = (timezone.now() - pending["oldest"]).total_seconds() if pending["oldest"] else 0
        yield GaugeMetricFamily(
            "sendcpp_reminder_outbox_oldest_pending_seconds",
            "Age of the oldest message in the outbox whose email is not yet sent.",
            value=max(age, 0),
        )


def _allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:], token):
        return True
    if settings.METRICS_ALLOWED_IPS:
        try:
            address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
        except ValueError:
            return False
        return any(
            address in ipaddress.ip_network(net, strict=False)
            for net in settings.METRICS_ALLOWED_IPS
        )
    return False


@login_not_required
@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        raise Http404
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_LATENCY)
    registry.register(OperationsCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
