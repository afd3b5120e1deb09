"""Asking professionals and settings for advice (regs 6-8), and their submissions."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from ehcp.models import (
    DEFAULT_TEMPLATE,
    AdviceDraft,
    AdviceKind,
    AdviceRequest,
    AdviceRow,
    AdviceSubmission,
    AdviceTemplate,
    Assessment,
    GridArea,
    Review,
)
from ehcp.services.casework import (
    PLAN_ROW_FIELDS,
    acting_user,
    check_date,
    clean_text,
    current_date,
    is_year_9_or_above,
    lock_case,
    notify_coordinator,
    require,
)
from letters import services as letter_services
from sendcpp import access, clock
from sendcpp import services as sendcpp_services
from sendcpp.access import Action, Actor
from sendcpp.exceptions import (
    DomainError,
    DuplicateSubmission,
    TransitionNotAllowed,
)
from sendcpp.models import (
    ApiClient,
    Audience,
    Case,
    Deadline,
    Document,
    Organisation,
    Stage,
    User,
)
from sendcpp.notifications import notify
from sendcpp.timeline import record_case_event

# --- Advice ---------------------------------------------------------------------------------------


def _open_assessment(case: Case) -> Assessment:
    assessment = Assessment.objects.filter(case=case, outcome=Assessment.Outcome.PENDING).first()
    if assessment is None or case.stage != Stage.ASSESSMENT:
        raise TransitionNotAllowed("Advice can only be asked for during an assessment")
    return assessment


def _advice_purpose(
    case: Case, *, kind: str, review: Review | None
) -> tuple[Assessment | None, str]:
    """The assessment the advice is for (or none, for a review contribution), and its kind."""
    if kind not in AdviceKind.values:
        raise DomainError("Choose the kind of advice", field="kind")
    if review is not None:
        if review.case_id != case.pk or not review.is_open:
            raise TransitionNotAllowed("Contributions can only be asked for before the review ends")
        return None, AdviceKind.REVIEW
    if kind == AdviceKind.REVIEW:
        raise DomainError("Choose the kind of advice", field="kind")
    return _open_assessment(case), kind


def _check_advisor(case: Case, *, kind: str, advisor: User | None, email: str, on: date) -> None:
    if advisor is not None and advisor.account_type not in {
        User.AccountType.PROFESSIONAL,
        User.AccountType.SETTING,
    }:
        raise DomainError("Choose a professional or setting account", field="advisor")
    if advisor is None and not (email or "").strip():
        raise DomainError(
            "Enter their email address, or choose someone with a sign-in", field="advisor_email"
        )
    if kind == AdviceKind.ADULTHOOD and not is_year_9_or_above(case.child, on):
        raise DomainError("Preparation for adulthood advice is asked for from Year 9", field="kind")


@transaction.atomic
def request_advice(
    case: Case,
    *,
    kind: str,
    advisor_name: str,
    requested_on: date,
    by: Actor,
    advisor: User | None = None,
    advisor_email: str = "",
    advisor_profession: str = "",
    organisation: Organisation | None = None,
    template: str = "",
    questions: str = "",
    share_family_views: bool = True,
    share_other_advice: bool = False,
    review: Review | None = None,
) -> AdviceRequest:
    """Ask a professional or a setting for advice for the assessment (reg 6(1)); they must give
    it within 6 weeks (reg 8). With ``review``, ask for a contribution to an annual review. An
    advisor without a sign-in gets a time-limited, single-use link instead."""
    case = lock_case(case)
    require(by, Action.EDIT, case, "You cannot ask for advice on this case")
    assessment, kind = _advice_purpose(case, kind=kind, review=review)
    template = template or DEFAULT_TEMPLATE[kind]
    if template not in AdviceTemplate.values:
        raise DomainError("Choose the advice template", field="template")
    advisor_name = clean_text(advisor_name, field="advisor_name", message="Enter who is giving it")
    _check_advisor(case, kind=kind, advisor=advisor, email=advisor_email, on=requested_on)
    check_date(requested_on, field="requested_on", what="The date of the request")
    advisor_profession = advisor.profession if advisor is not None else advisor_profession or ""
    if advisor_profession and advisor_profession not in User.Profession.values:
        raise DomainError("Choose their profession", field="advisor_profession")
    duplicate = AdviceRequest.objects.filter(
        case=case,
        assessment=assessment,
        review=review,
        kind=kind,
        status=AdviceRequest.Status.REQUESTED,
    )
    if advisor is not None and duplicate.filter(advisor=advisor).exists():
        raise DuplicateSubmission("This person has already been asked for this advice")
    advice_request = AdviceRequest.objects.create(
        case=case,
        assessment=assessment,
        review=review,
        kind=kind,
        template=template,
        advisor=advisor,
        advisor_name=advisor_name,
        advisor_profession=advisor_profession,
        advisor_email=(advisor_email or (advisor.email if advisor else "")).strip(),
        organisation=organisation or (advisor.organisation if advisor else None),
        requested_on=requested_on,
        questions=(questions or "").strip(),
        share_family_views=share_family_views,
        share_other_advice=share_other_advice,
        link_nonce="" if advisor is not None else secrets.token_hex(16),
        requested_by=acting_user(by),
    )
    if assessment is not None:
        deadline = clock.start_deadline(
            case,
            rule="assessment_advice",
            by=acting_user(by),
            subject=advice_request.deadline_subject,
            audience=Audience.STAFF,
            for_whom=f"{_named(advice_request)}, {advice_request.get_kind_display()}",
            advice_requested_on=requested_on,
        )
        _send_advice_letter(advice_request, kind="advice_request", due_on=deadline.due_on, by=by)
    record_case_event(
        case=case,
        kind="ehcp_advice_requested",
        by=by,
        summary=f"{advice_request.get_kind_display()} asked of {advisor_name}",
        advice_request=str(advice_request.public_id),
    )
    if advisor is not None:
        notify(
            key=f"ehcp:advice-request:{advice_request.public_id}",
            recipient=advisor,
            subject="The SEND team has asked you for advice",
            body=f"Please give your {advice_request.get_kind_display().lower()}.",
            link=reverse("ehcp:advice-detail", kwargs={"request_id": advice_request.public_id}),
        )
    return advice_request


def _named(advice_request: AdviceRequest) -> str:
    """The contributor's name with their profession, as their deadline names them."""
    if not advice_request.advisor_profession:
        return advice_request.advisor_name
    profession = advice_request.get_advisor_profession_display()
    return f"{advice_request.advisor_name} ({profession})"


