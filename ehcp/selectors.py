"""Permission-scoped reads of the EHC journey, and the plan as issued (``plan_content``).

Whether a person may see a case at all is decided by ``sendcpp.access``; the ``get_*_or_404``
functions here find a row by its public id and then ask ``access`` about its case, so a row
the person may not see answers 404 exactly like a missing one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ehcp import specificity
from ehcp.models import (
    ADVICE_PROFESSIONS,
    SETTING_ADVICE_KINDS,
    AdviceDraft,
    AdviceKind,
    AdviceRequest,
    AdviceRow,
    AdviceSubmission,
    Assessment,
    AssessmentRequest,
    Decision,
    DraftComment,
    FamilyView,
    GridArea,
    GridRow,
    Plan,
    PlanRow,
    PlanStatus,
    PlanVersion,
    Review,
    SettingPreference,
)
from ehcp.services import is_year_9_or_above
from sendcpp import access, codelists
from sendcpp.access import Action, Actor
from sendcpp.audit import record_read
from sendcpp.models import Case, Deadline, Document, Organisation, Relationship, Stage, User
from sendcpp.needs import BroadArea
from sendcpp.selectors import family_preference
from sendcpp.shapes import Shapes

_MISSING = (ValueError, TypeError, ValidationError)

# --- Finding one record ---------------------------------------------------------------------------


# The plan's page reads the plan and its parts by id, each query compiled once per process
# (``sendcpp.shapes``): the page is the one a coordinator works on a plan from.
_PLAN_PAGE = Shapes("a plan's page")


def _plan_by_public_id(given: Mapping[str, Any]) -> QuerySet[Plan]:
    return Plan.objects.select_related("case", "updated_by", "placement_setting").filter(
        public_id=given["plan"]
    )


def get_plan_or_404(
    user: Actor,
    plan_id: UUID | str,
    action: Action = Action.VIEW,
    *,
    rights: tuple[Action, ...] = (),
) -> Plan:
    """The plan if ``user`` may perform ``action`` on its case, else Http404. Families never see
    the working copy: they read issued versions (``get_version_or_404``). ``rights``: as for
    ``access.get_case_or_404``, set on ``plan.case``."""
    key = access.public_id_or_404(plan_id, "No such plan")
    found = _PLAN_PAGE.objects("plan", _plan_by_public_id, {"plan": key})
    if not found or not access.sees_staff_only_content(user):
        raise Http404("No such plan")
    plan: Plan = found[0]
    plan.case = access.get_case_or_404(user, plan.case.public_id, action, rights=rights)
    if action == Action.VIEW:
        record_read(user, child_id=plan.case.child_id, case=plan.case, what="plan")
    return plan


def get_plan_for_response_or_404(user: Actor, plan_id: UUID | str) -> Plan:
    """The plan, for someone who may contribute to its case (the family, and staff recording
    what the family said): they respond to the issued draft, never see the working copy."""
    try:
        plan = Plan.objects.select_related("case").get(public_id=plan_id)
    except (Plan.DoesNotExist, *_MISSING) as error:
        raise Http404("No such plan") from error
    plan.case = access.get_case_or_404(user, plan.case.public_id, Action.CONTRIBUTE)
    return plan


def get_version_or_404(user: Actor, version_id: UUID | str) -> PlanVersion:
    """An issued version of a plan, for anyone who may see the case (the family included)."""
    try:
        version = PlanVersion.objects.select_related("plan", "plan__case", "document").get(
            public_id=version_id
        )
    except (PlanVersion.DoesNotExist, *_MISSING) as error:
        raise Http404("No such plan") from error
    case = version.plan.case = access.get_case_or_404(user, version.plan.case.public_id)
    record_read(user, child_id=case.child_id, case=case, what="issued plan", item=str(version))
    return version


def get_review_or_404(user: Actor, review_id: UUID | str, action: Action = Action.VIEW) -> Review:
    try:
        review = Review.objects.select_related("case", "plan").get(public_id=review_id)
    except (Review.DoesNotExist, *_MISSING) as error:
        raise Http404("No such review") from error
    review.case = access.get_case_or_404(user, review.case.public_id, action)
    return review


def get_decision_or_404(user: Actor, decision_id: UUID | str) -> Decision:
    try:
        decision = Decision.objects.select_related("case", "decided_by").get(public_id=decision_id)
    except (Decision.DoesNotExist, *_MISSING) as error:
        raise Http404("No such decision") from error
    decision.case = access.get_case_or_404(user, decision.case.public_id, Action.VIEW)
    return decision


def _advice_request(request_id: UUID | str) -> AdviceRequest:
    try:
        return AdviceRequest.objects.select_related(
            "case", "case__child", "case__child__setting", "advisor", "organisation", "review"
        ).get(public_id=request_id)
    except (AdviceRequest.DoesNotExist, *_MISSING) as error:
        raise Http404("No such request") from error


def get_advice_request_or_404(
    user: Actor, request_id: UUID | str, action: Action = Action.VIEW
) -> AdviceRequest:
    """A request for advice: for LA staff (and the LA's own systems) who may ``action`` its case, or for the advisor it was
    sent to while ``ehcp.access`` lets them read it. Anyone else gets 404,
    as for a missing request. Reads are logged."""
    advice_request = _advice_request(request_id)
    case = advice_request.case
    if access.sees_staff_only_content(user):
        advice_request.case = access.get_case_or_404(user, case.public_id, action)
        if action == Action.VIEW:
            record_read(user, child_id=case.child_id, case=case, what="advice request")
        return advice_request
    mine = AdviceRequest.objects.filter(pk=advice_request.pk)
    if not access.records_for(user, mine).exists():
        raise Http404("No such request")
    record_read(user, child_id=case.child_id, case=case, what="advice request")
    return advice_request


# --- Advice links: a signed, time-limited, single-use capability for one request ------------------

#: How long an advice link works: the 6 weeks to give advice, with a fortnight's grace.
ADVICE_LINK_MAX_AGE = timedelta(weeks=8)
_LINK_SALT = "ehcp.advice-link"


def advice_link_token(advice_request: AdviceRequest) -> str:
    """The token of the single-use link for an advisor without a sign-in ('' if none)."""
    if not advice_request.link_nonce:
        return ""
    return signing.dumps(
        {"r": str(advice_request.public_id), "n": advice_request.link_nonce}, salt=_LINK_SALT
    )


@dataclass
class LinkedRequest:
    advice_request: AdviceRequest
    problem: str = ""


def advice_request_for_link(token: str) -> LinkedRequest:
    """The request a link token opens, and why it can no longer be used (if so). A forged,
    altered or expired token is 404. The link gives nothing but this one request."""
    try:
        payload = signing.loads(token, salt=_LINK_SALT, max_age=ADVICE_LINK_MAX_AGE)
        advice_request = _advice_request(payload["r"])
    except (signing.BadSignature, KeyError, TypeError) as error:
        raise Http404("No such link") from error
    if not advice_request.link_nonce or advice_request.link_nonce != payload.get("n"):
        raise Http404("No such link")
    if (
        advice_request.link_used_at is not None
        or advice_request.status == AdviceRequest.Status.SUBMITTED
    ):
        return LinkedRequest(advice_request, "This link has already been used to give advice.")
    if advice_request.status != AdviceRequest.Status.REQUESTED:
        return LinkedRequest(advice_request, "The SEND team no longer needs this advice.")
    return LinkedRequest(advice_request)


# --- Lists ----------------------------------------------------------------------------------------


def advice_requests_for(user: Actor) -> QuerySet[AdviceRequest]:
    """The requests for advice ``user`` may see: LA staff, those on cases they see; a
    professional or setting, those sent to them while ``access`` lets them read them."""
    requests = AdviceRequest.objects.select_related("case", "case__child", "organisation")
    if access.sees_staff_only_content(user):
        return requests.filter(case__in=access.cases_for(user))
    return access.records_for(user, requests)


def contributors() -> QuerySet[User]:
    """Everyone with a sign-in who can be asked for advice: professionals and settings' own
    accounts, by profession then name."""
    return (
        User.objects.filter(
            is_active=True,
            account_type__in=[User.AccountType.PROFESSIONAL, User.AccountType.SETTING],
        )
        .select_related("organisation")
        .order_by("profession", "last_name", "first_name", "id")
    )


@dataclass(frozen=True)
class Contributors:
    """Who to list for a kind of advice: those whose profession gives it (``filtered``), or
    everyone when nobody's profession is known to give it or everyone was asked for."""

    people: QuerySet[User]
    filtered: bool


def contributors_for(kind: str | None, *, everyone: bool = False) -> Contributors:
    """The people to offer for ``kind`` of advice (``ehcp.models.ADVICE_PROFESSIONS``)."""
    people = contributors()
    professions = ADVICE_PROFESSIONS.get(kind or "", ())
    if everyone or not (professions or kind in SETTING_ADVICE_KINDS):
        return Contributors(people, filtered=False)
    match = Q(profession__in=professions)
    if kind in SETTING_ADVICE_KINDS:
        match |= Q(account_type=User.AccountType.SETTING)
    chosen = people.filter(match)
    if not chosen.exists():
        return Contributors(people, filtered=False)
    return Contributors(chosen, filtered=True)


def advice_draft_for(
    advice_request: AdviceRequest, user: Actor, *, via_link: bool
) -> AdviceDraft | None:
    """The advice ``user`` is writing and has not submitted (only its author ever sees it; the
    holder of the single-use link is the author of the link's draft)."""
    if via_link:
        return AdviceDraft.objects.filter(request=advice_request, via_link=True).first()
    if not isinstance(user, User):
        return None
    return AdviceDraft.objects.filter(
        request=advice_request, author=user, client=None, via_link=False
    ).first()


def drafted_by(user: Actor, request_ids: list[int]) -> set[int]:
    """Which of these requests ``user`` has a draft of (to show on their list)."""
    if not isinstance(user, User):
        return set()
    return set(
        AdviceDraft.objects.filter(
            author=user, via_link=False, request_id__in=request_ids
        ).values_list("request_id", flat=True)
    )


def plans_for(user: Actor) -> QuerySet[Plan]:
    """Plans (working copies) on the cases ``user`` may see: LA staff and the LA's own systems
    only; families and settings read the issued versions."""
    if not access.sees_staff_only_content(user):
        return Plan.objects.none()
    return Plan.objects.filter(case__in=access.cases_for(user))


def versions_for(user: Actor) -> QuerySet[PlanVersion]:
    """Issued plan versions on the cases ``user`` may see (families included)."""
    return PlanVersion.objects.filter(plan__case__in=access.cases_for(user)).select_related(
        "plan", "plan__case", "document", "issued_by"
    )


def requests_for(user: Actor) -> QuerySet[AssessmentRequest]:
    return AssessmentRequest.objects.filter(case__in=access.cases_for(user)).select_related("case")


def assessments_for(user: Actor) -> QuerySet[Assessment]:
    return Assessment.objects.filter(case__in=access.cases_for(user)).select_related(
        "case", "request"
    )


def reviews_for(user: Actor) -> QuerySet[Review]:
    return Review.objects.filter(case__in=access.cases_for(user)).select_related("case", "plan")


def submissions_for(user: Actor) -> QuerySet[AdviceSubmission]:
    """Advice submissions: LA staff on cases they see; advisors their own."""
    return AdviceSubmission.objects.filter(
        request__in=advice_requests_for(user).values("pk")
    ).select_related("request", "request__case")


def open_deadlines(case: Case) -> QuerySet[Deadline]:
    return Deadline.objects.filter(case=case, met_on__isnull=True, cancelled_on__isnull=True)


def latest_submission(advice_request: AdviceRequest) -> AdviceSubmission | None:
    return (
        advice_request.submissions.prefetch_related("rows").order_by("-version").first()
        if advice_request.status == AdviceRequest.Status.SUBMITTED
        else None
    )


def advice_rows_available(plan: Plan, area: str) -> QuerySet[AdviceRow]:
    """Rows of the latest version of each piece of advice on the case, in ``area``, to pull into
    the plan."""
    latest = AdviceSubmission.objects.filter(
        request__case_id=plan.case_id, corrected_by__isnull=True
    )
    return (
        AdviceRow.objects.filter(submission__in=latest, area=area)
        .select_related("submission", "submission__request")
        .order_by("submission__submitted_at", "position")
    )


# --- The plan as issued ---------------------------------------------------------------------------

#: A short plain-English description of each broad area (after SEND CoP 6.28-6.35), printed at the
#: head of its block as the national template does.
AREA_DESCRIPTIONS: dict[str, str] = {
    BroadArea.COMMUNICATION_INTERACTION: (
        "Speech, language and communication, and social interaction, including autism "
        "(SEND Code of Practice 6.28 to 6.29)."
    ),
    BroadArea.COGNITION_LEARNING: (
        "Learning at a slower pace than others of the same age, or specific difficulties with "
        "parts of learning such as reading or number (6.30 to 6.31)."
    ),
    BroadArea.SEMH: (
        "Social and emotional difficulties, and mental health, that affect learning and "
        "relationships (6.32 to 6.33)."
    ),
    BroadArea.SENSORY_PHYSICAL: (
        "Vision, hearing or multi-sensory impairment, and physical disability, that make it "
        "harder to use the facilities most children use (6.34 to 6.35)."
    ),
}
NO_NEEDS_TEXT = "Child or young person has no identified special educational needs in this area."

#: Section K's fixed rows (national template) in order; other kinds of advice follow them.
K_ROWS: list[tuple[str, str]] = [
    (AdviceKind.EDUCATIONAL, "Educational advice"),
    (AdviceKind.HEALTH, "Medical advice"),
    (AdviceKind.PSYCHOLOGICAL, "Educational psychologist advice"),
    (AdviceKind.SOCIAL_CARE, "Social care advice"),
    (AdviceKind.ADULTHOOD, "Preparation for adulthood advice (Year 9 and above)"),
    (AdviceKind.FAMILY_REQUESTED, "Any person the family reasonably asked for"),
    (AdviceKind.OTHER, "Any other person the council thinks appropriate"),
]


def _row(row: PlanRow) -> dict[str, Any]:
    need, provision, outcome = row.sections
    source = ""
    advice_row = row.source_advice_row
    if advice_row is not None:
        request = advice_row.submission.request
        source = (
            f"{request.get_kind_display()} from {advice_row.submission.advisor_name}, "
            f"{timezone.localdate(advice_row.submission.submitted_at):%-d %B %Y}"
        )
    return {
        "need": row.need,
        "provision_what": row.provision_what,
        "provision_who": row.provision_who,
        "ratio": row.ratio,
        "frequency": row.frequency,
        "duration": row.duration,
        "outcome": row.outcome,
        "outcome_timeframe": row.outcome_timeframe,
        "need_section": need,
        "provision_section": provision,
        "outcome_section": outcome,
        "source": source,
    }


def _child(case: Case) -> dict[str, Any]:
    child = case.child
    return {
        "name": f"{child.legal_first_name} {child.legal_last_name.upper()}",
        "preferred_name": child.preferred_name,
        "date_of_birth": child.date_of_birth.isoformat(),
        "sex": child.get_sex_display(),
        # The plan is read by the family: the words, not the DfE codes.
        "ethnicity": codelists.meaning("ethnicity", child.ethnicity),
        "first_language": codelists.meaning("first_language", child.first_language),
        "nhs_number": child.nhs_number,
        "upn": child.upn,
        "address": child.address,
        "postcode": child.postcode,
    }


def _contacts(case: Case) -> list[dict[str, str]]:
    relationships = Relationship.objects.filter(child_id=case.child_id).order_by("id")[:4]
    return [
        {
            "name": person.full_name,
            "relationship": person.get_kind_display(),
            "email": person.email,
            "phone": person.phone,
            "language": person.contact_language,
        }
        for person in relationships
    ]


def k_section(case: Case) -> list[dict[str, Any]]:
    """Section K: the advice and information gathered, built from the advice actually received
    (the fixed rows of the national template first, marked when nothing was received)."""
    received = (
        AdviceRequest.objects.filter(
            case=case, status=AdviceRequest.Status.SUBMITTED, assessment__isnull=False
        )
        .select_related("organisation")
        .order_by("submitted_at", "id")
    )
    by_kind: dict[str, list[AdviceRequest]] = {}
    for advice_request in received:
        by_kind.setdefault(advice_request.kind, []).append(advice_request)
    rows: list[dict[str, Any]] = []
    adult = is_year_9_or_above(case.child, timezone.localdate())
    labels = dict(K_ROWS)
    kinds = [kind for kind, _ in K_ROWS] + [k for k in by_kind if k not in labels]
    for kind in kinds:
        if kind == AdviceKind.ADULTHOOD and not adult and kind not in by_kind:
            continue
        label = labels.get(kind) or AdviceKind(kind).label
        for advice_request in by_kind.get(kind, []):
            who = advice_request.advisor_name
            if advice_request.organisation:
                who = f"{who}, {advice_request.organisation.name}"
            rows.append(
                {
                    "advice": label,
                    "requested_on": advice_request.requested_on.isoformat(),
                    "received_on": timezone.localdate(advice_request.submitted_at).isoformat(),
                    "from": who,
                    "appended": True,
                }
            )
        if kind not in by_kind and kind in labels:
            rows.append(
                {
                    "advice": label,
                    "requested_on": "",
                    "received_on": "",
                    "from": "",
                    "appended": False,
                }
            )
    views = FamilyView.objects.filter(case=case).order_by("created_at")
    for view in views:
        rows.append(
            {
                "advice": view.get_about_display(),
                "requested_on": "",
                "received_on": timezone.localdate(view.created_at).isoformat(),
                "from": "Family portal" if view.given_by_id else "Recorded by the council",
                "appended": True,
            }
        )
    return rows


def plan_content(
    plan: Plan, *, kind: str, number: int, issued_on: date, by: User | None
) -> dict[str, Any]:
    """The whole plan on the national template as a plain, JSON-serialisable document: what an
    issued version freezes, and what the PDF, the preview and the comparison are made from."""
    case = Case.objects.select_related("child", "child__setting", "local_authority").get(
        pk=plan.case_id
    )
    plan = Plan.objects.select_related("placement_setting").get(pk=plan.pk)
    rows = list(
        PlanRow.objects.filter(plan=plan)
        .select_related("source_advice_row__submission__request")
        .order_by("area", "position", "id")
    )
    by_area: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_area.setdefault(row.area, []).append(_row(row))
    setting = case.child.setting
    is_final = kind in {PlanVersion.Kind.FINAL, PlanVersion.Kind.FINAL_AMENDED}
    profile = getattr(by, "staff_profile", None) if by else None
    return {
        "schema": 1,
        "kind": kind,
        "kind_label": PlanVersion.Kind(kind).label,
        "number": number,
        "issued_on": issued_on.isoformat(),
        "local_authority": case.local_authority.name,
        "case_reference": case.reference,
        "child": _child(case),
        "contacts": _contacts(case),
        "services": {
            "setting": setting.name if setting else "",
            "setting_urn": (setting.urn or setting.ukprn) if setting else "",
            "health_professionals": plan.health_professionals,
            "known_to_social_care": plan.known_to_social_care,
            "looked_after": plan.looked_after,
            "previously_looked_after": plan.previously_looked_after,
            "other_professionals": plan.other_professionals,
            "one_page_profile": plan.one_page_profile,
            "moving_from_la": plan.moving_from_la,
        },
        "section_a": {
            "history": plan.history,
            "communication": plan.communication,
            "views": plan.views,
            "views_gathered": plan.views_gathered,
            "interests": plan.interests,
            "strengths": plan.strengths,
            "aspirations": plan.aspirations,
            "parent_views": plan.parent_views,
            # Drawings, photos or short recordings of the child's views, uploaded to the case.
            "attachments": list(
                Document.objects.filter(
                    case_id=case.pk, kind=Document.Kind.VIEWS, status=Document.Status.READY
                )
                .order_by("created_at")
                .values_list("title", flat=True)[:20]
            ),
        },
        "areas": [
            {
                "key": area.value,
                "title": area.label,
                "description": AREA_DESCRIPTIONS[area],
                "strengths": plan.area_strengths.get(area.value, ""),
                "rows": by_area.get(area.value, []),
                "no_needs_text": NO_NEEDS_TEXT,
            }
            for area in BroadArea
        ],
        "health": by_area.get(GridArea.HEALTH, []),
        "social_care": by_area.get(GridArea.SOCIAL_CARE, []),
        "placement": {
            "name": plan.placement_name if is_final else "",
            "type": plan.placement_type if is_final else "",
            "pattern": plan.placement_pattern if is_final else "",
            "urn": (plan.placement_setting.urn if plan.placement_setting and is_final else ""),
        },
        "budget": {
            "personal_budget": plan.personal_budget,
            "direct_payments": plan.direct_payments,
        },
        "advice": k_section(case),
        "sign_off": {
            "officer": by.display_name if (by and is_final) else "",
            "role": (profile.job_title or profile.get_role_display())
            if (profile and is_final)
            else "",
            "date": issued_on.isoformat() if is_final else "",
        },
    }


def working_copy(plan: Plan, *, by: User | None) -> PlanVersion:
    """The working copy as an unsaved version, for the preview: a draft while drafting, the final
    plan (with section I) once the draft has been sent."""
    kind = {
        PlanStatus.DRAFTING: PlanVersion.Kind.DRAFT,
        PlanStatus.AMENDING: PlanVersion.Kind.AMENDMENT_NOTICE,
        PlanStatus.AMENDMENT_ISSUED: PlanVersion.Kind.FINAL_AMENDED,
    }.get(plan.status, PlanVersion.Kind.FINAL)
    today = timezone.localdate()
    return PlanVersion(
        plan=plan,
        number=0,
        kind=kind,
        issued_on=today,
        content=plan_content(plan, kind=kind, number=0, issued_on=today, by=by),
    )


# --- Pages ----------------------------------------------------------------------------------------


@dataclass
class GridRowView:
    row: GridRow  # a row of any plan's grid: the EHC plan, advice, a setting's support plan
    warnings: list[specificity.WordingWarning] = field(default_factory=list)


def with_warnings(rows: Any) -> list[GridRowView]:
    return [
        GridRowView(
            row,
            specificity.check_row(
                area=row.area,
                need=row.need,
                provision_what=row.provision_what,
                provision_who=row.provision_who,
                ratio=row.ratio,
                frequency=row.frequency,
                duration=row.duration,
                outcome=row.outcome,
                outcome_timeframe=row.outcome_timeframe,
            ),
        )
        for row in rows
    ]


#: The plan's task list: (key, title, legal sections).
PLAN_TASKS: list[tuple[str, str]] = [
    ("services", "Personal details and services involved"),
    ("history", "A1: history, and how to communicate with them"),
    ("views", "A2: views, interests, strengths and aspirations"),
    *[
        (area.value, f"{area.label}: needs (B), provision (F) and outcomes (E)")
        for area in BroadArea
    ],
    (GridArea.HEALTH.value, "C and G: health needs and provision"),
    (GridArea.SOCIAL_CARE.value, "D, H1 and H2: social care needs and provision"),
    ("placement", "I: placement"),
    ("budget", "J: personal budget and direct payments"),
]


@dataclass
class PlanTask:
    key: str
    title: str
    done: bool
    warnings: int = 0


def plan_tasks(plan: Plan) -> list[PlanTask]:
    """The plan's sections with whether each has content and how many wording warnings it has."""
    rows = _PLAN_PAGE.objects("rows", _rows_of_plan, {"plan": plan.pk})
    warnings: dict[str, int] = {}
    for view in with_warnings(rows):
        warnings[view.row.area] = warnings.get(view.row.area, 0) + len(view.warnings)
    areas_with_rows = {row.area for row in rows}
    done = {
        "services": bool(plan.health_professionals or plan.other_professionals),
        "history": bool(plan.history),
        "views": bool(plan.views or plan.aspirations),
        "placement": plan.names_a_setting,
        "budget": bool(plan.personal_budget or plan.direct_payments),
    }
    tasks = []
    for key, title in PLAN_TASKS:
        # An area of the grid is done only when it has rows: strengths alone are not needs,
        # provision and outcomes.
        has = done.get(key, key in areas_with_rows)
        tasks.append(PlanTask(key, title, has, warnings.get(key, 0)))
    return tasks


def _rows_of_plan(given: Mapping[str, Any]) -> QuerySet[PlanRow]:
    return PlanRow.objects.filter(plan_id=given["plan"])


def latest_versions(plan: Plan, count: int = 5) -> list[PlanVersion]:
    """The plan's ``count`` latest versions, newest first."""
    return _PLAN_PAGE.objects(
        ("versions", count),
        lambda given: PlanVersion.objects.filter(plan_id=given["plan"]).order_by("-number")[:count],
        {"plan": plan.pk},
    )


def row_warnings(plan: Plan) -> list[GridRowView]:
    """The plan's grid rows with wording warnings (vague provision, missing quantity), in
    order, for the coordinator to put right before the plan is sent."""
    rows = PlanRow.objects.filter(plan=plan).order_by("area", "position", "id")
    return [view for view in with_warnings(rows) if view.warnings]


@dataclass
class CaseOverview:
    requests: list[AssessmentRequest]
    decisions: list[Decision]
    advice: list[AdviceRequest]
    plan: Plan | None
    versions: list[PlanVersion]
    reviews: list[Review]
    deadlines: list[Deadline]
    family_views: list[FamilyView]
    assessment: Assessment | None

    @property
    def advice_back(self) -> bool:
        """Whether the assessment's advice has all come back (at least one asked, none waiting):
        until then deciding whether to issue a plan is not the next step."""
        if self.assessment is None:
            return False
        asked = [one for one in self.advice if one.assessment_id == self.assessment.pk]
        return bool(asked) and all(one.status != AdviceRequest.Status.REQUESTED for one in asked)


def case_overview(case: Case) -> CaseOverview:
    """Everything on the EHCP page of a case, in a fixed number of queries."""
    plan = Plan.objects.filter(case=case).select_related("placement_setting").first()
    versions: list[PlanVersion] = []
    if plan is not None:
        versions = list(plan.versions.select_related("document").order_by("-number"))
    return CaseOverview(
        requests=list(AssessmentRequest.objects.filter(case=case).order_by("-received_on", "-id")),
        decisions=list(Decision.objects.filter(case=case).select_related("decided_by")),
        advice=list(
            AdviceRequest.objects.filter(case=case)
            .select_related("organisation", "assessment", "review")
            .order_by("-requested_on", "-id")
        ),
        plan=plan,
        versions=versions,
        reviews=list(Review.objects.filter(case=case).order_by("-meeting_on", "-id")),
        deadlines=list(open_deadlines(case).order_by("due_on", "id")),
        family_views=list(
            FamilyView.objects.filter(case=case)
            .select_related("given_by")
            .prefetch_related("attachments")[:20]
        ),
        assessment=Assessment.objects.filter(case=case, outcome=Assessment.Outcome.PENDING).first(),
    )


@dataclass
class JourneyStep:
    title: str
    status: str  # "done", "current" or "to_come"
    text: str = ""


#: The journey as the family reads it, step by step, with the stages that mean each is done.
_JOURNEY: list[tuple[str, str, set[str]]] = [
    (
        "We get your request",
        "We have 6 weeks to decide whether to assess.",
        {Stage.REQUEST},
    ),
    (
        "We assess your child's needs",
        "Professionals give their advice within 6 weeks of being asked.",
        {Stage.ASSESSMENT, Stage.NOT_ASSESSED},
    ),
    (
        "We write a draft plan",
        "We send it to you with at least 15 days to comment and say which school or college you "
        "would like.",
        {Stage.DRAFTING, Stage.NOT_ISSUED},
    ),
    (
        "You comment on the draft and we ask schools or colleges",
        "We consult the school or college you asked for.",
        {Stage.DRAFT_ISSUED, Stage.CONSULTATION},
    ),
    (
        "We issue the final plan",
        "Within 20 weeks of the request. The letter explains your rights of appeal.",
        {Stage.PLAN_ISSUED},
    ),
    (
        "We review the plan every year",
        "You, the school or college and professionals all contribute.",
        {Stage.MAINTAINED, Stage.ANNUAL_REVIEW, Stage.CEASED, Stage.CLOSED},
    ),
]


def family_journey(case: Case) -> list[JourneyStep]:
    """The statutory journey as steps: done, where the case is now, and still to come."""
    index = next(
        (i for i, (_, _, stages) in enumerate(_JOURNEY) if case.stage in stages), len(_JOURNEY)
    )
    steps = []
    for position, (title, text, _) in enumerate(_JOURNEY):
        status = "done" if position < index else "current" if position == index else "to_come"
        steps.append(JourneyStep(title, status, text))
    return steps


def draft_response(plan: Plan) -> dict[str, Any]:
    """The latest draft (or proposed amendments) sent to the family, and what they said."""
    from ehcp.services.plans import latest_sent_version

    version = latest_sent_version(plan)
    preference = family_preference(plan.case)
    if version is None:
        return {
            "version": None,
            "comments": [],
            "preferences": [],
            "family_preference": preference,
        }
    values = {"version": version.pk}
    return {
        "version": version,
        "family_preference": preference,
        "comments": _PLAN_PAGE.objects(
            "comments",
            lambda given: DraftComment.objects.filter(version_id=given["version"]).select_related(
                "given_by"
            ),
            values,
        ),
        "preferences": _PLAN_PAGE.objects(
            "preferences",
            lambda given: SettingPreference.objects.filter(
                version_id=given["version"]
            ).select_related("given_by", "setting"),
            values,
        ),
    }


def advice_request_page(advice_request: AdviceRequest) -> dict[str, Any]:
    """What a request shares with its advisor: the child, the LA's questions, the family's views
    (if shared) and other advice received (if shared), plus the submissions so far."""
    case = advice_request.case
    shared_views: list[FamilyView] = []
    if advice_request.share_family_views:
        shared_views = list(FamilyView.objects.filter(case=case).order_by("-created_at")[:20])
    other_advice: list[AdviceSubmission] = []
    if advice_request.share_other_advice:
        other_advice = list(
            AdviceSubmission.objects.filter(
                request__case=case,
                request__status=AdviceRequest.Status.SUBMITTED,
                corrected_by__isnull=True,
            )
            .exclude(request=advice_request)
            .select_related("request", "report")
            .prefetch_related(Prefetch("rows", queryset=AdviceRow.objects.order_by("position")))
        )
    submissions = list(
        advice_request.submissions.order_by("-version")
        .select_related("report")
        .prefetch_related(Prefetch("rows", queryset=AdviceRow.objects.order_by("position")))
    )
    return {
        "child": case.child,
        "shared_views": shared_views,
        "other_advice": other_advice,
        "submissions": submissions,
    }


# --- The SEN2 return ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sen2Records:
    """What the EHC records hold for the SEN2 return, for a set of cases, as plain values (the
    dashboard builds the return from them without reading ehcp's models)."""

    # (case id, SEN2 RequestSource code, received on, status, decided on) of each request.
    requests: list[tuple[int, int | None, date, str, date | None]]
    # (case id, outcome, decided on) of each initial assessment.
    assessments: list[tuple[int, str, date | None]]
    # case id -> the date its first final plan was issued.
    first_final: dict[int, date]
    # (case id, made on, personal budget?, direct payments?, named setting, moving from LA).
    plans: list[tuple[int, date | None, bool, bool, Organisation | None, str]]
    # (case id, cease reason code, decided on) of each decision to cease.
    ceased: list[tuple[int, str, date]]
    # (case id, held on, outcome, decided on) of each annual review meeting held.
    reviews: list[tuple[int, date, str, date | None]]


def sen2_records(case_ids: list[int]) -> Sen2Records:
    """The EHC records of ``case_ids`` that the SEN2 return reports (a fixed number of
    queries). The caller has already scoped the cases to what the person may export."""
    from ehcp.models import (
        SEN2_REQUEST_SOURCE,
        Assessment,
        AssessmentRequest,
        Decision,
        Plan,
        PlanVersion,
        Review,
    )

    requests = [
        (r.case_id, SEN2_REQUEST_SOURCE.get(r.source), r.received_on, r.status,
         r.decision.decided_on if r.decision else None)
        for r in AssessmentRequest.objects.filter(
            case_id__in=case_ids, kind=AssessmentRequest.Kind.ASSESSMENT
        ).select_related("decision").order_by("received_on", "id")
    ]  # fmt: skip
    assessments = [
        (a.case_id, a.outcome, a.decision.decided_on if a.decision else None)
        for a in Assessment.objects.filter(case_id__in=case_ids, kind=Assessment.Kind.INITIAL)
        .select_related("decision")
        .order_by("started_on", "id")
    ]
    first_final: dict[int, date] = {}
    for case_id, issued_on in (
        PlanVersion.objects.filter(plan__case_id__in=case_ids, kind=PlanVersion.Kind.FINAL)
        .order_by("issued_on")
        .values_list("plan__case_id", "issued_on")
    ):
        first_final.setdefault(case_id, issued_on)
    plans = [
        (p.case_id, p.made_on, bool(p.personal_budget.strip()), bool(p.direct_payments.strip()),
         p.placement_setting, p.moving_from_la)
        for p in Plan.objects.filter(case_id__in=case_ids).select_related("placement_setting")
    ]  # fmt: skip
    ceased = list(
        Decision.objects.filter(
            case_id__in=case_ids, kind=Decision.Kind.CEASE, outcome=Decision.Outcome.CEASE
        )
        .order_by("decided_on", "id")
        .values_list("case_id", "cease_reason", "decided_on")
    )
    reviews = list(
        Review.objects.filter(case_id__in=case_ids, held_on__isnull=False)
        .exclude(status=Review.Status.CANCELLED)
        .order_by("held_on", "id")
        .values_list("case_id", "held_on", "outcome", "decided_on")
    )
    return Sen2Records(requests, assessments, first_final, plans, ceased, reviews)
