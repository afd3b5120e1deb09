"""Checks and small steps every service in this package shares: access, dates, status moves
through ``mediation.workflow``, locking, and stopping a record's clocks."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from mediation import workflow
from mediation.models import (
    AppealStatus,
    MediationCase,
    MediationStatus,
    TribunalAppeal,
)
from sendcpp import access, clock
from sendcpp.access import Action, Actor
from sendcpp.deadlines import TribunalOrderStep, UnopposedAppealStep
from sendcpp.exceptions import DomainError
from sendcpp.models import Case, Deadline, User

S = MediationStatus
A = AppealStatus
ORDER_STEPS = frozenset(step.value for step in TribunalOrderStep)
UNOPPOSED_STEPS = frozenset(step.value for step in UnopposedAppealStep)


def day_text(value: date) -> str:
    return f"{value:%-d %B %Y}"


def person(by: Actor) -> User | None:
    """The person to store as the actor (a partner system is recorded on the API log instead)."""
    return by if isinstance(by, User) else None


def require(by: Actor, action: Action, case: Case, message: str) -> None:
    if not access.can(by, action, case):
        raise DomainError(message)


def not_future(day: date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise DomainError(f"{what} must be today or in the past", field=field)


def not_before(day: date, earliest: date, field: str, message: str) -> None:
    if day < earliest:
        raise DomainError(message, field=field)


def lock_mediation(mediation: MediationCase, by: Actor) -> MediationCase:
    """The mediation locked for a change, which ``by`` must be allowed to record."""
    require(by, Action.TRANSITION, mediation.case, "You cannot record mediation on this case")
    return (
        MediationCase.objects.select_for_update()
        .select_related("case", "window")
        .get(pk=mediation.pk)
    )


def lock_appeal(appeal: TribunalAppeal, by: Actor) -> TribunalAppeal:
    """The appeal locked for a change, which ``by`` must be allowed to record."""
    require(by, Action.TRANSITION, appeal.case, "You cannot record appeals on this case")
    return (
        TribunalAppeal.objects.select_for_update()
        .select_related("case", "window")
        .get(pk=appeal.pk)
    )


def move_mediation(record: MediationCase, target: MediationStatus, by: Actor) -> None:
    workflow.MEDIATION.check(record.status, target)
    record.status = target
    record.status_changed_at = timezone.now()
    record.status_changed_by = person(by)


def move_appeal(appeal: TribunalAppeal, target: AppealStatus, by: Actor) -> None:
    workflow.APPEAL.check(appeal.status, target)
    appeal.status = target
    appeal.status_changed_at = timezone.now()
    appeal.status_changed_by = person(by)


def cancel_open_deadlines(record: clock.SubjectRecord, *, reason: str, on: date, by: Actor) -> None:
    """Stop every clock of ``record`` that is still running."""
    case, subject = record.case, record.deadline_subject
    rules = Deadline.objects.filter(
        case=case, subject=subject, met_on__isnull=True, cancelled_on__isnull=True
    ).values_list("rule", flat=True)
    for rule in list(rules):
        clock.cancel_deadline(case, rule=rule, subject=subject, reason=reason, on=on, by=by)
