"""Tribunal appeals (CFA s51; Regs regs 43-45): registration, the council's response, the
hearing, the decision with its orders, concessions, withdrawal and compliance."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from mediation import workflow
from mediation.models import (
    DECIDED_OUTCOMES,
    AppealOutcome,
    AppealWindow,
    MediationCase,
    OrderSource,
    TribunalAppeal,
    TribunalConcession,
    TribunalOrder,
)
from mediation.services.checks import (
    ORDER_STEPS,
    UNOPPOSED_STEPS,
    A,
    S,
    cancel_open_deadlines,
    day_text,
    lock_appeal,
    move_appeal,
    not_before,
    not_future,
    person,
    require,
)
from sendcpp import clock
from sendcpp.access import Action, Actor
from sendcpp.deadlines import TribunalOrderStep
from sendcpp.exceptions import DomainError, DuplicateSubmission
from sendcpp.models import Deadline, User
from sendcpp.timeline import record_family_event


def _certificate(window: AppealWindow) -> MediationCase | None:
    return (
        window.mediations.filter(status=S.CERTIFICATE_ISSUED)
        .order_by("-certificate_issued_on", "-id")
        .first()
    )


@transaction.atomic
def register_appeal(
    window: AppealWindow,
    *,
    registered_on: date,
    appeal_sent_to_la_on: date,
    tribunal_reference: str = "",
    about_setting_only: bool = False,
    extended_appeal: bool = False,
    by: User,
) -> TribunalAppeal:
    """The tribunal registered the family's appeal and sent it to the council, which must respond
    within 30 working days. A mediation certificate is needed first, unless the appeal is only
    about the school or type of school named (CFA s55). A late appeal is recorded as it is: the
    tribunal decides whether to accept it."""
    window = AppealWindow.objects.select_for_update().select_related("case").get(pk=window.pk)
    case = window.case
    require(by, Action.TRANSITION, case, "You cannot record appeals on this case")
    if window.appeals.exclude(status=A.WITHDRAWN).exists():
        raise DuplicateSubmission("An appeal against this decision has already been recorded")
    certificate = _certificate(window)
    if certificate is None and not about_setting_only:
        raise DomainError(
            "A mediation certificate is needed before appealing, unless the appeal is only about "
            "the school or type of school named",
            field="about_setting_only",
        )
    not_future(registered_on, "registered_on", "The date the appeal was registered")
    not_before(
        registered_on,
        window.decision_sent_on,
        "registered_on",
        "The appeal cannot be registered before the decision letter was sent",
    )
    not_future(appeal_sent_to_la_on, "appeal_sent_to_la_on", "The date the tribunal sent it")
    not_before(
        appeal_sent_to_la_on,
        registered_on,
        "appeal_sent_to_la_on",
        "The tribunal cannot have sent the appeal before registering it",
    )
    appeal = TribunalAppeal.objects.create(
        case=case,
        window=window,
        mediation=certificate,
        status=A.REGISTERED,
        status_changed_by=person(by),
        tribunal_reference=tribunal_reference.strip(),
        registered_on=registered_on,
        appeal_sent_to_la_on=appeal_sent_to_la_on,
        about_setting_only=about_setting_only,
        extended_appeal=extended_appeal,
        created_by=person(by),
    )
    window_subject = window.deadline_subject
    clock.meet_deadline(case, rule="appeal", met_on=registered_on, by=by, subject=window_subject)
    clock.cancel_deadline(
        case,
        rule="mediation_adviser_contact",
        reason="An appeal only about the school named needs no mediation certificate",
        on=registered_on,
        by=by,
        subject=window_subject,
    )
    response = clock.start_deadline(
        case,
        rule="tribunal_response",
        by=by,
        subject=appeal.deadline_subject,
        appeal_sent_to_la_on=appeal_sent_to_la_on,
    )
    record_family_event(
        appeal,
        "appeal",
        kind="appeal_registered",
        by=by,
        summary=f"Your appeal about our decision {window.family_decision_text} was registered "
        f"by the tribunal on {day_text(registered_on)}. We must respond by {day_text(response.due_on)}.",
    )
    return appeal


@transaction.atomic
def record_appeal_response(appeal: TribunalAppeal, *, sent_on: date, by: User) -> TribunalAppeal:
    """The council sent its response to the tribunal (due within 30 working days)."""
    appeal = lock_appeal(appeal, by)
    move_appeal(appeal, A.RESPONSE_SENT, by)
    not_future(sent_on, "sent_on", "The date the response was sent")
    not_before(sent_on, appeal.appeal_sent_to_la_on, "sent_on", "That is before the appeal")
    appeal.response_sent_on = sent_on
    appeal.save()
    clock.meet_record_deadline(appeal, rule="tribunal_response", met_on=sent_on, by=by)
    record_family_event(
        appeal,
        "appeal",
        kind="appeal_response_sent",
        by=by,
        summary=f"We sent our response to your appeal to the tribunal on {day_text(sent_on)}.",
    )
    return appeal


@transaction.atomic
def list_hearing(appeal: TribunalAppeal, *, hearing_on: date, by: User) -> TribunalAppeal:
    """The tribunal fixed (or moved) the hearing date."""
    appeal = lock_appeal(appeal, by)
    if appeal.status != A.HEARING_LISTED:
        move_appeal(appeal, A.HEARING_LISTED, by)
    not_before(hearing_on, appeal.registered_on, "hearing_on", "That is before the appeal")
    appeal.hearing_on = hearing_on
    appeal.save()
    record_family_event(
        appeal,
        "appeal",
        kind="appeal_hearing_listed",
        by=by,
        summary=f"The tribunal hearing is on {day_text(hearing_on)}.",
    )
    return appeal


def _create_orders(
    appeal: TribunalAppeal,
    *,
    source: OrderSource,
    steps: list[str],
    starts_on: date,
    description: str,
    by: Actor,
) -> list[TribunalOrder]:
    orders = []
    trigger = "order_sent_on" if source == OrderSource.ORDER else "tribunal_notified_on"
    for step in dict.fromkeys(steps):
        order = TribunalOrder(
            appeal=appeal,
            case=appeal.case,
            source=source,
            step=step,
            description=description.strip(),
            starts_on=starts_on,
        )
        order.due_on = clock.compute_due(order.rule, {trigger: starts_on})
        order.save()
        clock.start_deadline(
            appeal.case,
            rule=order.rule,
            by=by,
            subject=order.deadline_subject,
            **{trigger: starts_on},
        )
        orders.append(order)
    return orders


def _close_appeal(appeal: TribunalAppeal, *, on: date, by: Actor) -> None:
    move_appeal(appeal, A.CLOSED, by)
    appeal.closed_on = on
    appeal.save()
    record_family_event(
        appeal,
        "appeal",
        kind="appeal_closed",
        by=by,
        summary=f"The appeal is finished ({day_text(on)}).",
    )


@transaction.atomic
def record_tribunal_decision(
    appeal: TribunalAppeal,
    *,
    decided_on: date,
    order_sent_on: date,
    outcome: str,
    orders: list[str],
    order_details: str = "",
    outcome_summary: str = "",
    recommendations_sent_on: date | None = None,
    by: User,
) -> TribunalAppeal:
    """The tribunal decided the appeal (or made a consent order). Each order starts its
    compliance clock from the date the order was sent (reg 44); recommendations on health or
    social care start the 5-week reply clock. With no order to carry out, the appeal closes."""
    appeal = lock_appeal(appeal, by)
    move_appeal(appeal, A.DECIDED, by)
    if outcome not in DECIDED_OUTCOMES:
        raise DomainError("Choose the tribunal's decision", field="outcome")
    unknown = set(orders) - set(ORDER_STEPS)
    if unknown:
        raise DomainError("Choose what the tribunal ordered", field="orders")
    if outcome == AppealOutcome.DISMISSED and set(orders) - {TribunalOrderStep.CEASE}:
        raise DomainError(
            "A dismissed appeal orders nothing, except stopping a plan", field="orders"
        )
    not_future(decided_on, "decided_on", "The date of the decision")
    not_before(decided_on, appeal.registered_on, "decided_on", "That is before the appeal")
    not_future(order_sent_on, "order_sent_on", "The date the order was sent")
    not_before(order_sent_on, decided_on, "order_sent_on", "That is before the decision")
    if recommendations_sent_on is not None:
        if not appeal.extended_appeal:
            raise DomainError(
                "Recommendations are made only on appeals that include health or social care",
                field="recommendations_sent_on",
            )
        not_future(recommendations_sent_on, "recommendations_sent_on", "The date")
    appeal.decided_on = decided_on
    appeal.order_sent_on = order_sent_on
    appeal.outcome = outcome
    appeal.outcome_summary = outcome_summary.strip()
    appeal.recommendations_sent_on = recommendations_sent_on
    appeal.save()
    cancel_open_deadlines(appeal, reason="The tribunal decided the appeal", on=decided_on, by=by)
    made = _create_orders(
        appeal,
        source=OrderSource.ORDER,
        steps=orders,
        starts_on=order_sent_on,
        description=order_details,
        by=by,
    )
    if recommendations_sent_on is not None:
        clock.start_deadline(
            appeal.case,
            rule="recommendation_response",
            by=by,
            subject=appeal.deadline_subject,
            recommendations_sent_on=recommendations_sent_on,
        )
    record_family_event(
        appeal,
        "appeal",
        kind="appeal_decided",
        by=by,
        summary=f"The tribunal decided on {day_text(decided_on)}: "
        f"{AppealOutcome(outcome).label.lower()}.",
        outcome=outcome,
        orders=[order.step for order in made],
    )
    if not made and recommendations_sent_on is None:
        _close_appeal(appeal, on=decided_on, by=by)
    return appeal


@transaction.atomic
def concede_appeal(
    appeal: TribunalAppeal,
    *,
    notified_on: date,
    steps: list[str],
    details: str = "",
    by: User,
) -> TribunalAppeal:
    """The council told the tribunal, before sending its response, that it will not oppose the
    appeal: it is treated as decided for the family, and the council must act within reg 45's
    limits from the day it told the tribunal."""
    appeal = lock_appeal(appeal, by)
    move_appeal(appeal, A.CONCEDED, by)
    if not steps or set(steps) - set(UNOPPOSED_STEPS):
        raise DomainError("Choose what the council must now do", field="steps")
    not_future(notified_on, "notified_on", "The date the tribunal was told")
    not_before(notified_on, appeal.registered_on, "notified_on", "That is before the appeal")
    appeal.conceded_on = notified_on
    appeal.outcome = AppealOutcome.CONCEDED
    appeal.save()
    cancel_open_deadlines(
        appeal, reason="The council did not oppose the appeal", on=notified_on, by=by
    )
    _create_orders(
        appeal,
        source=OrderSource.UNOPPOSED,
        steps=steps,
        starts_on=notified_on,
        description=details,
        by=by,
    )
    record_family_event(
        appeal,
        "appeal",
        kind="appeal_conceded",
        by=by,
        summary=f"On {day_text(notified_on)} we told the tribunal we will not oppose your appeal. "
        "The appeal is decided in your favour.",
    )
    return appeal


@transaction.atomic
def record_concession(
    appeal: TribunalAppeal, *, conceded_on: date, description: str, by: User
) -> TribunalConcession:
    """The council conceded one point of the appeal (the appeal goes on for the rest)."""
    appeal = lock_appeal(appeal, by)
    if workflow.APPEAL.is_terminal(appeal.status) or appeal.status in {A.DECIDED, A.CONCEDED}:
        raise DomainError("Concessions are recorded while the appeal is going on")
    if not description.strip():
        raise DomainError("Describe what the council conceded", field="description")
    not_future(conceded_on, "conceded_on", "The date")
    not_before(conceded_on, appeal.registered_on, "conceded_on", "That is before the appeal")
    concession = TribunalConcession.objects.create(
        appeal=appeal,
        conceded_on=conceded_on,
        description=description.strip(),
        created_by=person(by),
    )
    record_family_event(
        appeal,
        "appeal",
        kind="appeal_concession",
        by=by,
        summary=f"We agreed on {day_text(conceded_on)}: {concession.description[:200]}",
    )
    return concession


@transaction.atomic
def withdraw_appeal(appeal: TribunalAppeal, *, withdrawn_on: date, by: User) -> TribunalAppeal:
    """The family withdrew the appeal."""
    appeal = lock_appeal(appeal, by)
    move_appeal(appeal, A.WITHDRAWN, by)
    not_future(withdrawn_on, "withdrawn_on", "The date")
    not_before(withdrawn_on, appeal.registered_on, "withdrawn_on", "That is before the appeal")
    appeal.withdrawn_on = withdrawn_on
    appeal.outcome = AppealOutcome.WITHDRAWN
    appeal.save()
    cancel_open_deadlines(appeal, reason="The appeal was withdrawn", on=withdrawn_on, by=by)
    record_family_event(
        appeal,
        "appeal",
        kind="appeal_withdrawn",
        by=by,
        summary=f"The appeal was withdrawn on {day_text(withdrawn_on)}.",
    )
    return appeal


def _close_if_done(appeal: TribunalAppeal, *, on: date, by: Actor) -> None:
    if appeal.status not in {A.DECIDED, A.CONCEDED}:
        return
    if appeal.orders.filter(complied_on__isnull=True).exists():
        return
    if (
        appeal.recommendations_sent_on
        and Deadline.objects.filter(
            case=appeal.case,
            subject=appeal.deadline_subject,
            rule="recommendation_response",
            met_on__isnull=True,
            cancelled_on__isnull=True,
        ).exists()
    ):
        return
    _close_appeal(appeal, on=on, by=by)


@transaction.atomic
def record_recommendation_response(
    appeal: TribunalAppeal, *, responded_on: date, by: User
) -> TribunalAppeal:
    """Health or social care replied to the tribunal's recommendations (within 5 weeks)."""
    appeal = lock_appeal(appeal, by)
    if appeal.recommendations_sent_on is None:
        raise DomainError("The tribunal made no recommendations on this appeal")
    not_future(responded_on, "responded_on", "The date")
    not_before(responded_on, appeal.recommendations_sent_on, "responded_on", "That is too early")
    met = clock.meet_record_deadline(
        appeal, rule="recommendation_response", met_on=responded_on, by=by
    )
    if met is None:
        raise DuplicateSubmission("The reply has already been recorded")
    record_family_event(
        appeal,
        "appeal",
        kind="appeal_recommendation_response",
        by=by,
        summary=f"Health or social care replied to the tribunal's recommendations on "
        f"{day_text(responded_on)}.",
    )
    _close_if_done(appeal, on=responded_on, by=by)
    return appeal


@transaction.atomic
def record_order_complied(order: TribunalOrder, *, complied_on: date, by: User) -> TribunalOrder:
    """The council carried out what a tribunal order (or a conceded appeal) required. When
    everything is done the appeal closes."""
    order = TribunalOrder.objects.select_for_update().select_related("case").get(pk=order.pk)
    require(by, Action.TRANSITION, order.case, "You cannot record appeals on this case")
    if order.complied_on is not None:
        raise DuplicateSubmission("This has already been recorded as done")
    not_future(complied_on, "complied_on", "The date it was done")
    not_before(complied_on, order.starts_on, "complied_on", "That is before the order")
    order.complied_on = complied_on
    order.save(update_fields=["complied_on"])
    clock.meet_record_deadline(order, rule=order.rule, met_on=complied_on, by=by)
    late = " (late)" if complied_on > order.due_on else ""
    record_family_event(
        order,
        "order",
        kind="tribunal_order_complied",
        by=by,
        summary=f"{order.step_label}: done on {day_text(complied_on)}{late}.",
    )
    _close_if_done(lock_appeal(order.appeal, by), on=complied_on, by=by)
    return order
