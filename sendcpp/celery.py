"""The Celery application: one per process, the default in every thread.

The settings module is set (as a default) *before* the app is created, so however the process was
started (``celery -A sendcpp``, gunicorn with sync or threaded workers, ``manage.py``) the app is
configured from Django's settings and its Django fix-up is installed. ``set_default()`` makes it
Celery's default app for every thread: a request thread of a threaded web server has no
"current" app of its own and would otherwise fall back to Celery's bare default app, whose tasks
have no ``delay_on_commit``.

With REDIS_URL unset, tasks run in-process (CELERY_TASK_ALWAYS_EAGER). Periodic tasks are
declared here, in one place.
"""

import os
from datetime import timedelta

from celery import Celery
from celery.beat import PersistentScheduler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendcpp.settings.base")

app = Celery("sendcpp", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.set_default()
app.set_current()
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "sweep-deadline-reminders": {
        "task": "sendcpp.tasks.sweep_deadline_reminders",
        "schedule": 60 * 60,
    },
    "partnership-action-reminders": {
        "task": "partnerships.tasks.send_action_reminders",
        "schedule": 60 * 60,
    },
    "support-plan-review-reminders": {
        "task": "support.tasks.send_review_reminders",
        "schedule": 24 * 60 * 60,
    },
    "close-expired-appeal-windows": {
        "task": "mediation.tasks.close_expired_appeal_windows",
        "schedule": 24 * 60 * 60,
    },
    "follow-up-tailored-lists": {
        "task": "placements.tasks.follow_up_tailored_lists",
        "schedule": 24 * 60 * 60,
    },
    "feedback-invitations": {"task": "feedback.tasks.sweep_invitations", "schedule": 15 * 60},
    "feedback-reminders": {"task": "feedback.tasks.send_reminders", "schedule": 24 * 60 * 60},
    "feedback-retention": {"task": "feedback.tasks.apply_retention", "schedule": 24 * 60 * 60},
    # Records past their retention date, listed once a month for a named officer to approve.
    "list-due-disposals": {"task": "records.tasks.list_due_disposals", "schedule": 24 * 60 * 60},
    "send-notification-digests": {
        "task": "sendcpp.tasks.send_notification_digests",
        "schedule": 24 * 60 * 60,
    },
    "resend-pending-emails": {"task": "sendcpp.tasks.resend_pending_emails", "schedule": 15 * 60},
    "resume-stale-pdfs": {"task": "sendcpp.tasks.resume_stale_pdfs", "schedule": 15 * 60},
    # Readiness: a worker that is alive runs this, and /readyz sees its heartbeat in Redis.
    "worker-heartbeat": {"task": "sendcpp.tasks.worker_heartbeat", "schedule": 30},
}


class CatchUpScheduler(PersistentScheduler):
    """Celery beat's own scheduler, except that a job beat has no record of running (a new
    schedule file: a fresh machine, a new container, a job just added) is due at start-up rather
    than a whole interval later. With the stock scheduler a daily job first ran a day after beat
    started, so never where beat restarts more often than that (each release, or a container whose
    schedule file is not kept). A job beat has run before keeps its time. Every job is safe to
    run twice."""

    def merge_inplace(self, b) -> None:
        known = set(self.schedule)
        super().merge_inplace(b)
        for name in set(b) - known:
            entry = self.schedule[name]
            entry.last_run_at = entry.default_now() - NEVER_RAN


NEVER_RAN = timedelta(days=366)  # longer than any job's interval: due at once
app.conf.beat_scheduler = "sendcpp.celery:CatchUpScheduler"


def enqueue_on_commit(task_name: str, *args: object) -> None:
    """Queue the task registered as ``task_name`` (e.g. ``"ehcp.tasks.render_plan_version_pdf"``)
    to run once the current transaction commits, or at once outside a transaction.

    Services enqueue by name so that they never import a tasks module: tasks load by id and call a
    service, never the reverse (the import contracts in ``pyproject.toml``). An unknown name raises
    ``KeyError`` here, inside the service's transaction, rather than later in a worker."""
    if task_name not in app.tasks:
        app.loader.import_default_modules()  # autodiscovery: every installed app's tasks module
    app.tasks[task_name].delay_on_commit(*args)


# Operations: a heartbeat as soon as a worker is up, and every task's outcome counted for /metrics.
from celery.signals import task_failure, task_retry, task_success, worker_ready  # noqa: E402


@worker_ready.connect
def _heartbeat_on_start(**kwargs) -> None:
    from sendcpp.health import write_heartbeat

    write_heartbeat()


def _outcome(outcome: str):
    def receiver(sender=None, **kwargs) -> None:
        from sendcpp.metrics import count_task_outcome

        name = getattr(sender, "name", None) or str(sender)
        count_task_outcome(name, outcome)

    return receiver


_success, _failure, _retry = _outcome("success"), _outcome("failure"), _outcome("retry")
task_success.connect(_success, weak=False)
task_failure.connect(_failure, weak=False)
task_retry.connect(_retry, weak=False)
