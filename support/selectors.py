"""Permission-scoped reads of support plans, delivery records and exclusions, and the reports
built on them. A record the person may not see answers 404 exactly like a missing one; every
read of a child's record is written to the access log."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from ehcp.models import Plan as EhcPlan
from ehcp.models import PlanStatus
from ehcp.selectors import GridRowView, with_warnings
from sendcpp import access
from sendcpp.access import Action
from sendcpp.audit import record_read
from sendcpp.evidence import EvidencePanel
from sendcpp.models import Case, Child, Organisation
from sendcpp.needs import BroadArea
from sendcpp.performance import percent
from support import access as support_access
from support.models import (
    AtRiskFlag,
    Delivered,
    DeliveryLine,
    DeliveryReturn,
    Exclusion,
    ExclusionKind,
    Layer,
    RequestEvidence,
    Standard,
    SupportPlan,
    SupportPlanRow,
    SupportPlanStatus,
    Tier1Episode,
)

#: The EHC plan statuses in which a plan is in force (and its section F is delivered).
EHC_PLAN_IN_FORCE = [PlanStatus.FINAL, PlanStatus.AMENDING, PlanStatus.AMENDMENT_ISSUED]


def _get(queryset: QuerySet[Any], public_id: UUID | str) -> Any:
    try:
        return queryset.get(public_id=public_id)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404("Not found") from None


def get_child_or_404(user: Any, public_id: UUID | str, action: Action = Action.VIEW) -> Child:
    """A child whose support records ``user`` may read (or write, ``EDIT``); else 404."""
    child = _get(
        support_access.children_for(user, action).select_related("setting", "responsible_la"),
        public_id,
    )
    record_read(user, child_id=child.pk, case=None, what="support record")
    return child


def get_plan_or_404(user: Any, public_id: UUID | str, action: Action = Action.VIEW) -> SupportPlan:
    plans = access.records_for(user, SupportPlan.objects.all(), action)
    plan = _get(plans.select_related("child", "setting", "written_by"), public_id)
    record_read(user, child_id=plan.child_id, case=None, what="support plan")
    return plan


def get_evidence_or_404(user: Any, public_id: UUID | str) -> RequestEvidence:
    evidence = _get(
        access.records_for(user, RequestEvidence.objects.all()).select_related(
            "child", "setting", "case", "sent_by"
        ),
        public_id,
    )
    record_read(user, child_id=evidence.child_id, case=evidence.case, what="support evidence")
    return evidence


def get_delivery_or_404(
    user: Any, public_id: UUID | str, action: Action = Action.VIEW
) -> DeliveryReturn:
    delivery = _get(
        access.records_for(user, DeliveryReturn.objects.all(), action).select_related(
            "case__child", "setting", "confirmed_by"
        ),
        public_id,
    )
    record_read(user, child_id=delivery.case.child_id, case=delivery.case, what="delivery record")
    return delivery


def get_ehc_plan_to_confirm_or_404(user: Any, public_id: UUID | str) -> EhcPlan:
    plan = _get(support_access.ehc_plans_to_confirm(user).select_related("case__child"), public_id)
    record_read(user, child_id=plan.case.child_id, case=plan.case, what="plan")
    return plan


def get_flag_or_404(user: Any, public_id: UUID | str) -> AtRiskFlag:
    return _get(access.records_for(user, AtRiskFlag.objects.all(), Action.EDIT), public_id)


# --- Lists ----------------------------------------------------------------------------------------


def setting_children(user: Any) -> QuerySet[Child]:
    """The children at the SENCO's setting, with their active plan and open flag noted."""
    return (
        support_access.children_for(user, Action.EDIT)
        .annotate(
            active_plans=Count(
                "support_plans", filter=Q(support_plans__status=SupportPlanStatus.ACTIVE)
            ),
            open_flags=Count("at_risk_flags", filter=Q(at_risk_flags__cleared_on__isnull=True)),
        )
        .order_by("legal_last_name", "legal_first_name", "id")
    )


