"""The write use-cases: their rules and their side effects (timeline, deadlines)."""

from __future__ import annotations

from datetime import date

import pytest

from mediation import services
from mediation.models import (
    AgreementTerm,
    AppealStatus,
    AppealWindow,
    CertificateKind,
    MediationCase,
    MediationStatus,
    Outcome,
    TribunalAppeal,
)
from mediation.tests.conftest import TODAY, appeal_in, mediation_in, open_window
from sendcpp.exceptions import DomainError, DuplicateSubmission
from sendcpp.models import Audience, CaseEvent, Deadline
from sendcpp.timeline import EVENT_KINDS

M = MediationStatus


def events(kind: str) -> list[CaseEvent]:
    return list(CaseEvent.objects.filter(kind=kind))


# --- open_appeal_window -------------------------------------------------------------------------


def test_opening_a_window_tells_the_family_in_plain_english(world):
    window = open_window(world)
    (event,) = events("appeal_window_opened")
    assert event.audience == Audience.FAMILY
    assert event.summary == (
        "We decided not to carry out an EHC needs assessment (letter sent 1 October 2026). If you "
        "disagree, contact the mediation adviser by 1 December 2026. You can appeal to the "
        "tribunal until 1 December 2026, or 1 month after a mediation certificate if later. "
        "Free, independent advice: SENDIASS."
    )
    assert event.data["window"] == str(window.public_id)
    assert event.data["appeal_due_on"] == "2026-12-01"
    assert "SENDIASS" in event.data["advice_service"]
    assert set(
        Deadline.objects.filter(subject=window.deadline_subject).values_list("rule", flat=True)
    ) == {
        "mediation_adviser_contact",
        "appeal",
    }


def test_opening_the_same_window_again_changes_nothing(world):
    first = open_window(world)
    before = (CaseEvent.objects.count(), Deadline.objects.count())
    again = open_window(world)
    assert again == first
    assert (CaseEvent.objects.count(), Deadline.objects.count()) == before
    # Another decision, or the same one on another date, is another window.
    open_window(world, decision="refuse_issue")
    open_window(world, sent_on=date(2026, 10, 2))
    assert AppealWindow.objects.count() == 3


@pytest.mark.parametrize(
    "decision",
    ["refuse_assess", "refuse_issue", "plan_contents", "refuse_amend", "refuse_reassess", "cease"],
)
def test_every_appealable_decision_opens_a_window_with_a_short_summary(world, decision):
    window = open_window(world, decision=decision, sent_on=date(2026, 10, 31))
    assert window.decision == decision
    (event,) = events("appeal_window_opened")
    assert len(event.summary) <= 300
    assert event.summary.startswith(f"We decided {window.family_decision_text} ")


def test_window_refusals(world):
    with pytest.raises(DomainError, match="Choose the decision"):
        open_window(world, decision="refuse_to_talk")
    with pytest.raises(DomainError, match="today or in the past"):
        open_window(world, sent_on=date(2027, 7, 1))
    with pytest.raises(DomainError, match="cannot record decisions"):
        services.open_appeal_window(
            world.case, decision="cease", decision_sent_on=TODAY, by=world.other_team_coordinator
        )
    assert not AppealWindow.objects.exists()


def test_a_system_caller_may_open_a_window(world):
    window = services.open_appeal_window(
        world.case, decision="cease", decision_sent_on=TODAY, by=None
    )
    assert window.opened_by is None
    assert events("appeal_window_opened")[0].actor is None


# --- Family asks for mediation ------------------------------------------------------------------


def test_family_asks_for_mediation(world):
    window = open_window(world)
    mediation = services.ask_for_mediation(
        window, issues=["health", "education"], issues_summary="Therapy is missing", by=world.family
    )
    assert mediation.status == M.REQUESTED
    assert mediation.requested_in_portal
    assert mediation.issues == ["education", "health"]
    assert mediation.adviser_contacted_on == mediation.la_told_on == TODAY
    assert Deadline.objects.get(rule="mediation_adviser_contact").met_on == TODAY
    assert Deadline.objects.get(rule="mediation_held").due_on == date(2027, 7, 30)
    assert Deadline.objects.get(rule="mediation_health_notice").is_open
    (event,) = events("mediation_requested")
    assert event.audience == Audience.FAMILY
    assert event.summary.endswith("We will arrange it by 30 July 2027.")
    with pytest.raises(DuplicateSubmission):
        services.ask_for_mediation(
            window, issues=["education"], issues_summary="Again", by=world.family
        )