def _advice_letter_link(advice_request: AdviceRequest) -> str:
    path = reverse("ehcp:advice-detail", kwargs={"request_id": advice_request.public_id})
    if advice_request.advisor_id is None:
        return "the secure link we send you by email"
    return f"{settings.SITE_URL}{path}"


def _send_advice_letter(
    advice_request: AdviceRequest, *, kind: str, due_on: date, by: Actor, source: str = ""
) -> None:
    """The request for advice (or a reminder) as a letter to the advisor, kept on the case."""
    letter_services.send_letter(
        advice_request.case,
        kind=kind,
        values={
            "contributor_name": advice_request.advisor_name,
            "advice_kind": advice_request.get_kind_display().lower(),
            "advice_due_date": f"{due_on:%-d %B %Y}",
            "advice_link": _advice_letter_link(advice_request),
        },
        by=by,
        source=source or f"{kind}:{advice_request.public_id}",
        to_family=False,
        addressee=advice_request.advisor_name,
    )


@dataclass(frozen=True)
class AdviceAsked:
    """One line of asking several people at once: what was asked of whom, and the request made
    (or why it was not)."""

    kind: str
    advisor: User
    request: AdviceRequest | None = None
    refused: str = ""


def request_advice_from_several(
    case: Case,
    *,
    asks: Iterable[tuple[str, User]],
    requested_on: date,
    by: Actor,
    questions: str = "",
    share_family_views: bool = True,
    share_other_advice: bool = False,
) -> list[AdviceAsked]:
    """Ask several people for advice for the assessment in one action: each (kind of advice,
    advisor) is its own request with its own deadline and letter, made or refused on its own
    (a refusal, such as someone already asked, changes nothing for that line)."""
    asks = list(asks)
    if not asks:
        raise DomainError("Choose at least one person to ask for advice", field="kind")
    results = []
    for kind, advisor in asks:
        try:
            made = request_advice(
                case,
                kind=kind,
                advisor=advisor,
                advisor_name=advisor.display_name,
                requested_on=requested_on,
                questions=questions,
                share_family_views=share_family_views,
                share_other_advice=share_other_advice,
                by=by,
            )
        except DomainError as error:
            results.append(AdviceAsked(kind, advisor, refused=error.message))
        else:
            results.append(AdviceAsked(kind, advisor, request=made))
    return results