def at_risk_without_tier1(user: Any) -> QuerySet[AtRiskFlag]:
    """The setting's open at-risk flags with no tier 1 support started since the flag was
    raised: each should lead to tier 1 support."""
    from django.db.models import Exists, OuterRef

    since_flag = Tier1Episode.objects.filter(
        child_id=OuterRef("child_id"), starts_on__gte=OuterRef("raised_on")
    )
    return (
        access.records_for(user, AtRiskFlag.objects.filter(cleared_on__isnull=True), Action.EDIT)
        .exclude(Exists(since_flag))
        .select_related("child")
        .order_by("raised_on", "id")
    )


def plans_for(user: Any) -> QuerySet[SupportPlan]:
    return access.records_for(user, SupportPlan.objects.all()).select_related("child", "setting")


def reviews_due(user: Any, today: date) -> QuerySet[SupportPlan]:
    """Active plans of the setting due for review by ``today`` (overdue first)."""
    return (
        plans_for(user)
        .filter(status=SupportPlanStatus.ACTIVE, next_review_on__lte=today)
        .order_by("next_review_on", "id")
    )


def evidence_inbox(user: Any) -> QuerySet[RequestEvidence]:
    return (
        access.records_for(user, RequestEvidence.objects.all())
        .select_related("child", "setting", "case")
        .order_by("-created_at", "-id")
    )


def shortfalls_to_follow_up(user: Any) -> QuerySet[DeliveryLine]:
    """The coordinator's tasks: shortfalls on the cases they may edit, not yet followed up."""
    returns = access.records_for(user, DeliveryReturn.objects.all(), Action.EDIT)
    return (
        DeliveryLine.objects.filter(delivery__in=returns, followed_up_at__isnull=True)
        .exclude(delivered=Delivered.FULLY)
        .select_related("delivery__case__child", "delivery__setting")
        .order_by("delivery__created_at", "id")
    )


def standards(*, area: str | None = None) -> QuerySet[Standard]:
    found = Standard.objects.filter(retired=False)
    return found.filter(area=area) if area else found


def standards_by_area() -> list[tuple[str, list[tuple[str, list[Standard]]]]]:
    """The standards grouped by broad area, then by layer, in the file's order."""
    grouped: dict[str, dict[str, list[Standard]]] = defaultdict(lambda: defaultdict(list))
    for standard in standards():
        grouped[standard.area][standard.layer].append(standard)
    return [
        (
            area.label,
            [
                (layer.label, grouped[area.value][layer.value])
                for layer in Layer
                if grouped[area.value][layer.value]
            ],
        )
        for area in BroadArea
        if area.value in grouped
    ]


def standards_source() -> str:
    first = Standard.objects.filter(retired=False).values_list("source", flat=True).first()
    return first or ""


# --- A plan and its history -------------------------------------------------------------------------


def rows_with_warnings(plan: SupportPlan) -> list[tuple[str, list[GridRowView]]]:
    """The plan's grid by broad area, each row with the EHC plan's specificity warnings."""
    rows = list(plan.rows.select_related("standard").order_by("area", "position", "id"))
    return [
        (area.label, with_warnings([row for row in rows if row.area == area.value]))
        for area in BroadArea
    ]


