"""Every change to support plans, delivery records and exclusions. Each function is atomic, takes
``by=`` the person acting, checks access through ``support.access`` (a record the person may not
act on is refused as if it did not exist), and refuses bad input with a ``DomainError`` that
changes nothing."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from ehcp.models import GridRow
from ehcp.models import Plan as EhcPlan
from ehcp.models import PlanRow as EhcPlanRow
from sendcpp import access
from sendcpp.access import Action
from sendcpp.exceptions import DomainError, DuplicateSubmission, StaleEdit
from sendcpp.models import Audience, Case, Child, Organisation, Relationship, Stage, User
from sendcpp.needs import BroadArea
from sendcpp.notifications import notify
from sendcpp.timeline import record_case_event
from support import access as support_access
from support.models import (
    AtRiskFlag,
    Delivered,
    DeliveryLine,
    DeliveryReturn,
    Exclusion,
    ExclusionKind,
    ExclusionReason,
    FamilyComment,
    Layer,
    PlanReview,
    PlanTransfer,
    Progress,
    RequestEvidence,
    Standard,
    SupportPlan,
    SupportPlanRow,
    SupportPlanStatus,
    Term,
    Tier1Episode,
)
from support.workflow import SUPPORT_PLAN

EVENT_KINDS = {
    "support_evidence_sent": "Support plan history sent with a request for assessment",
    "support_delivery_confirmed": "Setting confirmed the term's provision",
    "support_delivery_shortfall": "Provision in section F not delivered in full",
    "support_shortfall_followed_up": "Shortfall in provision followed up",
}

#: A setting's row: the EHC grid's, without the social care basis (H1/H2), which only a plan has.
ROW_FIELDS = ("area", *(name for name in GridRow.CONTENT_FIELDS if name != "social_care_basis"))

#: How many days before a review is due the setting is reminded.
REVIEW_REMINDER_DAYS = 14

STANDARDS_FILE = Path(__file__).resolve().parent / "data" / "standards.json"


def _person(by: Any) -> User:
    person = access.signed_in_person(by)
    if person is None:
        raise Http404("Not found")
    return person


def _today() -> date:
    return timezone.localdate()


def _text(value: str | None, *, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(message, field=field)
    return text


def _child_for(by: Any, child: Child, action: Action) -> Child:
    if not support_access.children_for(by, action).filter(pk=child.pk).exists():
        raise Http404("No such child")
    return child


def _plan_for(by: Any, plan: SupportPlan, action: Action) -> SupportPlan:
    """The plan, locked, if ``by`` may ``action`` it; else 404 (as for a missing plan)."""
    visible = access.records_for(by, SupportPlan.objects.all(), action)
    try:
        return visible.select_for_update(of=("self",)).get(pk=plan.pk)
    except SupportPlan.DoesNotExist:
        raise Http404("No such support plan") from None


def _active(plan: SupportPlan) -> None:
    if plan.status != SupportPlanStatus.ACTIVE:
        raise DomainError("This support plan is closed: write a new plan instead")


def open_case_of(child: Child) -> Case | None:
    """The child's case still open with the local authority, if any (newest first)."""
    return (
        Case.objects.filter(child=child)
        .exclude(stage__in=[Stage.CLOSED, Stage.CEASED])
        .select_related("coordinator")
        .order_by("-id")
        .first()
    )


# --- National standards ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StandardsLoaded:
    source: str
    added: int
    changed: int
    retired: int


