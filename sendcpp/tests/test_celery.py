"""Services enqueue tasks by name after the commit (``sendcpp.celery.enqueue_on_commit``), so no
service imports a tasks module."""

from __future__ import annotations

import pytest

from sendcpp.celery import CatchUpScheduler, app, enqueue_on_commit
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


# Beat --------------------------------------------------------------------------------------------


def _scheduler(path):
    return CatchUpScheduler(app=app, schedule_filename=str(path))


def test_beat_runs_every_job_it_has_no_record_of_at_start_up(tmp_path):
    scheduler = _scheduler(tmp_path / "beat")
    try:
        due = {name for name, entry in scheduler.schedule.items() if entry.is_due().is_due}
    finally:
        scheduler.close()
    assert due == set(app.conf.beat_schedule)  # the daily jobs too, not a day later
    assert "close-expired-appeal-windows" in due


def test_beat_keeps_the_time_of_jobs_it_has_run(tmp_path):
    scheduler = _scheduler(tmp_path / "beat")
    try:
        for name, entry in list(scheduler.schedule.items()):
            scheduler.schedule[name] = next(entry)  # as beat records a run it has sent
        scheduler.sync()
    finally:
        scheduler.close()
    restarted = _scheduler(tmp_path / "beat")
    try:
        due = {name for name, entry in restarted.schedule.items() if entry.is_due().is_due}
    finally:
        restarted.close()
    assert due == set()


def test_beat_uses_the_catch_up_scheduler():
    assert app.conf.beat_scheduler == "sendcpp.celery:CatchUpScheduler"
