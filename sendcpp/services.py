"""Write use-cases on the shared case model. Each is atomic, takes the acting user as ``by``,
checks its own rules through ``access``, and records a timeline event. HTML views, the API, the
admin and management commands all call these; none of them writes these models directly."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from sendcpp import access
from sendcpp.access import Action
from sendcpp.documents import CheckedUpload, check_upload
from sendcpp.exceptions import DomainError, InvalidUpload
from sendcpp.models import (
    Audience,
    Case,
    CaseUserObjectPermission,
    Child,
    Document,
    Relationship,
    Stage,
    Team,
    User,
)
from sendcpp.timeline import record_case_event
from sendcpp.validators import date_of_birth_problem


def _next_reference(local_authority_code: str) -> str:
    # References are sequential per year; the sequence lives in the database so concurrent
    # requests never share one.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('case_reference_seq')")
        (number,) = cursor.fetchone()
    return f"{local_authority_code or 'LA'}-{timezone.localdate():%y}-{number:06d}"


@transaction.atomic
def open_case(
    child: Child,
    *,
    team: Team,
    by: User | None,
    coordinator: User | None = None,
    request_received_on: date | None = None,
    stage: str = Stage.REQUEST,
) -> Case:
    """Open a statutory case for a child with the team's local authority."""
    if coordinator is not None and not _is_coordinator_in_team(coordinator, team, by):
        raise DomainError("Choose a coordinator in this team", field="coordinator")
    if request_received_on and request_received_on > timezone.localdate():
        raise DomainError("The date the request was received must be today or in the past")
    if child._state.adding:
        problem = date_of_birth_problem(child.date_of_birth)
        if problem:
            raise DomainError(problem, field="date_of_birth")
        child.full_clean()
        child.save()
    la = team.local_authority
    case = Case.objects.create(
        child=child,
        reference=_next_reference(la.la_code),
        local_authority=la,
        team=team,
        coordinator=coordinator,
        stage=stage,
        request_received_on=request_received_on,
    )
    record_case_event(case=case, kind="case_opened", by=by, audience=Audience.FAMILY)
    return case


def _is_coordinator_in_team(coordinator: User, team: Team, by: User | None) -> bool:
    profile = getattr(coordinator, "staff_profile", None)
    if profile is None or profile.role != profile.Role.COORDINATOR:
        return False
    # A manager may place anyone in their LA; otherwise the coordinator must be in the team.
    return profile.team_id == team.pk or (
        by is not None
        and access.is_manager(by)
        and coordinator.organisation_id == team.local_authority_id
    )


@transaction.atomic
def assign_coordinator(case: Case, *, coordinator: User, by: User) -> Case:
    """Reassign a case. A coordinator may reassign within their team; a manager across the LA."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not access.can(by, Action.ASSIGN, case):
        raise DomainError("You cannot reassign this case")
    if not access.assignable_coordinators(by, case).filter(pk=coordinator.pk).exists():
        raise DomainError("Choose a coordinator who can take this case", field="coordinator")
    if case.coordinator_id == coordinator.pk:
        raise DomainError(
            f"{coordinator.display_name} is already the coordinator", field="coordinator"
        )
    case.coordinator = coordinator
    if coordinator.staff_profile.team_id:
        case.team_id = coordinator.staff_profile.team_id
    case.save(update_fields=["coordinator", "team", "updated_at"])
    record_case_event(
        case=case,
        kind="coordinator_assigned",
        by=by,
        summary=f"Coordinator changed to {coordinator.display_name}",
        audience=Audience.FAMILY,
    )
    return case


@transaction.atomic
def add_document(
    case: Case,
    *,
    upload: UploadedFile[bytes],
    title: str,
    kind: str,
    audience: str,
    by: User,
) -> Document:
    """Store an uploaded file on a case after checking its type and size."""
    if not access.can(by, Action.EDIT, case):
        raise DomainError("You cannot add documents to this case")
    return _store_document(case, upload=upload, title=title, kind=kind, audience=audience, by=by)


@transaction.atomic
def add_contributed_document(
    case: Case, *, upload: UploadedFile[bytes], title: str, by: User
) -> Document:
    """Store a file the family (or the young person) gives with their views: the same type and
    size checks and the same storage as staff uploads; the family and staff can both see it."""
    if not access.can(by, Action.CONTRIBUTE, case):
        raise DomainError("You cannot add files to this case")
    return _store_document(
        case,
        upload=upload,
        title=title,
        kind=Document.Kind.VIEWS,
        audience=Audience.FAMILY,
        by=by,
    )


#: The file types a professional's full report may be (content, not name, decides).
REPORT_EXTENSIONS = frozenset({"pdf", "docx"})


def check_report(upload: UploadedFile[bytes]) -> CheckedUpload:
    """The checks of any upload, and a full report must also be a PDF or a Word document; every
    problem is the report field's."""
    try:
        checked = check_upload(upload)
    except InvalidUpload as error:
        raise InvalidUpload(error.message, field="report") from error
    if checked.extension not in REPORT_EXTENSIONS:
        raise InvalidUpload("The report must be a PDF or a Word document (.docx)", field="report")
    return checked