def _standard_entries(data: Mapping[str, Any]) -> tuple[str, list[dict[str, str]]]:
    """The file's entries, checked. Any problem refuses the whole file, naming the entry."""
    source = str(data.get("source") or "").strip()
    if not source:
        raise DomainError("The file must say where the standards come from (source)")
    entries = data.get("standards")
    if not isinstance(entries, list) or not entries:
        raise DomainError("The file has no standards")
    seen: set[str] = set()
    checked: list[dict[str, str]] = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise DomainError(f"Standard {number} is not a record")
        code = str(entry.get("code") or "").strip()
        area = str(entry.get("area") or "").strip()
        layer = str(entry.get("layer") or "").strip()
        text = str(entry.get("text") or "").strip()
        if not code or len(code) > 40:
            raise DomainError(f"Standard {number} needs a code of up to 40 characters")
        if code in seen:
            raise DomainError(f"Standard {number}: the code {code} is used twice")
        if area not in BroadArea.values:
            raise DomainError(f"Standard {code}: “{area}” is not a broad area of need")
        if layer not in Layer.values:
            raise DomainError(f"Standard {code}: “{layer}” is not a layer of support")
        if not text:
            raise DomainError(f"Standard {code} has no text")
        seen.add(code)
        checked.append({"code": code, "area": area, "layer": layer, "text": text})
    return source, checked


@transaction.atomic
def load_standards(data: Mapping[str, Any]) -> StandardsLoaded:
    """Load the standards from the local authority's file, all or nothing: new codes are added,
    changed ones updated, and codes no longer in the file retired (kept for the plans that name
    them). Loading the same file twice changes nothing."""
    source, entries = _standard_entries(data)
    existing = {standard.code: standard for standard in Standard.objects.select_for_update()}
    added = changed = 0
    for position, entry in enumerate(entries, start=1):
        values = {**entry, "source": source, "position": position, "retired": False}
        standard = existing.get(entry["code"])
        if standard is None:
            Standard.objects.create(**values)
            added += 1
        elif any(getattr(standard, key) != value for key, value in values.items()):
            Standard.objects.filter(pk=standard.pk).update(**values)
            changed += 1
    codes = {entry["code"] for entry in entries}
    retired = Standard.objects.exclude(code__in=codes).filter(retired=False).update(retired=True)
    return StandardsLoaded(source, added, changed, retired)


def load_standards_upload(content: bytes, *, by: Any) -> StandardsLoaded:
    """A SEND manager loads the authority's own standards from an uploaded file (all or
    nothing, as ``load_standards``)."""
    person = _person(by)
    if not access.is_manager(person):
        raise Http404("Not found")
    if len(content) > 1_000_000:
        raise DomainError("The file is too large: it must be under 1 MB", field="file")
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DomainError("The file must be a JSON file in UTF-8", field="file") from None
    if not isinstance(data, dict):
        raise DomainError("The file must hold a source and a list of standards", field="file")
    try:
        return load_standards(data)
    except DomainError as error:
        raise DomainError(error.message, field="file") from None


def load_standards_file(path: Path | str = STANDARDS_FILE) -> StandardsLoaded:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DomainError(f"The standards file could not be read: {error}") from None
    if not isinstance(data, dict):
        raise DomainError("The standards file must hold a record with source and standards")
    return load_standards(data)


# --- Support plans --------------------------------------------------------------------------------


def _check_review_date(next_review_on: date, after: date) -> None:
    if next_review_on <= after:
        raise DomainError("The next review must be after the plan starts", field="next_review_on")
    if next_review_on > after + timedelta(days=366):
        raise DomainError("Review the plan at least once a year", field="next_review_on")


@transaction.atomic
def write_plan(
    child: Child,
    *,
    layer: str,
    started_on: date,
    next_review_on: date,
    by: Any,
    child_views: str = "",
    family_views: str = "",
    strengths: str = "",
) -> SupportPlan:
    """The SENCO starts a support plan for a child at their setting."""
    person = _person(by)
    _child_for(person, child, Action.EDIT)
    if layer not in Layer.values:
        raise DomainError("Choose the layer of support", field="layer")
    if started_on > _today():
        raise DomainError("The plan cannot start in the future", field="started_on")
    _check_review_date(next_review_on, started_on)
    try:
        with transaction.atomic():
            plan = SupportPlan.objects.create(
                child=child,
                setting_id=child.setting_id,
                status=SupportPlanStatus.ACTIVE,
                layer=layer,
                started_on=started_on,
                next_review_on=next_review_on,
                child_views=child_views.strip(),
                family_views=family_views.strip(),
                strengths=strengths.strip(),
                written_by=person,
            )
    except IntegrityError:
        raise DuplicateSubmission(
            "This child already has an active support plan: review it instead"
        ) from None
    return plan


