"""Every write about the council's records: plans arriving on the exchange format (upload,
accept, decline) and the disclosure register. Each service is atomic, takes the person acting
as ``by`` and checks access through ``sendcpp.access`` (through this app's clauses)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from ehcp import exchange
from ehcp import services as ehcp_services
from ehcp.models import Plan
from records import erasure, migration, retention, subject_access
from records.access import works_on_records
from records.models import (
    Disclosure,
    DisposalBatch,
    DisposalItem,
    DisposalStatus,
    DisposedCase,
    LegalHold,
    MigratedCase,
    MigrationRun,
    MigrationStatus,
    PlanTransfer,
    SubjectAccessRequest,
    SubjectAccessStatus,
    TransferStatus,
)
from sendcpp import access, clock
from sendcpp.access import Action, Actor
from sendcpp.celery import enqueue_on_commit
from sendcpp.exceptions import DomainError, DuplicateSubmission, TransitionNotAllowed
from sendcpp.models import (
    Audience,
    Case,
    CaseEvent,
    Child,
    Organisation,
    Relationship,
    Team,
    User,
)
from sendcpp.timeline import record_case_event


class DocumentRefused(DomainError):
    """An exchange document that failed its checks: ``problems`` are (path, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(
            f"The plan was not imported: the file has {count} {noun}", field="document"
        )
        self.problems = problems


def _person(by: Actor) -> User:
    if not works_on_records(by) or not isinstance(by, User):
        raise DomainError("You cannot work on the council's records")
    return by


def _team_for(by: User, team: Team | None) -> Team:
    if team is None and access.is_coordinator(by):
        team = by.staff_profile.team
    if team is None or team.local_authority_id != by.organisation_id:
        raise DomainError("Choose a team you work in", field="team")
    if access.is_coordinator(by) and by.staff_profile.team_id != team.pk:
        raise DomainError("Choose a team you work in", field="team")
    return team


# --- Plans arriving from another council ----------------------------------------------------------


@transaction.atomic
def upload_plan_transfer(
    raw: bytes, *, transferred_on: date, by: Actor, team: Team | None = None
) -> PlanTransfer:
    """Check an exchange document from another council against the schema and keep it for a
    coordinator to accept. Any problem refuses the whole file (``DocumentRefused`` lists every
    problem by path) and nothing is kept."""
    person = _person(by)
    team = _team_for(person, team)
    if transferred_on > timezone.localdate():
        raise DomainError(
            "The date of the transfer must be today or in the past", field="transferred_on"
        )
    document, problems = exchange.parse(raw)
    if document is None:
        raise DocumentRefused(problems)
    from_la = document["history"][-1]["local_authority"]
    return PlanTransfer.objects.create(
        local_authority_id=person.organisation_id,
        team=team,
        from_la=from_la,
        transferred_on=transferred_on,
        document=document,
        uploaded_by=person,
    )


def _pending(transfer: PlanTransfer, by: Actor) -> PlanTransfer:
    transfer = PlanTransfer.objects.select_for_update().get(pk=transfer.pk)
    if not access.can(by, Action.EDIT, transfer):
        raise DomainError("You cannot work on this plan")
    if transfer.status != TransferStatus.PENDING:
        raise TransitionNotAllowed(
            f"This plan has already been {transfer.get_status_display().lower()}"
        )
    return transfer


@transaction.atomic
def accept_plan_transfer(transfer: PlanTransfer, *, by: Actor) -> PlanTransfer:
    """The coordinator has read the plan and accepts it: the child's record and the case are
    opened at "plan maintained" (the plan treated as made here on its original date, reg 15), the
    plan is filled with the document's sections and rows, and the deadlines to write to the
    family (6 weeks) and to review the plan start."""
    transfer = _pending(transfer, by)
    person = _person(by)
    document = transfer.document
    child = exchange.child_from(document, responsible_la_id=transfer.local_authority_id)
    urn = document["plan"]["services"]["setting_urn"]
    if urn:
        child.setting = (
            Organisation.objects.filter(urn=urn).first()
            or Organisation.objects.filter(ukprn=urn).first()
        )
    dates = document["dates"]
    case = ehcp_services.record_transfer_in(
        child,
        from_la=transfer.from_la,
        plan_made_on=date.fromisoformat(dates["made_on"]),
        last_reviewed_on=(
            date.fromisoformat(dates["last_reviewed_on"]) if dates["last_reviewed_on"] else None
        ),
        transferred_on=transfer.transferred_on,
        team=transfer.team,
        coordinator=person if access.is_coordinator(person) else None,
        by=person,
    )
    plan = Plan.objects.get(case=case)
    exchange.fill_transferred_plan(plan, document=document, by=person)
    placement_urn = document["plan"]["placement"]["urn"]
    if placement_urn:
        Plan.objects.filter(pk=plan.pk).update(
            placement_setting=Organisation.objects.filter(urn=placement_urn).first()
        )
    transfer.status = TransferStatus.ACCEPTED
    transfer.case = case
    transfer.decided_by = person
    transfer.decided_at = timezone.now()
    transfer.save(update_fields=["status", "case", "decided_by", "decided_at"])
    record_case_event(
        case=case,
        kind="records_plan_transfer_accepted",
        by=person,
        summary=f"Plan accepted from {transfer.from_la} on the exchange format",
    )
    return transfer


@transaction.atomic
def decline_plan_transfer(transfer: PlanTransfer, *, by: Actor) -> PlanTransfer:
    """The coordinator declines the document (say, the wrong child): nothing is created."""
    transfer = _pending(transfer, by)
    transfer.status = TransferStatus.DECLINED
    transfer.decided_by = _person(by)
    transfer.decided_at = timezone.now()
    transfer.save(update_fields=["status", "decided_by", "decided_at"])
    return transfer


def earlier_history(case: Case) -> dict[str, Any] | None:
    """What a plan accepted from another council brought with it (history, advice, last review)."""
    transfer = PlanTransfer.objects.filter(case=case, status=TransferStatus.ACCEPTED).first()
    if transfer is None:
        return None
    document = transfer.document
    return {
        "history": document["history"],
        "advice": document["plan"]["advice"],
        "last_reviewed_on": document["dates"]["last_reviewed_on"],
    }


# --- The disclosure register ----------------------------------------------------------------------


@transaction.atomic
def record_disclosure(
    case: Case,
    *,
    recipient_kind: str,
    recipient: str,
    what: str,
    purpose: str,
    lawful_basis: str,
    disclosed_on: date,
    by: Actor,
    details: str = "",
) -> Disclosure:
    """Enter a release of a plan or record outside the council in the register (regulation 17:
    a plan is disclosed only with consent or for a listed purpose)."""
    person = _person(by)
    if not access.can(person, Action.VIEW, case):
        raise DomainError("You cannot record a disclosure for this case")
    recipient = recipient.strip()
    what = what.strip()
    if not recipient:
        raise DomainError("Enter who received it", field="recipient")
    if not what:
        raise DomainError("Enter what was disclosed", field="what")
    if disclosed_on > timezone.localdate():
        raise DomainError(
            "The date of the disclosure must be today or in the past", field="disclosed_on"
        )
    disclosure = Disclosure.objects.create(
        local_authority_id=case.local_authority_id,
        case=case,
        child_id=case.child_id,
        recipient_kind=recipient_kind,
        recipient=recipient,
        what=what,
        purpose=purpose,
        lawful_basis=lawful_basis,
        details=details.strip(),
        disclosed_on=disclosed_on,
        recorded_by=person,
    )
    record_case_event(
        case=case,
        kind="records_disclosure_recorded",
        by=person,
        summary=f"Disclosure to {disclosure.get_recipient_kind_display().lower()} recorded",
    )
    return disclosure


# --- Migration of the council's caseload from its previous system --------------------------------

#: Rows created per chunk: the progress bar moves once per chunk.
MIGRATION_CHUNK = 500


def _manager(by: Actor) -> User:
    person = _person(by)
    if not access.is_manager(person):
        raise DomainError("Only a SEND manager can import the council's caseload")
    return person


def _already(local_authority_id: int) -> set[str]:
    return set(
        MigratedCase.objects.filter(local_authority_id=local_authority_id).values_list(
            "council_id", flat=True
        )
    )


def check_caseload_file(
    filename: str, content: bytes, *, by: Actor, team: Team | None = None
) -> MigrationRun:
    """Check a caseload file (CSV or XLSX) from the council's previous system: every row, before
    anything is created. Kept as a run that is either refused (the problems by row and column)
    or checked (the dry-run report). Nothing else is created either way."""
    person = _manager(by)
    la = Organisation.objects.get(pk=person.organisation_id)
    today = timezone.localdate()
    if team is not None and team.local_authority_id != la.pk:
        raise DomainError("Choose a team of this council", field="team")
    team_name = team.name if team is not None else ""
    checked = migration.check(
        filename,
        content,
        local_authority=la,
        today=today,
        already=_already(la.pk),
        team=team_name,
    )
    refused = bool(checked.problems)
    return MigrationRun.objects.create(
        local_authority=la,
        filename=filename[:200],
        content=content,
        team_name=team_name,
        status=MigrationStatus.REFUSED if refused else MigrationStatus.CHECKED,
        rows=checked.total,
        problems=[problem.as_dict() for problem in checked.problems],
        report={} if refused else migration.report(checked, today=today),
        uploaded_by=person,
    )


@transaction.atomic
def start_caseload_import(run: MigrationRun, *, by: Actor) -> MigrationRun:
    """A manager read the dry run and starts the import: a background task does it."""
    person = _manager(by)
    run = MigrationRun.objects.select_for_update().get(pk=run.pk)
    if run.local_authority_id != person.organisation_id:
        raise DomainError("You cannot import this file")
    if run.status != MigrationStatus.CHECKED:
        raise TransitionNotAllowed(f"This import cannot start: it is “{run.get_status_display()}”")
    run.status = MigrationStatus.QUEUED
    run.started_by = person
    run.save(update_fields=["status", "started_by"])
    enqueue_on_commit("records.tasks.import_caseload", run.pk)
    return run


def progress_key(run: MigrationRun) -> str:
    return f"records:migration:{run.pk}:done"


def import_progress(run: MigrationRun) -> int:
    """How many cases the import has created so far (kept outside its transaction)."""
    if run.status == MigrationStatus.DONE:
        return int(run.report.get("cases", 0))
    return int(cache.get(progress_key(run)) or 0)


def import_caseload(run_id: int) -> MigrationRun:
    """The import itself (from the background task; safe to run twice: only a queued run is
    imported). The file is checked again against what exists now, then every record is created
    in one transaction: if anything is wrong nothing is created and the run says why."""
    with transaction.atomic():
        run = MigrationRun.objects.select_for_update().get(pk=run_id)
        if run.status != MigrationStatus.QUEUED:
            return run
        run.status = MigrationStatus.IMPORTING
        run.save(update_fields=["status"])
    started = timezone.now()
    cache.set(progress_key(run), 0, timeout=24 * 3600)
    try:
        with transaction.atomic():
            _import_rows(run)
    except DomainError as error:
        MigrationRun.objects.filter(pk=run.pk).update(
            status=MigrationStatus.FAILED,
            problems=[{"row": 0, "column": "", "message": error.message}],
            finished_at=timezone.now(),
        )
    else:
        MigrationRun.objects.filter(pk=run.pk).update(
            status=MigrationStatus.DONE,
            finished_at=timezone.now(),
            seconds=(timezone.now() - started).total_seconds(),
        )
    run.refresh_from_db()
    return run


def _import_rows(run: MigrationRun) -> None:
    la = run.local_authority
    by = run.started_by
    today = timezone.localdate()
    checked = migration.check(
        run.filename,
        bytes(run.content),
        local_authority=la,
        today=today,
        already=_already(la.pk),
        team=run.team_name,
    )
    if checked.problems:
        raise DomainError(
            "The file no longer passes its checks (the teams or settings changed since it was "
            "checked). Check it again."
        )
    rows = checked.rows
    if len(rows) != run.report.get("cases"):
        raise DomainError(
            "Some of these cases were imported since the file was checked. Check it again."
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval('case_reference_seq') FROM generate_series(1, %s)", [len(rows)]
        )
        numbers = [number for (number,) in cursor.fetchall()]
    prefix = f"{la.la_code or 'LA'}-{today:%y}"
    done = 0
    for chunk in migration.chunks(list(zip(rows, numbers, strict=True)), MIGRATION_CHUNK):
        children = Child.objects.bulk_create(
            Child(**row.child, responsible_la=la) for row, _ in chunk
        )
        cases = Case.objects.bulk_create(
            Case(
                child=child,
                reference=f"{prefix}-{number:06d}",
                local_authority=la,
                team_id=row.team_id,
                stage=row.stage,
                request_received_on=row.request_received_on,
                plan_issued_on=row.plan_made_on,
            )
            for (row, number), child in zip(chunk, children, strict=True)
        )
        Relationship.objects.bulk_create(
            Relationship(child=child, **row.contact)
            for (row, _), child in zip(chunk, children, strict=True)
            if row.contact
        )
        exchange.create_migrated_plans(
            [
                (case.pk, row.plan_made_on)
                for (row, _), case in zip(chunk, cases, strict=True)
                if row.stage in migration.PLAN_STAGES or row.stage == "drafting"
            ]
        )
        MigratedCase.objects.bulk_create(
            MigratedCase(local_authority=la, council_id=row.council_id, case=case, run=run)
            for (row, _), case in zip(chunk, cases, strict=True)
        )
        # The timeline: one entry per case saying where it came from (written together, like
        # the deadlines below; the kind is registered in ``records.apps.EVENT_KINDS``).
        CaseEvent.objects.bulk_create(
            CaseEvent(
                case=case,
                kind="records_case_migrated",
                summary="Case brought over from the council's previous system",
                audience=Audience.STAFF,
                actor=by,
                data={"row": row.row},
            )
            for (row, _), case in zip(chunk, cases, strict=True)
        )
        clock.start_first_deadlines(
            [(case, row.rule, row.triggers) for (row, _), case in zip(chunk, cases, strict=True)],
            by=by,
        )
        done += len(chunk)
        cache.set(progress_key(run), done, timeout=24 * 3600)


# --- Retention and disposal -----------------------------------------------------------------------

#: Stages at which a case has ended and may be listed for disposal.
ENDED_STAGES = ("ceased", "closed", "not_assessed", "not_issued")


def _ended_cases(local_authority_id: int) -> Any:
    from django.db.models import Q

    return Case.objects.filter(local_authority_id=local_authority_id).filter(
        Q(closed_on__isnull=False) | Q(stage__in=ENDED_STAGES)
    )


def due_for_disposal(local_authority_id: int, *, today: date) -> dict[str, list[tuple[Case, date]]]:
    """Every ended case of the council past its retention date, by class, with its date: not
    those already listed or destroyed. Those under a legal hold are included (the list shows
    them as held; they are never destroyed while the hold stands)."""
    from django.db.models import Exists, OuterRef

    from ehcp.models import Plan as EhcpPlan

    due: dict[str, list[tuple[Case, date]]] = {key: [] for key in retention.schedule()}
    # Listed already: waiting for approval, or destroyed (a case kept by a hold, or on a list
    # that was not approved, is listed again).
    listed = (
        DisposalItem.objects.filter(case=OuterRef("pk"))
        .exclude(batch__status=DisposalStatus.REJECTED)
        .exclude(outcome=DisposalItem.Outcome.HELD)
    )
    made = EhcpPlan.objects.filter(case=OuterRef("pk"), made_on__isnull=False)
    oldest = min(cls.years for cls in retention.schedule().values())
    cases = (
        _ended_cases(local_authority_id)
        .filter(child__date_of_birth__lte=retention.born_on_or_before(today, oldest))
        .annotate(listed=Exists(listed), has_plan=Exists(made))
        .filter(listed=False)
        .select_related("child")
        .order_by("child__date_of_birth", "pk")
    )
    for case in cases:
        key = "ehc_case" if case.plan_issued_on or case.has_plan else "no_plan_case"
        years = retention.schedule()[key].years
        due_on = retention.add_years(case.child.date_of_birth, years)
        if due_on <= today:
            due[key].append((case, due_on))
    return due


@transaction.atomic
def list_due_disposals(*, today: date) -> list[DisposalBatch]:
    """The monthly job: for every council and class, list the records past their retention date
    in this month's batch, for a named officer to approve. Idempotent: a month's batch is made
    once; records falling due later in the month wait for next month's."""
    month = today.replace(day=1)
    batches = []
    councils = Case.objects.values_list("local_authority_id", flat=True).distinct()
    for la_id in councils:
        for key, entries in due_for_disposal(la_id, today=today).items():
            if not entries:
                continue
            batch, created = DisposalBatch.objects.get_or_create(
                local_authority_id=la_id, record_class=key, month=month
            )
            if not created:
                continue
            DisposalItem.objects.bulk_create(
                DisposalItem(batch=batch, case=case, due_on=due_on) for case, due_on in entries
            )
            batches.append(batch)
    return batches


def _batch_for_manager(batch: DisposalBatch, by: Actor) -> tuple[DisposalBatch, User]:
    person = _manager(by)
    batch = DisposalBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.local_authority_id != person.organisation_id:
        raise DomainError("You cannot approve this council's disposals")
    if batch.status != DisposalStatus.LISTED:
        raise TransitionNotAllowed(f"This list is already “{batch.get_status_display()}”")
    return batch, person


@transaction.atomic
def approve_disposal(batch: DisposalBatch, *, by: Actor) -> DisposalBatch:
    """A named officer (a SEND manager) approves destroying the listed records. The destruction
    runs in the background; records under a legal hold by then are kept."""
    batch, person = _batch_for_manager(batch, by)
    batch.status = DisposalStatus.APPROVED
    batch.approved_by = person
    batch.approved_at = timezone.now()
    batch.save(update_fields=["status", "approved_by", "approved_at"])
    enqueue_on_commit("records.tasks.dispose_batch", batch.pk)
    return batch


@transaction.atomic
def reject_disposal(batch: DisposalBatch, *, note: str, by: Actor) -> DisposalBatch:
    """The officer does not approve the list: nothing is destroyed; the records are listed again
    next month if still due."""
    batch, _person_acting = _batch_for_manager(batch, by)
    note = note.strip()
    if not note:
        raise DomainError("Enter why the list is not approved", field="note")
    batch.status = DisposalStatus.REJECTED
    batch.note = note[:300]
    batch.save(update_fields=["status", "note"])
    return batch


def _held(case_id: int) -> bool:
    return LegalHold.objects.filter(case_id=case_id, released_at__isnull=True).exists()


def dispose_batch(batch_id: int) -> DisposalBatch:
    """Destroy an approved batch (from the background task; safe to run twice: only an approved
    batch is disposed of). Each case under a legal hold is kept; every other case's personal
    data and documents are destroyed, leaving its anonymous remainder; the batch becomes the
    destruction certificate. All in one transaction."""
    with transaction.atomic():
        batch = DisposalBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status != DisposalStatus.APPROVED or batch.approved_by_id is None:
            return batch
        disposed = held = 0
        items = batch.items.select_related("case", "case__child").select_for_update(of=("self",))
        for item in items:
            case = item.case
            if _held(case.pk):
                item.outcome = DisposalItem.Outcome.HELD
                held += 1
            else:
                child = case.child
                plan = Plan.objects.filter(case=case).only("made_on").first()
                DisposedCase.objects.create(
                    local_authority_id=batch.local_authority_id,
                    batch=batch,
                    case=case,
                    record_class=batch.record_class,
                    birth_year=child.date_of_birth.year,
                    sex=child.sex,
                    primary_need=child.primary_need,
                    final_stage=case.stage,
                    plan_made_year=plan.made_on.year if plan and plan.made_on else None,
                    closed_year=case.closed_on.year if case.closed_on else None,
                )
                erasure.erase_case(case)
                item.outcome = DisposalItem.Outcome.DISPOSED
                disposed += 1
            item.save(update_fields=["outcome"])
        batch.status = DisposalStatus.DISPOSED
        batch.disposed_at = timezone.now()
        batch.disposed_count = disposed
        batch.held_count = held
        batch.save(update_fields=["status", "disposed_at", "disposed_count", "held_count"])
    return batch


@transaction.atomic
def place_legal_hold(case: Case, *, reason: str, by: Actor) -> LegalHold:
    """Stop a case being destroyed while an inquiry, claim or complaint needs it."""
    person = _manager(by)
    if not access.can(person, Action.VIEW, case):
        raise DomainError("You cannot place a hold on this case")
    reason = reason.strip()
    if not reason:
        raise DomainError("Enter why the records must be kept", field="reason")
    if LegalHold.objects.filter(case=case, released_at__isnull=True).exists():
        raise DuplicateSubmission("This case is already on hold")
    if DisposedCase.objects.filter(case=case).exists():
        raise TransitionNotAllowed("This case's records have already been destroyed")
    return LegalHold.objects.create(
        local_authority_id=case.local_authority_id, case=case, reason=reason[:300], placed_by=person
    )


@transaction.atomic
def release_legal_hold(hold: LegalHold, *, reason: str, by: Actor) -> LegalHold:
    person = _manager(by)
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.local_authority_id != person.organisation_id:
        raise DomainError("You cannot release this hold")
    if hold.released_at is not None:
        raise TransitionNotAllowed("This hold has already been released")
    reason = reason.strip()
    if not reason:
        raise DomainError("Enter why the hold can end", field="release_reason")
    hold.released_by = person
    hold.released_at = timezone.now()
    hold.release_reason = reason[:300]
    hold.save(update_fields=["released_by", "released_at", "release_reason"])
    return hold


# --- Subject access requests ----------------------------------------------------------------------


@transaction.atomic
def record_subject_access_request(
    case: Case,
    *,
    requester_name: str,
    requester_relationship: str,
    received_on: date,
    by: Actor,
) -> SubjectAccessRequest:
    """Record a request for a copy of everything held about the child or young person of
    ``case``, and start the one-month clock (UK GDPR Article 12(3))."""
    person = _person(by)
    if not access.can(person, Action.VIEW, case):
        raise DomainError("You cannot record a request for this case")
    requester_name = requester_name.strip()
    if not requester_name:
        raise DomainError("Enter who made the request", field="requester_name")
    if received_on > timezone.localdate():
        raise DomainError(
            "The date the request was received must be today or in the past", field="received_on"
        )
    request = SubjectAccessRequest.objects.create(
        local_authority_id=case.local_authority_id,
        child_id=case.child_id,
        case=case,
        requester_name=requester_name[:200],
        requester_relationship=requester_relationship.strip()[:100],
        received_on=received_on,
        created_by=person,
    )
    clock.start_deadline(
        case,
        rule="subject_access",
        subject=request.deadline_subject,
        by=person,
        audience=Audience.STAFF,
        request_received_on=received_on,
    )
    return request


def _open_request(request: SubjectAccessRequest, by: Actor) -> tuple[SubjectAccessRequest, User]:
    person = _person(by)
    request = SubjectAccessRequest.objects.select_for_update().get(pk=request.pk)
    if not access.can(person, Action.VIEW, request.case):
        raise DomainError("You cannot work on this request")
    if request.status == SubjectAccessStatus.RELEASED:
        raise TransitionNotAllowed("This bundle has already been released")
    return request, person


@transaction.atomic
def assemble_subject_access_bundle(
    request: SubjectAccessRequest,
    *,
    by: Actor,
    withheld: dict[str, str] | None = None,
    redact_words: str = "",
) -> SubjectAccessRequest:
    """Put together everything held about the person: a PDF index and the files, in a zip.
    ``withheld`` maps an item's key to why it is withheld (third parties' information, say);
    ``redact_words`` (one per line) are replaced wherever they appear. Assembling again (after
    redacting) replaces the bundle."""
    from django.core.files.base import ContentFile

    request, _acting = _open_request(request, by)
    withheld = {key: reason.strip() for key, reason in (withheld or {}).items()}
    if any(not reason for reason in withheld.values()):
        raise DomainError("Give the reason for withholding each item", field="withheld")
    words = [word.strip() for word in redact_words.splitlines() if len(word.strip()) >= 2]
    child = request.child
    items = subject_access.collect(child, request.local_authority_id)
    keys = {item.key for item in items}
    unknown = set(withheld) - keys
    if unknown:
        raise DomainError("Choose items from this bundle", field="withheld")
    today = timezone.localdate()
    council = Organisation.objects.get(pk=request.local_authority_id).name
    content = subject_access.build_zip(
        items,
        withheld=withheld,
        words=words,
        index_context={
            "document_title": f"Information held about {child.full_name}",
            "council": council,
            "child_name": child.full_name,
            "assembled_on": f"{today:%-d %B %Y}",
            "received_on": f"{request.received_on:%-d %B %Y}",
            "requester": request.requester_name,
            "included": [item for item in items if item.key not in withheld],
            "withheld": [(item, withheld[item.key]) for item in items if item.key in withheld],
            "redacted": bool(words),
        },
    )
    if request.bundle:
        request.bundle.delete(save=False)
    request.bundle.save(f"subject-access-{request.public_id}.zip", ContentFile(content), save=False)
    request.index = [
        {
            "key": item.key,
            "kind": item.kind_label,
            "title": item.title,
            "filename": item.filename,
            "third_party": item.third_party,
        }
        for item in items
    ]
    request.withheld = withheld
    request.redact_words = "\n".join(words)
    request.status = SubjectAccessStatus.ASSEMBLED
    request.assembled_at = timezone.now()
    request.save()
    return request


@transaction.atomic
def release_subject_access_bundle(
    request: SubjectAccessRequest, *, released_on: date, method: str, by: Actor
) -> SubjectAccessRequest:
    """The bundle was given to the person: recorded, and the clock met."""
    request, person = _open_request(request, by)
    if request.status != SubjectAccessStatus.ASSEMBLED:
        raise TransitionNotAllowed("Put the bundle together and check it before releasing it")
    if released_on > timezone.localdate() or released_on < request.received_on:
        raise DomainError(
            "The date of release must be between the request and today", field="released_on"
        )
    method = method.strip()
    if not method:
        raise DomainError("Enter how the bundle was given", field="method")
    request.status = SubjectAccessStatus.RELEASED
    request.released_on = released_on
    request.released_by = person
    request.release_method = method[:200]
    request.save(update_fields=["status", "released_on", "released_by", "release_method"])
    clock.meet_deadline(
        request.case,
        rule="subject_access",
        subject=request.deadline_subject,
        met_on=released_on,
        by=person,
    )
    record_case_event(
        case=request.case,
        kind="records_subject_access_released",
        by=person,
        summary="Copy of the records released to the person who asked",
    )
    return request
