"""The plan: editing its working copy (with no lost updates), and issuing the draft, the
final plan and the setting named in section I."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F, Max, QuerySet
from django.urls import reverse
from django.utils import timezone

from ehcp.models import (
    AdviceRow,
    Decision,
    GridArea,
    Plan,
    PlanRow,
    PlanStatus,
    PlanVersion,
)
from ehcp.services.casework import (
    PLAN_ROW_FIELDS,
    PLAN_SECTION_FIELDS,
    acting_user,
    check_date,
    lock_case_and_plan,
    lock_plan,
    move_case,
    notify_family,
    open_appeal_window,
    record_decision,
    require,
    set_plan_status,
)
from ehcp.workflow import CASE
from sendcpp import clock, pdf
from sendcpp.access import Action, Actor
from sendcpp.exceptions import DomainError, StaleEdit, TransitionNotAllowed
from sendcpp.models import (
    EDUCATION_SETTING_KINDS,
    Audience,
    Case,
    Document,
    Organisation,
    Stage,
)
from sendcpp.needs import NeedType, broad_area_of
from sendcpp.shapes import Shapes
from sendcpp.timeline import record_case_event

# --- The plan: editing the working copy -----------------------------------------------------------


def _stale_message(plan: Plan) -> str:
    who = plan.updated_by.display_name if plan.updated_by else "Someone else"
    when = timezone.localtime(plan.updated_at)
    return (
        f"{who} saved changes to this plan at {when:%-I:%M%p on %-d %B %Y} after you opened it. "
        "Your changes have not been saved: check their version below, then save yours again."
    )


def _editable_plan(plan: Plan, *, lock_version: int | None, by: Actor) -> Plan:
    current = lock_plan(plan)
    require(by, Action.EDIT, current.case, "You cannot edit this plan")
    if not current.is_editable:
        raise TransitionNotAllowed("This plan cannot be changed now: it is not being drafted")
    if lock_version is not None and int(lock_version) != current.lock_version:
        raise StaleEdit(_stale_message(current))
    return current


def _saved(plan: Plan, *, by: Actor, section: str, **values: Any) -> Plan:
    now = timezone.now()
    Plan.objects.filter(pk=plan.pk).update(
        **values, lock_version=F("lock_version") + 1, updated_by=acting_user(by), updated_at=now
    )
    plan.refresh_from_db()
    record_case_event(
        case=plan.case,
        kind="ehcp_plan_edited",
        by=by,
        summary=f"Plan edited: {section}",
        section=section,
    )
    return plan


@transaction.atomic
def update_plan_section(
    plan: Plan, *, section: str, values: Mapping[str, Any], lock_version: int, by: Actor
) -> Plan:
    """Save one section of the working copy. Refused with ``StaleEdit`` when someone else saved
    the plan after ``lock_version`` was read: nobody's changes are silently lost."""
    if section not in PLAN_SECTION_FIELDS:
        raise DomainError("There is no such section of the plan")
    plan = _editable_plan(plan, lock_version=lock_version, by=by)
    fields = PLAN_SECTION_FIELDS[section]
    cleaned = {name: values[name] for name in fields if name in values}
    for name, value in cleaned.items():
        if isinstance(value, str):
            cleaned[name] = value.strip()
    return _saved(plan, by=by, section=section, **cleaned)


@transaction.atomic
def update_area_strengths(
    plan: Plan, *, area: str, text: str, lock_version: int, by: Actor
) -> Plan:
    """Save the strengths box of one broad area of need."""
    if area not in GridArea.values:
        raise DomainError("There is no such area of need")
    plan = _editable_plan(plan, lock_version=lock_version, by=by)
    strengths = dict(plan.area_strengths)
    strengths[area] = (text or "").strip()
    return _saved(plan, by=by, section=f"strengths ({area})", area_strengths=strengths)