def plan_history(plan: SupportPlan) -> dict[str, Any]:
    """What was tried, for how long, with what progress: the structured summary sent with a
    request for assessment (kept as sent, so plain values only)."""
    reviews = list(plan.reviews.order_by("reviewed_on", "id"))
    last_day = plan.closed_on or (reviews[-1].reviewed_on if reviews else plan.started_on)
    return {
        "setting": plan.setting.name,
        "started_on": plan.started_on.isoformat(),
        "weeks": max((last_day - plan.started_on).days // 7, 0),
        "layer": plan.get_layer_display(),
        "child_views": plan.child_views,
        "family_views": plan.family_views,
        "provision": [
            {
                "area": row.get_area_display(),
                "need": row.need,
                "provision": row.provision_what,
                "who": row.provision_who,
                "how_often": row.frequency,
                "how_long": row.duration,
                "how": ", ".join(
                    part for part in (row.provision_who, row.frequency, row.duration) if part
                ),
                "outcome": row.outcome,
                "timeframe": row.outcome_timeframe,
                "standard": row.standard.code if row.standard_id else "",
            }
            for row in plan.rows.select_related("standard").order_by("area", "position", "id")
        ],
        "reviews": [
            {
                "reviewed_on": review.reviewed_on.isoformat(),
                "progress": review.get_progress_display(),
                "what_worked": review.what_worked,
                "next_steps": review.next_steps,
                "layer_after": review.get_layer_after_display(),
            }
            for review in reviews
        ],
        "tier1": [
            {
                "provider": episode.provider,
                "starts_on": episode.starts_on.isoformat(),
                "ends_on": episode.ends_on.isoformat() if episode.ends_on else "",
                "goals": episode.goals,
                "outcome": episode.outcome,
            }
            for episode in Tier1Episode.objects.filter(child_id=plan.child_id).order_by(
                "starts_on", "id"
            )
        ],
    }


def delivery_history(case: Case) -> QuerySet[DeliveryReturn]:
    return (
        DeliveryReturn.objects.filter(case=case)
        .select_related("setting")
        .prefetch_related("lines")
        .order_by("-school_year", "-created_at", "-id")
    )


# --- What the case's pages show (evidence panels: sendcpp.evidence) ---------------------------------


def request_evidence(user: Any, case: Case, page: str) -> EvidencePanel | None:
    """On the coordinator's EHC page: the support plan history sent with the request."""
    if page != "ehcp":
        return None
    evidence = list(
        access.records_for(user, RequestEvidence.objects.filter(case=case)).select_related(
            "setting"
        )
    )
    if not evidence:
        return None
    return EvidencePanel(
        "Evidence from the setting",
        "support/partials/evidence_on_case.html",
        {"evidence": evidence},
    )


def delivery_evidence(user: Any, case: Case, page: str) -> EvidencePanel | None:
    """On the EHC pages (the annual review opens with it) and the family's page: each term's
    record of whether section F was delivered."""
    if page == "case":
        return None  # the case page leads to the EHC pages, which show it
    returns = list(
        access.records_for(user, DeliveryReturn.objects.filter(case=case))
        .select_related("setting")
        .prefetch_related("lines")
        .order_by("-school_year", "-created_at", "-id")
    )
    if not returns:
        return None
    title = (
        "Was the provision in the plan delivered?"
        if page == "journey"
        else "Provision delivered as section F says"
    )
    return EvidencePanel(title, "support/partials/delivery_on_case.html", {"returns": returns})


EVIDENCE_PANELS = [request_evidence, delivery_evidence]


# --- Reports --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryRate:
    label: str
    rows: int
    fully: int
    sessions_specified: int
    sessions_delivered: int

    @property
    def rows_rate(self) -> float | None:
        return percent(self.fully, self.rows)

    @property
    def sessions_rate(self) -> float | None:
        return percent(self.sessions_delivered, self.sessions_specified)


def _rates(lines: QuerySet[DeliveryLine], key: str, labels: dict[Any, str]) -> list[DeliveryRate]:
    from django.db.models import Sum

    grouped = (
        lines.values(key)
        .annotate(
            rows=Count("id"),
            fully=Count("id", filter=Q(delivered=Delivered.FULLY)),
            specified=Sum("sessions_specified"),
            delivered=Sum("sessions_delivered"),
        )
        .order_by(key)
    )
    rates = [
        DeliveryRate(
            labels.get(item[key], str(item[key])),
            item["rows"],
            item["fully"],
            item["specified"] or 0,
            item["delivered"] or 0,
        )
        for item in grouped
    ]
    return sorted(rates, key=lambda rate: rate.label)


def delivery_rates(
    la: Organisation, *, school_year: int | None = None
) -> dict[str, list[DeliveryRate]]:
    """Managers' figures: of the rows of section F confirmed by settings, the share delivered as
    specified and the sessions delivered against those specified, by setting and by broad area
    (the type of provision)."""
    lines = DeliveryLine.objects.filter(delivery__case__local_authority=la)
    if school_year is not None:
        lines = lines.filter(delivery__school_year=school_year)
    settings = dict(
        Organisation.objects.filter(id__in=lines.values("delivery__setting_id")).values_list(
            "id", "name"
        )
    )
    return {
        "by_setting": _rates(lines, "delivery__setting_id", settings),
        "by_area": _rates(lines, "area", dict(BroadArea.choices)),
        "overall": _rates(lines.annotate(), "delivery__case__local_authority_id", {la.pk: "All"}),
    }


@dataclass(frozen=True)
class ExclusionFigures:
    permanent: int
    preventable: int
    preventable_exclusions: list[Exclusion]
    plan_children: int
    plan_children_suspended: int
    ehc_children: int
    ehc_children_suspended: int

    @property
    def plan_suspension_rate(self) -> float | None:
        return percent(self.plan_children_suspended, self.plan_children)

    @property
    def ehc_suspension_rate(self) -> float | None:
        return percent(self.ehc_children_suspended, self.ehc_children)

    @staticmethod
    def _text(part: int, whole: int, rate: float | None) -> str:
        return f"{part} of {whole}" + (f" ({rate}%)" if rate is not None else "")

    @property
    def plan_suspended_text(self) -> str:
        return self._text(
            self.plan_children_suspended, self.plan_children, self.plan_suspension_rate
        )

    @property
    def ehc_suspended_text(self) -> str:
        return self._text(self.ehc_children_suspended, self.ehc_children, self.ehc_suspension_rate)


def exclusion_figures(la: Organisation, *, starts_on: date, ends_on: date) -> ExclusionFigures:
    """For children of ``la``, exclusions starting between the two dates (inclusive):

    - preventable exclusions: permanent exclusions of a child who had no tier 1 support starting
      on or before the day of the exclusion;
    - suspension rates: of children with a support plan active at any time in the period, the
      share suspended at least once in it; the same for children with an EHC plan in force.
    """
    in_period = Exclusion.objects.filter(
        child__responsible_la=la, starts_on__gte=starts_on, starts_on__lte=ends_on
    )
    permanent = list(
        in_period.filter(kind=ExclusionKind.PERMANENT).select_related("child", "setting")
    )
    preventable = [
        exclusion
        for exclusion in permanent
        if not Tier1Episode.objects.filter(
            child_id=exclusion.child_id, starts_on__lte=exclusion.starts_on
        ).exists()
    ]
    suspended = set(
        in_period.filter(kind=ExclusionKind.SUSPENSION).values_list("child_id", flat=True)
    )
    plan_children = set(
        SupportPlan.objects.filter(child__responsible_la=la, started_on__lte=ends_on)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=starts_on))
        .values_list("child_id", flat=True)
    )
    ehc_children = set(
        EhcPlan.objects.filter(case__local_authority=la, status__in=EHC_PLAN_IN_FORCE).values_list(
            "case__child_id", flat=True
        )
    )
    return ExclusionFigures(
        permanent=len(permanent),
        preventable=len(preventable),
        preventable_exclusions=preventable,
        plan_children=len(plan_children),
        plan_children_suspended=len(plan_children & suspended),
        ehc_children=len(ehc_children),
        ehc_children_suspended=len(ehc_children & suspended),
    )


