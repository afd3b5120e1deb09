"""The statutory clock on a case: storing deadlines when their trigger event is recorded,
marking them met or cancelled, recording lawful exceptions, and recomputing working-day deadlines
when the bank holiday table changes. The rules themselves are pure functions in
``sendcpp.deadlines``; this module is the one writer of ``Deadline`` rows.

Apps call these from their own services (e.g. ``ehcp.services.record_request`` calls
``start_deadline(case, rule="assessment_decision", request_received_on=..., by=...)``).
"""

from __future__ import annotations

import inspect
from datetime import date
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.models import QuerySet

from sendcpp.calendar import bank_holidays
from sendcpp.deadlines import FAMILY_WINDOWS, RULES, Party, exception_applies, who_acts
from sendcpp.exceptions import DomainError
from sendcpp.models import Audience, Case, CaseEvent, Deadline, DeadlineException, User
from sendcpp.timeline import record_case_event, register_event_kinds

register_event_kinds(
    {
        "deadline_started": "Deadline set",
        "deadline_met": "Deadline met",
        "deadline_cancelled": "Deadline no longer applies",
        "deadline_exception": "Exception to a time limit recorded",
        "deadline_recalculated": "Deadline recalculated after a bank holiday change",
    }
)


class SubjectRecord(Protocol):
    """A record of a case that keeps its own deadlines under ``deadline_subject``."""

    @property
    def case(self) -> Case: ...

    @property
    def deadline_subject(self) -> str: ...


def _takes_holidays(rule: str) -> bool:
    return "holidays" in inspect.signature(RULES[rule].function).parameters


def compute_due(rule: str, triggers: dict[str, Any]) -> date:
    """The statutory date for ``rule`` from its trigger dates (bank holidays applied if the rule
    counts working days)."""
    if rule not in RULES:
        raise ValueError(f"Unknown deadline rule {rule!r}")
    arguments = {
        name: date.fromisoformat(value) if isinstance(value, str) else value
        for name, value in triggers.items()
    }
    if _takes_holidays(rule):
        arguments["holidays"] = bank_holidays()
    return RULES[rule].function(**arguments)


def _serialise(triggers: dict[str, date | None]) -> dict[str, str | None]:
    return {name: value.isoformat() if value else None for name, value in triggers.items()}


def started_summary(rule: str, due_on: date, for_whom: str = "") -> str:
    """How the timeline tells a new time limit, in words that never read as an order to the
    family: their own window as a choice ("You can appeal to the tribunal until 5 March 2027"),
    anyone else's naming who must act ("Date set for the council: issue the final plan by ..."),
    and the contributor when the case has several of this rule."""
    info = RULES[rule]
    day = f"{due_on.day} {due_on:%B %Y}"
    if info.party == Party.FAMILY and info.choice:
        return f"{info.choice} {day}"
    title = info.title[0].lower() + info.title[1:] + (f" ({for_whom})" if for_whom else "")
    return f"Date set for {who_acts(info)[0].lower() + who_acts(info)[1:]}: {title} by {day}"[:300]


def refresh_next_due(case: Case) -> None:
    """Keep the case's earliest open deadline on the case row, for indexed caseload ordering. The
    family's own windows (``FAMILY_WINDOWS``: comments, mediation contact, appeal) are choices the
    family may make, not the council's deadlines, so they never set a case's next due date."""
    first = (
        Deadline.objects.filter(case=case, met_on__isnull=True, cancelled_on__isnull=True)
        .exclude(rule__in=FAMILY_WINDOWS)
        .order_by("due_on", "id")
        .first()
    )
    case.next_due_on = first.due_on if first else None
    case.next_due_label = RULES[first.rule].title[:120] if first else ""
    Case.objects.filter(pk=case.pk).update(
        next_due_on=case.next_due_on, next_due_label=case.next_due_label
    )


def _open(case: Case, rule: str, subject: str) -> QuerySet[Deadline]:
    return Deadline.objects.filter(
        case=case, rule=rule, subject=subject, met_on__isnull=True, cancelled_on__isnull=True
    )


@transaction.atomic
def start_deadline(
    case: Case,
    *,
    rule: str,
    by: User | None,
    subject: str = "",
    responsible: User | None = None,
    target_on: date | None = None,
    audience: str = Audience.FAMILY,
    for_whom: str = "",
    **triggers: date | None,
) -> Deadline:
    """Store a deadline computed from its trigger dates. Starting the same open deadline again
    with the same triggers returns it unchanged (safe to repeat); with different triggers it is
    refused: cancel it first, so the history shows why it moved. ``for_whom`` names who must act
    when a case has several deadlines of one rule (each advisor's advice)."""
    due_on = compute_due(rule, triggers)
    serialised = _serialise(triggers)
    existing = _open(case, rule, subject).select_for_update().first()
    if existing is not None:
        if existing.triggers == serialised:
            return existing
        raise DomainError(
            "This deadline is already running from a different date. Cancel it first."
        )
    deadline = Deadline.objects.create(
        case=case,
        rule=rule,
        subject=subject,
        triggers=serialised,
        due_on=due_on,
        target_on=target_on,
        responsible=responsible,
        for_whom=for_whom[:200],
    )
    record_case_event(
        case=case,
        kind="deadline_started",
        by=by,
        summary=started_summary(rule, due_on, deadline.for_whom),
        audience=audience,
        rule=rule,
        due_on=due_on.isoformat(),
    )
    refresh_next_due(case)
    return deadline