@transaction.atomic
def save_plan_row(
    plan: Plan,
    *,
    values: Mapping[str, Any],
    lock_version: int,
    by: Actor,
    row: PlanRow | None = None,
) -> PlanRow:
    """Add or change one row of the grid: a need, its provision and the outcome sought. Vague
    wording is a warning (``ehcp.specificity``), not a refusal."""
    plan = _editable_plan(plan, lock_version=lock_version, by=by)
    cleaned = {field: (values.get(field) or "").strip() for field in PLAN_ROW_FIELDS}
    if cleaned["area"] not in GridArea.values:
        raise DomainError("Choose the area of need", field="area")
    if cleaned["area"] != GridArea.SOCIAL_CARE:
        cleaned["social_care_basis"] = ""
    if not (cleaned["need"] or cleaned["provision_what"] or cleaned["outcome"]):
        raise DomainError("Enter the need, the provision or the outcome", field="need")
    if row is None:
        last = PlanRow.objects.filter(plan=plan, area=cleaned["area"]).aggregate(Max("position"))[
            "position__max"
        ]
        row = PlanRow.objects.create(plan=plan, position=(last or 0) + 1, **cleaned)
    else:
        if row.plan_id != plan.pk:
            raise DomainError("That row is not in this plan")
        PlanRow.objects.filter(pk=row.pk).update(**cleaned)
        row.refresh_from_db()
    _saved(plan, by=by, section=f"row in {row.get_area_display()}")
    return row


@transaction.atomic
def delete_plan_row(plan: Plan, *, row: PlanRow, lock_version: int, by: Actor) -> None:
    """Remove a row from the working copy (issued versions keep it)."""
    plan = _editable_plan(plan, lock_version=lock_version, by=by)
    if row.plan_id != plan.pk:
        raise DomainError("That row is not in this plan")
    area = row.get_area_display()
    PlanRow.objects.filter(pk=row.pk).delete()
    _saved(plan, by=by, section=f"row removed from {area}")


@transaction.atomic
def pull_advice_into_plan(
    plan: Plan, *, advice_rows: Iterable[AdviceRow], lock_version: int, by: Actor
) -> list[PlanRow]:
    """Copy rows of submitted advice into the plan's grid, each keeping a reference to the advice
    it came from (the golden thread to section K)."""
    plan = _editable_plan(plan, lock_version=lock_version, by=by)
    chosen = list(
        AdviceRow.objects.filter(
            pk__in=[row.pk for row in advice_rows],
            submission__request__case_id=plan.case_id,
        ).order_by("submission_id", "position")
    )
    if not chosen:
        raise DomainError("Choose at least one row of advice", field="rows")
    created = []
    positions: dict[str, int] = {}
    for advice_row in chosen:
        if advice_row.area not in positions:
            last = PlanRow.objects.filter(plan=plan, area=advice_row.area).aggregate(
                Max("position")
            )["position__max"]
            positions[advice_row.area] = last or 0
        positions[advice_row.area] += 1
        created.append(
            PlanRow.objects.create(
                plan=plan,
                position=positions[advice_row.area],
                source_advice_row=advice_row,
                **{field: getattr(advice_row, field) for field in PLAN_ROW_FIELDS},
            )
        )
    _saved(plan, by=by, section=f"{len(created)} row(s) taken from advice")
    return created


# --- The plan: issuing versions -------------------------------------------------------------------


def issue_version(
    plan: Plan,
    *,
    kind: str,
    issued_on: date,
    by: Actor,
    comments_close_on: date | None = None,
) -> PlanVersion:
    from ehcp.documents import PLAN_VERSION_PDF
    from ehcp.selectors import plan_content

    number = (plan.versions.aggregate(Max("number"))["number__max"] or 0) + 1
    label = PlanVersion.Kind(kind).label
    document = Document.objects.create(
        case=plan.case,
        kind=Document.Kind.PLAN,
        title=f"{label} (version {number})",
        audience=Audience.FAMILY,
        status=Document.Status.PENDING,
        content_type="application/pdf",
        original_filename=f"ehc-plan-{plan.case.reference}-v{number}.pdf",
        uploaded_by=acting_user(by),
    )
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        kind=kind,
        issued_on=issued_on,
        issued_by=acting_user(by),
        comments_close_on=comments_close_on,
        content=plan_content(
            plan, kind=kind, number=number, issued_on=issued_on, by=acting_user(by)
        ),
        document=document,
    )
    pdf.prepare(PLAN_VERSION_PDF, version.pk)
    return version


def send_plan_for_comments(
    plan: Plan,
    *,
    kind: str,
    sent_on: date,
    comments_close_on: date,
    status: str,
    by: Actor,
    event_kind: str,
    summary: str,
    key: str,
    notice: str,
) -> PlanVersion:
    """Issue a version the family comments on (a draft plan or proposed amendments): the plan
    waits for the family, the timeline shows it to them and they are told, in the words of
    ``notice`` (``sendcpp.notifications.FAMILY_NOTICES``), until when they can comment."""
    version = issue_version(
        plan, kind=kind, issued_on=sent_on, by=by, comments_close_on=comments_close_on
    )
    set_plan_status(plan.pk, status, family_to_respond=True)
    record_case_event(
        case=plan.case,
        kind=event_kind,
        by=by,
        summary=summary,
        audience=Audience.FAMILY,
        version=str(version.public_id),
    )
    notify_family(
        plan.case,
        notice,
        on=comments_close_on,
        key=f"{key}:{version.public_id}",
        link=reverse("ehcp:respond", kwargs={"plan_id": plan.public_id}),
    )
    return version