@dataclass(frozen=True)
class TierMovements:
    """Alternative provision's tier 2 placements due to end between two dates, and where the
    pupils went (placements app), beside tier 1 support before them (this app)."""

    due: int
    returned_on_time: int
    returned_late: int
    moved_on_or_extended: int
    overdue: int
    not_yet_due: int
    after_tier1: int

    @property
    def on_time_rate(self) -> float | None:
        return percent(self.returned_on_time, self.due)


def tier_movements(
    la: Organisation, *, starts_on: date, ends_on: date, today: date
) -> TierMovements:
    """Of tier 2 placements of ``la``'s children whose planned return date falls between the two
    dates: those that ended with the pupil returning to the home school (the placement's last
    reintegration review says "return") on or before that date, or later; those ended or
    reviewed to extend or move on; those still open past the date (overdue) or not yet due; and
    how many followed tier 1 support of the same child (started before the placement)."""
    from placements.models import ApTier, Placement, ReintegrationReview

    placements = list(
        Placement.objects.filter(
            case__local_authority=la,
            ap_tier=ApTier.TIME_LIMITED,
            planned_return_on__gte=starts_on,
            planned_return_on__lte=ends_on,
        )
        .select_related("case")
        .prefetch_related("reviews")
    )
    counts = dict.fromkeys(("on_time", "late", "moved", "overdue", "later"), 0)
    for placement in placements:
        reviews = sorted(placement.reviews.all(), key=lambda r: (r.reviewed_on, r.pk))
        last = reviews[-1].outcome if reviews else None
        if placement.ends_on is not None and last == ReintegrationReview.Outcome.RETURN:
            late = placement.ends_on > placement.planned_return_on
            counts["late" if late else "on_time"] += 1
        elif placement.ends_on is not None or last in {
            ReintegrationReview.Outcome.EXTEND,
            ReintegrationReview.Outcome.MOVE_ON,
        }:
            counts["moved"] += 1
        elif placement.planned_return_on < today:
            counts["overdue"] += 1
        else:
            counts["later"] += 1
    after_tier1 = sum(
        1
        for placement in placements
        if Tier1Episode.objects.filter(
            child_id=placement.case.child_id, starts_on__lt=placement.starts_on
        ).exists()
    )
    return TierMovements(
        due=len(placements),
        returned_on_time=counts["on_time"],
        returned_late=counts["late"],
        moved_on_or_extended=counts["moved"],
        overdue=counts["overdue"],
        not_yet_due=counts["later"],
        after_tier1=after_tier1,
    )