@transaction.atomic
def add_advice_report(
    case: Case, *, upload: UploadedFile[bytes], title: str, by: User | None
) -> Document:
    """Store a professional's full report given with their advice: the same checks and storage
    as staff uploads (a PDF or Word document only), seen by staff. The caller
    (``ehcp.services.advice``) has checked that ``by`` (``None``: the holder of a single-use
    advice link) may give this advice."""
    return _store_document(
        case,
        upload=upload,
        title=title,
        kind=Document.Kind.ADVICE,
        audience=Audience.STAFF,
        by=by,
        checked=check_report(upload),
    )


def _store_document(
    case: Case,
    *,
    upload: UploadedFile[bytes],
    title: str,
    kind: str,
    audience: str,
    by: User | None,
    checked: CheckedUpload | None = None,
) -> Document:
    """Store ``upload`` on the case (``checked``: its checks, when the caller made them)."""
    checked = checked or check_upload(upload)
    if Document.objects.filter(case=case, sha256=checked.sha256, title=title).exists():
        raise DomainError(
            "This file has already been added to the case with this title", field="file"
        )
    document = Document(
        case=case,
        kind=kind,
        title=title,
        audience=audience,
        original_filename=checked.safe_name,
        content_type=checked.content_type,
        size_bytes=checked.size_bytes,
        sha256=checked.sha256,
        uploaded_by=by,
    )
    # The stored name is random; the original (made safe) is kept only for the download header.
    document.file.save(f"{document.public_id}.{checked.extension}", upload, save=False)
    document.save()
    record_case_event(
        case=case,
        kind="document_added",
        by=by,
        summary=f"Document added: {title}",
        audience=audience,
        document=str(document.public_id),
    )
    return document


@transaction.atomic
def add_note(case: Case, *, text: str, by: User) -> None:
    """A coordinator's note on the timeline (staff only)."""
    if not access.can(by, Action.EDIT, case):
        raise DomainError("You cannot add notes to this case")
    text = text.strip()
    if not text:
        raise DomainError("Enter a note", field="text")
    record_case_event(case=case, kind="note_added", by=by, summary="Note added", text=text[:2000])


@transaction.atomic
def grant_portal_access(relationship: Relationship, *, user: User, by: User) -> Relationship:
    """Let a family member (or the young person) follow the child's case in the family portal."""
    case = relationship.child.cases.order_by("-created_at").first()
    if case is None or not access.can(by, Action.EDIT, case):
        raise DomainError("You cannot change portal access for this child")
    if user.account_type != User.AccountType.FAMILY:
        raise DomainError("Only family accounts can be given portal access")
    relationship.user = user
    relationship.portal_access = True
    relationship.portal_access_revoked_at = None
    relationship.save(update_fields=["user", "portal_access", "portal_access_revoked_at"])
    record_case_event(
        case=case,
        kind="portal_access_granted",
        by=by,
        summary=f"Portal access given to {relationship.full_name}",
    )
    return relationship


