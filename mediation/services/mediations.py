"""Mediation (CFA ss52-57; Regs regs 32-42): the family's request, contact with the adviser,
health services told, arranging and holding it, the certificates, and the agreed actions with
their own deadlines (reg 42)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from mediation import workflow
from mediation.models import (
    AgreementTerm,
    AppealWindow,
    CertificateKind,
    Issue,
    MediationCase,
    Outcome,
    ResponsibleBody,
)
from mediation.services.checks import (
    ORDER_STEPS,
    A,
    S,
    cancel_open_deadlines,
    day_text,
    lock_mediation,
    move_mediation,
    not_before,
    not_future,
    person,
    require,
)
from sendcpp import access, clock
from sendcpp.access import Action, Actor
from sendcpp.exceptions import DomainError, DuplicateSubmission
from sendcpp.models import Deadline, User
from sendcpp.timeline import record_case_event, record_family_event


def _check_issues(issues: Iterable[str]) -> list[str]:
    chosen = [issue for issue in Issue.values if issue in set(issues)]
    if not chosen or len(chosen) != len(set(issues)):
        raise DomainError("Choose what the disagreement is about", field="issues")
    return chosen


def _check_no_live_mediation(window: AppealWindow) -> None:
    if window.mediations.exclude(status=S.WITHDRAWN).exists():
        raise DuplicateSubmission("Mediation about this decision has already been recorded")


def _start_mediation_clocks(mediation: MediationCase, by: Actor) -> None:
    case = mediation.case
    subject = mediation.deadline_subject
    clock.meet_deadline(
        case,
        rule="mediation_adviser_contact",
        met_on=mediation.adviser_contacted_on,
        by=by,
        subject=mediation.window.deadline_subject,
    )
    if not mediation.wants_mediation:
        clock.start_deadline(
            case,
            rule="mediation_certificate",
            by=by,
            subject=subject,
            adviser_told_on=mediation.adviser_contacted_on,
        )
        return
    clock.start_deadline(
        case, rule="mediation_held", by=by, subject=subject, told_on=mediation.la_told_on
    )
    if mediation.has_health_issues:
        clock.start_deadline(
            case,
            rule="mediation_health_notice",
            by=by,
            subject=subject,
            la_told_on=mediation.la_told_on,
        )


@transaction.atomic
def ask_for_mediation(
    window: AppealWindow,
    *,
    issues: list[str],
    issues_summary: str,
    health_provision_sought: str = "",
    by: User,
) -> MediationCase:
    """The family asks for mediation from the family pages (Regs regs 32-33). The request goes
    to the council's mediation adviser the same day, so that day counts as contacting the adviser
    and telling the council: mediation must then be held within 30 days (and health services told
    within 3 working days if health care is in dispute)."""
    window = AppealWindow.objects.select_for_update().select_related("case").get(pk=window.pk)
    case = window.case
    require(by, Action.CONTRIBUTE, case, "You cannot ask for mediation on this case")
    chosen = _check_issues(issues)
    if not issues_summary.strip():
        raise DomainError("Tell us what you disagree with", field="issues_summary")
    _check_no_live_mediation(window)
    today = timezone.localdate()
    mediation = MediationCase.objects.create(
        case=case,
        window=window,
        status=S.REQUESTED,
        status_changed_by=person(by),
        wants_mediation=True,
        issues=chosen,
        issues_summary=issues_summary.strip(),
        health_provision_sought=health_provision_sought.strip(),
        adviser_contacted_on=today,
        la_told_on=today,
        requested_in_portal=access.is_family(by),
        created_by=person(by),
    )
    _start_mediation_clocks(mediation, by)
    record_family_event(
        mediation,
        "mediation",
        kind="mediation_requested",
        by=by,
        summary=f"Mediation asked for about our decision {window.family_decision_text}. We will "
        f"arrange it by {day_text(clock.compute_due('mediation_held', {'told_on': today}))}.",
    )
    return mediation


@transaction.atomic
def record_adviser_contact(
    window: AppealWindow,
    *,
    contacted_on: date,
    wants_mediation: bool,
    issues: list[str],
    issues_summary: str = "",
    health_provision_sought: str = "",
    la_told_on: date | None = None,
    by: User,
) -> MediationCase:
    """Record that the family contacted the mediation adviser (reg 33) and whether they want
    mediation. Not wanted: the adviser must issue a certificate within 3 working days (reg 34).
    Wanted: the council must hold it within 30 days of being told (``la_told_on``, by default
    the day of contact) and tell health services within 3 working days if health is in issue."""
    window = AppealWindow.objects.select_for_update().select_related("case").get(pk=window.pk)
    case = window.case
    require(by, Action.TRANSITION, case, "You cannot record mediation on this case")
    chosen = _check_issues(issues)
    not_future(contacted_on, "contacted_on", "The date the family contacted the adviser")
    not_before(
        contacted_on,
        window.decision_sent_on,
        "contacted_on",
        "The family cannot have contacted the adviser before the decision letter was sent",
    )
    told_on = (la_told_on or contacted_on) if wants_mediation else None
    if told_on is not None:
        not_future(told_on, "la_told_on", "The date the council was told")
        not_before(
            told_on,
            contacted_on,
            "la_told_on",
            "The council cannot have been told before the family contacted the adviser",
        )
    _check_no_live_mediation(window)
    mediation = MediationCase.objects.create(
        case=case,
        window=window,
        status=S.REQUESTED if wants_mediation else S.NOT_WANTED,
        status_changed_by=person(by),
        wants_mediation=wants_mediation,
        issues=chosen,
        issues_summary=issues_summary.strip(),
        health_provision_sought=health_provision_sought.strip(),
        adviser_contacted_on=contacted_on,
        la_told_on=told_on,
        created_by=person(by),
    )
    _start_mediation_clocks(mediation, by)
    if wants_mediation:
        summary = (
            f"Mediation asked for about our decision {window.family_decision_text} "
            f"(mediation adviser contacted {day_text(contacted_on)})."
        )
    else:
        summary = (
            f"You told the mediation adviser on {day_text(contacted_on)} that you do not want "
            f"mediation. They will send you a certificate so that you can appeal."
        )
    record_family_event(
        mediation,
        "mediation",
        kind="mediation_requested" if wants_mediation else "mediation_not_wanted",
        by=by,
        summary=summary,
    )
    return mediation


@transaction.atomic
def record_health_bodies_told(
    mediation: MediationCase, *, told_on: date, by: User
) -> MediationCase:
    """The council told each relevant health commissioner (ICB) the health issues in dispute and
    the health provision sought (within 3 working days of hearing the family wants mediation)."""
    mediation = lock_mediation(mediation, by)
    if not mediation.wants_mediation or not mediation.has_health_issues:
        raise DomainError("Health services are told only when health care is in dispute")
    if mediation.health_bodies_told_on is not None:
        raise DuplicateSubmission("The health services have already been told")
    if workflow.MEDIATION.is_terminal(mediation.status):
        raise DomainError("This mediation has finished")
    not_future(told_on, "told_on", "The date the health services were told")
    not_before(told_on, mediation.la_told_on, "told_on", "That is before the council was told")
    mediation.health_bodies_told_on = told_on
    mediation.save(update_fields=["health_bodies_told_on"])
    clock.meet_record_deadline(mediation, rule="mediation_health_notice", met_on=told_on, by=by)
    record_family_event(
        mediation,
        "mediation",
        kind="mediation_health_notice",
        by=by,
        summary=f"We told the health service about the mediation on {day_text(told_on)}.",
    )
    return mediation


@transaction.atomic
def arrange_mediation(
    mediation: MediationCase,
    *,
    mediation_on: date,
    mediation_provider: str,
    mediator_name: str = "",
    by: User,
) -> MediationCase:
    """Fix (or move) the date and the independent mediator. The mediator must not work for the
    council or the ICB (reg 36); the date should be within the 30 days."""
    mediation = lock_mediation(mediation, by)
    if mediation.status != S.ARRANGED:
        move_mediation(mediation, S.ARRANGED, by)
    if not mediation_provider.strip():
        raise DomainError("Enter the mediation service", field="mediation_provider")
    not_before(
        mediation_on,
        mediation.la_told_on,
        "mediation_on",
        "The mediation cannot be before the council was told the family wants it",
    )
    mediation.mediation_on = mediation_on
    mediation.mediation_provider = mediation_provider.strip()
    mediation.mediator_name = mediator_name.strip()
    mediation.save()
    record_family_event(
        mediation,
        "mediation",
        kind="mediation_arranged",
        by=by,
        summary=f"Mediation arranged for {day_text(mediation_on)} with {mediation.mediation_provider}.",
    )
    return mediation


@transaction.atomic
def record_cannot_arrange(
    mediation: MediationCase, *, adviser_told_on: date, by: User
) -> MediationCase:
    """The council could not arrange mediation within 30 days and told the mediation adviser, who
    must issue a certificate within 3 working days."""
    mediation = lock_mediation(mediation, by)
    move_mediation(mediation, S.CANNOT_ARRANGE, by)
    not_future(adviser_told_on, "adviser_told_on", "The date the adviser was told")
    not_before(
        adviser_told_on, mediation.la_told_on, "adviser_told_on", "That is before the request"
    )
    mediation.adviser_told_cannot_arrange_on = adviser_told_on
    mediation.save()
    subject = mediation.deadline_subject
    clock.cancel_deadline(
        mediation.case,
        rule="mediation_held",
        reason="The council could not arrange mediation within 30 days",
        on=adviser_told_on,
        by=by,
        subject=subject,
    )
    clock.start_deadline(
        mediation.case,
        rule="mediation_deemed_certificate",
        by=by,
        subject=subject,
        adviser_told_on=adviser_told_on,
    )
    record_family_event(
        mediation,
        "mediation",
        kind="mediation_cannot_arrange",
        by=by,
        summary="We could not arrange mediation within 30 days. The mediation adviser will send "
        "you a certificate so that you can appeal if you want to.",
    )
    return mediation


@transaction.atomic
def record_mediation_held(
    mediation: MediationCase,
    *,
    held_on: date,
    outcome: str,
    attendees: list[str],
    la_attendee_had_authority: bool | None,
    outcome_summary: str = "",
    staff_notes: str = "",
    by: User,
) -> MediationCase:
    """The mediation took place: who attended, whether the council sent someone able to agree
    changes, and the outcome. The mediator must issue a certificate within 3 working days."""
    mediation = lock_mediation(mediation, by)
    move_mediation(mediation, S.HELD, by)
    if outcome not in Outcome.values:
        raise DomainError("Choose the outcome", field="outcome")
    not_future(held_on, "held_on", "The date of the mediation")
    not_before(held_on, mediation.la_told_on, "held_on", "That is before the request")
    if not attendees:
        raise DomainError("Choose who took part", field="attendees")
    mediation.held_on = held_on
    mediation.outcome = outcome
    mediation.attendees = list(dict.fromkeys(attendees))
    mediation.la_attendee_had_authority = la_attendee_had_authority
    mediation.outcome_summary = outcome_summary.strip()
    mediation.staff_notes = staff_notes.strip()
    mediation.save()
    case, subject = mediation.case, mediation.deadline_subject
    clock.meet_deadline(case, rule="mediation_held", met_on=held_on, by=by, subject=subject)
    clock.start_deadline(
        case,
        rule="mediation_concluded_certificate",
        by=by,
        subject=subject,
        concluded_on=held_on,
    )
    if mediation.has_health_issues and outcome != Outcome.NOT_RESOLVED:
        clock.start_deadline(
            case,
            rule="mediation_agreement_icb_notice",
            by=by,
            subject=subject,
            agreed_on=held_on,
        )
    record_family_event(
        mediation,
        "mediation",
        kind="mediation_held",
        by=by,
        summary=f"Mediation held on {day_text(held_on)}: {Outcome(outcome).label.lower()}.",
        outcome=outcome,
    )
    return mediation


@transaction.atomic
def record_icb_told_la(mediation: MediationCase, *, told_on: date, by: User) -> MediationCase:
    """A health commissioner that took part told the council what was agreed (within 1 week,
    reg 42)."""
    mediation = lock_mediation(mediation, by)
    if mediation.held_on is None or not mediation.has_health_issues:
        raise DomainError("This is recorded only after a mediation about health care")
    if mediation.icb_told_la_on is not None:
        raise DuplicateSubmission("This has already been recorded")
    not_future(told_on, "told_on", "The date")
    not_before(told_on, mediation.held_on, "told_on", "That is before the mediation")
    mediation.icb_told_la_on = told_on
    mediation.save(update_fields=["icb_told_la_on"])
    clock.meet_record_deadline(
        mediation, rule="mediation_agreement_icb_notice", met_on=told_on, by=by
    )
    record_case_event(
        case=mediation.case,
        kind="mediation_icb_told_la",
        by=by,
        summary=f"The health service told us what was agreed at mediation on {day_text(told_on)}.",
        mediation=str(mediation.public_id),
    )
    return mediation


_CERTIFICATE_FOR_STATUS = {
    S.NOT_WANTED: (CertificateKind.NO_MEDIATION, "mediation_certificate"),
    S.CANNOT_ARRANGE: (CertificateKind.DEEMED, "mediation_deemed_certificate"),
    S.HELD: (CertificateKind.AFTER_MEDIATION, "mediation_concluded_certificate"),
}


def _restart_appeal_deadline(
    window: AppealWindow, *, certificate_issued_on: date, by: Actor
) -> Deadline | None:
    # The appeal deadline becomes the later of 2 months from the letter and 1 month from the
    # certificate (each rolled out of Christmas and August). No clock once an appeal is in.
    if window.appeals.exclude(status=A.WITHDRAWN).exists():
        return None
    subject = window.deadline_subject
    clock.cancel_deadline(
        window.case,
        rule="appeal",
        reason="Worked out again from the mediation certificate",
        on=certificate_issued_on,
        by=by,
        subject=subject,
    )
    return clock.start_deadline(
        window.case,
        rule="appeal",
        by=by,
        subject=subject,
        decision_sent_on=window.decision_sent_on,
        certificate_issued_on=certificate_issued_on,
    )


@transaction.atomic
def issue_mediation_certificate(
    mediation: MediationCase, *, issued_on: date, by: User
) -> MediationCase:
    """Record the mediation certificate: after mediation, when mediation was not wanted, or when
    it could not be arranged in time. The appeal deadline is worked out again from it."""
    mediation = lock_mediation(mediation, by)
    previous = mediation.status
    move_mediation(mediation, S.CERTIFICATE_ISSUED, by)
    # Every status that may move to "certificate issued" names its certificate.
    kind, rule = _CERTIFICATE_FOR_STATUS[previous]
    not_future(issued_on, "issued_on", "The date of the certificate")
    not_before(
        issued_on,
        mediation.held_on or mediation.adviser_contacted_on,
        "issued_on",
        "The certificate cannot be dated before the mediation or the contact with the adviser",
    )
    mediation.certificate_kind = kind
    mediation.certificate_issued_on = issued_on
    mediation.save()
    clock.meet_record_deadline(mediation, rule=rule, met_on=issued_on, by=by)
    appeal = _restart_appeal_deadline(mediation.window, certificate_issued_on=issued_on, by=by)
    until = f" You can appeal to the tribunal until {day_text(appeal.due_on)}." if appeal else ""
    record_family_event(
        mediation,
        "mediation",
        kind="mediation_certificate_issued",
        by=by,
        summary=f"Mediation certificate issued on {day_text(issued_on)}.{until}",
        certificate_kind=kind,
    )
    return mediation


@transaction.atomic
def withdraw_mediation(
    mediation: MediationCase, *, withdrawn_on: date, reason: str = "", by: User
) -> MediationCase:
    """The family no longer wants mediation (or the disagreement was settled first). Its clocks
    stop; the appeal deadline keeps running."""
    mediation = lock_mediation(mediation, by)
    move_mediation(mediation, S.WITHDRAWN, by)
    not_future(withdrawn_on, "withdrawn_on", "The date")
    mediation.withdrawn_on = withdrawn_on
    if reason.strip():
        mediation.staff_notes = "\n".join(filter(None, [mediation.staff_notes, reason.strip()]))
    mediation.save()
    cancel_open_deadlines(mediation, reason="The mediation was withdrawn", on=withdrawn_on, by=by)
    record_family_event(
        mediation,
        "mediation",
        kind="mediation_withdrawn",
        by=by,
        summary=f"The mediation was stopped on {day_text(withdrawn_on)}.",
    )
    return mediation


@transaction.atomic
def add_agreement_term(
    mediation: MediationCase,
    *,
    description: str,
    responsible_body: str,
    appealable_step: str = "",
    agreed_due_on: date | None = None,
    by: User,
) -> AgreementTerm:
    """Record one thing the mediation agreement says will be done, and start its clock: 2 weeks
    for matters that cannot be appealed (reg 42(3)); for appealable matters, the tribunal-order
    limit for that step from the day of the agreement (reg 42 applying reg 44). A different date
    agreed in writing is kept as the target."""
    mediation = lock_mediation(mediation, by)
    if mediation.held_on is None or mediation.outcome == Outcome.NOT_RESOLVED:
        raise DomainError("Actions can be added only after a mediation that reached agreement")
    if not description.strip():
        raise DomainError("Describe what was agreed", field="description")
    if responsible_body not in ResponsibleBody.values:
        raise DomainError("Choose who must do it", field="responsible_body")
    if appealable_step and appealable_step not in ORDER_STEPS:
        raise DomainError("Choose what the agreement requires", field="appealable_step")
    if agreed_due_on is not None:
        not_before(
            agreed_due_on, mediation.held_on, "agreed_due_on", "That date is before the mediation"
        )
    agreed_on = mediation.held_on
    rule = f"tribunal_order_{appealable_step}" if appealable_step else "mediation_agreement_action"
    triggers = {"order_sent_on": agreed_on} if appealable_step else {"agreed_on": agreed_on}
    term = AgreementTerm.objects.create(
        mediation=mediation,
        case=mediation.case,
        description=description.strip(),
        responsible_body=responsible_body,
        appealable_step=appealable_step,
        agreed_on=agreed_on,
        agreed_due_on=agreed_due_on,
        due_on=clock.compute_due(rule, triggers),
        created_by=person(by),
    )
    clock.start_deadline(
        mediation.case,
        rule=rule,
        by=by,
        subject=term.deadline_subject,
        target_on=agreed_due_on,
        **triggers,
    )
    record_family_event(
        term,
        "term",
        kind="mediation_term_added",
        by=by,
        summary=f"Agreed at mediation: {term.description[:180]} "
        f"({ResponsibleBody(responsible_body).label}, by {day_text(agreed_due_on or term.due_on)}).",
    )
    return term


@transaction.atomic
def complete_agreement_term(term: AgreementTerm, *, done_on: date, by: User) -> AgreementTerm:
    """An agreed action has been carried out."""
    term = AgreementTerm.objects.select_for_update().select_related("case").get(pk=term.pk)
    require(by, Action.TRANSITION, term.case, "You cannot record mediation on this case")
    if term.done_on is not None:
        raise DuplicateSubmission("This action has already been recorded as done")
    not_future(done_on, "done_on", "The date it was done")
    not_before(done_on, term.agreed_on, "done_on", "That is before the mediation")
    term.done_on = done_on
    term.save(update_fields=["done_on"])
    clock.meet_record_deadline(term, rule=term.rule, met_on=done_on, by=by)
    record_family_event(
        term,
        "term",
        kind="mediation_term_done",
        by=by,
        summary=f"Done on {day_text(done_on)}: {term.description[:200]}",
    )
    return term