@transaction.atomic
def update_plan(
    plan: SupportPlan,
    *,
    lock_version: int,
    by: Any,
    child_views: str,
    family_views: str,
    strengths: str,
) -> SupportPlan:
    """Change the views and strengths; a save based on an older copy is refused."""
    plan = _plan_for(by, plan, Action.EDIT)
    _active(plan)
    if plan.lock_version != lock_version:
        raise StaleEdit("Someone else has changed this plan since you opened it: check it again")
    plan.child_views = child_views.strip()
    plan.family_views = family_views.strip()
    plan.strengths = strengths.strip()
    plan.lock_version += 1
    plan.save(update_fields=["child_views", "family_views", "strengths", "lock_version"])
    return plan


@transaction.atomic
def add_row(
    plan: SupportPlan,
    *,
    values: Mapping[str, Any],
    by: Any,
    standard: Standard | None = None,
) -> SupportPlanRow:
    """Add a need, its provision and the outcome sought, in one broad area. Provision chosen from
    a standard starts from the standard's words; vague wording is a warning, not a refusal."""
    plan = _plan_for(by, plan, Action.EDIT)
    _active(plan)
    cleaned = {name: str(values.get(name) or "").strip() for name in ROW_FIELDS}
    if cleaned["area"] not in BroadArea.values:
        raise DomainError("Choose the area of need", field="area")
    if standard is not None:
        if standard.retired:
            raise DomainError("That standard is no longer offered", field="standard")
        if standard.area != cleaned["area"]:
            raise DomainError(
                "Choose a standard from the same area of need as the row", field="standard"
            )
        cleaned["provision_what"] = cleaned["provision_what"] or standard.text
    if not cleaned["need"]:
        raise DomainError("Enter the need", field="need")
    if not cleaned["provision_what"]:
        raise DomainError(
            "Enter the provision, or choose it from the standards", field="provision_what"
        )
    last = SupportPlanRow.objects.filter(plan=plan, area=cleaned["area"]).aggregate(
        Max("position")
    )["position__max"]
    row = SupportPlanRow.objects.create(
        plan=plan, position=(last or 0) + 1, standard=standard, **cleaned
    )
    SupportPlan.objects.filter(pk=plan.pk).update(lock_version=plan.lock_version + 1)
    return row


@transaction.atomic
def remove_row(plan: SupportPlan, *, row: SupportPlanRow, by: Any) -> None:
    plan = _plan_for(by, plan, Action.EDIT)
    _active(plan)
    if row.plan_id != plan.pk:
        raise Http404("No such row")
    SupportPlanRow.objects.filter(pk=row.pk).delete()
    SupportPlan.objects.filter(pk=plan.pk).update(lock_version=plan.lock_version + 1)


@transaction.atomic
def record_review(
    plan: SupportPlan,
    *,
    reviewed_on: date,
    progress: str,
    what_worked: str,
    next_steps: str,
    layer_after: str,
    by: Any,
    next_review_on: date | None = None,
) -> PlanReview:
    """Review the plan (assess, plan, do, review): the progress made, what worked, what changes
    next and the layer of support from now. Unless the plan is closed here, the next review date
    is set (reminders count to it)."""
    person = _person(by)
    plan = _plan_for(person, plan, Action.EDIT)
    _active(plan)
    if reviewed_on > _today():
        raise DomainError("The review cannot be in the future", field="reviewed_on")
    if reviewed_on < plan.started_on:
        raise DomainError("The review cannot be before the plan started", field="reviewed_on")
    last = plan.reviews.order_by("-reviewed_on").first()
    if last is not None and reviewed_on < last.reviewed_on:
        raise DomainError("The review cannot be before the last review", field="reviewed_on")
    if progress not in Progress.values:
        raise DomainError("Choose the progress made", field="progress")
    if layer_after not in Layer.values:
        raise DomainError("Choose the layer of support from now", field="layer_after")
    what_worked = _text(what_worked, field="what_worked", message="Enter what worked")
    next_steps = _text(next_steps, field="next_steps", message="Enter what happens next")
    if next_review_on is None:
        raise DomainError("Enter the date of the next review", field="next_review_on")
    if next_review_on <= reviewed_on:
        raise DomainError("The next review must be after this one", field="next_review_on")
    if next_review_on > reviewed_on + timedelta(days=366):
        raise DomainError("Review the plan at least once a year", field="next_review_on")
    review = PlanReview.objects.create(
        plan=plan,
        reviewed_on=reviewed_on,
        progress=progress,
        what_worked=what_worked,
        next_steps=next_steps,
        layer_after=layer_after,
        next_review_on=next_review_on,
        reviewed_by=person,
    )
    plan.layer = layer_after
    plan.next_review_on = next_review_on
    plan.lock_version += 1
    plan.save(update_fields=["layer", "next_review_on", "lock_version"])
    return review