@transaction.atomic
def set_contact_preferences(
    user: User,
    *,
    contact_format: str,
    contact_language: str,
    needs_interpreter: bool,
    wants_digest: bool,
    phone: str = "",
) -> None:
    """A family member says how we contact them (for every child they follow): email, email and
    text messages, post, large print, easy read or Braille; in which language; whether they need
    an interpreter; and whether they want one daily email instead of one for each update."""
    if user.account_type != User.AccountType.FAMILY:
        raise DomainError("Only a family member can set these preferences")
    if contact_format not in Relationship.ContactFormat.values:
        raise DomainError("Choose how we should contact you", field="contact_format")
    language = (contact_language or "").strip()
    if not language:
        raise DomainError("Enter the language you would like us to use", field="contact_language")
    phone = (phone or "").strip()
    if contact_format == Relationship.ContactFormat.PHONE and not phone:
        raise DomainError("Enter a mobile phone number for text messages", field="phone")
    if phone and not all(character in "0123456789 +()-" for character in phone):
        raise DomainError("Enter a phone number, like 07700 900 982", field="phone")
    changes: dict[str, object] = {
        "contact_format": contact_format,
        "contact_language": language[:60],
        "needs_interpreter": needs_interpreter,
    }
    if phone:
        changes["phone"] = phone[:30]
    for relationship in Relationship.objects.select_for_update().filter(user=user):
        for field, value in changes.items():
            setattr(relationship, field, value)
        relationship.save(update_fields=list(changes))
    User.objects.filter(pk=user.pk).update(wants_digest=wants_digest)
    user.wants_digest = wants_digest


@transaction.atomic
def set_family_sharing(case: Case, *, shares: bool, by: User) -> Relationship:
    """A young person (16+) with their own login lets their parents and carers see their case
    in the portal, or stops them. Only the young person themself may choose."""
    relationship = Relationship.objects.filter(
        child_id=case.child_id,
        user=by,
        kind=Relationship.Kind.SELF,
        portal_access=True,
        portal_access_revoked_at__isnull=True,
    ).first()
    if relationship is None:
        raise DomainError("Only the young person can choose who else sees their case")
    relationship.shares_with_family = shares
    relationship.save(update_fields=["shares_with_family"])
    record_case_event(
        case=case,
        kind="family_sharing_changed",
        by=by,
        summary=(
            "The young person lets their parents or carers see their case"
            if shares
            else "The young person has stopped their parents or carers seeing their case"
        ),
        audience=Audience.FAMILY,
    )
    return relationship


@transaction.atomic
def revoke_portal_access(relationship: Relationship, *, by: User) -> Relationship:
    """End a family member's portal access to a child."""
    case = relationship.child.cases.order_by("-created_at").first()
    if case is None or not access.can(by, Action.EDIT, case):
        raise DomainError("You cannot change portal access for this child")
    if not relationship.portal_access:
        raise DomainError(f"{relationship.full_name} does not have portal access")
    relationship.portal_access = False
    relationship.portal_access_revoked_at = timezone.now()
    relationship.save(update_fields=["portal_access", "portal_access_revoked_at"])
    record_case_event(
        case=case,
        kind="portal_access_revoked",
        by=by,
        summary=f"Portal access ended for {relationship.full_name}",
    )
    return relationship


@transaction.atomic
def grant_case_access(case: Case, *, to: User, by: User) -> None:
    """An explicit one-off grant for someone outside the case's team to read it (manager only)."""
    if not access.is_manager(by) or not access.can(by, Action.ASSIGN, case):
        raise DomainError("Only a SEND manager can give someone access to a case")
    if not access.is_la_staff(to):
        raise DomainError("Access can only be given to local authority staff")
    CaseUserObjectPermission.objects.get_or_create(
        user=to,
        content_object=case,
        permission=Permission.objects.get(content_type__app_label="sendcpp", codename="view_case"),
    )
    record_case_event(
        case=case,
        kind="access_granted",
        by=by,
        summary=f"{to.display_name} given access to read the case",
    )