def _check_primary_need_written(plan: Plan, case: Case) -> None:
    """A draft plan is not sent while the child's primary area of need has no needs, provision
    and outcomes written (a plan silent on the main need is no plan)."""
    need = case.child.primary_need
    area = broad_area_of(need) if need in NeedType.values else None
    if area is not None and not PlanRow.objects.filter(plan=plan, area=area.value).exists():
        raise DomainError(
            f"Write the needs, provision and outcomes for {area.label.lower()}, the child's "
            "primary area of need, before sending the draft plan"
        )


@transaction.atomic
def issue_draft_plan(plan: Plan, *, served_on: date, by: Actor) -> PlanVersion:
    """Send the draft plan to the family (reg 13(1)). Section I stays blank; the family has at
    least 15 days, beginning with the day it is served, to comment and ask for a setting."""
    case, plan = lock_case_and_plan(plan)
    require(by, Action.TRANSITION, case, "You cannot issue plans on this case")
    if plan.status != PlanStatus.DRAFTING:
        raise TransitionNotAllowed("Only a plan being drafted can be sent as a draft")
    CASE.check(case.stage, Stage.DRAFT_ISSUED)
    if plan.names_a_setting:
        raise DomainError(
            "Leave section I blank in the draft plan: the setting is named after the family "
            "has said which they prefer",
            field="placement",
        )
    check_date(served_on, field="served_on", what="The date the draft is sent")
    _check_primary_need_written(plan, case)
    window = clock.start_deadline(
        case, rule="draft_plan_comments", by=acting_user(by), draft_served_on=served_on
    )
    clock.meet_deadline(case, rule="draft_plan_target", met_on=served_on, by=acting_user(by))
    version = send_plan_for_comments(
        plan,
        kind=PlanVersion.Kind.DRAFT,
        sent_on=served_on,
        comments_close_on=window.due_on,
        status=PlanStatus.DRAFT_ISSUED,
        by=by,
        event_kind="ehcp_draft_issued",
        summary=f"Draft plan sent: comments by {window.due_on:%-d %B %Y}",
        key="ehcp:draft",
        notice="draft_plan",
    )
    move_case(case, Stage.DRAFT_ISSUED)
    return version


@transaction.atomic
def begin_setting_consultation(plan: Plan, *, by: Actor) -> Case:
    """Start consulting schools or colleges on being named in section I (CFA s39(2)-(3))."""
    case, plan = lock_case_and_plan(plan)
    require(by, Action.TRANSITION, case, "You cannot change this case")
    CASE.check(case.stage, Stage.CONSULTATION)
    move_case(case, Stage.CONSULTATION)
    record_case_event(
        case=case,
        kind="ehcp_consultation_started",
        by=by,
        audience=Audience.FAMILY,
    )
    return case


@transaction.atomic
def name_setting_in_plan(
    plan: Plan,
    *,
    setting: Organisation,
    by: Actor,
    placement_type: str = "",
    placement_pattern: str = "",
) -> Plan:
    """Put the chosen school or college into section I (after the draft was sent and the
    settings consulted; or when amending the plan). The placements app calls this once a
    consultation concludes."""
    plan = lock_plan(plan)
    require(by, Action.TRANSITION, plan.case, "You cannot change this plan")
    if plan.status not in {
        PlanStatus.DRAFT_ISSUED,
        PlanStatus.AMENDING,
        PlanStatus.AMENDMENT_ISSUED,
    }:
        raise TransitionNotAllowed(
            "A setting is named in section I only after the draft plan has been sent, or when "
            "the plan is being amended"
        )
    if setting.kind not in EDUCATION_SETTING_KINDS:
        raise DomainError("Choose a school, college or other education setting", field="setting")
    return _saved(
        plan,
        by=by,
        section=f"section I names {setting.name}",
        placement_setting=setting,
        placement_name=setting.name,
        placement_type=(placement_type or setting.get_kind_display()).strip(),
        placement_pattern=(placement_pattern or "").strip(),
    )


# Read on every view of a plan: compiled once per process (``sendcpp.shapes``).
_SENT = Shapes("a plan's latest sent version")