@transaction.atomic
def close_plan(plan: SupportPlan, *, closed_on: date, by: Any) -> SupportPlan:
    plan = _plan_for(by, plan, Action.EDIT)
    plan.status = SUPPORT_PLAN.check(plan.status, SupportPlanStatus.CLOSED)
    if closed_on > _today() or closed_on < plan.started_on:
        raise DomainError("Enter a date between the plan's start and today", field="closed_on")
    plan.closed_on = closed_on
    plan.save(update_fields=["status", "closed_on"])
    return plan


@transaction.atomic
def comment_on_plan(plan: SupportPlan, *, text: str, by: Any) -> FamilyComment:
    """The family's comment on their child's plan; the setting is told."""
    person = _person(by)
    plan = _plan_for(person, plan, Action.CONTRIBUTE)
    comment = FamilyComment.objects.create(
        plan=plan, author=person, text=_text(text, field="text", message="Enter your comment")
    )
    link = reverse("support:plan", kwargs={"plan_id": plan.public_id})
    for user in User.objects.filter(
        organisation_id=plan.setting_id, account_type=User.AccountType.SETTING, is_active=True
    ):
        notify(
            key=f"support-comment:{comment.pk}:{user.pk}",
            recipient=user,
            subject="A family commented on a support plan",
            body="A family has commented on their child's support plan. Sign in to read it.",
            link=link,
        )
    return comment


@transaction.atomic
def transfer_plan(
    plan: SupportPlan,
    *,
    to_setting: Organisation,
    consent_from: Relationship,
    consent_given: bool,
    consent_on: date,
    by: Any,
) -> PlanTransfer:
    """Move the plan with the child to their new setting: only with the consent of someone with
    parental responsibility (or the young person), recorded with its date. The old setting no
    longer sees the plan; the new one does."""
    person = _person(by)
    plan = _plan_for(person, plan, Action.EDIT)
    _active(plan)
    if not consent_given:
        raise DomainError(
            "The plan moves to a new setting only with the family's consent",
            field="consent_given",
        )
    if consent_from.child_id != plan.child_id or not (
        consent_from.has_parental_responsibility or consent_from.kind == Relationship.Kind.SELF
    ):
        raise DomainError(
            "Consent must come from someone with parental responsibility, or the young person",
            field="consent_from",
        )
    if consent_on > _today():
        raise DomainError("Consent cannot be given in the future", field="consent_on")
    if to_setting.pk == plan.setting_id:
        raise DomainError("Choose the child's new setting", field="to_setting")
    if to_setting.kind in {
        Organisation.Kind.LOCAL_AUTHORITY,
        Organisation.Kind.HEALTH,
        Organisation.Kind.SOCIAL_CARE,
        Organisation.Kind.OTHER,
    }:
        raise DomainError("Choose a school, college or other setting", field="to_setting")
    transfer = PlanTransfer.objects.create(
        plan=plan,
        from_setting_id=plan.setting_id,
        to_setting=to_setting,
        consent_from=consent_from,
        consent_on=consent_on,
        by=person,
    )
    plan.setting = to_setting
    plan.lock_version += 1
    plan.save(update_fields=["setting", "lock_version"])
    return transfer


