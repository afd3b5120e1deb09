"""The Celery application. With REDIS_URL unset, tasks run in-process (CELERY_TASK_ALWAYS_EAGER),
so ``make run`` needs no broker. Periodic tasks are declared here, in one place."""

from celery import Celery

# DJANGO_SETTINGS_MODULE comes from the environment (Makefile, docker-compose, manage.py).

app = Celery("sendcpp", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
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
    "close-expired-appeal-windows": {
        "task": "mediation.tasks.close_expired_appeal_windows",
        "schedule": 24 * 60 * 60,
    },
    "follow-up-tailored-lists": {
        "task": "placements.tasks.follow_up_tailored_lists",
        "schedule": 24 * 60 * 60,
    },
    "resend-pending-emails": {"task": "sendcpp.tasks.resend_pending_emails", "schedule": 15 * 60},
    "resume-stale-pdfs": {"task": "sendcpp.tasks.resume_stale_pdfs", "schedule": 15 * 60},
}


def enqueue_on_commit(task_name: str, *args: object) -> None:
    """Queue the task registered as ``task_name`` (e.g. ``"ehcp.tasks.render_plan_version_pdf"``)
    to run once the current transaction commits, or at once outside a transaction.

    Services enqueue by name so that they never import a tasks module: tasks load by id and call a
    service, never the reverse (the import contracts in ``pyproject.toml``). An unknown name raises
    ``KeyError`` here, inside the service's transaction, rather than later in a worker."""
    if task_name not in app.tasks:
        app.loader.import_default_modules()  # autodiscovery: every installed app's tasks module
    app.tasks[task_name].delay_on_commit(*args)