def overdue_advice(user: Actor, *, today: date) -> QuerySet[AdviceRequest]:
    """Requests for assessment advice still waiting after their 6 weeks, on cases ``user`` may
    work on."""
    subjects = Deadline.objects.filter(
        rule="assessment_advice",
        met_on__isnull=True,
        cancelled_on__isnull=True,
        due_on__lt=today,
        case__in=access.cases_for(user, Action.EDIT),
    ).values_list("subject", flat=True)
    ids = [subject.removeprefix("advice:") for subject in subjects if subject.startswith("advice:")]
    return (
        AdviceRequest.objects.filter(
            public_id__in=ids, status=AdviceRequest.Status.REQUESTED, assessment__isnull=False
        )
        .select_related("case", "case__child", "advisor", "organisation")
        .order_by("requested_on", "id")
    )


@transaction.atomic
def chase_advice(advice_request: AdviceRequest, *, by: Actor, today: date) -> AdviceRequest:
    """Remind an advisor that their advice is overdue: a reminder letter on the case and a
    message to them. Once a day at most."""
    require(by, Action.EDIT, advice_request.case, "You cannot chase advice on this case")
    deadline = Deadline.objects.filter(
        case=advice_request.case,
        rule="assessment_advice",
        subject=advice_request.deadline_subject,
        met_on__isnull=True,
        cancelled_on__isnull=True,
    ).first()
    if advice_request.status != AdviceRequest.Status.REQUESTED or deadline is None:
        raise DomainError("This advice is no longer awaited")
    if deadline.due_on >= today:
        raise DomainError(f"This advice is not due until {deadline.due_on:%-d %B %Y}")
    _send_advice_letter(
        advice_request,
        kind="advice_chaser",
        due_on=deadline.due_on,
        by=by,
        source=f"advice_chaser:{advice_request.public_id}:{today.isoformat()}",
    )
    if advice_request.advisor is not None:
        notify(
            key=f"ehcp:advice-chaser:{advice_request.public_id}:{today.isoformat()}",
            recipient=advice_request.advisor,
            subject="Reminder: your advice is overdue",
            body=f"Your {advice_request.get_kind_display().lower()} was due by "
            f"{deadline.due_on:%-d %B %Y}. Please send it as soon as you can.",
            link=reverse("ehcp:advice-detail", kwargs={"request_id": advice_request.public_id}),
        )
    record_case_event(
        case=advice_request.case,
        kind="ehcp_advice_chased",
        by=by,
        summary=f"Reminder sent to {advice_request.advisor_name}: advice overdue",
        advice_request=str(advice_request.public_id),
    )
    return advice_request


def _advice_rows(submission: AdviceSubmission, rows: Iterable[Mapping[str, Any]]) -> None:
    objects = []
    for position, row in enumerate(rows, start=1):
        values = {field: (row.get(field) or "").strip() for field in PLAN_ROW_FIELDS}
        if values["area"] not in GridArea.values:
            raise DomainError("Choose the area of each row", field="rows")
        if values["area"] != GridArea.SOCIAL_CARE:
            values["social_care_basis"] = ""
        objects.append(AdviceRow(submission=submission, position=position, **values))
    AdviceRow.objects.bulk_create(objects)


def _may_submit_advice(advice_request: AdviceRequest, by: Actor, via_link: bool) -> bool:
    if via_link:
        # The signed, single-use link was checked by ``ehcp.selectors.advice_request_for_link``.
        return True
    # The advisor themself, while the access policy lets them read the request ...
    mine = AdviceRequest.objects.filter(pk=advice_request.pk)
    if access.records_for(by, mine, Action.EDIT).exists():
        return True
    # ... or LA staff recording advice that arrived on paper or by email.
    return access.is_la_staff(by) and access.can(by, Action.EDIT, advice_request.case)


def _locked_request(advice_request: AdviceRequest) -> AdviceRequest:
    return (
        AdviceRequest.objects.select_for_update(of=("self",))
        .select_related("case", "case__coordinator")
        .get(pk=advice_request.pk)
    )