@transaction.atomic
def send_evidence(plan: SupportPlan, *, note: str, by: Any) -> RequestEvidence:
    """Send the plan's history (what was tried, for how long, with what progress) to the local
    authority with a request for an EHC needs assessment. The coordinator of the child's open
    case is told; with no case yet, the request waits for the authority to open one."""
    from support.selectors import plan_history

    person = _person(by)
    plan = _plan_for(person, plan, Action.EDIT)
    if not plan.reviews.exists():
        raise DomainError(
            "Review the plan at least once before sending it: the history shows what was tried "
            "and what progress the child made"
        )
    case = open_case_of(plan.child)
    evidence = RequestEvidence.objects.create(
        plan=plan,
        child_id=plan.child_id,
        case=case,
        setting_id=plan.setting_id,
        note=note.strip(),
        summary=plan_history(plan),
        sent_by=person,
    )
    if case is not None:
        record_case_event(
            case=case, kind="support_evidence_sent", by=person, evidence=str(evidence.public_id)
        )
        if case.coordinator_id is not None:
            notify(
                key=f"support-evidence:{evidence.pk}",
                recipient=case.coordinator,
                subject="A setting sent its support plan history with a request for assessment",
                body="Read what the setting has tried, for how long, and the progress made.",
                case=case,
                link=reverse("support:evidence", kwargs={"evidence_id": evidence.public_id}),
            )
    return evidence


def review_reminders(today: date | None = None) -> int:
    """Remind each setting of support plans whose review is due within
    ``REVIEW_REMINDER_DAYS`` days or overdue, once per plan and review date (idempotent: run it
    daily). Returns how many reminders were new."""
    today = today or _today()
    due = SupportPlan.objects.filter(
        status=SupportPlanStatus.ACTIVE,
        next_review_on__lte=today + timedelta(days=REVIEW_REMINDER_DAYS),
    ).select_related("setting")
    sent = 0
    for plan in due:
        overdue = plan.next_review_on < today
        for user in User.objects.filter(
            organisation_id=plan.setting_id, account_type=User.AccountType.SETTING, is_active=True
        ):
            made = notify(
                key=f"support-review:{plan.pk}:{plan.next_review_on.isoformat()}:{user.pk}",
                recipient=user,
                subject="A support plan review is overdue"
                if overdue
                else "A support plan review is due soon",
                body=f"A support plan is due for review by {plan.next_review_on:%-d %B %Y}.",
                link=reverse("support:plan", kwargs={"plan_id": plan.public_id}),
            )
            sent += made is not None
    return sent


# --- Provision delivered as section F says ---------------------------------------------------------


@dataclass(frozen=True)
class LineInput:
    row: EhcPlanRow
    delivered: str
    sessions_specified: int
    sessions_delivered: int
    reason: str = ""


def section_f_rows(plan: EhcPlan) -> list[EhcPlanRow]:
    """The rows of section F: the provision in the four broad areas of the plan in force."""
    return list(
        EhcPlanRow.objects.filter(plan=plan, area__in=BroadArea.values).order_by(
            "area", "position", "id"
        )
    )


def _check_line(line: LineInput) -> None:
    """One row's answer; a refusal names the box to correct (``row-<id>-<box>`` on the page)."""
    field = f"row-{line.row.pk}"
    if line.delivered not in Delivered.values:
        raise DomainError("Say whether the provision was delivered", field=f"{field}-delivered")
    if line.sessions_specified < 1:
        raise DomainError(
            "Enter how many sessions the plan specified this term", field=f"{field}-specified"
        )
    if line.sessions_delivered > line.sessions_specified:
        raise DomainError(
            "Sessions delivered cannot be more than the sessions specified", field=f"{field}-done"
        )
    if line.delivered == Delivered.FULLY and line.sessions_delivered != line.sessions_specified:
        raise DomainError(
            "Provision delivered as specified means every session specified was delivered",
            field=f"{field}-done",
        )
    if line.delivered == Delivered.NOT_AT_ALL and line.sessions_delivered != 0:
        raise DomainError(
            "Provision not delivered means no sessions were delivered", field=f"{field}-done"
        )
    if line.delivered != Delivered.FULLY and not line.reason.strip():
        raise DomainError(
            "Say why the provision was not delivered in full", field=f"{field}-reason"
        )