def test_ask_for_mediation_refusals(world):
    window = open_window(world)
    with pytest.raises(DomainError, match="cannot ask"):
        services.ask_for_mediation(
            window, issues=["education"], issues_summary="x", by=world.other_family
        )
    with pytest.raises(DomainError, match="Choose what"):
        services.ask_for_mediation(window, issues=[], issues_summary="x", by=world.family)
    with pytest.raises(DomainError, match="Choose what"):
        services.ask_for_mediation(window, issues=["housing"], issues_summary="x", by=world.family)
    with pytest.raises(DomainError, match="what you disagree"):
        services.ask_for_mediation(
            window, issues=["education"], issues_summary="  ", by=world.family
        )
    assert not MediationCase.objects.exists()


def test_mediation_can_be_asked_for_again_after_withdrawing(world):
    withdrawn = mediation_in(world, M.WITHDRAWN)
    again = services.ask_for_mediation(
        withdrawn.window, issues=["education"], issues_summary="Changed our minds", by=world.family
    )
    assert again.status == M.REQUESTED


def test_adviser_contact_dates_are_checked(world):
    window = open_window(world)
    with pytest.raises(DomainError, match="before the decision letter"):
        services.record_adviser_contact(
            window,
            contacted_on=date(2026, 9, 30),
            wants_mediation=True,
            issues=["education"],
            by=world.coordinator,
        )
    with pytest.raises(DomainError, match="before the family contacted"):
        services.record_adviser_contact(
            window,
            contacted_on=date(2026, 10, 20),
            la_told_on=date(2026, 10, 19),
            wants_mediation=True,
            issues=["education"],
            by=world.coordinator,
        )
    with pytest.raises(DomainError, match="today or in the past"):
        services.record_adviser_contact(
            window,
            contacted_on=date(2027, 7, 1),
            wants_mediation=False,
            issues=["education"],
            by=world.coordinator,
        )
    with pytest.raises(DomainError, match="cannot record mediation"):
        services.record_adviser_contact(
            window,
            contacted_on=date(2026, 10, 20),
            wants_mediation=False,
            issues=["education"],
            by=world.family,
        )


def test_not_wanted_event_is_plain_english(world):
    mediation_in(world, M.NOT_WANTED)
    (event,) = events("mediation_not_wanted")
    assert event.summary == (
        "You told the mediation adviser on 20 October 2026 that you do not want mediation. They "
        "will send you a certificate so that you can appeal."
    )


# --- Mediation steps -----------------------------------------------------------------------------


def test_health_notice_rules(world):
    education_only = mediation_in(world, M.REQUESTED)
    with pytest.raises(DomainError, match="only when health"):
        services.record_health_bodies_told(
            education_only, told_on=date(2026, 10, 21), by=world.coordinator
        )
    other = open_window(world, decision="refuse_issue")
    health = mediation_in(world, M.REQUESTED, window=other, issues=("health",))
    with pytest.raises(DomainError, match="before the council was told"):
        services.record_health_bodies_told(health, told_on=date(2026, 10, 19), by=world.coordinator)
    services.record_health_bodies_told(health, told_on=date(2026, 10, 21), by=world.coordinator)
    with pytest.raises(DuplicateSubmission):
        services.record_health_bodies_told(health, told_on=date(2026, 10, 22), by=world.coordinator)


def test_arranging_needs_a_provider_and_can_be_moved(world):
    mediation = mediation_in(world, M.REQUESTED)
    with pytest.raises(DomainError, match="mediation service"):
        services.arrange_mediation(
            mediation, mediation_on=date(2026, 11, 10), mediation_provider=" ", by=world.coordinator
        )
    services.arrange_mediation(
        mediation,
        mediation_on=date(2026, 11, 10),
        mediation_provider="Global",
        by=world.coordinator,
    )
    moved = services.arrange_mediation(
        mediation,
        mediation_on=date(2026, 11, 12),
        mediation_provider="Global",
        mediator_name="A Mediator",
        by=world.coordinator,
    )
    assert moved.status == M.ARRANGED
    assert moved.mediation_on == date(2026, 11, 12)
    assert len(events("mediation_arranged")) == 2