@transaction.atomic
def start_first_deadlines(
    entries: list[tuple[Case, str, dict[str, date | None]]], *, by: User | None
) -> list[Deadline]:
    """``start_deadline`` for many cases just created together (a caseload brought over from
    another system): one deadline per (case, rule, triggers), with its timeline entry and the
    case's next due date, written in a few queries. Only for new cases: each case must have no
    open deadline yet (the database's one-open-per-rule constraint refuses a second)."""
    deadlines = Deadline.objects.bulk_create(
        Deadline(
            case=case, rule=rule, triggers=_serialise(triggers), due_on=compute_due(rule, triggers)
        )
        for case, rule, triggers in entries
    )
    CaseEvent.objects.bulk_create(
        CaseEvent(
            case=deadline.case,
            kind="deadline_started",
            summary=started_summary(deadline.rule, deadline.due_on, deadline.for_whom),
            audience=Audience.FAMILY,
            actor=by,
            data={"rule": deadline.rule, "due_on": deadline.due_on.isoformat()},
        )
        for deadline in deadlines
    )
    first: dict[int, Deadline] = {}
    for deadline in deadlines:
        if deadline.rule in FAMILY_WINDOWS:
            continue  # the family's choices never set a case's next due date (refresh_next_due)
        current = first.get(deadline.case_id)
        if current is None or deadline.due_on < current.due_on:
            first[deadline.case_id] = deadline
    # One UPDATE from a VALUES list (a bulk_update's CASE per row grows with the batch).
    rows = [
        (deadline.case_id, deadline.due_on, RULES[deadline.rule].title[:120])
        for deadline in first.values()
    ]
    if rows:
        values = ", ".join(["(%s, %s::date, %s)"] * len(rows))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Case._meta.db_table} AS c SET next_due_on = v.due, "  # noqa: S608
                "next_due_label = v.label "
                f"FROM (VALUES {values}) AS v(id, due, label) WHERE c.id = v.id",
                [value for row in rows for value in row],
            )
    return deadlines


@transaction.atomic
def meet_deadline(
    case: Case, *, rule: str, met_on: date, by: User | None, subject: str = ""
) -> Deadline | None:
    """Mark an open deadline met on ``met_on`` (late if after its date). None if none was open."""
    deadline = _open(case, rule, subject).select_for_update().first()
    if deadline is None:
        return None
    deadline.met_on = met_on
    deadline.save(update_fields=["met_on"])
    late = " (late)" if deadline.was_met_late else ""
    record_case_event(
        case=case,
        kind="deadline_met",
        by=by,
        summary=f"{RULES[rule].title}: done on {met_on:%-d %B %Y}{late}",
        rule=rule,
    )
    refresh_next_due(case)
    return deadline


def meet_record_deadline(
    record: SubjectRecord, *, rule: str, met_on: date, by: User | None
) -> Deadline | None:
    """Mark met the deadline that ``record`` keeps under its own subject (see ``meet_deadline``)."""
    return meet_deadline(
        record.case, rule=rule, met_on=met_on, by=by, subject=record.deadline_subject
    )


@transaction.atomic
def cancel_deadline(
    case: Case, *, rule: str, reason: str, on: date, by: User | None, subject: str = ""
) -> Deadline | None:
    """The deadline no longer applies (e.g. the request was withdrawn). None if none was open."""
    deadline = _open(case, rule, subject).select_for_update().first()
    if deadline is None:
        return None
    deadline.cancelled_on = on
    deadline.cancel_reason = reason[:200]
    deadline.save(update_fields=["cancelled_on", "cancel_reason"])
    record_case_event(
        case=case,
        kind="deadline_cancelled",
        by=by,
        summary=f"{RULES[rule].title}: no longer applies",
        rule=rule,
    )
    refresh_next_due(case)
    return deadline


@transaction.atomic
def record_exception(
    deadline: Deadline, *, kind: str, reason: str, evidence: str = "", by: User
) -> DeadlineException:
    """Record a lawful exception to a time limit. The statutory date stays as it is."""
    if not reason.strip():
        raise DomainError("Enter the reason for the exception", field="reason")
    try:
        applies = exception_applies(deadline.rule, kind)
    except ValueError as error:
        raise DomainError("Choose a reason from the list", field="kind") from error
    if not applies:
        raise DomainError("This exception does not apply to this time limit", field="kind")
    exception = DeadlineException.objects.create(
        deadline=deadline,
        kind=kind,
        reason=reason.strip(),
        evidence=evidence.strip(),
        recorded_by=by,
    )
    Deadline.objects.filter(pk=deadline.pk).update(has_exception=True)
    deadline.has_exception = True
    record_case_event(
        case=deadline.case,
        kind="deadline_exception",
        by=by,
        summary=f"Exception recorded: {RULES[deadline.rule].title}",
        rule=deadline.rule,
        exception_kind=kind,
    )
    return exception


def working_day_rules() -> list[str]:
    return [key for key in RULES if _takes_holidays(key)]


@transaction.atomic
def recompute_working_day_deadlines() -> int:
    """After the bank holiday table changes, recompute every open deadline whose rule counts
    working days. Returns how many moved; each move is on the case's timeline."""
    moved = 0
    open_deadlines = Deadline.objects.filter(
        rule__in=working_day_rules(), met_on__isnull=True, cancelled_on__isnull=True
    ).select_related("case")
    for deadline in open_deadlines.select_for_update(of=("self",)):
        due_on = compute_due(deadline.rule, deadline.triggers)
        if due_on == deadline.due_on:
            continue
        old = deadline.due_on
        deadline.due_on = due_on
        deadline.save(update_fields=["due_on"])
        record_case_event(
            case=deadline.case,
            kind="deadline_recalculated",
            by=None,
            summary=f"{RULES[deadline.rule].title}: moved from {old:%-d %B %Y} to {due_on:%-d %B %Y}",
            audience=Audience.FAMILY,
            rule=deadline.rule,
        )
        refresh_next_due(deadline.case)
        moved += 1
    return moved