@transaction.atomic
def confirm_delivery(
    plan: EhcPlan,
    *,
    school_year: int,
    term: str,
    lines: Sequence[LineInput],
    by: Any,
) -> DeliveryReturn:
    """The named setting confirms, for one term, row by row of section F, whether the provision
    was delivered as the plan specifies. Every row is answered once. A shortfall raises a task
    for the coordinator and is shown to the family on the case's timeline."""
    person = _person(by)
    if not support_access.ehc_plans_to_confirm(person).filter(pk=plan.pk).exists():
        raise Http404("No such plan")
    plan = EhcPlan.objects.select_for_update().select_related("case").get(pk=plan.pk)
    if term not in Term.values:
        raise DomainError("Choose the term", field="term")
    this_year = _today().year
    if not this_year - 2 <= school_year <= this_year:
        raise DomainError("Choose a term of this school year or the last", field="term")
    rows = section_f_rows(plan)
    answered = [line.row.pk for line in lines]
    if sorted(answered) != sorted(row.pk for row in rows) or len(set(answered)) != len(answered):
        raise DomainError("Answer every row of section F once: the plan may have changed")
    for line in lines:
        _check_line(line)
    if DeliveryReturn.objects.filter(plan=plan, school_year=school_year, term=term).exists():
        raise DuplicateSubmission("This term's delivery has already been confirmed")
    delivery = DeliveryReturn.objects.create(
        plan=plan,
        case=plan.case,
        setting_id=plan.placement_setting_id,
        school_year=school_year,
        term=term,
        confirmed_by=person,
    )
    made = DeliveryLine.objects.bulk_create(
        [
            DeliveryLine(
                delivery=delivery,
                plan_row=line.row,
                area=line.row.area,
                provision=line.row.provision_what,
                frequency=line.row.frequency,
                delivered=line.delivered,
                reason=line.reason.strip() if line.delivered != Delivered.FULLY else "",
                sessions_specified=line.sessions_specified,
                sessions_delivered=line.sessions_delivered,
            )
            for line in lines
        ]
    )
    case = plan.case
    record_case_event(
        case=case,
        kind="support_delivery_confirmed",
        by=person,
        summary=f"{delivery.term_label}: the setting confirmed the provision in section F",
        delivery=str(delivery.public_id),
    )
    shortfalls = [line for line in made if line.is_shortfall]
    if shortfalls:
        record_case_event(
            case=case,
            kind="support_delivery_shortfall",
            by=person,
            summary=(
                f"{delivery.term_label}: {len(shortfalls)} of {len(made)} parts of the provision "
                "in the plan were not delivered in full"
            ),
            audience=Audience.FAMILY,
            delivery=str(delivery.public_id),
        )
        if case.coordinator_id is not None:
            notify(
                key=f"support-shortfall:{delivery.pk}",
                recipient=case.coordinator,
                subject="Provision in an EHC plan was not delivered in full",
                body=(
                    f"The named setting reports {len(shortfalls)} part(s) of section F not "
                    "delivered in full this term. Follow each one up."
                ),
                case=case,
                link=reverse("support:delivery", kwargs={"delivery_id": delivery.public_id}),
            )
    return delivery


@transaction.atomic
def follow_up_shortfall(line: DeliveryLine, *, note: str, by: Any) -> DeliveryLine:
    """The coordinator records what was done about a shortfall: the task is then done."""
    person = _person(by)
    visible = access.records_for(person, DeliveryReturn.objects.all(), Action.EDIT)
    if not visible.filter(pk=line.delivery_id).exists():
        raise Http404("No such shortfall")
    line = DeliveryLine.objects.select_for_update().select_related("delivery__case").get(pk=line.pk)
    if not line.is_shortfall:
        raise DomainError("This provision was delivered in full: there is nothing to follow up")
    if line.followed_up_at is not None:
        raise DuplicateSubmission("This shortfall has already been followed up")
    line.follow_up_note = _text(note, field="note", message="Enter what was done")
    line.followed_up_at = timezone.now()
    line.followed_up_by = person
    line.save(update_fields=["follow_up_note", "followed_up_at", "followed_up_by"])
    record_case_event(
        case=line.delivery.case,
        kind="support_shortfall_followed_up",
        by=person,
        delivery=str(line.delivery.public_id),
    )
    return line


