"""Services enqueue tasks by name after the commit (``sendcpp.celery.enqueue_on_commit``), so no
service imports a tasks module."""

from __future__ import annotations

import pytest

from sendcpp.celery import enqueue_on_commit
from sendcpp.models import Notification


def _pending(world) -> Notification:
    return Notification.objects.create(
        key="enqueue-by-name",
        recipient=world.family,
        subject="Your child's plan",
        body="There is news about your child's plan.",
        email_status=Notification.EmailStatus.PENDING,
    )


def test_a_task_enqueued_by_name_runs_only_after_the_commit(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    notification = _pending(world)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue_on_commit("sendcpp.tasks.send_notification_email", notification.pk)
        assert mailoutbox == []
    assert len(callbacks) == 1
    assert [message.to for message in mailoutbox] == [[world.family.email]]
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT


def test_an_unknown_task_name_is_refused_at_once_and_nothing_is_queued(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(KeyError):
        enqueue_on_commit("sendcpp.tasks.no_such_task", 1)
    assert callbacks == []