def _check_may_write(advice_request: AdviceRequest, by: Actor, via_link: bool) -> None:
    """Whether ``by`` may write advice on the request now (a draft or the advice itself)."""
    if not _may_submit_advice(advice_request, by, via_link):
        raise DomainError("You cannot give advice on this request")
    if advice_request.status == AdviceRequest.Status.WITHDRAWN:
        raise TransitionNotAllowed("This request for advice was withdrawn")
    if via_link and (
        advice_request.link_used_at is not None or advice_request.submissions.exists()
    ):
        raise DuplicateSubmission("This link has already been used to give advice")


def _draft_owner(by: Actor, via_link: bool) -> dict[str, Any]:
    """Whose draft it is: the link's holder, the person or the partner system acting."""
    if via_link:
        return {"author": None, "client": None, "via_link": True}
    return {
        "author": by if isinstance(by, User) else None,
        "client": by if isinstance(by, ApiClient) else None,
        "via_link": False,
    }


def _draft_of(advice_request: AdviceRequest, by: Actor, via_link: bool) -> AdviceDraft | None:
    return AdviceDraft.objects.filter(request=advice_request, **_draft_owner(by, via_link)).first()


def _delete_file_after_commit(file: Any) -> None:
    if file:
        name, storage = file.name, file.storage
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def save_advice_draft(
    advice_request: AdviceRequest,
    *,
    content: Mapping[str, Any] | None = None,
    rows: Iterable[Mapping[str, Any]] | None = None,
    advisor_name: str | None = None,
    advisor_role: str | None = None,
    report: UploadedFile[bytes] | None = None,
    by: Actor,
    via_link: bool = False,
) -> AdviceDraft:
    """Keep advice being written without submitting it: only its author sees it, it meets no
    deadline and the SEND team is not told. Saving again replaces the draft; a full report
    attached is checked like any upload (PDF or Word) and kept with the draft until the advice is
    submitted (a new file replaces it). What is left out (``None``) is kept as it was."""
    advice_request = _locked_request(advice_request)
    _check_may_write(advice_request, by, via_link)
    checked = sendcpp_services.check_report(report) if report is not None else None
    owner = _draft_owner(by, via_link)
    if not any(owner.values()):
        raise DomainError("You cannot save a draft")
    draft, _ = AdviceDraft.objects.select_for_update().get_or_create(
        request=advice_request, **owner
    )
    if content is not None:
        draft.content = {name: value for name, value in dict(content).items() if value}
    if rows is not None:
        draft.rows = [
            {field: str(row.get(field) or "").strip() for field in PLAN_ROW_FIELDS} for row in rows
        ]
    if advisor_name is not None:
        draft.advisor_name = advisor_name.strip()[:200]
    if advisor_role is not None:
        draft.advisor_role = advisor_role.strip()[:200]
    draft.saved_at = timezone.now()
    if report is not None and checked is not None:
        _delete_file_after_commit(draft.report)
        # The stored name is random; the original (made safe) is kept to show the author.
        draft.report.save(f"{uuid.uuid4()}.{checked.extension}", report, save=False)
        draft.report_name = checked.safe_name
    draft.save()
    return draft


def _store_report(
    advice_request: AdviceRequest,
    *,
    report: UploadedFile[bytes] | None,
    draft: AdviceDraft | None,
    advisor_name: str,
    version: int,
    by: Actor,
) -> Document | None:
    """The full report attached now (or kept with the draft) as a document on the case."""
    title = f"Full report: {advice_request.get_kind_display()} from {advisor_name}"
    if version > 1:
        title = f"{title} (version {version})"
    if report is not None:
        return sendcpp_services.add_advice_report(
            advice_request.case, upload=report, title=title, by=acting_user(by)
        )
    if draft is None or not draft.report:
        return None
    with draft.report.open("rb") as kept:
        return sendcpp_services.add_advice_report(
            advice_request.case,
            upload=File(kept.file, name=draft.report_name or kept.name),
            title=title,
            by=acting_user(by),
        )