# --- Alternative provision's first tier and exclusions -----------------------------------------------


def _date_range(starts_on: date, ends_on: date | None, *, field: str = "ends_on") -> None:
    if starts_on > _today() + timedelta(days=366):
        raise DomainError("The start date is too far ahead", field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError("The end date cannot be before the start date", field=field)


@transaction.atomic
def record_exclusion(
    child: Child,
    *,
    kind: str,
    starts_on: date,
    sessions_missed: int,
    reason: str,
    by: Any,
    ends_on: date | None = None,
) -> Exclusion:
    """A suspension, a part-time timetable or a permanent exclusion, recorded by the setting."""
    person = _person(by)
    _child_for(person, child, Action.EDIT)
    if kind not in ExclusionKind.values:
        raise DomainError("Choose what happened", field="kind")
    if reason not in ExclusionReason.values:
        raise DomainError("Choose the reason", field="reason")
    if sessions_missed < 0 or sessions_missed > 1000:
        raise DomainError("Enter the sessions missed, from 0 to 1000", field="sessions_missed")
    if starts_on > _today():
        raise DomainError("The start date cannot be in the future", field="starts_on")
    _date_range(starts_on, ends_on)
    if kind == ExclusionKind.SUSPENSION and ends_on is None:
        raise DomainError("Enter the last day of the suspension", field="ends_on")
    return Exclusion.objects.create(
        child=child,
        setting_id=child.setting_id,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        sessions_missed=sessions_missed,
        reason=reason,
        recorded_by=person,
    )


@transaction.atomic
def record_tier1(
    child: Child,
    *,
    provider: str,
    starts_on: date,
    goals: str,
    by: Any,
    ends_on: date | None = None,
    outcome: str = "",
) -> Tier1Episode:
    """Targeted support in mainstream (AP tier 1): provider, dates, goals and outcome."""
    person = _person(by)
    _child_for(person, child, Action.EDIT)
    _date_range(starts_on, ends_on)
    return Tier1Episode.objects.create(
        child=child,
        setting_id=child.setting_id,
        provider=_text(provider, field="provider", message="Enter who provides the support"),
        starts_on=starts_on,
        ends_on=ends_on,
        goals=_text(goals, field="goals", message="Enter the goals"),
        outcome=outcome.strip(),
        recorded_by=person,
    )


@transaction.atomic
def raise_flag(child: Child, *, reason: str, by: Any) -> AtRiskFlag:
    """Flag a child as at risk of exclusion: the page then asks for tier 1 support."""
    person = _person(by)
    _child_for(person, child, Action.EDIT)
    try:
        with transaction.atomic():
            return AtRiskFlag.objects.create(
                child=child,
                setting_id=child.setting_id,
                raised_on=_today(),
                reason=_text(reason, field="reason", message="Enter why the child is at risk"),
                raised_by=person,
            )
    except IntegrityError:
        raise DuplicateSubmission("This child is already flagged as at risk") from None


@transaction.atomic
def clear_flag(flag: AtRiskFlag, *, by: Any) -> AtRiskFlag:
    person = _person(by)
    visible = access.records_for(person, AtRiskFlag.objects.all(), Action.EDIT)
    try:
        flag = visible.select_for_update().get(pk=flag.pk)
    except AtRiskFlag.DoesNotExist:
        raise Http404("No such flag") from None
    if flag.cleared_on is not None:
        raise DuplicateSubmission("This flag has already been cleared")
    flag.cleared_on = _today()
    flag.save(update_fields=["cleared_on"])
    return flag