def standards_use(la: Organisation) -> list[tuple[Standard, int, int]]:
    """Which standards the plans of the authority's children draw on: each standard with the
    number of rows and of settings using it."""
    used = (
        Standard.objects.annotate(
            uses=Count("rows", filter=Q(rows__plan__child__responsible_la=la)),
            settings=Count(
                "rows__plan__setting",
                filter=Q(rows__plan__child__responsible_la=la),
                distinct=True,
            ),
        )
        .filter(retired=False)
        .order_by("-uses", "area", "position")
    )
    return [(standard, standard.uses, standard.settings) for standard in used]


@dataclass(frozen=True)
class SettingStandards:
    setting: str
    rows: int
    from_standards: int
    standards: int


def standards_by_setting(la: Organisation) -> list[SettingStandards]:
    """For each setting holding plans of ``la``'s children: the rows of provision, how many
    were chosen from a standard, and how many different standards they draw on."""
    grouped = (
        SupportPlanRow.objects.filter(plan__child__responsible_la=la)
        .values("plan__setting__name")
        .annotate(
            rows=Count("id"),
            from_standards=Count("id", filter=Q(standard__isnull=False)),
            standards=Count("standard", distinct=True),
        )
        .order_by("plan__setting__name")
    )
    return [
        SettingStandards(
            item["plan__setting__name"], item["rows"], item["from_standards"], item["standards"]
        )
        for item in grouped
    ]