def test_recording_the_mediation_checks_its_fields(world):
    mediation = mediation_in(world, M.ARRANGED)
    kwargs = {
        "held_on": date(2026, 11, 12),
        "attendees": ["parent"],
        "la_attendee_had_authority": None,
    }
    with pytest.raises(DomainError, match="outcome"):
        services.record_mediation_held(mediation, outcome="maybe", by=world.coordinator, **kwargs)
    with pytest.raises(DomainError, match="who took part"):
        services.record_mediation_held(
            mediation, outcome="resolved", by=world.coordinator, **{**kwargs, "attendees": []}
        )
    held = services.record_mediation_held(
        mediation,
        outcome="resolved",
        by=world.coordinator,
        **{**kwargs, "attendees": ["parent", "la", "parent"]},
    )
    assert held.attendees == ["parent", "la"]
    assert events("mediation_held")[0].summary == "Mediation held on 12 November 2026: resolved."


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (M.NOT_WANTED, CertificateKind.NO_MEDIATION),
        (M.CANNOT_ARRANGE, CertificateKind.DEEMED),
        (M.HELD, CertificateKind.AFTER_MEDIATION),
    ],
)
def test_certificate_kind_follows_how_mediation_ended(world, status, kind):
    mediation = mediation_in(world, status)
    certified = services.issue_mediation_certificate(
        mediation, issued_on=date(2026, 11, 23), by=world.coordinator
    )
    assert certified.certificate_kind == kind
    assert not Deadline.objects.filter(
        subject=mediation.deadline_subject, met_on__isnull=True, cancelled_on__isnull=True
    ).exists()
    (event,) = events("mediation_certificate_issued")
    assert event.audience == Audience.FAMILY
    assert "You can appeal to the tribunal until" in event.summary


def test_certificate_cannot_predate_the_mediation(world):
    mediation = mediation_in(world, M.HELD)
    with pytest.raises(DomainError, match="cannot be dated before"):
        services.issue_mediation_certificate(
            mediation, issued_on=date(2026, 11, 11), by=world.coordinator
        )


def test_withdrawing_stops_the_mediation_clocks_but_not_the_appeal(world):
    mediation = mediation_in(world, M.REQUESTED, issues=("health",))
    services.withdraw_mediation(
        mediation,
        withdrawn_on=date(2026, 11, 1),
        reason="Settled with school",
        by=world.coordinator,
    )
    mediation.refresh_from_db()
    assert "Settled with school" in mediation.staff_notes
    assert not Deadline.objects.filter(
        subject=mediation.deadline_subject, cancelled_on__isnull=True
    ).exists()
    assert Deadline.objects.get(subject=mediation.window.deadline_subject, rule="appeal").is_open


def test_agreement_terms_need_an_agreement(world):
    requested = mediation_in(world, M.REQUESTED)
    with pytest.raises(DomainError, match="only after a mediation"):
        services.add_agreement_term(
            requested, description="x", responsible_body="la", by=world.coordinator
        )
    failed = mediation_in(
        world, M.HELD, window=open_window(world, decision="cease"), outcome=Outcome.NOT_RESOLVED
    )
    with pytest.raises(DomainError, match="only after a mediation"):
        services.add_agreement_term(
            failed, description="x", responsible_body="la", by=world.coordinator
        )
    held = mediation_in(world, M.HELD, window=open_window(world, decision="refuse_issue"))
    for bad, field in [
        ({"description": " ", "responsible_body": "la"}, "description"),
        ({"description": "x", "responsible_body": "school"}, "responsible_body"),
        (
            {"description": "x", "responsible_body": "la", "appealable_step": "apologise"},
            "appealable_step",
        ),
        (
            {"description": "x", "responsible_body": "la", "agreed_due_on": date(2026, 11, 1)},
            "agreed_due_on",
        ),
    ]:
        with pytest.raises(DomainError) as error:
            services.add_agreement_term(held, by=world.coordinator, **bad)
        assert error.value.field == field
    assert not AgreementTerm.objects.exists()
    term = services.add_agreement_term(
        held, description="EP visit", responsible_body="la", by=world.coordinator
    )
    services.complete_agreement_term(term, done_on=date(2026, 11, 20), by=world.coordinator)
    with pytest.raises(DuplicateSubmission):
        services.complete_agreement_term(term, done_on=date(2026, 11, 20), by=world.coordinator)


def test_health_service_tells_the_council_what_was_agreed(world):
    mediation = mediation_in(world, M.HELD, issues=("health",))
    services.record_icb_told_la(mediation, told_on=date(2026, 11, 16), by=world.coordinator)
    assert Deadline.objects.get(rule="mediation_agreement_icb_notice").met_on == date(2026, 11, 16)
    with pytest.raises(DuplicateSubmission):
        services.record_icb_told_la(mediation, told_on=date(2026, 11, 16), by=world.coordinator)
    education = mediation_in(world, M.HELD, window=open_window(world, decision="cease"))
    with pytest.raises(DomainError, match="only after a mediation about health"):
        services.record_icb_told_la(education, told_on=date(2026, 11, 16), by=world.coordinator)