def _sent_versions(given: Mapping[str, Any]) -> QuerySet[PlanVersion]:
    sent = [PlanVersion.Kind.DRAFT, PlanVersion.Kind.AMENDMENT_NOTICE]
    return PlanVersion.objects.filter(plan_id=given["plan"], kind__in=sent).order_by("-number")[:1]


def latest_sent_version(plan: Plan) -> PlanVersion | None:
    """The draft or the notice of proposed amendments last sent to the family, if any."""
    return _SENT.first("latest", _sent_versions, {"plan": plan.pk})


@transaction.atomic
def issue_final_plan(plan: Plan, *, issued_on: date, by: Actor) -> PlanVersion:
    """Issue the final plan (reg 13(2): within 20 weeks of the request; 14 weeks after a decision
    to reassess; 8 weeks after an amendment notice). It names the setting in section I, comes
    with the rights of appeal (sections B, F and I are appealable) and starts the annual review
    clock. Not before the family's comment window has closed, unless they said they have
    finished."""
    case, plan = lock_case_and_plan(plan)
    require(by, Action.TRANSITION, case, "You cannot issue plans on this case")
    if plan.status not in {PlanStatus.DRAFT_ISSUED, PlanStatus.AMENDMENT_ISSUED}:
        raise TransitionNotAllowed(
            "Send the draft plan (or proposed amendments) to the family first"
        )
    amended = plan.status == PlanStatus.AMENDMENT_ISSUED
    CASE.check(case.stage, Stage.PLAN_ISSUED)
    sent = latest_sent_version(plan)
    check_date(
        issued_on,
        field="issued_on",
        what="The date the final plan is issued",
        not_before=sent.issued_on if sent else None,
        after_what=", the day the draft was sent",
    )
    if sent is not None and sent.window_open_on(issued_on) and not plan.family_response_complete_at:
        raise DomainError(
            f"The family can comment until {sent.comments_close_on:%-d %B %Y}. Issue the final "
            "plan after that, or once they have told us they have finished commenting.",
            field="issued_on",
        )
    if not plan.names_a_setting:
        raise DomainError(
            "Name the school, college or type of setting in section I first", field="placement"
        )
    replacement = plan.made_on is not None and not amended
    made_on = plan.made_on if amended else issued_on
    if plan.made_on is None:
        Case.objects.filter(pk=case.pk).update(plan_issued_on=issued_on)
    Plan.objects.filter(pk=plan.pk).update(made_on=made_on)
    plan.made_on = made_on
    version = issue_version(
        plan,
        kind=PlanVersion.Kind.FINAL_AMENDED if amended else PlanVersion.Kind.FINAL,
        issued_on=issued_on,
        by=by,
    )
    for rule in (
        "final_plan",
        "reassessment_final_plan",
        "final_amended_plan",
        "school_phase_transfer",
        "post16_phase_transfer",
        "post16_move",
    ):
        clock.meet_deadline(case, rule=rule, met_on=issued_on, by=acting_user(by))
    for rule in ("draft_plan_comments", "amendment_comments"):
        clock.cancel_deadline(
            case, rule=rule, reason="The final plan was issued", on=issued_on, by=acting_user(by)
        )
    if not amended:
        if replacement:
            clock.cancel_deadline(
                case,
                rule="annual_review",
                reason="A new plan was made after the reassessment",
                on=issued_on,
                by=acting_user(by),
            )
        clock.start_deadline(case, rule="annual_review", by=acting_user(by), plan_made_on=made_on)
    set_plan_status(plan.pk, PlanStatus.FINAL)
    decision = record_decision(
        case,
        kind=Decision.Kind.FINAL_PLAN,
        outcome=Decision.Outcome.ISSUED,
        reasons=f"{version.get_kind_display()} issued (version {version.number}).",
        decided_on=issued_on,
        by=by,
        appeal_decision="plan_contents",
    )
    move_case(case, Stage.PLAN_ISSUED)
    record_case_event(
        case=case,
        kind="ehcp_final_issued",
        by=by,
        summary=f"{version.get_kind_display()} issued",
        audience=Audience.FAMILY,
        version=str(version.public_id),
        decision=str(decision.public_id),
    )
    notify_family(
        case,
        "plan_issued",
        on=issued_on,
        key=f"ehcp:final:{version.public_id}",
        link=reverse("ehcp:version", kwargs={"version_id": version.public_id}),
        plan=version.get_kind_display().lower(),
    )
    open_appeal_window(case, decision="plan_contents", sent_on=issued_on, by=by)
    return version
