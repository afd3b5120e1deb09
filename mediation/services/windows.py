"""Appeal windows: an appealable decision opens one, with the family's clocks (CFA s51;
Regs reg 33), and windows whose time has passed stop their clocks."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from mediation import workflow
from mediation.models import (
    AppealableDecision,
    AppealWindow,
)
from mediation.services.checks import (
    A,
    cancel_open_deadlines,
    day_text,
    not_future,
    person,
    require,
)
from sendcpp import clock
from sendcpp.access import Action
from sendcpp.contacts import advice_service
from sendcpp.exceptions import DomainError
from sendcpp.models import Case, Deadline, User
from sendcpp.timeline import record_family_event


@transaction.atomic
def open_appeal_window(
    case: Case, *, decision: str, decision_sent_on: date, by: User | None
) -> AppealWindow:
    """Open the family's window to challenge an appealable decision (CFA s51; Regs reg 33).

    Starts the 2-month clock to contact the mediation adviser and the appeal deadline (before any
    certificate), and tells the family in plain English with the dates and where to get
    independent advice. Calling it again for the same case, decision and letter date returns the
    same window and changes nothing. ``by`` is None only for system callers.
    """
    if decision not in AppealableDecision.values:
        raise DomainError("Choose the decision that was made", field="decision")
    if by is not None:
        require(by, Action.TRANSITION, case, "You cannot record decisions on this case")
    not_future(decision_sent_on, "decision_sent_on", "The date the letter was sent")
    window, created = AppealWindow.objects.get_or_create(
        case=case,
        decision=decision,
        decision_sent_on=decision_sent_on,
        defaults={"opened_by": person(by)},
    )
    if not created:
        return window
    subject = window.deadline_subject
    contact = clock.start_deadline(
        case,
        rule="mediation_adviser_contact",
        by=by,
        subject=subject,
        decision_sent_on=decision_sent_on,
    )
    appeal = clock.start_deadline(
        case,
        rule="appeal",
        by=by,
        subject=subject,
        decision_sent_on=decision_sent_on,
        certificate_issued_on=None,
    )
    summary = (
        f"We decided {window.family_decision_text} (letter sent {day_text(decision_sent_on)}). "
        f"If you disagree, contact the mediation adviser by {day_text(contact.due_on)}. You can appeal "
        f"to the tribunal until {day_text(appeal.due_on)}, or 1 month after a mediation certificate "
        f"if later. Free, independent advice: SENDIASS."
    )
    record_family_event(
        window,
        "window",
        kind="appeal_window_opened",
        by=by,
        summary=summary[:300],
        decision=decision,
        decision_sent_on=decision_sent_on.isoformat(),
        adviser_contact_due_on=contact.due_on.isoformat(),
        appeal_due_on=appeal.due_on.isoformat(),
        advice_service=advice_service().name[:200],
    )
    return window


@transaction.atomic
def close_expired_appeal_windows(*, today: date) -> int:
    """Stop the family's clocks on windows whose appeal deadline has passed with no appeal and no
    mediation under way, so they stop appearing as due. Returns how many closed. A late appeal
    (which the tribunal may allow) can still be registered."""
    overdue = Deadline.objects.filter(
        rule="appeal",
        subject__startswith="appeal-window:",
        met_on__isnull=True,
        cancelled_on__isnull=True,
        due_on__lt=today,
    ).values_list("subject", flat=True)
    windows = (
        AppealWindow.objects.filter(public_id__in=[subject.split(":", 1)[1] for subject in overdue])
        .exclude(mediations__status__in=workflow.MEDIATION.live)
        .exclude(appeals__status__in=[*workflow.APPEAL.live, A.CLOSED])
        .select_related("case")
    )
    closed = 0
    for window in windows:
        cancel_open_deadlines(window, reason="The time to appeal has passed", on=today, by=None)
        record_family_event(
            window,
            "window",
            kind="appeal_window_closed",
            by=None,
            summary=f"The time to appeal against our decision {window.family_decision_text} "
            f"has passed. Ask SENDIASS or your coordinator if you still disagree.",
        )
        closed += 1
    return closed