# --- Appeals -------------------------------------------------------------------------------------


def test_an_appeal_needs_a_certificate_unless_only_about_the_school_named(world):
    window = open_window(world, decision="plan_contents")
    with pytest.raises(DomainError, match="certificate is needed") as error:
        services.register_appeal(
            window,
            registered_on=date(2026, 11, 2),
            appeal_sent_to_la_on=date(2026, 11, 3),
            by=world.coordinator,
        )
    assert error.value.field == "about_setting_only"
    appeal = services.register_appeal(
        window,
        registered_on=date(2026, 11, 2),
        appeal_sent_to_la_on=date(2026, 11, 3),
        about_setting_only=True,
        by=world.coordinator,
    )
    assert appeal.mediation is None
    contact = Deadline.objects.get(
        subject=window.deadline_subject, rule="mediation_adviser_contact"
    )
    assert contact.cancelled_on == date(2026, 11, 2)
    assert Deadline.objects.get(subject=window.deadline_subject, rule="appeal").met_on == date(
        2026, 11, 2
    )
    with pytest.raises(DuplicateSubmission):
        services.register_appeal(
            window,
            registered_on=date(2026, 11, 2),
            appeal_sent_to_la_on=date(2026, 11, 3),
            about_setting_only=True,
            by=world.coordinator,
        )


def test_appeal_links_the_certificate_and_checks_dates(world):
    mediation = mediation_in(world, M.CERTIFICATE_ISSUED)
    with pytest.raises(DomainError, match="before registering"):
        services.register_appeal(
            mediation.window,
            registered_on=date(2026, 12, 1),
            appeal_sent_to_la_on=date(2026, 11, 30),
            by=world.coordinator,
        )
    appeal = appeal_in(world, AppealStatus.REGISTERED, window=mediation.window)
    assert appeal.mediation == mediation
    (event,) = events("appeal_registered")
    # Sent Wed 2 Dec 2026: 30 working days, skipping 25 and 28 Dec and 1 Jan: Mon 18 Jan 2027.
    assert event.summary.endswith("We must respond by 18 January 2027.")


def test_decision_rules(world):
    appeal = appeal_in(world, AppealStatus.HEARING_LISTED)
    base = {
        "decided_on": date(2027, 3, 1),
        "order_sent_on": date(2027, 3, 3),
        "by": world.coordinator,
    }
    with pytest.raises(DomainError, match="Choose the tribunal"):
        services.record_tribunal_decision(appeal, outcome="conceded", orders=[], **base)
    with pytest.raises(DomainError, match="what the tribunal ordered"):
        services.record_tribunal_decision(appeal, outcome="upheld", orders=["apologise"], **base)
    with pytest.raises(DomainError, match="dismissed appeal orders nothing"):
        services.record_tribunal_decision(
            appeal, outcome="dismissed", orders=["amend_contents"], **base
        )
    with pytest.raises(DomainError, match="only on appeals that include health"):
        services.record_tribunal_decision(
            appeal, outcome="upheld", orders=[], recommendations_sent_on=date(2027, 3, 3), **base
        )
    with pytest.raises(DomainError, match="before the decision"):
        services.record_tribunal_decision(
            appeal, outcome="upheld", orders=[], **{**base, "order_sent_on": date(2027, 2, 1)}
        )
    decided = services.record_tribunal_decision(appeal, outcome="dismissed", orders=[], **base)
    # Nothing to carry out: the appeal is finished at once.
    assert decided.status == AppealStatus.CLOSED
    assert decided.outcome == "dismissed"


def test_concession_and_unopposed_appeal(world):
    appeal = appeal_in(world, AppealStatus.REGISTERED)
    with pytest.raises(DomainError, match="Describe"):
        services.record_concession(
            appeal, conceded_on=date(2026, 12, 8), description=" ", by=world.coordinator
        )
    concession = services.record_concession(
        appeal,
        conceded_on=date(2026, 12, 8),
        description="Speech and language therapy weekly",
        by=world.coordinator,
    )
    assert concession.appeal == appeal
    with pytest.raises(DomainError, match="Choose what the council must now do"):
        services.concede_appeal(
            appeal, notified_on=date(2026, 12, 10), steps=[], by=world.coordinator
        )
    conceded = services.concede_appeal(
        appeal,
        notified_on=date(2026, 12, 10),
        steps=["amend_contents", "amend_contents"],
        by=world.coordinator,
    )
    assert conceded.outcome == "conceded"
    assert conceded.orders.count() == 1
    with pytest.raises(DomainError, match="while the appeal is going on"):
        services.record_concession(
            appeal, conceded_on=date(2026, 12, 11), description="More", by=world.coordinator
        )


