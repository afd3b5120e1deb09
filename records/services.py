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
from records import migration
from records.access import works_on_records
from records.models import (
    Disclosure,
    MigratedCase,
    MigrationRun,
    MigrationStatus,
    PlanTransfer,
    TransferStatus,
)
from sendcpp import access, clock
from sendcpp.access import Action, Actor
from sendcpp.celery import enqueue_on_commit
from sendcpp.exceptions import DomainError, TransitionNotAllowed
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


def check_caseload_file(filename: str, content: bytes, *, by: Actor) -> MigrationRun:
    """Check a caseload file (CSV or XLSX) from the council's previous system: every row, before
    anything is created. Kept as a run that is either refused (the problems by row and column)
    or checked (the dry-run report). Nothing else is created either way."""
    person = _manager(by)
    la = Organisation.objects.get(pk=person.organisation_id)
    today = timezone.localdate()
    checked = migration.check(
        filename, content, local_authority=la, today=today, already=_already(la.pk)
    )
    refused = bool(checked.problems)
    return MigrationRun.objects.create(
        local_authority=la,
        filename=filename[:200],
        content=content,
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