@transaction.atomic
def submit_advice(
    advice_request: AdviceRequest,
    *,
    content: Mapping[str, Any],
    rows: Iterable[Mapping[str, Any]],
    advisor_name: str,
    advisor_role: str,
    by: Actor,
    via_link: bool = False,
    correction_reason: str = "",
    report: UploadedFile[bytes] | None = None,
    expected_version: int | None = None,
) -> AdviceSubmission:
    """Submit advice on its template, with the advisor's full report if they attach one (or
    attached it to their draft). Submitted advice never changes: giving it again is a
    correction, stored as a new version with the reason. A link can be used once.
    ``expected_version`` is the version the form was opened to write: the same form sent
    twice is refused, not stored as a correction."""
    advice_request = _locked_request(advice_request)
    _check_may_write(advice_request, by, via_link)
    previous = advice_request.submissions.order_by("-version").first()
    version = previous.version + 1 if previous else 1
    if expected_version is not None and expected_version != version:
        raise DuplicateSubmission("This advice has already been submitted")
    if previous is not None:
        correction_reason = clean_text(
            correction_reason,
            field="correction_reason",
            message="Say what you corrected and why",
        )
    advisor_name = clean_text(advisor_name, field="advisor_name", message="Enter your name")
    advisor_role = clean_text(
        advisor_role, field="advisor_role", message="Enter your role and qualification"
    )
    rows = list(rows)
    if any((row.get("area") or "") not in GridArea.values for row in rows):
        raise DomainError("Choose the area of each row", field="rows")
    draft = _draft_of(advice_request, by, via_link)
    document = _store_report(
        advice_request,
        report=report,
        draft=draft,
        advisor_name=advisor_name,
        version=version,
        by=by,
    )
    submission = AdviceSubmission.objects.create(
        request=advice_request,
        version=version,
        content=dict(content),
        advisor_name=advisor_name,
        advisor_role=advisor_role,
        submitted_by=acting_user(by),
        via_link=via_link,
        corrects=previous,
        correction_reason=correction_reason if previous else "",
        report=document,
    )
    _advice_rows(submission, rows)
    if draft is not None:
        _delete_file_after_commit(draft.report)
        draft.delete()
    now = timezone.now()
    advice_request.status = AdviceRequest.Status.SUBMITTED
    update_fields = ["status"]
    if previous is None:
        # Access ends a set time after the advice was first given; a correction does not extend it.
        advice_request.submitted_at = submission.submitted_at
        update_fields.append("submitted_at")
    if via_link:
        advice_request.link_used_at = now
        update_fields.append("link_used_at")
    advice_request.save(update_fields=update_fields)
    case = advice_request.case
    if previous is None:
        clock.meet_deadline(
            case,
            rule="assessment_advice",
            subject=advice_request.deadline_subject,
            met_on=current_date(),
            by=acting_user(by),
        )
    record_case_event(
        case=case,
        kind="ehcp_advice_corrected" if previous else "ehcp_advice_submitted",
        by=by,
        summary=(
            f"{advice_request.get_kind_display()} "
            f"{'corrected' if previous else 'received'} from {submission.advisor_name}"
        ),
        advice_request=str(advice_request.public_id),
        version=submission.version,
    )
    notify_coordinator(
        case,
        key=f"ehcp:advice:{submission.public_id}",
        subject=f"Advice received on case {case.reference}",
        body=f"{submission.advisor_name} gave their {advice_request.get_kind_display().lower()}.",
        link=reverse("ehcp:advice-detail", kwargs={"request_id": advice_request.public_id}),
    )
    return submission


@transaction.atomic
def withdraw_advice_request(
    advice_request: AdviceRequest, *, reason: str, by: Actor
) -> AdviceRequest:
    """The LA no longer needs this advice (for example, existing advice everyone agrees is
    sufficient, reg 6(4)). The advisor's access ends, and any drafts of it are deleted."""
    advice_request = (
        AdviceRequest.objects.select_for_update(of=("self",))
        .select_related("case")
        .get(pk=advice_request.pk)
    )
    require(by, Action.EDIT, advice_request.case, "You cannot change this request")
    if advice_request.status != AdviceRequest.Status.REQUESTED:
        raise TransitionNotAllowed("Only a request still waiting for advice can be withdrawn")
    reason = clean_text(reason, field="reason", message="Enter why the request is withdrawn")
    advice_request.status = AdviceRequest.Status.WITHDRAWN
    advice_request.save(update_fields=["status"])
    # Nobody can give this advice now: drafts of it, and the reports attached, are kept for no
    # purpose.
    for draft in advice_request.drafts.all():
        _delete_file_after_commit(draft.report)
    advice_request.drafts.all().delete()
    clock.cancel_deadline(
        advice_request.case,
        rule="assessment_advice",
        subject=advice_request.deadline_subject,
        reason=reason,
        on=current_date(),
        by=acting_user(by),
    )
    record_case_event(
        case=advice_request.case,
        kind="ehcp_advice_withdrawn",
        by=by,
        advice_request=str(advice_request.public_id),
    )
    return advice_request