def test_withdrawn_appeal_stops_the_response_clock(world):
    appeal = appeal_in(world, AppealStatus.WITHDRAWN)
    assert appeal.outcome == "withdrawn"
    assert Deadline.objects.get(subject=appeal.deadline_subject).cancelled_on == date(2026, 12, 15)


def test_order_compliance_is_recorded_once_and_late_is_said(world):
    appeal = appeal_in(world, AppealStatus.DECIDED)
    order = appeal.orders.get()
    assert order.due_on == date(2027, 4, 7)
    with pytest.raises(DomainError, match="before the order"):
        services.record_order_complied(order, complied_on=date(2027, 3, 2), by=world.coordinator)
    services.record_order_complied(order, complied_on=date(2027, 4, 9), by=world.coordinator)
    assert (
        events("tribunal_order_complied")[0].summary
        == "Amend the contents of the plan: done on 9 April 2027 (late)."
    )
    with pytest.raises(DuplicateSubmission):
        services.record_order_complied(order, complied_on=date(2027, 4, 9), by=world.coordinator)


def test_recommendation_reply_rules(world):
    appeal = appeal_in(world, AppealStatus.DECIDED)
    with pytest.raises(DomainError, match="no recommendations"):
        services.record_recommendation_response(
            appeal, responded_on=date(2027, 4, 1), by=world.coordinator
        )


# --- Expiry, disagreement resolution, advice ----------------------------------------------------


def test_expired_windows_stop_their_clocks_unless_something_is_under_way(world):
    quiet = open_window(world)
    busy = mediation_in(
        world, M.REQUESTED, window=open_window(world, decision="refuse_issue")
    ).window
    recent = open_window(world, decision="cease", sent_on=date(2027, 6, 1))
    assert services.close_expired_appeal_windows(today=TODAY) == 1
    assert not Deadline.objects.filter(
        subject=quiet.deadline_subject, cancelled_on__isnull=True
    ).exists()
    assert Deadline.objects.get(subject=busy.deadline_subject, rule="appeal").is_open
    assert Deadline.objects.get(subject=recent.deadline_subject, rule="appeal").is_open
    (event,) = events("appeal_window_closed")
    assert event.audience == Audience.FAMILY
    assert services.close_expired_appeal_windows(today=TODAY) == 0


def test_disagreement_resolution_and_advice_are_recorded(world):
    with pytest.raises(DomainError, match="who took part"):
        services.record_disagreement_resolution(
            world.case,
            held_on=date(2027, 5, 1),
            about="Transport",
            parties=" ",
            by=world.coordinator,
        )
    with pytest.raises(DomainError, match="cannot add"):
        services.record_disagreement_resolution(
            world.case,
            held_on=date(2027, 5, 1),
            about="Transport",
            parties="School",
            by=world.family,
        )
    meeting = services.record_disagreement_resolution(
        world.case,
        held_on=date(2027, 5, 1),
        about="Transport",
        parties="Parent, school",
        outcome="resolved",
        by=world.coordinator,
    )
    assert (
        events("disagreement_resolution_recorded")[0].summary
        == "Disagreement resolution meeting on 1 May 2027: resolved."
    )
    assert meeting.recorded_by == world.coordinator
    with pytest.raises(DomainError, match="name of the service"):
        services.record_advice_service(
            world.case, service="other", started_on=date(2027, 5, 1), by=world.coordinator
        )
    with pytest.raises(DomainError, match="end cannot be before"):
        services.record_advice_service(
            world.case,
            service="sendiass",
            started_on=date(2027, 5, 1),
            ended_on=date(2027, 4, 1),
            by=world.coordinator,
        )
    services.record_advice_service(
        world.case,
        service="sendiass",
        started_on=date(2027, 5, 1),
        support="Mediation",
        by=world.coordinator,
    )
    assert events("advice_service_recorded")[0].audience == Audience.FAMILY


def test_every_event_kind_is_registered(world):
    assert set(services.EVENT_KINDS) <= set(EVENT_KINDS)
    appeal_in(world, AppealStatus.CLOSED)
    assert set(CaseEvent.objects.values_list("kind", flat=True)) <= set(EVENT_KINDS)
    assert TribunalAppeal.objects.get().status == AppealStatus.CLOSED


def test_task_closes_expired_windows(world):
    from mediation.tasks import close_expired_appeal_windows

    open_window(world)
    assert close_expired_appeal_windows() == 1
