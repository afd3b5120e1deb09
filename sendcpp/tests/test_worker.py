"""Reminders through a real Celery worker on Redis (an embedded Redis when REDIS_URL is unset):
two sweeps queued at once, and a worker that dies mid-task, lose nothing and duplicate nothing."""

from __future__ import annotations

import os
import time
from datetime import date

import pytest
import time_machine

from sendcpp import clock
from sendcpp.celery import app
from sendcpp.models import Notification
from sendcpp.tests.factories import CaseFactory

REDIS_URL = os.environ.get("REDIS_URL", "")
# Each test process has its own queue (sendcpp/settings/test.py), so a real worker started by one
# never takes another's tasks.
pytestmark = [
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def redis_worker(settings):
    from celery.contrib.testing.worker import start_worker

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(broker_url=REDIS_URL, result_backend=REDIS_URL, task_always_eager=False)
    # Celery caches the (no-op) result backend per thread once any task has run eagerly.
    app._local.__dict__.pop("backend", None)
    try:
        with start_worker(
            app, pool="threads", concurrency=2, perform_ping_check=False, shutdown_timeout=10
        ):
            yield app
    finally:
        app.conf.update(broker_url="memory://", result_backend=None, task_always_eager=True)
        app._local.__dict__.pop("backend", None)


def _wait_for(predicate, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting for the worker")


@time_machine.travel(date(2026, 12, 21), tick=True)
def test_two_sweeps_on_a_real_worker_send_each_reminder_once(world, redis_worker):
    from sendcpp.tasks import sweep_deadline_reminders

    for _ in range(10):
        case = CaseFactory(team=world.case.team, coordinator=world.coordinator)
        clock.start_deadline(case, rule="final_plan", by=None, request_received_on=date(2026, 8, 3))
    first = sweep_deadline_reminders.delay()
    second = sweep_deadline_reminders.delay()
    counts = sorted([first.get(timeout=30), second.get(timeout=30)])
    assert sum(counts) == 10
    # All ten go to one coordinator: sends running side by side must not skip each other.
    _wait_for(lambda: Notification.objects.filter(email_status="sent").count() == 10)
    assert Notification.objects.count() == 10


@time_machine.travel(date(2026, 12, 21), tick=True)
def test_email_task_that_dies_is_picked_up_again(world, redis_worker, monkeypatch):
    from sendcpp import notifications
    from sendcpp.tasks import resend_pending_emails, send_notification_email

    notification = notifications.notify(
        key="worker-dies", recipient=world.coordinator, subject="s", body="b"
    )
    # The email task queued on commit runs in the worker: let it finish, then simulate a worker
    # that died before it sent (otherwise a slow worker could send after the reset below).
    _wait_for(lambda: Notification.objects.get(pk=notification.pk).email_status == "sent")
    Notification.objects.filter(pk=notification.pk).update(
        email_status="pending", created_at="2026-12-20T00:00Z"
    )
    assert resend_pending_emails.delay().get(timeout=30) == 1
    _wait_for(lambda: Notification.objects.get(pk=notification.pk).email_status == "sent")
    # Running the send again changes nothing: it is already sent.
    assert send_notification_email.delay(notification.pk).get(timeout=30) == "skipped"
