"""Background work: load, call a service. Both are safe to run at once and again."""

from __future__ import annotations

from feedback import services
from sendcpp.celery import app


@app.task(name="feedback.tasks.sweep_invitations")
def sweep_invitations() -> int:
    return services.sweep_invitations()


@app.task(name="feedback.tasks.send_reminders")
def send_reminders() -> int:
    return services.send_reminders()


@app.task(name="feedback.tasks.apply_retention")
def apply_retention() -> int:
    return services.apply_retention()
