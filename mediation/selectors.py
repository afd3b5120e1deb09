"""Permission-scoped reads of appeal windows, mediation, appeals and their deadlines, and the rows
behind the evaluation report. Every record is reached through ``sendcpp.access``: forbidden and
missing are the same 404, and handing out a case to view writes the read-access log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import (
    CharField,
    Exists,
    F,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Concat
from django.http import Http404

from mediation import workflow
from mediation.models import (
    AdviceServiceInvolvement,
    AgreementTerm,
    AppealableDecision,
    AppealWindow,
    DisagreementResolution,
    MediationCase,
    MediationStatus,
    TribunalAppeal,
    TribunalOrder,
)
from mediation.reports import census_day
from sendcpp import access
from sendcpp.access import Action, Actor
from sendcpp.models import Case, Deadline

M = TypeVar("M", bound=Model)

#: Subject prefixes of the deadlines this app starts (see each model's ``deadline_subject``).
SUBJECT_PREFIXES = ("appeal-window:", "mediation:", "agreement-term:", "appeal:", "tribunal-order:")


def _scoped(records: QuerySet[M], user: Actor, action: Action) -> QuerySet[M]:
    if not access.sees_disagreements(user):
        return records.none()
    return records.filter(case__in=access.cases_for(user, action))


def _get_or_404(records: QuerySet[M], user: Actor, public_id: UUID | str, action: Action) -> M:
    try:
        record = records.select_related("case").get(public_id=public_id)
    except (records.model.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404("Not found") from error
    if not access.sees_disagreements(user):
        raise Http404("Not found")
    # The case check answers 404 for a forbidden record and logs the read.
    record.case = access.get_case_or_404(user, record.case.public_id, action)  # type: ignore[attr-defined]
    return record


def _subject(prefix: str) -> Concat:
    return Concat(Value(prefix), Cast(OuterRef("public_id"), CharField()))


def _latest_due(rule: str, prefix: str) -> Subquery:
    # The latest deadline of the rule for the record: after a certificate the appeal deadline is
    # restarted, and an expired one keeps its date.
    return Subquery(
        Deadline.objects.filter(case=OuterRef("case"), rule=rule, subject=_subject(prefix))
        .order_by("-id")
        .values("due_on")[:1]
    )


def _next_open_due(prefix: str) -> Subquery:
    return Subquery(
        Deadline.objects.filter(
            case=OuterRef("case"),
            subject=_subject(prefix),
            met_on__isnull=True,
            cancelled_on__isnull=True,
        )
        .order_by("due_on", "id")
        .values("due_on")[:1]
    )


def with_window_dates(windows: QuerySet[AppealWindow]) -> QuerySet[AppealWindow]:
    """Annotate ``adviser_contact_due_on`` and ``appeal_due_on`` (one query for any number)."""
    return windows.annotate(
        adviser_contact_due_on=_latest_due("mediation_adviser_contact", "appeal-window:"),
        appeal_due_on=_latest_due("appeal", "appeal-window:"),
    )


def windows_for(user: Actor, action: Action = Action.VIEW) -> QuerySet[AppealWindow]:
    return with_window_dates(_scoped(AppealWindow.objects.all(), user, action))


def mediations_for(user: Actor, action: Action = Action.VIEW) -> QuerySet[MediationCase]:
    return _scoped(MediationCase.objects.all(), user, action).annotate(
        next_due_on=_next_open_due("mediation:")
    )


def terms_for(user: Actor, action: Action = Action.VIEW) -> QuerySet[AgreementTerm]:
    return _scoped(AgreementTerm.objects.all(), user, action)


def appeals_for(user: Actor, action: Action = Action.VIEW) -> QuerySet[TribunalAppeal]:
    return _scoped(TribunalAppeal.objects.all(), user, action).annotate(
        response_due_on=_latest_due("tribunal_response", "appeal:")
    )


def orders_for(user: Actor, action: Action = Action.VIEW) -> QuerySet[TribunalOrder]:
    return _scoped(TribunalOrder.objects.all(), user, action)


def disagreement_resolutions_for(
    user: Actor, action: Action = Action.VIEW
) -> QuerySet[DisagreementResolution]:
    return _scoped(DisagreementResolution.objects.all(), user, action)


def advice_services_for(
    user: Actor, action: Action = Action.VIEW
) -> QuerySet[AdviceServiceInvolvement]:
    return _scoped(AdviceServiceInvolvement.objects.all(), user, action)


def get_window_or_404(user: Actor, public_id: UUID | str, action: Action) -> AppealWindow:
    return _get_or_404(with_window_dates(AppealWindow.objects.all()), user, public_id, action)


def get_mediation_or_404(user: Actor, public_id: UUID | str, action: Action) -> MediationCase:
    return _get_or_404(MediationCase.objects.select_related("window"), user, public_id, action)


def get_term_or_404(user: Actor, public_id: UUID | str, action: Action) -> AgreementTerm:
    return _get_or_404(AgreementTerm.objects.select_related("mediation"), user, public_id, action)


def get_appeal_or_404(user: Actor, public_id: UUID | str, action: Action) -> TribunalAppeal:
    return _get_or_404(
        TribunalAppeal.objects.select_related("window", "mediation").annotate(
            response_due_on=_latest_due("tribunal_response", "appeal:")
        ),
        user,
        public_id,
        action,
    )


def get_order_or_404(user: Actor, public_id: UUID | str, action: Action) -> TribunalOrder:
    return _get_or_404(TribunalOrder.objects.select_related("appeal"), user, public_id, action)


def get_disagreement_resolution_or_404(
    user: Actor, public_id: UUID | str, action: Action
) -> DisagreementResolution:
    return _get_or_404(DisagreementResolution.objects.all(), user, public_id, action)


def get_advice_service_or_404(
    user: Actor, public_id: UUID | str, action: Action
) -> AdviceServiceInvolvement:
    return _get_or_404(AdviceServiceInvolvement.objects.all(), user, public_id, action)


def open_deadlines(case: Case) -> QuerySet[Deadline]:
    """The open mediation and tribunal deadlines on a case (the case already checked)."""
    subjects = Q()
    for prefix in SUBJECT_PREFIXES:
        subjects |= Q(subject__startswith=prefix)
    return Deadline.objects.filter(
        subjects, case=case, met_on__isnull=True, cancelled_on__isnull=True
    ).order_by("due_on", "id")


@dataclass(frozen=True)
class CaseOverview:
    """Everything about disagreements on one case, read in a fixed number of queries."""

    windows: list[AppealWindow]
    mediations: list[MediationCase]
    appeals: list[TribunalAppeal]
    meetings: list[DisagreementResolution]
    advice: list[AdviceServiceInvolvement]
    deadlines: list[Deadline]


def case_overview(case: Case) -> CaseOverview:
    """The appeal windows, mediations (with agreed actions), appeals (with orders and
    concessions), disagreement resolution meetings, advice services and open deadlines of a case
    the caller has already been allowed to see. Each window carries its ``mediation_list`` and
    ``appeal_list``; each window, mediation and appeal its ``open_deadlines``."""
    windows = list(with_window_dates(AppealWindow.objects.filter(case=case)))
    mediations = list(
        MediationCase.objects.filter(case=case)
        .select_related("window")
        .prefetch_related("terms")
        .annotate(next_due_on=_next_open_due("mediation:"))
    )
    appeals = list(
        TribunalAppeal.objects.filter(case=case)
        .select_related("window")
        .prefetch_related("orders", "concessions")
        .annotate(response_due_on=_latest_due("tribunal_response", "appeal:"))
    )
    deadlines = list(open_deadlines(case))
    by_subject: dict[str, list[Deadline]] = {}
    for deadline in deadlines:
        by_subject.setdefault(deadline.subject, []).append(deadline)
    for record in [*windows, *mediations, *appeals]:
        record.open_deadlines = by_subject.get(record.deadline_subject, [])  # type: ignore[attr-defined]
    for window in windows:
        window.mediation_list = [m for m in mediations if m.window_id == window.pk]  # type: ignore[attr-defined]
        window.appeal_list = [a for a in appeals if a.window_id == window.pk]  # type: ignore[attr-defined]
        window.has_live_mediation = any(  # type: ignore[attr-defined]
            m.status != MediationStatus.WITHDRAWN
            for m in window.mediation_list  # type: ignore[attr-defined]
        )
    return CaseOverview(
        windows=windows,
        mediations=mediations,
        appeals=appeals,
        meetings=list(DisagreementResolution.objects.filter(case=case)),
        advice=list(AdviceServiceInvolvement.objects.filter(case=case)),
        deadlines=deadlines,
    )


def deadlines_for_subject(case: Case, subject: str) -> list[Deadline]:
    """Every deadline (open, met or cancelled) of one record, soonest first."""
    return list(Deadline.objects.filter(case=case, subject=subject).order_by("due_on", "id"))


def live_mediations(user: Actor) -> QuerySet[MediationCase]:
    """Mediation cases under way that ``user`` may work on, soonest deadline first."""
    return (
        mediations_for(user)
        .filter(status__in=workflow.MEDIATION.live)
        .select_related("case__child", "case__coordinator", "window")
        .order_by("next_due_on", "id")
    )


def live_appeals(user: Actor) -> QuerySet[TribunalAppeal]:
    """Tribunal appeals not yet closed that ``user`` may work on, with the next deadline."""
    return (
        appeals_for(user)
        .filter(status__in=workflow.APPEAL.live)
        .annotate(next_due_on=_next_open_due("appeal:"))
        .select_related("case__child", "case__coordinator", "window")
        .order_by("registered_on", "id")
    )


# --- Rows for the evaluation report (mediation.reports) -------------------------------------------


def _decisions_sent_in(user: Actor, year: int) -> QuerySet[AppealWindow]:
    cases = access.cases_for(user, Action.EXPORT)
    return AppealWindow.objects.filter(case__in=cases, decision_sent_on__year=year)


def report_rows(user: Actor, year: int) -> dict[str, Any]:
    """The rows ``mediation.reports.evaluation_report`` needs for decisions sent in ``year``, for
    the cases ``user`` may export (a manager: the whole LA)."""
    windows = _decisions_sent_in(user, year)
    appealed = TribunalAppeal.objects.filter(window=OuterRef("window"))
    mediations = (
        MediationCase.objects.filter(window__in=windows)
        .annotate(appealed=Exists(appealed))
        .values(
            "wants_mediation",
            "la_told_on",
            "held_on",
            "outcome",
            "appealed",
            decision=F("window__decision"),
        )
    )
    held = MediationCase.objects.filter(window=OuterRef("window"), held_on__isnull=False)
    appeals = (
        TribunalAppeal.objects.filter(window__in=windows)
        .annotate(after_mediation=Exists(held))
        .values("outcome", "after_mediation", decision=F("window__decision"))
    )
    cases = access.cases_for(user, Action.EXPORT)
    census = census_day(year)
    return {
        "year": year,
        "decisions": list(windows.values("decision")),
        "mediations": list(mediations),
        "appeals": list(appeals),
        "appeals_registered_in_year": TribunalAppeal.objects.filter(
            case__in=cases, registered_on__year=year
        ).count(),
        # Plans held on the SEN2 census day: issued by then and not ended by then.
        "plans_in_january": cases.filter(plan_issued_on__lte=census)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=census))
        .count(),
    }


def report_years(user: Actor, today: date) -> list[int]:
    """Years with any appealable decision, newest first (always including this year)."""
    cases = access.cases_for(user, Action.EXPORT)
    years = {
        day.year
        for day in AppealWindow.objects.filter(case__in=cases).dates("decision_sent_on", "year")
    }
    return sorted(years | {today.year}, reverse=True)


#: Which SEN2 flag a mediation or appeal about each decision sets.
SEN2_REQUEST_DECISIONS = frozenset({AppealableDecision.REFUSE_ASSESS})
SEN2_ASSESSMENT_DECISIONS = frozenset({AppealableDecision.REFUSE_ISSUE})


def sen2_disagreements(case_ids: list[int]) -> list[tuple[int, str, str, date]]:
    """(case id, "mediation" or "tribunal", "request", "assessment" or "other", date) for each
    mediation held and each appeal registered on ``case_ids``: the SEN2 flags they set."""

    def about(decision: str) -> str:
        if decision in SEN2_REQUEST_DECISIONS:
            return "request"
        if decision in SEN2_ASSESSMENT_DECISIONS:
            return "assessment"
        return "other"

    held = MediationCase.objects.filter(case_id__in=case_ids, held_on__isnull=False)
    rows: list[tuple[int, str, str, date]] = [
        (case_id, "mediation", about(decision), on)
        for case_id, decision, on in held.values_list("case_id", "window__decision", "held_on")
    ]
    appeals = TribunalAppeal.objects.filter(case_id__in=case_ids)
    rows += [
        (case_id, "tribunal", about(decision), on)
        for case_id, decision, on in appeals.values_list(
            "case_id", "window__decision", "registered_on"
        )
    ]
    return rows
